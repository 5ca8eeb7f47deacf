namespace SupplyGraph.Cypher;

/// <summary>Finds the bindings of compiled pattern parts for an input row, by backtracking from each part's anchor.</summary>
internal sealed partial class PatternMatcher
{
    private readonly CompiledPart[] _parts;
    private readonly int _width;

    public PatternMatcher(CompiledPart[] parts, int width, Scope scope)
    {
        _parts = parts;
        _width = width;
        Scope = scope;
    }

    public Scope Scope { get; }

    public IReadOnlyList<CompiledPart> Parts => _parts;

    /// <summary>How the parts will be matched: each anchor and how it is found, then each expansion in order.</summary>
    public string Describe()
    {
        string Name(int slot) => Scope.IsHidden(Scope.Names[slot]) ? "()" : $"({Scope.Names[slot]})";
        string Rel(CompiledRel r, CompiledNode to, bool forward)
        {
            var dir = r.Direction == CypherDirection.Both ? "-" : (r.Direction == CypherDirection.Outgoing) == forward ? "->" : "<-";
            var types = r.Types.Length == 0 ? "" : ":" + string.Join("|", r.Types);
            var hops = r.VarLength ? $"*{r.Min}..{(r.Max == int.MaxValue ? "" : r.Max.ToString(System.Globalization.CultureInfo.InvariantCulture))}" : "";
            var how = r.PruneToEndpoints ? " breadth-first, each node once" : r.VarLength ? " every trail" : "";
            return $"expand {dir}[{types}{hops}] to {Name(to.Slot)}{how}";
        }

        var described = new List<string>();
        foreach (var p in _parts)
        {
            if (p.Shortest is not null)
            {
                described.Add(p.PathFilter is null
                    ? $"{p.Shortest} from {Name(p.Nodes[0].Slot)} to {Name(p.Nodes[^1].Slot)}, breadth-first"
                    : $"{p.Shortest} from {Name(p.Nodes[0].Slot)} to {Name(p.Nodes[^1].Slot)} among paths where {p.PathFilterText}, by increasing length");
                continue;
            }

            var a = p.Nodes[p.Anchor];
            var how = a.InputBound ? "(bound earlier)"
                : a.Props.Any(x => x.Key == "id") ? "by id lookup"
                : a.Props.Any(x => x.Key == "name") ? "by name index"
                : a.Labels.Length > 0 ? $"by scan of :{a.Labels[0]}"
                : "by scan of all nodes";
            var steps = new List<string> { $"anchor {Name(a.Slot)} {how}" };
            for (var i = p.Anchor; i < p.Rels.Length; i++)
            {
                steps.Add(Rel(p.Rels[i], p.Nodes[i + 1], forward: true));
            }

            for (var i = p.Anchor - 1; i >= 0; i--)
            {
                steps.Add(Rel(p.Rels[i], p.Nodes[i], forward: false));
            }

            described.Add(string.Join(", ", steps));
        }

        return string.Join("; ", described);
    }

    public bool Any(object?[] row, ExecContext ctx)
    {
        foreach (var _ in Matches(row, ctx))
        {
            return true;
        }

        return false;
    }

    public IEnumerable<object?[]> Matches(object?[] input, ExecContext ctx)
    {
        var row = new object?[Math.Max(_width, Scope.Count)];
        Array.Copy(input, row, Math.Min(input.Length, row.Length));
        var used = new List<long>();
        foreach (var r in MatchPart(0, row, used, ctx))
        {
            yield return (object?[])r.Clone();
        }
    }

    private IEnumerable<object?[]> MatchPart(int index, object?[] row, List<long> used, ExecContext ctx)
    {
        if (index == _parts.Length)
        {
            yield return row;
            yield break;
        }

        var part = _parts[index];
        if (part.Shortest is not null)
        {
            foreach (var r in MatchShortest(part, row, used, ctx))
            {
                foreach (var rest in MatchPart(index + 1, r, used, ctx))
                {
                    yield return rest;
                }
            }

            yield break;
        }

        var anchor = part.Nodes[part.Anchor];
        foreach (var candidate in Candidates(anchor, row, ctx))
        {
            var saved = row[anchor.Slot];
            row[anchor.Slot] = new CypherNode(candidate);
            foreach (var r in Right(part, part.Anchor, row, used, ctx))
            {
                foreach (var l in Left(part, part.Anchor, r, used, ctx))
                {
                    if (part.PathSlot >= 0)
                    {
                        l[part.PathSlot] = BuildPath(part, l, ctx);
                    }

                    foreach (var rest in MatchPart(index + 1, l, used, ctx))
                    {
                        yield return rest;
                    }
                }
            }

            row[anchor.Slot] = saved;
        }
    }

    private IEnumerable<long> Candidates(CompiledNode node, object?[] row, ExecContext ctx)
    {
        var bound = row[node.Slot];
        if (bound is not null || node.InputBound)
        {
            if (bound is CypherNode n && NodeMatches(node, n.Id, row, ctx))
            {
                yield return n.Id;
            }
            else if (bound is not null and not CypherNode)
            {
                throw CypherException.Type("InvalidArgumentType", $"Expected a node, got {Values.TypeName(bound)}");
            }

            yield break;
        }

        IEnumerable<long>? source = null;
        foreach (var (key, value) in node.Props)
        {
            if (key is "id" or "name" && value(row, ctx) is { } v)
            {
                source = ctx.Graph.NodesWithProperty(key, v);
                if (source is not null)
                {
                    break;
                }
            }
        }

        source ??= node.Labels.Length > 0 ? ctx.Graph.NodesWithLabel(node.Labels[0]) : ctx.Graph.Nodes();
        foreach (var id in source)
        {
            ctx.Tick();
            if (NodeMatches(node, id, row, ctx))
            {
                yield return id;
            }
        }
    }

    private static bool NodeMatches(CompiledNode node, long id, object?[] row, ExecContext ctx)
    {
        if (ctx.DeletedNodes.Contains(id))
        {
            return false;
        }

        foreach (var l in node.Labels)
        {
            if (!ctx.Graph.HasLabel(id, l))
            {
                return false;
            }
        }

        foreach (var (key, value) in node.Props)
        {
            // The value is compared and dropped: what it built is garbage at once (see MemoryMeter.Release).
            var mark = ctx.Memory.Mark();
            var equal = Values.Equal(ctx.Graph.NodeProperty(id, key), value(row, ctx));
            ctx.Memory.Release(mark, null);
            if (equal != true)
            {
                return false;
            }
        }

        if (node.PropsParam is not null)
        {
            if (node.PropsParam(row, ctx) is not Dictionary<string, object?> map)
            {
                return false;
            }

            foreach (var (key, value) in map)
            {
                if (Values.Equal(ctx.Graph.NodeProperty(id, key), value) != true)
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool RelMatches(CompiledRel rel, long id, object?[] row, ExecContext ctx)
    {
        foreach (var (key, value) in rel.Props)
        {
            var mark = ctx.Memory.Mark();
            var equal = Values.Equal(ctx.Graph.RelationshipProperty(id, key), value(row, ctx));
            ctx.Memory.Release(mark, null);
            if (equal != true)
            {
                return false;
            }
        }

        return true;
    }

    private static CypherDirection Reverse(CypherDirection d) => d switch
    {
        CypherDirection.Outgoing => CypherDirection.Incoming,
        CypherDirection.Incoming => CypherDirection.Outgoing,
        _ => CypherDirection.Both,
    };

    private IEnumerable<object?[]> Right(CompiledPart part, int i, object?[] row, List<long> used, ExecContext ctx)
    {
        if (i == part.Rels.Length)
        {
            yield return row;
            yield break;
        }

        var from = ((CypherNode)row[part.Nodes[i].Slot]!).Id;
        foreach (var r in Step(part.Rels[i], part.Rels[i].Direction, from, part.Nodes[i + 1], row, used, ctx, reversed: false))
        {
            foreach (var rest in Right(part, i + 1, r, used, ctx))
            {
                yield return rest;
            }
        }
    }

    private IEnumerable<object?[]> Left(CompiledPart part, int i, object?[] row, List<long> used, ExecContext ctx)
    {
        if (i == 0)
        {
            yield return row;
            yield break;
        }

        var from = ((CypherNode)row[part.Nodes[i].Slot]!).Id;
        var rel = part.Rels[i - 1];
        foreach (var r in Step(rel, Reverse(rel.Direction), from, part.Nodes[i - 1], row, used, ctx, reversed: true))
        {
            foreach (var rest in Left(part, i - 1, r, used, ctx))
            {
                yield return rest;
            }
        }
    }

    private CypherPath BuildPath(CompiledPart part, object?[] row, ExecContext ctx)
    {
        var hops = 0;
        foreach (var rel in part.Rels)
        {
            hops += row[rel.Slot] is List<object?> run ? run.Count : 1;
        }

        // Two lists: nodes and relationships.
        ctx.Memory.Charge(2 * MemoryMeter.ListSize(hops + 1));
        ctx.Tick(hops);
        var nodes = new List<CypherNode> { (CypherNode)row[part.Nodes[0].Slot]! };
        var rels = new List<CypherRelationship>();
        for (var i = 0; i < part.Rels.Length; i++)
        {
            var value = row[part.Rels[i].Slot];
            if (value is CypherRelationship r)
            {
                rels.Add(r);
                nodes.Add((CypherNode)row[part.Nodes[i + 1].Slot]!);
            }
            else if (value is List<object?> list)
            {
                var cur = nodes[^1].Id;
                foreach (CypherRelationship lr in list.Cast<CypherRelationship>())
                {
                    rels.Add(lr);
                    var s = ctx.Graph.StartNode(lr.Id);
                    cur = s == cur ? ctx.Graph.EndNode(lr.Id) : s;
                    nodes.Add(new CypherNode(cur));
                }
            }
        }

        return new CypherPath(nodes, rels);
    }

    private static List<long> Listed(IEnumerable<long> ids, ExecContext ctx)
    {
        var list = new List<long>();
        foreach (var id in ids)
        {
            ctx.Memory.Charge(16);
            list.Add(id);
        }

        return list;
    }
}
