namespace SupplyGraph.Cypher;

/// <summary>Expressions that bind a local variable: list comprehensions, quantifiers, reduce, map projections.</summary>
internal sealed partial class ExprCompiler
{
    private (ExprCompiler Inner, int Slot) WithLocal(string name)
    {
        var inner = _scope.Clone();
        var slot = inner.Count;
        if (inner.Has(name))
        {
            // Shadowing: give the local its own slot under the same name.
            inner = ShadowScope(name, out slot);
        }
        else
        {
            inner.Add(name, VarKind.Any);
        }

        return (new ExprCompiler(inner, _aggregates) { _insideAggregate = _insideAggregate, _insideLocalScope = true }, slot);
    }

    private Scope ShadowScope(string name, out int slot)
    {
        var s = new Scope();
        foreach (var n in _scope.Names)
        {
            s.Add(n == name ? " shadowed " + n : n, _scope.KindOf(n));
        }

        slot = s.Add(name, VarKind.Any);
        return s;
    }

    private static object?[] Extend(object?[] row, int size)
    {
        var r = new object?[size];
        Array.Copy(row, r, Math.Min(row.Length, size));
        return r;
    }

    private static List<object?> AsList(object? v, string what) => v as List<object?>
        ?? throw CypherException.Type("InvalidArgumentType", $"{what} expects a list, got {Values.TypeName(v)}");

    private Eval CompileListComprehension(ListCompExpr lc)
    {
        var list = Compile(lc.List);
        var (inner, slot) = WithLocal(lc.Var);
        var where = lc.Where is null ? null : inner.Compile(lc.Where);
        var proj = lc.Projection is null ? null : inner.Compile(lc.Projection);
        var size = inner.Scope.Count;
        return (row, ctx) =>
        {
            var src = list(row, ctx);
            if (src is null)
            {
                return null;
            }

            var items = AsList(src, "List comprehension");
            var local = Extend(row, size);
            ctx.Memory.ChargeList(0);
            var result = new List<object?>();
            foreach (var item in items)
            {
                ctx.Tick();
                local[slot] = item;
                if (where is not null && !Passes(where, local, ctx))
                {
                    continue;
                }

                ctx.Memory.Append(result, proj is null ? item : proj(local, ctx));
            }

            return result;
        };
    }

    private Eval CompileQuantifier(QuantifierExpr q)
    {
        var list = Compile(q.List);
        var (inner, slot) = WithLocal(q.Var);
        var where = q.Where is null ? (Eval)((_, _) => true) : inner.Compile(q.Where);
        var size = inner.Scope.Count;
        var kind = q.Kind;
        return (row, ctx) =>
        {
            var src = list(row, ctx);
            if (src is null)
            {
                return null;
            }

            var items = AsList(src, kind);
            var local = Extend(row, size);
            int trues = 0, nulls = 0;
            foreach (var item in items)
            {
                ctx.Tick();
                local[slot] = item;
                var mark = ctx.Memory.Mark();
                var b = Values.AsBool(where(local, ctx), kind);
                ctx.Memory.Release(mark, null);
                if (b == true)
                {
                    trues++;
                }
                else if (b is null)
                {
                    nulls++;
                }

                if (kind == "any" && b == true)
                {
                    return true;
                }

                if (kind == "all" && b == false)
                {
                    return false;
                }

                if (kind == "none" && b == true)
                {
                    return false;
                }
            }

            var falses = items.Count - trues - nulls;
            return kind switch
            {
                "any" => nulls > 0 ? null : false,
                "all" => nulls > 0 ? null : true,
                "none" => nulls > 0 ? null : true,
                _ => trues > 1 ? false : nulls > 0 ? null : trues == 1,
            };
        };
    }

    private Eval CompileReduce(ReduceExpr r)
    {
        var init = Compile(r.Init);
        var list = Compile(r.List);
        var inner = _scope.Clone();
        var accSlot = inner.Has(r.Acc) ? -1 : inner.Add(r.Acc, VarKind.Any);
        var varSlot = inner.Has(r.Var) ? -1 : inner.Add(r.Var, VarKind.Any);
        if (accSlot < 0 || varSlot < 0)
        {
            var s = new Scope();
            foreach (var n in _scope.Names)
            {
                s.Add(n == r.Acc || n == r.Var ? " shadowed " + n : n, VarKind.Any);
            }

            accSlot = s.Add(r.Acc, VarKind.Any);
            varSlot = s.Add(r.Var, VarKind.Any);
            inner = s;
        }

        var body = new ExprCompiler(inner, _aggregates).Compile(r.Body);
        var size = inner.Count;
        return (row, ctx) =>
        {
            var src = list(row, ctx);
            if (src is null)
            {
                return null;
            }

            var local = Extend(row, size);
            local[accSlot] = init(row, ctx);
            long accCharge = 0;
            foreach (var item in AsList(src, "reduce"))
            {
                ctx.Tick();
                local[varSlot] = item;
                var old = local[accSlot];
                var mark = ctx.Memory.Mark();
                var acc = body(local, ctx);
                ctx.Memory.Release(mark, acc);
                if (acc is string && !ReferenceEquals(acc, old))
                {
                    // A string accumulator cannot hold the one it replaced, which no one else sees: refund it.
                    var charge = ctx.Memory.Used - mark;
                    ctx.Memory.Refund(accCharge);
                    accCharge = charge;
                }
                else if (!ReferenceEquals(acc, old))
                {
                    accCharge = 0;
                }

                local[accSlot] = acc;
            }

            return local[accSlot];
        };
    }

    private Eval CompileMapProjection(MapProjectionExpr mp)
    {
        var target = Compile(new VarExpr(mp.Var) { Pos = mp.Pos });
        var items = mp.Items.Select(it => (it, eval: it.Value is null ? null : Compile(it.Value))).ToArray();
        return (row, ctx) =>
        {
            var t = target(row, ctx);
            if (t is null)
            {
                return null;
            }

            var map = new Dictionary<string, object?>();
            ctx.Memory.ChargeMap(items.Length);
            foreach (var (it, eval) in items)
            {
                if (it.AllProperties)
                {
                    var all = Functions.PropertiesOf(t, ctx);
                    ctx.Memory.ChargeMap(all.Count);
                    foreach (var (k, v) in all)
                    {
                        map[k] = v;
                    }
                }
                else if (it.PropertyKey is not null)
                {
                    map[it.PropertyKey] = Property(t, it.PropertyKey, ctx);
                }
                else
                {
                    map[it.Key!] = eval!(row, ctx);
                }
            }

            return map;
        };
    }
}
