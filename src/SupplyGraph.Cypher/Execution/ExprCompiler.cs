namespace SupplyGraph.Cypher;

internal delegate object? Eval(object?[] row, ExecContext ctx);

/// <summary>An aggregate found in a projection item: its function, argument and DISTINCT flag.</summary>
internal sealed record AggregateSpec(string Function, Eval? Argument, bool Distinct, Eval? Extra);

/// <summary>Compiles expressions into closures over row slots; unknown variables fail here, before running.</summary>
internal sealed partial class ExprCompiler
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
            case SubqueryBodyExpr body:
                foreach (var x in SubqueryVariables(body.Body)) { yield return x; }
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

    /// <summary>Every variable a subquery body names (outer ones it reads and its own), for dependency checks.</summary>
    private static IEnumerable<string> SubqueryVariables(SingleQuery body)
    {
        foreach (var clause in body.Clauses)
        {
            IEnumerable<Expr> exprs = clause switch
            {
                MatchClause m => m.Where is null ? [] : [m.Where],
                UnwindClause u => [u.List],
                WithClause w => ProjectionExprs(w.Projection),
                ReturnClause r => ProjectionExprs(r.Projection),
                _ => [],
            };
            if (clause is MatchClause mc)
            {
                foreach (var x in mc.Patterns.SelectMany(PatternVariables))
                {
                    yield return x;
                }
            }

            foreach (var x in exprs.SelectMany(FreeVariables))
            {
                yield return x;
            }
        }

        static IEnumerable<Expr> ProjectionExprs(Projection p) =>
            p.Items.Select(i => i.Expr).Concat(p.OrderBy.Select(o => o.Expr)).Concat(p.Where is null ? [] : [p.Where]);
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

            case SubqueryBodyExpr body:
                {
                    var run = Planner.CompileSubquery(body.Body, _scope);
                    var count = body.Count;
                    return (row, ctx) =>
                    {
                        long n = 0;
                        foreach (var unused in run(row, ctx))
                        {
                            ctx.Tick();
                            if (!count)
                            {
                                return true;
                            }

                            n++;
                        }

                        return count ? n : false;
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
}
