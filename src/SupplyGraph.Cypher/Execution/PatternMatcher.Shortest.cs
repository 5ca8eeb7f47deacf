namespace SupplyGraph.Cypher;

/// <summary>shortestPath and allShortestPaths.</summary>
internal sealed partial class PatternMatcher
{
    private IEnumerable<object?[]> MatchShortest(CompiledPart part, object?[] row, List<long> used, ExecContext ctx)
    {
        var startNode = part.Nodes[0];
        var endNode = part.Nodes[^1];
        var rel = part.Rels[0];
        var starts = Listed(Candidates(startNode, row, ctx), ctx);
        foreach (var s in starts)
        {
            var savedS = row[startNode.Slot];
            row[startNode.Slot] = new CypherNode(s);
            var ends = Listed(Candidates(endNode, row, ctx), ctx);
            foreach (var e in ends)
            {
                var savedE = row[endNode.Slot];
                row[endNode.Slot] = new CypherNode(e);
                var all = part.Shortest == "allShortestPaths";
                var paths = part.PathFilter is not null ? FilteredShortestPaths(part, s, e, all, row, used, ctx)
                    : !all && NativeShortestPath(rel, s, e, used, ctx) is { } native ? native
                    : ShortestPaths(rel, s, e, all, row, used, ctx);
                foreach (var path in paths)
                {
                    var savedR = row[rel.Slot];
                    if (rel.VarLength)
                    {
                        ctx.Memory.ChargeList(path.Relationships.Count);
                    }

                    row[rel.Slot] = rel.VarLength ? path.Relationships.Select(x => (object?)x).ToList() : path.Relationships[0];
                    if (part.PathSlot >= 0)
                    {
                        row[part.PathSlot] = path;
                    }

                    yield return row;
                    row[rel.Slot] = savedR;
                }

                row[endNode.Slot] = savedE;
            }

            row[startNode.Slot] = savedS;
        }
    }

    private const long ShortestEntryBytes = 160;

    /// <summary>
    /// The graph's own fewest-hop search, when it has one and the pattern asks nothing it cannot check: no property
    /// map on the relationship, at most one hop minimum, two distinct end nodes, no relationship held by another part.
    /// Null when the engine must search itself; else the path (or none).
    /// </summary>
    private static CypherPath[]? NativeShortestPath(CompiledRel rel, long start, long end, List<long> used, ExecContext ctx)
    {
        if (ctx.Graph is not ICypherNativeShortestPath native || start == end || rel.Props.Length > 0 || rel.Min > 1 || rel.InputBound || used.Count > 0
            || !native.TryShortestPath(start, end, rel.Direction, rel.Types, rel.Max, out var relationships))
        {
            return null;
        }

        if (relationships is null)
        {
            return [];
        }

        ctx.Tick(relationships.Length);
        ctx.Memory.Charge(2 * MemoryMeter.ListSize(relationships.Length + 1));
        var nodes = new List<CypherNode>(relationships.Length + 1) { new(start) };
        var rels = new List<CypherRelationship>(relationships.Length);
        var at = start;
        foreach (var r in relationships)
        {
            var s = ctx.Graph.StartNode(r);
            at = s == at ? ctx.Graph.EndNode(r) : s;
            rels.Add(new CypherRelationship(r));
            nodes.Add(new CypherNode(at));
        }

        return [new CypherPath(nodes, rels)];
    }

    /// <summary>
    /// Shortest paths that satisfy the part's WHERE conjuncts: trails of each length in turn, from the unfiltered
    /// distance up, the first length with a passing trail wins. Trails that cannot reach the end within the length
    /// (by the unfiltered distance to it) are cut early.
    /// </summary>
    private IEnumerable<CypherPath> FilteredShortestPaths(CompiledPart part, long start, long end, bool all, object?[] row, List<long> used, ExecContext ctx)
    {
        var rel = part.Rels[0];
        var filter = part.PathFilter!;
        var distanceToEnd = DistancesTo(rel, end, row, used, ctx);
        if (!distanceToEnd.TryGetValue(start, out var shortest))
        {
            yield break;
        }

        var savedRel = row[rel.Slot];
        var savedPath = part.PathSlot >= 0 ? row[part.PathSlot] : null;
        var nodes = new List<long> { start };
        var rels = new List<long>();
        var grew = false;
        try
        {
            var max = Math.Min(rel.Max, int.MaxValue - 1);
            for (var length = Math.Max(shortest, rel.Min); length <= max; length++)
            {
                var found = false;
                grew = false;
                foreach (var path in Trails(start, 0, length))
                {
                    row[rel.Slot] = rel.VarLength ? path.Relationships.Select(x => (object?)x).ToList() : path.Relationships.Count > 0 ? path.Relationships[0] : null;
                    if (part.PathSlot >= 0)
                    {
                        row[part.PathSlot] = path;
                    }

                    if (filter(row, ctx) is not true)
                    {
                        continue;
                    }

                    found = true;
                    yield return path;
                    if (!all)
                    {
                        yield break;
                    }
                }

                // No trail is longer than the relationships the graph holds within reach: stop when none grew.
                if (found || !grew)
                {
                    yield break;
                }
            }
        }
        finally
        {
            row[rel.Slot] = savedRel;
            if (part.PathSlot >= 0)
            {
                row[part.PathSlot] = savedPath;
            }
        }

        IEnumerable<CypherPath> Trails(long node, int depth, int length)
        {
            if (depth == length)
            {
                if (node == end)
                {
                    ctx.Memory.Charge(2 * MemoryMeter.ListSize(rels.Count + 1));
                    yield return new CypherPath(nodes.ConvertAll(n => new CypherNode(n)), rels.ConvertAll(r => new CypherRelationship(r)));
                }
                else
                {
                    grew = true;
                }

                yield break;
            }

            var hops = new List<CypherHop>();
            ctx.Graph.Expand(node, rel.Direction, rel.Types, hops);
            foreach (var hop in hops)
            {
                ctx.Tick();
                if (used.Contains(hop.Relationship) || rels.Contains(hop.Relationship) || !distanceToEnd.TryGetValue(hop.Other, out var toEnd)
                    || !RelMatches(rel, hop.Relationship, row, ctx))
                {
                    continue;
                }

                if (depth + 1 + toEnd > length)
                {
                    // Too far from the end for this length, not for a longer one.
                    grew = true;
                    continue;
                }

                nodes.Add(hop.Other);
                rels.Add(hop.Relationship);
                foreach (var p in Trails(hop.Other, depth + 1, length))
                {
                    yield return p;
                }

                nodes.RemoveAt(nodes.Count - 1);
                rels.RemoveAt(rels.Count - 1);
            }
        }
    }


    /// <summary>Unfiltered hop distance from every node that can reach <paramref name="end"/> (breadth-first, backwards).</summary>
    private static Dictionary<long, int> DistancesTo(CompiledRel rel, long end, object?[] row, List<long> used, ExecContext ctx)
    {
        var distance = new Dictionary<long, int> { [end] = 0 };
        var frontier = new List<long> { end };
        var hops = new List<CypherHop>();
        var back = Reverse(rel.Direction);
        for (var depth = 1; depth <= rel.Max && frontier.Count > 0; depth++)
        {
            var next = new List<long>();
            foreach (var n in frontier)
            {
                hops.Clear();
                ctx.Graph.Expand(n, back, rel.Types, hops);
                foreach (var hop in hops)
                {
                    ctx.Tick();
                    if (used.Contains(hop.Relationship) || distance.ContainsKey(hop.Other) || !RelMatches(rel, hop.Relationship, row, ctx))
                    {
                        continue;
                    }

                    ctx.Memory.Charge(48);
                    distance[hop.Other] = depth;
                    next.Add(hop.Other);
                }
            }

            frontier = next;
        }

        return distance;
    }

    private static IEnumerable<CypherPath> ShortestPaths(CompiledRel rel, long start, long end, bool all, object?[] row, List<long> used, ExecContext ctx)
    {
        if (start == end && rel.Min == 0)
        {
            yield return new CypherPath([new CypherNode(start)], []);
            yield break;
        }

        // Breadth-first with all parent edges kept per node, so every shortest path can be rebuilt.
        var depthOf = new Dictionary<long, int> { [start] = 0 };
        var parents = new Dictionary<long, List<(long Rel, long Prev)>>();
        var frontier = new List<long> { start };
        var hops = new List<CypherHop>();
        var found = false;
        for (var depth = 1; depth <= rel.Max && frontier.Count > 0 && !found; depth++)
        {
            var next = new List<long>();
            foreach (var n in frontier)
            {
                hops.Clear();
                ctx.Graph.Expand(n, rel.Direction, rel.Types, hops);
                foreach (var hop in hops)
                {
                    ctx.Tick();
                    if (used.Contains(hop.Relationship) || !RelMatches(rel, hop.Relationship, row, ctx))
                    {
                        continue;
                    }

                    if (depthOf.TryGetValue(hop.Other, out var d))
                    {
                        if (d == depth)
                        {
                            ctx.Memory.Charge(32);
                            parents[hop.Other].Add((hop.Relationship, n));
                        }

                        continue;
                    }

                    // An entry in two dictionaries and a parent list.
                    ctx.Memory.Charge(ShortestEntryBytes);
                    depthOf[hop.Other] = depth;
                    parents[hop.Other] = [(hop.Relationship, n)];
                    next.Add(hop.Other);
                    found |= hop.Other == end;
                }
            }

            frontier = next;
        }

        if (!depthOf.ContainsKey(end) || end == start)
        {
            yield break;
        }

        var stackNodes = new List<CypherNode>();
        var stackRels = new List<CypherRelationship>();
        foreach (var p in Unwind(end))
        {
            yield return p;
            if (!all)
            {
                yield break;
            }
        }

        IEnumerable<CypherPath> Unwind(long node)
        {
            if (node == start)
            {
                ctx.Memory.Charge(2 * MemoryMeter.ListSize(stackRels.Count + 1));
                var ns = new List<CypherNode> { new(start) };
                var rs = new List<CypherRelationship>();
                for (var i = stackRels.Count - 1; i >= 0; i--)
                {
                    rs.Add(stackRels[i]);
                    ns.Add(stackNodes[i]);
                }

                yield return new CypherPath(ns, rs);
                yield break;
            }

            foreach (var (r, prev) in parents[node])
            {
                stackNodes.Add(new CypherNode(node));
                stackRels.Add(new CypherRelationship(r));
                foreach (var p in Unwind(prev))
                {
                    yield return p;
                }

                stackNodes.RemoveAt(stackNodes.Count - 1);
                stackRels.RemoveAt(stackRels.Count - 1);
            }
        }
    }
}
