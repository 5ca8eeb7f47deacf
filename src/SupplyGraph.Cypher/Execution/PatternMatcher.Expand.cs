namespace SupplyGraph.Cypher;

/// <summary>Expansion: one relationship or a variable-length run, as trails or as distinct reachable nodes.</summary>
internal sealed partial class PatternMatcher
{
    /// <summary>Takes one relationship (or a variable-length run) from <paramref name="from"/> and binds the node reached.</summary>
    private IEnumerable<object?[]> Step(CompiledRel rel, CypherDirection dir, long from, CompiledNode target, object?[] row, List<long> used, ExecContext ctx, bool reversed)
    {
        if (!rel.VarLength)
        {
            var boundRel = row[rel.Slot];
            if (rel.InputBound && boundRel is not CypherRelationship)
            {
                yield break;
            }

            var hops = ctx.RentHops();
            ctx.Graph.Expand(from, dir, rel.Types, hops);
            try
            {
                foreach (var hop in hops)
                {
                    ctx.Tick();
                    if (boundRel is CypherRelationship br && br.Id != hop.Relationship)
                    {
                        continue;
                    }

                    if (ctx.DeletedRelationships.Contains(hop.Relationship) || used.Contains(hop.Relationship) || !RelMatches(rel, hop.Relationship, row, ctx))
                    {
                        continue;
                    }

                    if (!BindNode(target, hop.Other, row, ctx, out var savedNode))
                    {
                        continue;
                    }

                    var savedRel = row[rel.Slot];
                    row[rel.Slot] = new CypherRelationship(hop.Relationship);
                    used.Add(hop.Relationship);
                    yield return row;
                    used.RemoveAt(used.Count - 1);
                    row[rel.Slot] = savedRel;
                    row[target.Slot] = savedNode;
                }
            }
            finally
            {
                ctx.ReturnHops(hops);
            }

            yield break;
        }

        if (rel.InputBound)
        {
            // A list bound earlier: the run must follow exactly those relationships.
            if (row[rel.Slot] is not List<object?> bound)
            {
                yield break;
            }

            var order = reversed ? Enumerable.Reverse(bound) : bound;
            var cur = from;
            foreach (var item in order)
            {
                if (item is not CypherRelationship br || used.Contains(br.Id))
                {
                    yield break;
                }

                var s = ctx.Graph.StartNode(br.Id);
                var e = ctx.Graph.EndNode(br.Id);
                if (dir != CypherDirection.Incoming && s == cur)
                {
                    cur = e;
                }
                else if (dir != CypherDirection.Outgoing && e == cur)
                {
                    cur = s;
                }
                else
                {
                    yield break;
                }
            }

            if (BindNode(target, cur, row, ctx, out var savedEnd))
            {
                yield return row;
                row[target.Slot] = savedEnd;
            }

            yield break;
        }

        if (rel.PruneToEndpoints)
        {
            foreach (var node in ReachableDistinct(rel, dir, from, row, ctx))
            {
                if (!BindNode(target, node, row, ctx, out var savedNode))
                {
                    continue;
                }

                yield return row;
                row[target.Slot] = savedNode;
            }

            yield break;
        }

        var trail = new List<long>();
        foreach (var end in Trails(rel, dir, from, 0, trail, row, used, ctx))
        {
            if (!BindNode(target, end, row, ctx, out var savedNode))
            {
                continue;
            }

            ctx.Memory.ChargeList(trail.Count);
            var list = new List<object?>(trail.Count);
            if (reversed)
            {
                for (var k = trail.Count - 1; k >= 0; k--)
                {
                    list.Add(new CypherRelationship(trail[k]));
                }
            }
            else
            {
                foreach (var t in trail)
                {
                    list.Add(new CypherRelationship(t));
                }
            }

            var savedRel = row[rel.Slot];
            row[rel.Slot] = list;
            yield return row;
            row[rel.Slot] = savedRel;
            row[target.Slot] = savedNode;
        }
    }

    private static bool BindNode(CompiledNode target, long node, object?[] row, ExecContext ctx, out object? saved)
    {
        saved = row[target.Slot];
        if (saved is CypherNode bound)
        {
            return bound.Id == node && (target.Labels.Length == 0 || NodeMatches(target, node, row, ctx));
        }

        if (saved is not null || target.InputBound)
        {
            return false;
        }

        if (!NodeMatches(target, node, row, ctx))
        {
            return false;
        }

        row[target.Slot] = new CypherNode(node);
        return true;
    }

    /// <summary>Depth-first over trails (no relationship twice), yielding the end node of each trail within the hop range.</summary>
    private IEnumerable<long> Trails(CompiledRel rel, CypherDirection dir, long node, int depth, List<long> trail, object?[] row, List<long> used, ExecContext ctx)
    {
        if (depth >= rel.Min)
        {
            yield return node;
        }

        if (depth >= rel.Max)
        {
            yield break;
        }

        var hops = ctx.RentHops();
        ctx.Graph.Expand(node, dir, rel.Types, hops);
        try
        {
            foreach (var hop in hops)
            {
                ctx.Tick();
                if (ctx.DeletedRelationships.Contains(hop.Relationship) || used.Contains(hop.Relationship) || !RelMatches(rel, hop.Relationship, row, ctx))
                {
                    continue;
                }

                used.Add(hop.Relationship);
                trail.Add(hop.Relationship);
                foreach (var end in Trails(rel, dir, hop.Other, depth + 1, trail, row, used, ctx))
                {
                    yield return end;
                }

                trail.RemoveAt(trail.Count - 1);
                used.RemoveAt(used.Count - 1);
            }
        }
        finally
        {
            ctx.ReturnHops(hops);
        }
    }

    /// <summary>Breadth-first: each node within the hop range once (valid when only distinct endpoints matter).</summary>
    private static List<long> ReachableDistinct(CompiledRel rel, CypherDirection dir, long from, object?[] row, ExecContext ctx)
    {
        var result = new List<long>();
        var marks = ctx.RentMarks();
        var marked = new List<long> { from };
        marks[from >> 6] |= 1UL << (int)(from & 63);
        if (rel.Min == 0)
        {
            result.Add(from);
        }

        var frontier = new List<long> { from };
        var next = new List<long>();
        var hops = new List<CypherHop>();
        var startReached = rel.Min == 0;
        for (var depth = 1; depth <= rel.Max && frontier.Count > 0; depth++)
        {
            next.Clear();
            foreach (var n in frontier)
            {
                hops.Clear();
                ctx.Graph.Expand(n, dir, rel.Types, hops);
                foreach (var hop in hops)
                {
                    ctx.Tick();
                    if (rel.Props.Length > 0 && !RelMatches(rel, hop.Relationship, row, ctx))
                    {
                        continue;
                    }

                    if (hop.Other == from && !startReached)
                    {
                        startReached = true;
                        result.Add(from);
                        continue;
                    }

                    var word = hop.Other >> 6;
                    var bit = 1UL << (int)(hop.Other & 63);
                    if ((marks[word] & bit) == 0)
                    {
                        // Three lists keep the node: marked, result and the next frontier.
                        ctx.Memory.Charge(3 * 16);
                        marks[word] |= bit;
                        marked.Add(hop.Other);
                        result.Add(hop.Other);
                        next.Add(hop.Other);
                    }
                }
            }

            (frontier, next) = (next, frontier);
        }

        foreach (var n in marked)
        {
            marks[n >> 6] = 0;
        }

        ctx.ReturnMarks(marks);
        return result;
    }
}
