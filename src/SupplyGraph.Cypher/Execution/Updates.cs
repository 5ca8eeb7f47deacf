namespace SupplyGraph.Cypher;

/// <summary>CREATE, MERGE, SET, REMOVE and DELETE.</summary>
internal static partial class Updates
{
    private sealed record CreateNode(int Slot, bool Reuse, string[] Labels, (string Key, Eval Value)[] Props, Eval? PropsMap);

    private sealed record CreateRel(int Slot, string Type, bool Reverse, (string Key, Eval Value)[] Props, Eval? PropsMap);

    private sealed record CreatePart(CreateNode[] Nodes, CreateRel[] Rels, int PathSlot);

    public static Stage CompileCreate(CreateClause c, Scope scope)
    {
        var inputWidth = scope.Count;
        var parts = c.Patterns.Select(p => CompileCreatePart(p, scope, forMerge: false)).ToArray();
        var width = scope.Count;
        return (rows, ctx) => rows.Select(row =>
        {
            var r = Widen(row, width);
            foreach (var part in parts)
            {
                Create(part, r, ctx);
            }

            return r;
        });
    }

    private static object?[] Widen(object?[] row, int width)
    {
        if (row.Length == width)
        {
            return (object?[])row.Clone();
        }

        var r = new object?[width];
        Array.Copy(row, r, Math.Min(row.Length, width));
        return r;
    }

    private static CreatePart CompileCreatePart(PatternPart p, Scope scope, bool forMerge)
    {
        if (p.Shortest is not null)
        {
            throw CypherException.Syntax("UnexpectedSyntax", "shortestPath cannot be created", p.Pos);
        }

        var ec = new ExprCompiler(scope);
        var nodes = new CreateNode[p.Nodes.Count];
        for (var i = 0; i < p.Nodes.Count; i++)
        {
            var np = p.Nodes[i];
            var (props, map) = CompileProps(np.Properties, ec);
            if (np.Var is not null && scope.Has(np.Var))
            {
                if (scope.KindOf(np.Var) is not (VarKind.Node or VarKind.Any))
                {
                    throw CypherException.Syntax("VariableTypeConflict", $"Variable `{np.Var}` is not a node", np.Pos);
                }

                if (np.Labels.Count > 0 || np.Properties is not null || (p.Rels.Count == 0 && !forMerge))
                {
                    throw CypherException.Syntax("VariableAlreadyBound", $"Variable `{np.Var}` already declared", np.Pos);
                }

                nodes[i] = new CreateNode(scope.IndexOf(np.Var), true, [], [], null);
                continue;
            }

            var slot = scope.Add(np.Var ?? Scope.Anonymous(), VarKind.Node);
            nodes[i] = new CreateNode(slot, false, [.. np.Labels], props, map);
        }

        var rels = new CreateRel[p.Rels.Count];
        for (var i = 0; i < p.Rels.Count; i++)
        {
            var rp = p.Rels[i];
            if (rp.Var is not null && scope.Has(rp.Var))
            {
                throw CypherException.Syntax("VariableAlreadyBound", $"Variable `{rp.Var}` already declared", rp.Pos);
            }

            if (rp.Types.Count != 1)
            {
                throw CypherException.Syntax("NoSingleRelationshipType", "A relationship must have exactly one type to be created", rp.Pos);
            }

            if (rp.VarLength)
            {
                throw CypherException.Syntax("CreatingVarLength", "Variable length relationships cannot be created", rp.Pos);
            }

            if (rp.Direction == CypherDirection.Both && !forMerge)
            {
                throw CypherException.Syntax("RequiresDirectedRelationship", "Only directed relationships are supported in CREATE", rp.Pos);
            }

            if (rp.Var is not null && scope.Has(rp.Var))
            {
                throw CypherException.Syntax("VariableAlreadyBound", $"Variable `{rp.Var}` already declared", rp.Pos);
            }

            var (props, map) = CompileProps(rp.Properties, ec);
            var slot = scope.Add(rp.Var ?? Scope.Anonymous(), VarKind.Relationship);
            rels[i] = new CreateRel(slot, rp.Types[0], rp.Direction == CypherDirection.Incoming, props, map);
        }

        var pathSlot = -1;
        if (p.PathVar is not null)
        {
            if (scope.Has(p.PathVar))
            {
                throw CypherException.Syntax("VariableAlreadyBound", $"Variable `{p.PathVar}` already declared", p.Pos);
            }

            pathSlot = scope.Add(p.PathVar, VarKind.Path);
        }

        return new CreatePart(nodes, rels, pathSlot);
    }

    private static ((string, Eval)[], Eval?) CompileProps(Expr? props, ExprCompiler ec) => props switch
    {
        null => ([], null),
        MapExpr m => (m.Entries.Select(kv => (kv.Key, ec.Compile(kv.Value))).ToArray(), null),
        _ => ([], ec.Compile(props)),
    };

    private static Dictionary<string, object?> EvalProps((string Key, Eval Value)[] props, Eval? map, object?[] row, ExecContext ctx)
    {
        var d = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (k, v) in props)
        {
            d[k] = CheckPropertyValue(v(row, ctx));
        }

        if (map is not null && map(row, ctx) is Dictionary<string, object?> m)
        {
            foreach (var (k, v) in m)
            {
                d[k] = CheckPropertyValue(v);
            }
        }

        return d;
    }

    internal static object? CheckPropertyValue(object? v)
    {
        switch (v)
        {
            case null or bool or long or double or string or CypherTemporal or CypherDuration:
                return v;
            case List<object?> list:
                string? kind = null;
                foreach (var x in list)
                {
                    if (x is null)
                    {
                        continue;
                    }

                    if (x is not (bool or long or double or string or CypherTemporal or CypherDuration))
                    {
                        throw CypherException.Type("InvalidPropertyType", $"Property values can only be of primitive types or arrays thereof, not {Values.TypeName(x)}");
                    }

                    var k = x is long or double ? "Number" : Values.TypeName(x);
                    if (kind is not null && kind != k)
                    {
                        throw CypherException.Type("InvalidPropertyType", "Collections in properties must be homogeneous");
                    }

                    kind = k;
                }

                return list;
            default:
                throw CypherException.Type("InvalidPropertyType", $"Property values can only be of primitive types or arrays thereof, not {Values.TypeName(v)}");
        }
    }

    private static void Create(CreatePart part, object?[] row, ExecContext ctx)
    {
        var g = ctx.Writable;
        foreach (var n in part.Nodes)
        {
            if (n.Reuse)
            {
                if (row[n.Slot] is not CypherNode)
                {
                    throw CypherException.Semantic("CreateOnNull", "Cannot create a relationship to a node that is null");
                }

                continue;
            }

            if (row[n.Slot] is CypherNode)
            {
                // Same variable twice in one CREATE pattern: created at its first occurrence.
                continue;
            }

            var props = EvalProps(n.Props, n.PropsMap, row, ctx);
            ChargeWrite(props.Count, ctx);
            var id = g.CreateNode(n.Labels, props);
            ctx.Stats.NodesCreated++;
            ctx.Stats.LabelsAdded += n.Labels.Length;
            ctx.Stats.PropertiesSet += props.Count(kv => kv.Value is not null);
            row[n.Slot] = new CypherNode(id);
        }

        for (var i = 0; i < part.Rels.Length; i++)
        {
            var r = part.Rels[i];
            var a = (CypherNode)row[part.Nodes[i].Slot]!;
            var b = (CypherNode)row[part.Nodes[i + 1].Slot]!;
            var props = EvalProps(r.Props, r.PropsMap, row, ctx);
            ChargeWrite(props.Count, ctx);
            var id = r.Reverse ? g.CreateRelationship(b.Id, a.Id, r.Type, props) : g.CreateRelationship(a.Id, b.Id, r.Type, props);
            ctx.Stats.RelationshipsCreated++;
            ctx.Stats.PropertiesSet += props.Count(kv => kv.Value is not null);
            row[r.Slot] = new CypherRelationship(id);
        }

        if (part.PathSlot >= 0)
        {
            row[part.PathSlot] = new CypherPath(
                part.Nodes.Select(n => (CypherNode)row[n.Slot]!).ToList(),
                part.Rels.Select(r => (CypherRelationship)row[r.Slot]!).ToList());
        }
    }

    public static Stage CompileMerge(MergeClause m, Scope scope)
    {
        foreach (var np in m.Pattern.Nodes)
        {
            if (np.Properties is MapExpr map && map.Entries.Any(e => e.Value is LiteralExpr { Value: null }))
            {
                throw CypherException.Semantic("MergeReadOwnWrites", "Cannot merge a node using a null property value");
            }
        }

        foreach (var rp in m.Pattern.Rels)
        {
            if (rp.Properties is MapExpr rmap && rmap.Entries.Any(e => e.Value is LiteralExpr { Value: null }))
            {
                throw CypherException.Semantic("MergeReadOwnWrites", "Cannot merge a relationship using a null property value");
            }

            if (rp.Var is not null && scope.Has(rp.Var))
            {
                throw CypherException.Syntax("VariableAlreadyBound", $"Variable `{rp.Var}` already declared", rp.Pos);
            }

            if (rp.Types.Count != 1)
            {
                throw CypherException.Syntax("NoSingleRelationshipType", "MERGE needs exactly one relationship type", rp.Pos);
            }

            if (rp.VarLength)
            {
                throw CypherException.Syntax("CreatingVarLength", "Variable length relationships cannot be merged", rp.Pos);
            }
        }

        if (m.Pattern.Rels.Count == 0 && m.Pattern.Nodes[0].Var is { } v && scope.Has(v))
        {
            throw CypherException.Syntax("VariableAlreadyBound", $"Variable `{v}` already declared", m.Pattern.Nodes[0].Pos);
        }

        var inputWidth = scope.Count;
        var matchScope = scope.Clone();
        var matcher = PatternCompiler.Compile([m.Pattern], matchScope);
        var createScope = scope.Clone();
        var create = CompileCreatePart(m.Pattern, createScope, forMerge: true);

        // The create scope must lay out variables exactly like the match scope so rows are interchangeable.
        var map2 = createScope.Names.Select(n => matchScope.IndexOf(n)).ToArray();
        foreach (var name in matchScope.Names)
        {
            scope.Add(name, matchScope.KindOf(name));
        }

        var onMatch = CompileSet(m.OnMatch, scope);
        var onCreate = CompileSet(m.OnCreate, scope);
        var width = scope.Count;
        return (rows, ctx) => Run(rows, ctx);

        IEnumerable<object?[]> Run(IEnumerable<object?[]> rows, ExecContext ctx)
        {
            foreach (var row in rows)
            {
                foreach (var n in create.Nodes.Where(n => n.Reuse))
                {
                    if (row[n.Slot] is null)
                    {
                        throw CypherException.Semantic("MergeReadOwnWrites", "Cannot merge a pattern with a null node");
                    }
                }

                var matches = matcher.Matches(row, ctx).ToList();
                if (matches.Count > 0)
                {
                    foreach (var r in onMatch(matches.Select(x => Widen(x, width)), ctx))
                    {
                        yield return r;
                    }

                    continue;
                }

                var cr = Widen(row, createScope.Count);
                Create(create, cr, ctx);
                var o = new object?[width];
                for (var i = 0; i < cr.Length; i++)
                {
                    if (map2[i] >= 0)
                    {
                        o[map2[i]] = cr[i];
                    }
                }

                if (create.PathSlot >= 0 && matcher.Parts[0].PathSlot >= 0)
                {
                    o[matcher.Parts[0].PathSlot] = cr[create.PathSlot];
                }

                foreach (var r in onCreate([o], ctx))
                {
                    yield return r;
                }
            }
        }
    }
}
