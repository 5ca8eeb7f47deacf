namespace SupplyGraph.Core.Cypher;

internal sealed class CompiledNode
{
    public int Slot;
    public bool InputBound;
    public string[] Labels = [];
    public (string Key, Eval Value)[] Props = [];
    public Eval? PropsParam;
}

internal sealed class CompiledRel
{
    public int Slot;
    public bool InputBound;
    public string[] Types = [];
    public CypherDirection Direction;
    public (string Key, Eval Value)[] Props = [];
    public bool VarLength;
    public int Min = 1;
    public int Max = int.MaxValue;

    /// <summary>Only distinct end nodes matter downstream: expand breadth-first, each node once.</summary>
    public bool PruneToEndpoints;
}

internal sealed class CompiledPart
{
    public CompiledNode[] Nodes = [];
    public CompiledRel[] Rels = [];
    public int PathSlot = -1;
    public string? Shortest;
    public int Anchor;
}

/// <summary>Turns pattern syntax into compiled parts, registering new variables in the scope.</summary>
internal static class PatternCompiler
{
    public static PatternMatcher Compile(IReadOnlyList<PatternPart> parts, Scope scope, Expr? where = null)
    {
        var inputVars = new HashSet<string>(scope.Names, StringComparer.Ordinal);
        var pushed = where is null ? [] : EqualityConjuncts(where, inputVars);
        var compiled = new List<CompiledPart>();
        var boundSoFar = new HashSet<string>(inputVars, StringComparer.Ordinal);
        var relVarsInClause = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in parts)
        {
            compiled.Add(CompilePart(part, scope, inputVars, boundSoFar, relVarsInClause, pushed));
        }

        return new PatternMatcher(compiled.ToArray(), scope.Count, scope);
    }

    /// <summary>A pattern inside an expression (predicate or comprehension): its new variables go into <paramref name="scope"/>.</summary>
    public static PatternMatcher CompileSubPattern(PatternPart part, Scope scope) => Compile([part], scope);

    /// <summary>
    /// <c>WHERE n.key = expr</c> conjuncts whose <c>expr</c> uses only variables bound before the MATCH: they become
    /// property predicates of node <c>n</c>, so that an id (or name) in WHERE anchors the pattern like one in a map.
    /// </summary>
    private static List<(string Var, string Key, Expr Value)> EqualityConjuncts(Expr where, HashSet<string> inputVars)
    {
        var found = new List<(string, string, Expr)>();
        var stack = new Stack<Expr>();
        stack.Push(where);
        while (stack.Count > 0)
        {
            var e = stack.Pop();
            if (e is BinaryExpr { Op: "AND" } and)
            {
                stack.Push(and.Left);
                stack.Push(and.Right);
            }
            else if (e is CompareExpr { Ops: ["="] } cmp)
            {
                foreach (var (prop, value) in new[] { (cmp.Operands[0], cmp.Operands[1]), (cmp.Operands[1], cmp.Operands[0]) })
                {
                    if (prop is PropExpr { Target: VarExpr v } p && !inputVars.Contains(v.Name)
                        && ExprCompiler.FreeVariables(value).All(inputVars.Contains) && !ExprCompiler.ContainsAggregate(value)
                        && value is not (PatternExpr or PatternCompExpr))
                    {
                        found.Add((v.Name, p.Key, value));
                        break;
                    }
                }
            }
        }

        return found;
    }

    private static CompiledPart CompilePart(PatternPart part, Scope scope, HashSet<string> inputVars, HashSet<string> boundSoFar, HashSet<string> relVarsInClause, List<(string Var, string Key, Expr Value)> pushed)
    {
        var cp = new CompiledPart { Shortest = part.Shortest };
        var ec = new ExprCompiler(scope);
        var nodes = new CompiledNode[part.Nodes.Count];
        var rels = new CompiledRel[part.Rels.Count];
        // Register variables first so that property maps may refer to variables bound earlier in the pattern.
        for (var i = 0; i < part.Nodes.Count; i++)
        {
            var np = part.Nodes[i];
            var name = np.Var ?? Scope.Anonymous();
            var kind = scope.KindOf(name);
            if (scope.Has(name) && kind is not (VarKind.Node or VarKind.Any))
            {
                throw CypherException.Syntax("VariableTypeConflict", $"Variable `{name}` is not a node", np.Pos);
            }

            nodes[i] = new CompiledNode
            {
                Slot = scope.Add(name, VarKind.Node),
                InputBound = inputVars.Contains(name),
                Labels = [.. np.Labels],
            };
            boundSoFar.Add(name);
        }

        for (var i = 0; i < part.Rels.Count; i++)
        {
            var rp = part.Rels[i];
            var name = rp.Var ?? Scope.Anonymous();
            if (rp.Var is not null)
            {
                var kind = scope.KindOf(name);
                if (scope.Has(name) && (kind is VarKind.Node or VarKind.Path or VarKind.Value || (rp.VarLength && kind == VarKind.Relationship) || (!rp.VarLength && kind is VarKind.RelationshipList or VarKind.List)))
                {
                    throw CypherException.Syntax("VariableTypeConflict", $"Variable `{name}` is already a {kind}", rp.Pos);
                }

                if (!relVarsInClause.Add(name) && !inputVars.Contains(name))
                {
                    throw CypherException.Syntax("RelationshipUniquenessViolation", $"Relationship `{name}` appears twice in the pattern", rp.Pos);
                }
            }

            var isVarLength = rp.VarLength;
            rels[i] = new CompiledRel
            {
                Slot = scope.Add(name, isVarLength ? VarKind.RelationshipList : VarKind.Relationship),
                InputBound = inputVars.Contains(name),
                Types = [.. rp.Types],
                Direction = rp.Direction,
                VarLength = isVarLength,
                Min = isVarLength ? rp.MinHops ?? 1 : 1,
                Max = isVarLength ? rp.MaxHops ?? int.MaxValue : 1,
            };
        }

        if (part.PathVar is not null)
        {
            if (scope.Has(part.PathVar))
            {
                throw CypherException.Syntax("VariableAlreadyBound", $"Variable `{part.PathVar}` is already defined", part.Pos);
            }

            cp.PathSlot = scope.Add(part.PathVar, VarKind.Path);
        }

        for (var i = 0; i < part.Nodes.Count; i++)
        {
            (nodes[i].Props, nodes[i].PropsParam) = CompileProps(part.Nodes[i].Properties, ec);
            if (part.Nodes[i].Var is { } name)
            {
                var extra = pushed.Where(p => p.Var == name).Select(p => (p.Key, ec.Compile(p.Value))).ToArray();
                if (extra.Length > 0)
                {
                    nodes[i].Props = [.. nodes[i].Props, .. extra];
                }
            }
        }

        for (var i = 0; i < part.Rels.Count; i++)
        {
            (rels[i].Props, var param) = CompileProps(part.Rels[i].Properties, ec);
            if (param is not null)
            {
                throw CypherException.Syntax("InvalidParameterUse", "Parameter maps are not supported in relationship patterns", part.Rels[i].Pos);
            }
        }

        cp.Nodes = nodes;
        cp.Rels = rels;
        cp.Anchor = ChooseAnchor(nodes);
        return cp;
    }

    private static ((string, Eval)[] Props, Eval? Param) CompileProps(Expr? props, ExprCompiler ec)
    {
        if (props is null)
        {
            return ([], null);
        }

        if (props is MapExpr map)
        {
            return (map.Entries.Select(kv => (kv.Key, ec.Compile(kv.Value))).ToArray(), null);
        }

        throw CypherException.Syntax("InvalidParameterUse", "Parameter maps cannot be used in MATCH or MERGE patterns; use {key: $value}", props.Pos);
    }

    private static int ChooseAnchor(CompiledNode[] nodes)
    {
        for (var i = 0; i < nodes.Length; i++)
        {
            if (nodes[i].InputBound)
            {
                return i;
            }
        }

        for (var i = 0; i < nodes.Length; i++)
        {
            if (nodes[i].Props.Any(p => p.Key is "id" or "name"))
            {
                return i;
            }
        }

        for (var i = 0; i < nodes.Length; i++)
        {
            if (nodes[i].Labels.Length > 0)
            {
                return i;
            }
        }

        return 0;
    }
}

/// <summary>Finds the bindings of compiled pattern parts for an input row, by backtracking from each part's anchor.</summary>
internal sealed class PatternMatcher
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
                described.Add($"{p.Shortest} from {Name(p.Nodes[0].Slot)} to {Name(p.Nodes[^1].Slot)}, breadth-first");
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
