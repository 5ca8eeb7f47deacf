namespace SupplyGraph.Core.Cypher;

/// <summary>CREATE, MERGE, SET, REMOVE and DELETE.</summary>
internal static class Updates
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
            case null or bool or long or double or string or CypherTemporal:
                return v;
            case List<object?> list:
                string? kind = null;
                foreach (var x in list)
                {
                    if (x is null)
                    {
                        continue;
                    }

                    if (x is not (bool or long or double or string))
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

    public static Stage CompileSet(IReadOnlyList<SetItem> items, Scope scope)
    {
        var ec = new ExprCompiler(scope);
        var actions = new List<Action<object?[], ExecContext>>();
        foreach (var item in items)
        {
            switch (item)
            {
                case SetPropertyItem sp:
                    {
                        var target = ec.Compile(sp.Target.Target);
                        var value = ec.Compile(sp.Value);
                        var key = sp.Target.Key;
                        actions.Add((row, ctx) => SetProperty(target(row, ctx), key, value(row, ctx), ctx));
                        break;
                    }

                case SetAllItem sa:
                    {
                        var target = ec.Compile(new VarExpr(sa.Var));
                        var value = ec.Compile(sa.Value);
                        var merge = sa.Merge;
                        actions.Add((row, ctx) => SetAll(target(row, ctx), value(row, ctx), merge, ctx));
                        break;
                    }

                case SetLabelsItem sl:
                    {
                        var target = ec.Compile(new VarExpr(sl.Var));
                        var labels = sl.Labels;
                        actions.Add((row, ctx) =>
                        {
                            if (target(row, ctx) is CypherNode n)
                            {
                                foreach (var l in labels)
                                {
                                    if (!ctx.Graph.HasLabel(n.Id, l))
                                    {
                                        ctx.Writable.AddLabel(n.Id, l);
                                        ctx.Stats.LabelsAdded++;
                                    }
                                }
                            }
                        });
                        break;
                    }
            }
        }

        // Items are applied in order, row by row: later items see the effects of earlier ones.
        return (rows, ctx) => rows.Select(r =>
        {
            foreach (var a in actions)
            {
                a(r, ctx);
            }

            return r;
        });
    }

    /// <summary>
    /// What a write keeps in the graph's overlay until commit (the element's state, a copy of its properties on
    /// first change, the new entries), charged to the query's memory budget like the values it builds.
    /// </summary>
    private static void ChargeWrite(int properties, ExecContext ctx)
    {
        ctx.Tick();
        ctx.Memory.Charge(WrittenElementBytes + MemoryMeter.MapSize(properties));
    }

    private const long WrittenElementBytes = 512;

    private static void SetProperty(object? target, string key, object? value, ExecContext ctx)
    {
        value = CheckPropertyValue(value);
        ChargeWrite(1, ctx);
        switch (target)
        {
            case null:
                return;
            case CypherNode n:
                ctx.Writable.SetNodeProperty(n.Id, key, value);
                break;
            case CypherRelationship r:
                ctx.Writable.SetRelationshipProperty(r.Id, key, value);
                break;
            default:
                throw CypherException.Type("InvalidArgumentType", $"Cannot set a property on {Values.TypeName(target)}");
        }

        ctx.Stats.PropertiesSet++;
    }

    private static void SetAll(object? target, object? value, bool merge, ExecContext ctx)
    {
        if (target is null)
        {
            return;
        }

        var map = value switch
        {
            null => new Dictionary<string, object?>(),
            Dictionary<string, object?> m => m,
            CypherNode or CypherRelationship => Functions.PropertiesOf(value, ctx).ToDictionary(kv => kv.Key, kv => kv.Value),
            _ => throw CypherException.Type("InvalidArgumentType", $"Expected a map, got {Values.TypeName(value)}"),
        };
        if (!merge)
        {
            foreach (var k in Functions.PropertiesOf(target, ctx).Keys.ToList())
            {
                if (!map.ContainsKey(k))
                {
                    SetProperty(target, k, null, ctx);
                }
            }
        }

        foreach (var (k, v) in map)
        {
            SetProperty(target, k, v, ctx);
        }
    }

    public static Stage CompileRemove(RemoveClause rm, Scope scope)
    {
        var ec = new ExprCompiler(scope);
        var actions = new List<Action<object?[], ExecContext>>();
        foreach (var item in rm.Items)
        {
            switch (item)
            {
                case RemovePropertyItem rp:
                    {
                        var target = ec.Compile(rp.Target.Target);
                        var key = rp.Target.Key;
                        actions.Add((row, ctx) =>
                        {
                            var t = target(row, ctx);
                            if (t is not null && ExprCompiler.Property(t, key, ctx) is not null)
                            {
                                SetProperty(t, key, null, ctx);
                            }
                        });
                        break;
                    }

                case RemoveLabelsItem rl:
                    {
                        var target = ec.Compile(new VarExpr(rl.Var));
                        var labels = rl.Labels;
                        actions.Add((row, ctx) =>
                        {
                            if (target(row, ctx) is CypherNode n)
                            {
                                foreach (var l in labels)
                                {
                                    if (ctx.Graph.HasLabel(n.Id, l))
                                    {
                                        ctx.Writable.RemoveLabel(n.Id, l);
                                        ctx.Stats.LabelsRemoved++;
                                    }
                                }
                            }
                        });
                        break;
                    }
            }
        }

        return (rows, ctx) => rows.Select(r =>
        {
            foreach (var a in actions)
            {
                a(r, ctx);
            }

            return r;
        });
    }

    public static Stage CompileDelete(DeleteClause d, Scope scope)
    {
        var ec = new ExprCompiler(scope);
        foreach (var t in d.Targets)
        {
            if (t is LiteralExpr or ListExpr or MapExpr or BinaryExpr or UnaryExpr)
            {
                throw CypherException.Syntax("InvalidArgumentType", "DELETE expects nodes, relationships or paths", t.Pos);
            }

            if (t is LabelCheckExpr)
            {
                throw CypherException.Syntax("InvalidDelete", "DELETE expects nodes, relationships or paths", t.Pos);
            }
        }

        var targets = d.Targets.Select(ec.Compile).ToArray();
        var detach = d.Detach;
        return (rows, ctx) => Run(rows, ctx);

        IEnumerable<object?[]> Run(IEnumerable<object?[]> rows, ExecContext ctx)
        {
            var pendingNodes = new List<long>();
            var list = rows.ToList();
            foreach (var row in list)
            {
                foreach (var t in targets)
                {
                    Delete(t(row, ctx), detach, pendingNodes, ctx);
                }
            }

            // Nodes go last so that relationships deleted by the same clause do not block them.
            foreach (var n in pendingNodes)
            {
                if (ctx.DeletedNodes.Contains(n))
                {
                    continue;
                }

                var hops = new List<CypherHop>();
                ctx.Graph.Expand(n, CypherDirection.Both, [], hops);
                if (hops.Count > 0)
                {
                    throw new CypherException("ConstraintVerificationFailed", "DeleteConnectedNode", "Cannot delete a node that still has relationships; use DETACH DELETE", false);
                }

                ChargeWrite(0, ctx);
                ctx.Writable.DeleteNode(n);
                ctx.DeletedNodes.Add(n);
                ctx.Stats.NodesDeleted++;
            }

            return list;
        }
    }

    private static void Delete(object? v, bool detach, List<long> pendingNodes, ExecContext ctx)
    {
        switch (v)
        {
            case null:
                return;
            case CypherNode n:
                if (detach)
                {
                    var hops = new List<CypherHop>();
                    ctx.Graph.Expand(n.Id, CypherDirection.Both, [], hops);
                    foreach (var h in hops)
                    {
                        DeleteRel(h.Relationship, ctx);
                    }
                }

                pendingNodes.Add(n.Id);
                return;
            case CypherRelationship r:
                DeleteRel(r.Id, ctx);
                return;
            case CypherPath p:
                foreach (var r in p.Relationships)
                {
                    DeleteRel(r.Id, ctx);
                }

                foreach (var n in p.Nodes)
                {
                    Delete(n, detach, pendingNodes, ctx);
                }

                return;
            case List<object?> items:
                foreach (var x in items)
                {
                    Delete(x, detach, pendingNodes, ctx);
                }

                return;
            default:
                throw CypherException.Type("InvalidArgumentType", $"DELETE expects nodes, relationships or paths, got {Values.TypeName(v)}");
        }
    }

    private static void DeleteRel(long id, ExecContext ctx)
    {
        if (!ctx.DeletedRelationships.Add(id))
        {
            return;
        }

        ChargeWrite(0, ctx);
        ctx.Writable.DeleteRelationship(id);
        ctx.Stats.RelationshipsDeleted++;
    }
}
