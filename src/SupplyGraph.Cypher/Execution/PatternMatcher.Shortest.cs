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
                foreach (var path in ShortestPaths(rel, s, e, part.Shortest == "allShortestPaths", row, used, ctx))
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
