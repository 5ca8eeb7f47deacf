namespace SupplyGraph.Cypher;

/// <summary>SET, REMOVE and DELETE.</summary>
internal static partial class Updates
{
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
