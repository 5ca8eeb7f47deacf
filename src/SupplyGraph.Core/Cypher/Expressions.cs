namespace SupplyGraph.Core.Cypher;

internal delegate object? Eval(object?[] row, ExecContext ctx);

/// <summary>An aggregate found in a projection item: its function, argument and DISTINCT flag.</summary>
internal sealed record AggregateSpec(string Function, Eval? Argument, bool Distinct, Eval? Extra);

/// <summary>Compiles expressions into closures over row slots; unknown variables fail here, before running.</summary>
internal sealed class ExprCompiler
{
    private readonly Scope _scope;
    private readonly List<AggregateSpec>? _aggregates;
    private bool _insideAggregate;
    private bool _insideLocalScope;

    public ExprCompiler(Scope scope, List<AggregateSpec>? aggregates = null)
    {
        _scope = scope;
        _aggregates = aggregates;
    }

    public Scope Scope => _scope;

    public static readonly HashSet<string> AggregateFunctions = new(StringComparer.OrdinalIgnoreCase)
    {
        "count", "sum", "avg", "min", "max", "collect", "stdev", "stdevp", "percentilecont", "percentiledisc",
    };

    public static bool ContainsAggregate(Expr e) => e switch
    {
        CountStarExpr => true,
        CallExpr c when AggregateFunctions.Contains(c.Name) => true,
        _ => Children(e).Any(ContainsAggregate),
    };

    public static IEnumerable<Expr> Children(Expr e)
    {
        switch (e)
        {
            case PropExpr p: yield return p.Target; break;
            case IndexExpr i: yield return i.Target; yield return i.Index; break;
            case SliceExpr s:
                yield return s.Target;
                if (s.From is not null) { yield return s.From; }
                if (s.To is not null) { yield return s.To; }
                break;
            case BinaryExpr b: yield return b.Left; yield return b.Right; break;
            case UnaryExpr u: yield return u.Operand; break;
            case CompareExpr c: foreach (var o in c.Operands) { yield return o; } break;
            case IsNullExpr n: yield return n.Operand; break;
            case ListExpr l: foreach (var x in l.Items) { yield return x; } break;
            case MapExpr m: foreach (var kv in m.Entries) { yield return kv.Value; } break;
            case CallExpr c: foreach (var a in c.Args) { yield return a; } break;
            case CaseExpr c:
                if (c.Test is not null) { yield return c.Test; }
                foreach (var (w, t) in c.Branches) { yield return w; yield return t; }
                if (c.Else is not null) { yield return c.Else; }
                break;
            case ListCompExpr lc:
                yield return lc.List;
                if (lc.Where is not null) { yield return lc.Where; }
                if (lc.Projection is not null) { yield return lc.Projection; }
                break;
            case QuantifierExpr q:
                yield return q.List;
                if (q.Where is not null) { yield return q.Where; }
                break;
            case ReduceExpr r: yield return r.Init; yield return r.List; yield return r.Body; break;
            case LabelCheckExpr lc2: yield return lc2.Target; break;
            case ExistsExpr ex: yield return ex.Inner; break;
            case SubqueryExpr sq when sq.Where is not null: yield return sq.Where; break;
            case MapProjectionExpr mp:
                foreach (var it in mp.Items)
                {
                    if (it.Value is not null) { yield return it.Value; }
                }

                break;
        }
    }

    public static IEnumerable<string> FreeVariables(Expr e)
    {
        switch (e)
        {
            case VarExpr v:
                yield return v.Name;
                yield break;
            case ListCompExpr lc:
                foreach (var x in FreeVariables(lc.List)) { yield return x; }
                foreach (var inner in new[] { lc.Where, lc.Projection })
                {
                    if (inner is null) { continue; }
                    foreach (var x in FreeVariables(inner)) { if (x != lc.Var) { yield return x; } }
                }

                yield break;
            case QuantifierExpr q:
                foreach (var x in FreeVariables(q.List)) { yield return x; }
                if (q.Where is not null)
                {
                    foreach (var x in FreeVariables(q.Where)) { if (x != q.Var) { yield return x; } }
                }

                yield break;
            case ReduceExpr r:
                foreach (var x in FreeVariables(r.Init)) { yield return x; }
                foreach (var x in FreeVariables(r.List)) { yield return x; }
                foreach (var x in FreeVariables(r.Body)) { if (x != r.Acc && x != r.Var) { yield return x; } }
                yield break;
            case MapProjectionExpr mp:
                yield return mp.Var;
                break;
            case PatternExpr pe:
                foreach (var x in PatternVariables(pe.Pattern)) { yield return x; }
                yield break;
            case PatternCompExpr pc:
                foreach (var x in PatternVariables(pc.Pattern)) { yield return x; }
                yield break;
            case SubqueryExpr sq:
                foreach (var x in sq.Patterns.SelectMany(PatternVariables)) { yield return x; }
                yield break;
        }

        foreach (var c in Children(e))
        {
            foreach (var x in FreeVariables(c))
            {
                yield return x;
            }
        }
    }

    private static IEnumerable<string> PatternVariables(PatternPart p)
    {
        foreach (var n in p.Nodes)
        {
            if (n.Var is not null) { yield return n.Var; }
        }

        foreach (var r in p.Rels)
        {
            if (r.Var is not null) { yield return r.Var; }
        }
    }

    public Eval Compile(Expr e)
    {
        switch (e)
        {
            case LiteralExpr lit:
                {
                    var v = lit.Value;
                    return (_, _) => v;
                }

            case ParamExpr p:
                {
                    var name = p.Name;
                    return (_, ctx) => ctx.Parameters.TryGetValue(name, out var v)
                        ? Values.FromClr(v)
                        : throw new CypherException("ParameterMissing", "MissingParameter", $"Expected parameter ${name}", true);
                }

            case VarExpr v:
                {
                    var i = _scope.IndexOf(v.Name);
                    if (i < 0)
                    {
                        throw CypherException.Syntax("UndefinedVariable", $"Variable `{v.Name}` not defined", v.Pos);
                    }

                    return (row, _) => row[i];
                }

            case PropExpr pe:
                {
                    RequireType(pe.Target, "property access", "Node", "Relationship", "Map");
                    var target = Compile(pe.Target);
                    var key = pe.Key;
                    return (row, ctx) => Property(target(row, ctx), key, ctx);
                }

            case IndexExpr ie:
                {
                    var target = Compile(ie.Target);
                    var index = Compile(ie.Index);
                    return (row, ctx) => IndexValue(target(row, ctx), index(row, ctx), ctx);
                }

            case SliceExpr se:
                {
                    var target = Compile(se.Target);
                    var from = se.From is null ? null : Compile(se.From);
                    var to = se.To is null ? null : Compile(se.To);
                    return (row, ctx) => Slice(target(row, ctx), from?.Invoke(row, ctx), to?.Invoke(row, ctx), se.From is null, se.To is null, ctx);
                }

            case BinaryExpr be:
                return CompileBinary(be);
            case UnaryExpr ue:
                {
                    if (ue.Op == "NOT")
                    {
                        RequireType(ue.Operand, "NOT", "Boolean");
                    }

                    var operand = Compile(ue.Operand);
                    return ue.Op switch
                    {
                        "NOT" => (row, ctx) => Values.AsBool(operand(row, ctx), "NOT") is bool b ? !b : null,
                        "-" => (row, ctx) => operand(row, ctx) switch
                        {
                            null => null,
                            long l => l == long.MinValue ? throw new CypherException("ArithmeticError", "IntegerOverflow", "Integer overflow", false) : -l,
                            double d => -d,
                            var x => throw CypherException.Type("InvalidArgumentType", $"Cannot negate {Values.TypeName(x)}"),
                        },
                        _ => (row, ctx) => operand(row, ctx) is var x && x is null or long or double
                            ? x
                            : throw CypherException.Type("InvalidArgumentType", $"Cannot apply unary plus to {Values.TypeName(x)}"),
                    };
                }

            case CompareExpr ce:
                return CompileCompare(ce);
            case IsNullExpr n:
                {
                    var operand = Compile(n.Operand);
                    return n.Negated ? (row, ctx) => operand(row, ctx) is not null : (row, ctx) => operand(row, ctx) is null;
                }

            case ListExpr le:
                {
                    var items = le.Items.Select(Compile).ToArray();
                    return (row, ctx) =>
                    {
                        ctx.Memory.ChargeList(items.Length);
                        var list = new List<object?>(items.Length);
                        foreach (var it in items)
                        {
                            list.Add(it(row, ctx));
                        }

                        return list;
                    };
                }

            case MapExpr me:
                {
                    var keys = me.Entries.Select(kv => kv.Key).ToArray();
                    var vals = me.Entries.Select(kv => Compile(kv.Value)).ToArray();
                    return (row, ctx) =>
                    {
                        ctx.Memory.ChargeMap(keys.Length);
                        var map = new Dictionary<string, object?>(keys.Length);
                        for (var i = 0; i < keys.Length; i++)
                        {
                            map[keys[i]] = vals[i](row, ctx);
                        }

                        return map;
                    };
                }

            case CountStarExpr:
                return CompileAggregate("count", null, false, null, e.Pos);
            case CallExpr call:
                return CompileCall(call);
            case CaseExpr ce2:
                return CompileCase(ce2);
            case ListCompExpr lc:
                return CompileListComprehension(lc);
            case QuantifierExpr q:
                return CompileQuantifier(q);
            case ReduceExpr r:
                return CompileReduce(r);
            case LabelCheckExpr lce:
                {
                    var target = Compile(lce.Target);
                    var labels = lce.Labels;
                    return (row, ctx) => target(row, ctx) switch
                    {
                        null => null,
                        CypherNode n => labels.All(l => ctx.Graph.HasLabel(n.Id, l)),
                        var x => throw CypherException.Type("InvalidArgumentType", $"Label check on {Values.TypeName(x)}"),
                    };
                }

            case MapProjectionExpr mp:
                return CompileMapProjection(mp);
            case PatternExpr pe2:
                {
                    var matcher = PatternCompiler.CompileSubPattern(pe2.Pattern, _scope);
                    return (row, ctx) => matcher.Any(row, ctx);
                }

            case PatternCompExpr pc:
                {
                    var inner = _scope.Clone();
                    var matcher = PatternCompiler.CompileSubPattern(pc.Pattern, inner);
                    var sub = new ExprCompiler(inner);
                    var where = pc.Where is null ? null : sub.Compile(pc.Where);
                    var proj = sub.Compile(pc.Projection);
                    return (row, ctx) =>
                    {
                        ctx.Memory.ChargeList(0);
                        var list = new List<object?>();
                        foreach (var r in matcher.Matches(row, ctx))
                        {
                            ctx.Tick();
                            if (where is null || Passes(where, r, ctx))
                            {
                                var item = proj(r, ctx);
                                ctx.Memory.Append(list, item);
                            }
                        }

                        return list;
                    };
                }

            case SubqueryExpr sq:
                {
                    var inner = _scope.Clone();
                    var matcher = PatternCompiler.Compile(sq.Patterns, inner, sq.Where);
                    var where = sq.Where is null ? null : new ExprCompiler(inner).Compile(sq.Where);
                    var count = sq.Count;
                    return (row, ctx) =>
                    {
                        long n = 0;
                        foreach (var r in matcher.Matches(row, ctx))
                        {
                            ctx.Tick();
                            if (where is not null && !Passes(where, r, ctx))
                            {
                                continue;
                            }

                            if (!count)
                            {
                                return true;
                            }

                            n++;
                        }

                        return count ? n : false;
                    };
                }

            case ExistsExpr ex:
                {
                    if (ex.Inner is PatternExpr)
                    {
                        return Compile(ex.Inner);
                    }

                    if (ex.Inner is not PropExpr)
                    {
                        throw CypherException.Syntax("InvalidArgumentExpression", "exists() takes a property or a pattern", ex.Pos);
                    }

                    var inner = Compile(ex.Inner);
                    return (row, ctx) => inner(row, ctx) is not null;
                }

            default:
                throw CypherException.Syntax("UnexpectedSyntax", $"Unsupported expression {e.GetType().Name}", e.Pos);
        }
    }

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

    private Eval CompileBinary(BinaryExpr be)
    {
        if (be.Op is "AND" or "OR" or "XOR")
        {
            RequireType(be.Left, be.Op, "Boolean");
            RequireType(be.Right, be.Op, "Boolean");
        }
        else if (be.Op == "IN")
        {
            RequireType(be.Right, "IN", "List");
        }

        var l = Compile(be.Left);
        var r = Compile(be.Right);
        switch (be.Op)
        {
            case "AND":
                return (row, ctx) =>
                {
                    var a = Values.AsBool(l(row, ctx), "AND");
                    if (a == false)
                    {
                        return false;
                    }

                    var b = Values.AsBool(r(row, ctx), "AND");
                    return b == false ? false : a is null || b is null ? null : true;
                };
            case "OR":
                return (row, ctx) =>
                {
                    var a = Values.AsBool(l(row, ctx), "OR");
                    if (a == true)
                    {
                        return true;
                    }

                    var b = Values.AsBool(r(row, ctx), "OR");
                    return b == true ? true : a is null || b is null ? null : false;
                };
            case "XOR":
                return (row, ctx) =>
                {
                    var a = Values.AsBool(l(row, ctx), "XOR");
                    var b = Values.AsBool(r(row, ctx), "XOR");
                    return a is null || b is null ? null : a != b;
                };
            case "+":
                return (row, ctx) => Values.Add(l(row, ctx), r(row, ctx), ctx);
            case "-" or "*" or "/" or "%" or "^":
                {
                    var op = be.Op;
                    return (row, ctx) => Values.Arith(op, l(row, ctx), r(row, ctx));
                }

            case "IN":
                return (row, ctx) =>
                {
                    var value = l(row, ctx);
                    var list = r(row, ctx);
                    ctx.TickFor(list);
                    return In(value, list);
                };
            case "STARTS WITH":
                return (row, ctx) => l(row, ctx) is string a && r(row, ctx) is string b ? a.StartsWith(Scanned(b, ctx), StringComparison.Ordinal) : null;
            case "ENDS WITH":
                return (row, ctx) => l(row, ctx) is string a && r(row, ctx) is string b ? a.EndsWith(Scanned(b, ctx), StringComparison.Ordinal) : null;
            case "CONTAINS":
                return (row, ctx) => l(row, ctx) is string a && r(row, ctx) is string b ? Scanned(a, ctx).Contains(b, StringComparison.Ordinal) : null;
            case "=~":
                // Regexes are cached per query, with a match timeout from its time budget (see ExecContext.RegexMatch).
                return (row, ctx) => l(row, ctx) is string a && r(row, ctx) is string pattern ? ctx.RegexMatch(a, pattern) : null;

            default:
                throw CypherException.Syntax("UnexpectedSyntax", $"Unknown operator {be.Op}", be.Pos);
        }
    }

    /// <summary>Counts the scan of a long string as work before it happens.</summary>
    private static string Scanned(string s, ExecContext ctx)
    {
        ctx.Tick(s.Length >> 4);
        return s;
    }

    internal static object? In(object? value, object? list)
    {
        if (list is null)
        {
            return null;
        }

        if (list is not List<object?> items)
        {
            throw CypherException.Type("InvalidArgumentType", $"IN expects a list, got {Values.TypeName(list)}");
        }

        var unknown = false;
        foreach (var item in items)
        {
            var eq = Values.Equal(value, item);
            if (eq == true)
            {
                return true;
            }

            unknown |= eq is null;
        }

        return unknown ? null : false;
    }

    private Eval CompileCompare(CompareExpr ce)
    {
        var operands = ce.Operands.Select(Compile).ToArray();
        var ops = ce.Ops.ToArray();
        return (row, ctx) =>
        {
            object? result = true;
            var left = operands[0](row, ctx);
            for (var i = 0; i < ops.Length; i++)
            {
                var right = operands[i + 1](row, ctx);
                ctx.TickFor(right);
                var r = CompareOp(ops[i], left, right);
                if (r == false)
                {
                    return false;
                }

                if (r is null)
                {
                    result = null;
                }

                left = right;
            }

            return result;
        };
    }

    internal static bool? CompareOp(string op, object? a, object? b)
    {
        if ((a is double da && double.IsNaN(da) && Values.IsNumber(b)) || (b is double db && double.IsNaN(db) && Values.IsNumber(a)))
        {
            // NaN is unequal to and unordered against every number: comparisons are false, not unknown.
            return op == "<>";
        }

        switch (op)
        {
            case "=":
                return Values.Equal(a, b);
            case "<>":
                return Values.Equal(a, b) is bool e ? !e : null;
        }

        var c = Values.Compare(a, b);
        if (c is null)
        {
            return null;
        }

        return op switch
        {
            "<" => c < 0,
            ">" => c > 0,
            "<=" => c <= 0,
            _ => c >= 0,
        };
    }

    private Eval CompileCase(CaseExpr ce)
    {
        var test = ce.Test is null ? null : Compile(ce.Test);
        var whens = ce.Branches.Select(b => Compile(b.When)).ToArray();
        var thens = ce.Branches.Select(b => Compile(b.Then)).ToArray();
        var els = ce.Else is null ? null : Compile(ce.Else);
        return (row, ctx) =>
        {
            var t = test?.Invoke(row, ctx);
            for (var i = 0; i < whens.Length; i++)
            {
                var w = whens[i](row, ctx);
                var hit = test is null ? w is true : Values.Equal(t, w) == true;
                if (hit)
                {
                    return thens[i](row, ctx);
                }
            }

            return els?.Invoke(row, ctx);
        };
    }

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

    private Eval CompileCall(CallExpr call)
    {
        var name = call.Name.ToLowerInvariant();
        if (AggregateFunctions.Contains(name))
        {
            if (_aggregates is null)
            {
                throw CypherException.Syntax("InvalidAggregation", $"Aggregation function {call.Name} is not allowed here", call.Pos);
            }

            if (_insideAggregate)
            {
                throw CypherException.Syntax("NestedAggregation", "Aggregations cannot be nested", call.Pos);
            }

            if (_insideLocalScope)
            {
                throw CypherException.Syntax("InvalidAggregation", "Aggregations are not allowed inside list comprehensions and quantifiers", call.Pos);
            }

            if (call.Args.Count == 0 || (call.Args.Count > 1 && !name.StartsWith("percentile", StringComparison.Ordinal)))
            {
                throw CypherException.Syntax("InvalidNumberOfArguments", $"{call.Name} takes one argument", call.Pos);
            }

            if (call.Args[0] is CallExpr { Name: var inner } && inner.Equals("rand", StringComparison.OrdinalIgnoreCase))
            {
                throw CypherException.Syntax("NonConstantExpression", "Aggregating over rand() is not deterministic", call.Pos);
            }

            _insideAggregate = true;
            try
            {
                var arg = Compile(call.Args[0]);
                var extra = call.Args.Count > 1 ? Compile(call.Args[1]) : null;
                return CompileAggregate(name, arg, call.Distinct, extra, call.Pos);
            }
            finally
            {
                _insideAggregate = false;
            }
        }

        if (call.Args.Count == 1 && name is "size" && call.Args[0] is PatternExpr)
        {
            throw CypherException.Syntax("UnexpectedSyntax", "size() of a pattern is not supported; use a pattern comprehension or COUNT", call.Args[0].Pos);
        }

        if (call.Args.Count == 1 && name is "size")
        {
            RequireType(call.Args[0], "size()", "String", "List");
        }
        else if (call.Args.Count == 1 && name is "length")
        {
            RequireType(call.Args[0], "length()", "Path", "String", "List");
        }

        var args = call.Args.Select(Compile).ToArray();
        return Functions.Compile(name, call, args);
    }

    private Eval CompileAggregate(string name, Eval? arg, bool distinct, Eval? extra, int pos)
    {
        if (_aggregates is null)
        {
            throw CypherException.Syntax("InvalidAggregation", "Aggregation is not allowed here", pos);
        }

        if (_insideLocalScope)
        {
            throw CypherException.Syntax("InvalidAggregation", "Aggregations are not allowed inside list comprehensions and quantifiers", pos);
        }

        if (_insideAggregate && arg is null)
        {
            throw CypherException.Syntax("NestedAggregation", "Aggregations cannot be nested", pos);
        }

        var index = _aggregates.Count;
        _aggregates.Add(new AggregateSpec(name, arg, distinct, extra));
        return (_, ctx) => ctx.Aggregates![index];
    }
}
