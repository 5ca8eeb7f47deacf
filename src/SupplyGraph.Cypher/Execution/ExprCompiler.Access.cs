namespace SupplyGraph.Cypher;

/// <summary>Property, index and slice access, the memory charged for what they build, and static types.</summary>
internal sealed partial class ExprCompiler
{
    internal static object? Property(object? target, string key, ExecContext ctx)
    {
        switch (target)
        {
            case null:
                return null;
            case CypherNode n:
                if (ctx.DeletedNodes.Contains(n.Id))
                {
                    throw new CypherException("EntityNotFound", "DeletedEntityAccess", "Node was deleted", false);
                }

                return Charged(ctx.Graph.NodeProperty(n.Id, key), ctx);
            case CypherRelationship r:
                if (ctx.DeletedRelationships.Contains(r.Id))
                {
                    throw new CypherException("EntityNotFound", "DeletedEntityAccess", "Relationship was deleted", false);
                }

                return Charged(ctx.Graph.RelationshipProperty(r.Id, key), ctx);
            case Dictionary<string, object?> m:
                return m.TryGetValue(key, out var v) ? v : null;
            case CypherTemporal or CypherDuration:
                return TemporalFunctions.Component(target, key);
            default:
                throw CypherException.Type("InvalidArgumentType", $"Type mismatch: expected a map, node or relationship but was {Values.TypeName(target)}");
        }
    }

    /// <summary>Lists and maps the graph converts on each read are new memory: charged like built ones.</summary>
    private static object? Charged(object? value, ExecContext ctx)
    {
        switch (value)
        {
            case List<object?> l:
                ctx.Memory.ChargeList(l.Count);
                break;
            case Dictionary<string, object?> m:
                ctx.Memory.ChargeMap(m.Count);
                break;
        }

        return value;
    }

    /// <summary>
    /// Evaluates <paramref name="e"/> and refunds what it built when its result holds no list or map (see
    /// <see cref="MemoryMeter.Release"/>). For expressions whose value the caller may keep (projections, keys).
    /// </summary>
    internal static Eval Scoped(Eval e) => (row, ctx) =>
    {
        var mark = ctx.Memory.Mark();
        var v = e(row, ctx);
        ctx.Memory.Release(mark, v);
        return v;
    };

    /// <summary>A predicate (WHERE): true passes; whatever it built is garbage once it answers.</summary>
    internal static bool Passes(Eval predicate, object?[] row, ExecContext ctx)
    {
        var mark = ctx.Memory.Mark();
        var b = Values.AsBool(predicate(row, ctx), "WHERE");
        ctx.Memory.Release(mark, null);
        return b == true;
    }

    private static object? IndexValue(object? target, object? index, ExecContext ctx)
    {
        if (target is null || index is null)
        {
            return null;
        }

        if (target is List<object?> list)
        {
            if (index is not long i)
            {
                throw CypherException.Type("InvalidArgumentType", $"List index must be an Integer, got {Values.TypeName(index)}");
            }

            if (i < 0)
            {
                i += list.Count;
            }

            return i >= 0 && i < list.Count ? list[(int)i] : null;
        }

        if (target is Dictionary<string, object?> or CypherNode or CypherRelationship)
        {
            if (index is not string key)
            {
                throw CypherException.Type("InvalidArgumentType", $"Map key must be a String, got {Values.TypeName(index)}");
            }

            return Property(target, key, ctx);
        }

        throw CypherException.Type("InvalidArgumentType", $"Cannot index into {Values.TypeName(target)}");
    }

    private static object? Slice(object? target, object? from, object? to, bool noFrom, bool noTo, ExecContext ctx)
    {
        if (target is null || (!noFrom && from is null) || (!noTo && to is null))
        {
            return null;
        }

        if (target is not List<object?> list)
        {
            throw CypherException.Type("InvalidArgumentType", $"Cannot slice {Values.TypeName(target)}");
        }

        long n = list.Count;
        var f = noFrom ? 0 : from is long lf ? lf : throw CypherException.Type("InvalidArgumentType", "Slice bounds must be integers");
        var t = noTo ? n : to is long lt ? lt : throw CypherException.Type("InvalidArgumentType", "Slice bounds must be integers");
        if (f < 0)
        {
            f = Math.Max(0, n + f);
        }

        if (t < 0)
        {
            t = Math.Max(0, n + t);
        }

        f = Math.Min(f, n);
        t = Math.Min(t, n);
        ctx.Memory.ChargeList(Math.Max(0, t - f));
        ctx.Tick(Math.Max(0, t - f));
        return f >= t ? new List<object?>() : list.GetRange((int)f, (int)(t - f));
    }

    /// <summary>The type an expression is known to have before running, or "Any".</summary>
    internal string StaticType(Expr e) => e switch
    {
        LiteralExpr { Value: null } => "Null",
        LiteralExpr l => Values.TypeName(l.Value),
        ListExpr or ListCompExpr or PatternCompExpr => "List",
        MapExpr or MapProjectionExpr => "Map",
        VarExpr v => _scope.KindOf(v.Name) switch
        {
            VarKind.Node => "Node",
            VarKind.Relationship => "Relationship",
            VarKind.Path => "Path",
            VarKind.RelationshipList => "List",
            _ => "Any",
        },
        CompareExpr or IsNullExpr or QuantifierExpr or LabelCheckExpr or PatternExpr or ExistsExpr or SubqueryExpr { Count: false } => "Boolean",
        SubqueryExpr => "Integer",
        BinaryExpr { Op: "AND" or "OR" or "XOR" or "IN" or "STARTS WITH" or "ENDS WITH" or "CONTAINS" or "=~" } => "Boolean",
        UnaryExpr { Op: "NOT" } => "Boolean",
        _ => "Any",
    };

    private void RequireType(Expr e, string what, params string[] allowed)
    {
        var t = StaticType(e);
        if (t is not ("Any" or "Null") && Array.IndexOf(allowed, t) < 0)
        {
            throw CypherException.Syntax("InvalidArgumentType", $"Type mismatch: {what} expects {string.Join(" or ", allowed)} but got {t}", e.Pos);
        }
    }
}
