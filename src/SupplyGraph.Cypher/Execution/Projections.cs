namespace SupplyGraph.Cypher;

/// <summary>WITH and RETURN: projection, grouping and aggregation, DISTINCT, ORDER BY, SKIP, LIMIT, WHERE.</summary>
internal static class Projections
{
    private static string Normalize(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    public static Stage Compile(Projection p, ref Scope scope, bool isReturn, out IReadOnlyList<string> columns)
    {
        var input = scope;
        var items = new List<ProjectionItem>();
        if (p.Star)
        {
            var visible = input.Names.Where(n => !Scope.IsHidden(n)).Order(StringComparer.Ordinal).ToList();
            if ((isReturn ? visible.Count : input.Count) == 0 && p.Items.Count == 0)
            {
                throw CypherException.Syntax("NoVariablesInScope", $"{(isReturn ? "RETURN" : "WITH")} * is not allowed when there are no variables in scope");
            }

            items.AddRange(visible.Select(n => new ProjectionItem(new VarExpr(n), null, n, -1)));
        }

        items.AddRange(p.Items);
        var names = new List<string>();
        CypherException? aliasError = null;
        foreach (var it in items)
        {
            var name = it.Alias ?? (it.Expr is VarExpr v ? v.Name : it.Text);
            if (!isReturn && it.Alias is null && it.Expr is not VarExpr)
            {
                aliasError ??= CypherException.Syntax("NoExpressionAlias", $"Expression in WITH must be aliased (use AS): {it.Text}", it.Pos);
            }

            if (names.Contains(name))
            {
                throw CypherException.Syntax("ColumnNameConflict", $"Multiple result columns with the same name `{name}`", it.Pos);
            }

            names.Add(name);
        }

        var aggregating = items.Any(i => ExprCompiler.ContainsAggregate(i.Expr));
        var outScope = new Scope();
        foreach (var n in names)
        {
            outScope.Add(n, KindOf(items[names.IndexOf(n)].Expr, input));
        }

        columns = names;
        var skip = CompileCount(p.Skip, "SKIP");
        var limit = CompileCount(p.Limit, "LIMIT");
        if (p.Where is not null && ExprCompiler.ContainsAggregate(p.Where))
        {
            throw CypherException.Syntax("InvalidAggregation", "Aggregations are not allowed in WHERE", p.Where.Pos);
        }

        // After DISTINCT or aggregation only the projected columns exist; otherwise ORDER BY and WHERE also see
        // the variables from before the projection (rows are carried wide, input then output, until trimmed).
        var narrow = aggregating || p.Distinct;
        Scope wideScope;
        if (narrow)
        {
            wideScope = outScope;
        }
        else
        {
            wideScope = new Scope();
            foreach (var n in input.Names)
            {
                wideScope.Add(outScope.Has(n) ? " before " + n : n, input.KindOf(n));
            }

            foreach (var n in outScope.Names)
            {
                wideScope.Add(n, outScope.KindOf(n));
            }
        }

        Expr Substitute(Expr e) => AstText.Rewrite(e, x =>
        {
            if (x is VarExpr)
            {
                return null;
            }

            var col = items.FindIndex(i => AstText.Same(i.Expr, x));
            return col >= 0 ? new VarExpr(names[col]) { Pos = x.Pos } : null;
        });

        var sortKeys = new List<SortKey>();
        foreach (var s in p.OrderBy)
        {
            var expr = narrow ? Substitute(s.Expr) : s.Expr;
            var missing = ExprCompiler.FreeVariables(expr).FirstOrDefault(v => !wideScope.Has(v));
            if (missing is not null)
            {
                throw CypherException.Syntax("UndefinedVariable", $"Variable `{missing}` not defined (after {(isReturn ? "RETURN" : "WITH")} only its columns are visible)", s.Expr.Pos);
            }

            if (aggregating && ExprCompiler.ContainsAggregate(s.Expr))
            {
                // Inside an expression with an aggregate only plain grouping keys and projected names may appear.
                var keys = items.Where(i => !ExprCompiler.ContainsAggregate(i.Expr) && i.Expr is VarExpr or PropExpr { Target: VarExpr }).Select(i => i.Expr)
                    .Concat(names.Select(n => (Expr)new VarExpr(n))).ToList();
                CheckAmbiguous(s.Expr, keys, []);
            }

            if (ExprCompiler.ContainsAggregate(expr))
            {
                throw CypherException.Syntax("InvalidAggregation", "Aggregations in ORDER BY must also be projected", s.Expr.Pos);
            }

            sortKeys.Add(new SortKey(new ExprCompiler(wideScope).Compile(expr), s.Descending));
        }

        if (aliasError is not null)
        {
            throw aliasError;
        }

        var where = p.Where is null ? null : new ExprCompiler(wideScope).Compile(narrow ? Substitute(p.Where) : p.Where);
        Stage core = aggregating
            ? CompileAggregation(items, input, p)
            : CompileProjection(items, input, p.Distinct, narrow);
        core = Sort(core, sortKeys);
        var offset = narrow ? 0 : input.Count;
        scope = outScope;
        return (rows, ctx) =>
        {
            var result = core(rows, ctx);
            if (skip is not null)
            {
                result = result.Skip(CountValue(skip, ctx, "SKIP"));
            }

            if (limit is not null)
            {
                result = result.Take(CountValue(limit, ctx, "LIMIT"));
            }

            if (where is not null)
            {
                result = result.Where(r => ExprCompiler.Passes(where, r, ctx));
            }

            return offset == 0 ? result : result.Select(w => w[offset..]);
        };
    }

    private static Stage CompileProjection(List<ProjectionItem> items, Scope input, bool distinct, bool narrow)
    {
        var evals = items.Select(i => ExprCompiler.Scoped(new ExprCompiler(input).Compile(i.Expr))).ToArray();
        var inputWidth = input.Count;
        var outWidth = items.Count;
        return Project;

        IEnumerable<object?[]> Project(IEnumerable<object?[]> rows, ExecContext ctx)
        {
            var seen = distinct ? new HashSet<RowKey>() : null;
            foreach (var row in rows)
            {
                ctx.Tick();
                if (!narrow && seen is null)
                {
                    // Straight into the wide row: one array per row instead of two.
                    var w = new object?[inputWidth + outWidth];
                    Array.Copy(row, w, Math.Min(row.Length, inputWidth));
                    for (var i = 0; i < evals.Length; i++)
                    {
                        w[inputWidth + i] = evals[i](row, ctx);
                    }

                    yield return w;
                    continue;
                }

                var o = new object?[outWidth];
                for (var i = 0; i < evals.Length; i++)
                {
                    o[i] = evals[i](row, ctx);
                }

                if (seen is not null && !AddDistinct(seen, o, ctx))
                {
                    continue;
                }

                if (narrow)
                {
                    yield return o;
                    continue;
                }

                var wide = new object?[inputWidth + outWidth];
                Array.Copy(row, wide, Math.Min(row.Length, inputWidth));
                Array.Copy(o, 0, wide, inputWidth, outWidth);
                yield return wide;
            }
        }
    }

    /// <summary>Adds a row to a DISTINCT set, charging the kept row and its entry first.</summary>
    internal static bool AddDistinct(HashSet<RowKey> seen, object?[] row, ExecContext ctx)
    {
        foreach (var v in row)
        {
            // Hashing and comparing a row reads every element of its values.
            ctx.TickFor(v);
        }

        var bytes = MemoryMeter.RowSize(row.Length) + DistinctRowBytes;
        ctx.Memory.Charge(bytes);
        if (seen.Add(new RowKey(row)))
        {
            return true;
        }

        ctx.Memory.Refund(bytes);
        return false;
    }

    /// <summary>A DISTINCT set's entry and row key, beside the row itself.</summary>
    private const long DistinctRowBytes = 64;

    private static VarKind KindOf(Expr e, Scope input) => e is VarExpr v
        ? input.KindOf(v.Name)
        : new ExprCompiler(input).StaticType(e) switch
        {
            "Boolean" or "Integer" or "Float" or "String" or "Map" => VarKind.Value,
            "List" => VarKind.List,
            _ => VarKind.Any,
        };

    private static Eval? CompileCount(Expr? e, string what)
    {
        if (e is null)
        {
            return null;
        }

        if (ExprCompiler.FreeVariables(e).Any())
        {
            throw CypherException.Syntax("NonConstantExpression", $"{what} must be a constant", e.Pos);
        }

        if (e is LiteralExpr { Value: long n } && n < 0)
        {
            throw CypherException.Syntax("NegativeIntegerArgument", $"{what} must not be negative", e.Pos);
        }

        if (e is LiteralExpr { Value: double })
        {
            throw CypherException.Syntax("InvalidArgumentType", $"{what} must be an integer", e.Pos);
        }

        return new ExprCompiler(new Scope()).Compile(e);
    }

    private static int CountValue(Eval e, ExecContext ctx, string what)
    {
        var v = e([], ctx);
        return v switch
        {
            long n when n >= 0 => (int)Math.Min(n, int.MaxValue),
            long => throw new CypherException("SyntaxError", "NegativeIntegerArgument", $"{what} must not be negative", false),
            _ => throw new CypherException("SyntaxError", "InvalidArgumentType", $"{what} must be an integer, got {Values.TypeName(v)}", false),
        };
    }

    private sealed record SortKey(Eval Eval, bool Descending);

    private static Stage Sort(Stage core, List<SortKey> keys)
    {
        if (keys.Count == 0)
        {
            return core;
        }

        var evals = keys.Select(k => ExprCompiler.Scoped(k.Eval)).ToArray();
        var descending = keys.Select(k => k.Descending).ToArray();
        return (rows, ctx) =>
        {
            // The sort buffer holds every row with its keys: each is charged as it comes in.
            var list = new List<(object?[] Row, object?[] Keys)>();
            foreach (var r in core(rows, ctx))
            {
                ctx.Tick();
                ctx.Memory.Charge(MemoryMeter.RowSize(r.Length) + MemoryMeter.RowSize(evals.Length) + 24);
                var k = new object?[evals.Length];
                for (var i = 0; i < evals.Length; i++)
                {
                    k[i] = evals[i](r, ctx);
                }

                list.Add((r, k));
            }

            var sorted = list.ToArray();
            list = null;
            StableSort.Sort(sorted, (a, b) =>
            {
                for (var i = 0; i < descending.Length; i++)
                {
                    var c = Values.OrderCompare(a.Keys[i], b.Keys[i]);
                    if (c != 0)
                    {
                        return descending[i] ? -c : c;
                    }
                }

                return 0;
            }, ctx);
            return Rows(sorted);
        };

        static IEnumerable<object?[]> Rows((object?[] Row, object?[] Keys)[] sorted)
        {
            foreach (var (row, _) in sorted)
            {
                yield return row;
            }
        }
    }

    /// <summary>A group's dictionary entry, key and order slot.</summary>
    private const long GroupBytes = 96;

    /// <summary>An aggregator's own state (a collect's list is charged as it grows).</summary>
    private const long AggregatorBytes = 96;

    private static Stage CompileAggregation(List<ProjectionItem> items, Scope input, Projection p)
    {
        var groupItems = new List<int>();
        var aggItems = new List<int>();
        for (var i = 0; i < items.Count; i++)
        {
            (ExprCompiler.ContainsAggregate(items[i].Expr) ? aggItems : groupItems).Add(i);
        }

        var specs = new List<AggregateSpec>();
        var groupEvals = groupItems.Select(i => ExprCompiler.Scoped(new ExprCompiler(input).Compile(items[i].Expr))).ToArray();
        var simpleKeys = groupItems.Select(i => items[i].Expr).Where(e => e is VarExpr || (e is PropExpr { Target: VarExpr })).ToList();
        var aggEvals = new Eval[aggItems.Count];
        for (var k = 0; k < aggItems.Count; k++)
        {
            var item = items[aggItems[k]];
            CheckAmbiguous(item.Expr, simpleKeys, []);
            aggEvals[k] = new ExprCompiler(input, specs).Compile(item.Expr);
        }

        var width = items.Count;
        var inputWidth = input.Count;
        var distinct = p.Distinct;
        var groupCount = groupItems.Count;
        return Run;

        IEnumerable<object?[]> Run(IEnumerable<object?[]> rows, ExecContext ctx)
        {
            var groups = new Dictionary<RowKey, (object?[] Rep, object?[] Keys, Aggregator[] Aggs)>();
            var order = new List<RowKey>();
            // Without grouping keys every row goes to one group: no key per row to allocate.
            Aggregator[]? single = null;
            foreach (var row in rows)
            {
                ctx.Tick();
                if (groupCount == 0 && single is not null)
                {
                    foreach (var a in single)
                    {
                        a.Add(row, ctx);
                    }

                    continue;
                }

                var keys = new object?[groupCount];
                for (var i = 0; i < groupCount; i++)
                {
                    keys[i] = groupEvals[i](row, ctx);
                }

                foreach (var k in keys)
                {
                    ctx.TickFor(k);
                }

                var key = new RowKey(keys);
                if (!groups.TryGetValue(key, out var g))
                {
                    // A new group keeps its key row, its first input row and one aggregator per aggregate.
                    ctx.Memory.Charge(MemoryMeter.RowSize(groupCount) + MemoryMeter.RowSize(row.Length) + GroupBytes + (specs.Count * AggregatorBytes));
                    g = (row, keys, specs.Select(s => new Aggregator(s)).ToArray());
                    groups[key] = g;
                    order.Add(key);
                    single = groupCount == 0 ? g.Aggs : null;
                }

                foreach (var a in g.Aggs)
                {
                    a.Add(row, ctx);
                }
            }

            if (groups.Count == 0 && groupCount == 0)
            {
                var key = new RowKey([]);
                groups[key] = (new object?[inputWidth], [], specs.Select(s => new Aggregator(s)).ToArray());
                order.Add(key);
            }

            var seen = distinct ? new HashSet<RowKey>() : null;
            foreach (var key in order)
            {
                ctx.Tick();
                var g = groups[key];
                ctx.Aggregates = g.Aggs.Select(a => a.Result(ctx)).ToArray();
                var o = new object?[width];
                for (var i = 0; i < groupItems.Count; i++)
                {
                    o[groupItems[i]] = g.Keys[i];
                }

                for (var k = 0; k < aggItems.Count; k++)
                {
                    o[aggItems[k]] = aggEvals[k](g.Rep, ctx);
                }

                if (seen is not null && !AddDistinct(seen, o, ctx))
                {
                    continue;
                }

                yield return o;
            }
        }
    }

    /// <summary>Outside its aggregates, an aggregating item may use only grouping keys (variables or their properties) and constants.</summary>
    private static void CheckAmbiguous(Expr e, List<Expr> keys, HashSet<string> locals)
    {
        if (e is CountStarExpr || (e is CallExpr c && ExprCompiler.AggregateFunctions.Contains(c.Name)))
        {
            return;
        }

        if (keys.Any(k => AstText.Same(k, e)))
        {
            return;
        }

        switch (e)
        {
            case VarExpr v:
                if (!locals.Contains(v.Name))
                {
                    throw CypherException.Syntax("AmbiguousAggregationExpression", $"Variable `{v.Name}` is neither grouped nor aggregated", e.Pos);
                }

                return;
            case ListCompExpr lc:
                CheckAmbiguous(lc.List, keys, locals);
                var inner = new HashSet<string>(locals) { lc.Var };
                if (lc.Where is not null) { CheckAmbiguous(lc.Where, keys, inner); }
                if (lc.Projection is not null) { CheckAmbiguous(lc.Projection, keys, inner); }
                return;
            case QuantifierExpr q:
                CheckAmbiguous(q.List, keys, locals);
                if (q.Where is not null) { CheckAmbiguous(q.Where, keys, new HashSet<string>(locals) { q.Var }); }
                return;
            case ReduceExpr r:
                CheckAmbiguous(r.Init, keys, locals);
                CheckAmbiguous(r.List, keys, locals);
                CheckAmbiguous(r.Body, keys, new HashSet<string>(locals) { r.Acc, r.Var });
                return;
        }

        foreach (var child in ExprCompiler.Children(e))
        {
            CheckAmbiguous(child, keys, locals);
        }
    }
}
