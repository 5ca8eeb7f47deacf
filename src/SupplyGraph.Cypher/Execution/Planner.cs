namespace SupplyGraph.Cypher;

internal delegate IEnumerable<object?[]> Stage(IEnumerable<object?[]> input, ExecContext ctx);

/// <summary>A compiled query: column names and a pipeline from an empty input row to result rows.</summary>
internal sealed class CompiledQuery
{
    public required IReadOnlyList<string> Columns { get; init; }

    public IReadOnlyList<CypherPlanStep> Steps { get; init; } = [];

    public string? Mode { get; init; }

    public required Func<ExecContext, IEnumerable<object?[]>> Run { get; init; }

    public required bool Updates { get; init; }
}

/// <summary>Compiles the syntax tree clause by clause; each clause maps an input scope to an output scope.</summary>
internal sealed partial class Planner
{
    private readonly CypherProcedures? _procedures;

    public Planner(CypherProcedures? procedures) => _procedures = procedures;

    public CompiledQuery Compile(QueryAst ast)
    {
        if (ast.UnionAll.Count > 0 && ast.UnionAll.Distinct().Count() > 1)
        {
            throw CypherException.Syntax("InvalidClauseComposition", "UNION and UNION ALL cannot be mixed");
        }

        var parts = ast.Parts.Select((p, i) => CompileSingle(p, i + 1)).ToList();
        if (parts.Count == 1)
        {
            return new CompiledQuery { Columns = parts[0].Columns, Run = parts[0].Run, Updates = parts[0].Updates, Steps = parts[0].Steps, Mode = ast.Mode };
        }

        var columns = parts[0].Columns;
        foreach (var p in parts.Skip(1))
        {
            if (!p.Columns.SequenceEqual(columns))
            {
                throw CypherException.Syntax("DifferentColumnsInUnion", "All sub queries in a UNION must have the same column names");
            }
        }

        var distinct = !ast.UnionAll[0];
        return new CompiledQuery
        {
            Columns = columns,
            Updates = parts.Any(p => p.Updates),
            Steps = [.. parts.SelectMany(p => p.Steps), new CypherPlanStep(0, "UNION", distinct ? "rows of all parts, duplicates removed" : "rows of all parts (ALL)")],
            Mode = ast.Mode,
            Run = ctx =>
            {
                var all = parts.SelectMany(p => p.Run(ctx));
                return distinct ? Distinct(all, ctx) : all;
            },
        };
    }

    private static IEnumerable<object?[]> Distinct(IEnumerable<object?[]> rows, ExecContext ctx)
    {
        var seen = new HashSet<RowKey>();
        foreach (var r in rows)
        {
            if (Projections.AddDistinct(seen, r, ctx))
            {
                yield return r;
            }
        }
    }

    /// <summary>Runs a stage to the end and keeps its rows, each charged to the memory budget.</summary>
    private static List<object?[]> Materialize(IEnumerable<object?[]> rows, ExecContext ctx)
    {
        var list = new List<object?[]>();
        foreach (var r in rows)
        {
            ctx.Tick();
            ctx.Memory.ChargeRow(r.Length);
            list.Add(r);
        }

        return list;
    }

    private static bool IsUpdating(Clause c) => c is CreateClause or MergeClause or SetClause or RemoveClause or DeleteClause or ForeachClause;

    private CompiledQuery CompileSingle(SingleQuery q, int part)
    {
        var steps = new List<CypherPlanStep>();
        var clauses = q.Clauses;
        var updates = clauses.Any(IsUpdating);
        for (var i = 0; i < clauses.Count; i++)
        {
            if (clauses[i] is ReturnClause && i != clauses.Count - 1)
            {
                throw CypherException.Syntax("InvalidClauseComposition", "RETURN can only be used at the end of the query", clauses[i + 1].Pos);
            }
        }

        var last = clauses[^1];
        if (last is not ReturnClause && !IsUpdating(last) && last is not CallClause)
        {
            throw CypherException.Syntax("InvalidClauseComposition", "Query cannot conclude with " + ClauseName(last) + " (must be RETURN or an update clause)", last.Pos);
        }

        if (last is CallClause && clauses.Count > 1 && ((CallClause)last).Yields is not null)
        {
            throw CypherException.Syntax("InvalidClauseComposition", "Query cannot conclude with CALL … YIELD", last.Pos);
        }

        var scope = new Scope();
        var stages = new List<Stage>();
        IReadOnlyList<string> columns = [];
        for (var i = 0; i < clauses.Count; i++)
        {
            var c = clauses[i];
            Stage stage;
            var matchPlan = "";
            switch (c)
            {
                case MatchClause m:
                    stage = CompileMatch(m, ref scope, clauses, i, out matchPlan);
                    break;
                case UnwindClause u:
                    stage = CompileUnwind(u, ref scope);
                    break;
                case WithClause w:
                    stage = Projections.Compile(w.Projection, ref scope, isReturn: false, out _);
                    break;
                case ReturnClause r:
                    stage = Projections.Compile(r.Projection, ref scope, isReturn: true, out var cols);
                    columns = cols;
                    break;
                case var u when IsUpdating(u):
                    stage = CompileUpdating(u, scope);
                    break;
                case CallClause call:
                    stage = CompileCall(call, ref scope, standalone: clauses.Count == 1, out var callColumns);
                    if (clauses.Count == 1)
                    {
                        columns = callColumns;
                    }

                    break;
                default:
                    throw CypherException.Syntax("UnexpectedSyntax", "Unsupported clause", c.Pos);
            }

            steps.Add(new CypherPlanStep(part, ClauseName(c), Describe(c, matchPlan, updates)));
            var index = steps.Count - 1;
            var counted = stage;
            stage = (input, ctx) => ctx.Profile is null ? counted(input, ctx) : Count(counted(input, ctx), ctx.Profile, index);

            // Updating queries run clause by clause so that no clause reads the writes of a later one.
            if (updates)
            {
                var inner = stage;
                stage = (input, ctx) => Materialize(inner(input, ctx), ctx);
            }

            stages.Add(stage);
        }

        var final = stages;
        return new CompiledQuery
        {
            Columns = columns,
            Updates = updates,
            Steps = steps,
            Run = ctx =>
            {
                IEnumerable<object?[]> rows = [[]];
                foreach (var s in final)
                {
                    rows = s(rows, ctx);
                }

                return last is ReturnClause || (last is CallClause && clauses.Count == 1) ? rows : Drain(rows);
            },
        };
    }

    private static IEnumerable<object?[]> Drain(IEnumerable<object?[]> rows)
    {
        foreach (var _ in rows)
        {
        }

        yield break;
    }

    private static string ClauseName(Clause c) => c switch
    {
        MatchClause { Optional: true } => "OPTIONAL MATCH",
        MatchClause => "MATCH",
        WithClause => "WITH",
        UnwindClause => "UNWIND",
        DeleteClause { Detach: true } => "DETACH DELETE",
        _ => c.GetType().Name.Replace("Clause", "", StringComparison.Ordinal).ToUpperInvariant(),
    };

    private static IEnumerable<object?[]> Count(IEnumerable<object?[]> rows, long[] profile, int index)
    {
        foreach (var r in rows)
        {
            profile[index]++;
            yield return r;
        }
    }

    /// <summary>What a clause will do, for EXPLAIN and PROFILE (the MATCH text is filled in by the pattern compiler).</summary>
    private static string Describe(Clause c, string matchPlan, bool updates)
    {
        var text = c switch
        {
            MatchClause => matchPlan,
            WithClause w => DescribeProjection(w.Projection),
            ReturnClause r => DescribeProjection(r.Projection),
            UnwindClause u => $"one row per element, as {u.Var}",
            CreateClause cr => $"create {cr.Patterns.Sum(p => p.Nodes.Count)} node pattern(s) and {cr.Patterns.Sum(p => p.Rels.Count)} relationship(s) per row",
            MergeClause => "match the pattern, or create it when there is no match",
            SetClause s => $"{s.Items.Count} assignment(s) per row",
            RemoveClause rm => $"{rm.Items.Count} removal(s) per row",
            DeleteClause d => $"{d.Targets.Count} target(s) per row; nodes last, connected nodes refused{(d.Detach ? " unless detached" : "")}",
            CallClause call => $"procedure {call.Procedure}",
            ForeachClause f => $"for each element of the list as {f.Var}: {string.Join(", ", f.Body.Select(ClauseName))}",
            _ => "",
        };
        return updates && c is not (ReturnClause or WithClause) ? text + " (clause by clause: writes are seen by later clauses only)" : text;
    }

    private static string DescribeProjection(Projection p)
    {
        var parts = new List<string>();
        var aggregating = p.Items.Any(i => ExprCompiler.ContainsAggregate(i.Expr));
        parts.Add(aggregating ? $"aggregate, grouped by {p.Items.Count(i => !ExprCompiler.ContainsAggregate(i.Expr))} key(s)" : $"project {p.Items.Count + (p.Star ? 1 : 0)} column(s)");
        if (p.Distinct)
        {
            parts.Add("distinct");
        }

        if (p.OrderBy.Count > 0)
        {
            parts.Add("sort by " + string.Join(", ", p.OrderBy.Select(o => o.Text + (o.Descending ? " DESC" : ""))));
        }

        if (p.Skip is not null)
        {
            parts.Add("skip");
        }

        if (p.Limit is not null)
        {
            parts.Add("limit");
        }

        if (p.Where is not null)
        {
            parts.Add("filter");
        }

        return string.Join("; ", parts);
    }


    private static Stage CompileMatch(MatchClause m, ref Scope scope, IReadOnlyList<Clause> clauses, int index, out string plan)
    {
        var inputWidth = scope.Count;
        var outScope = scope.Clone();
        var matcher = PatternCompiler.Compile(m.Patterns, outScope, m.Where);
        var where = m.Where is null ? null : new ExprCompiler(outScope).Compile(m.Where);
        if (m.Where is not null && ExprCompiler.ContainsAggregate(m.Where))
        {
            throw CypherException.Syntax("InvalidAggregation", "Aggregations are not allowed in WHERE", m.Where.Pos);
        }

        if (!m.Optional)
        {
            MarkPruning(matcher, m, clauses, index);
        }

        var optional = m.Optional;
        var width = outScope.Count;
        plan = matcher.Describe() + (m.Where is null ? "" : "; filter by WHERE");
        scope = outScope;
        return (input, ctx) => Run(input, ctx);

        IEnumerable<object?[]> Run(IEnumerable<object?[]> input, ExecContext ctx)
        {
            foreach (var row in input)
            {
                ctx.Tick();
                var any = false;
                foreach (var r in matcher.Matches(row, ctx))
                {
                    if (where is not null && !ExprCompiler.Passes(where, r, ctx))
                    {
                        continue;
                    }

                    any = true;
                    yield return r;
                }

                if (!any && optional)
                {
                    var r = new object?[width];
                    Array.Copy(row, r, Math.Min(row.Length, inputWidth));
                    yield return r;
                }
            }
        }
    }

    /// <summary>
    /// A variable-length relationship with no variable, in no named path, whose rows only feed a DISTINCT
    /// projection, may visit each end node once instead of enumerating every trail (Neo4j's pruning expand).
    /// </summary>
    private static void MarkPruning(PatternMatcher matcher, MatchClause m, IReadOnlyList<Clause> clauses, int index)
    {
        if (index + 1 >= clauses.Count)
        {
            return;
        }

        var next = clauses[index + 1];
        var projection = next switch
        {
            ReturnClause r => r.Projection,
            WithClause w => w.Projection,
            _ => null,
        };
        if (projection is null || !projection.Distinct || projection.Star)
        {
            return;
        }

        var allRels = m.Patterns.SelectMany(p => p.Rels).ToList();
        foreach (var (part, compiled) in m.Patterns.Zip(matcher.Parts))
        {
            if (part.PathVar is not null || part.Shortest is not null)
            {
                continue;
            }

            for (var i = 0; i < part.Rels.Count; i++)
            {
                var rp = part.Rels[i];
                if (!rp.VarLength || rp.Var is not null || rp.Direction == CypherDirection.Both || (rp.MinHops ?? 1) > 1 || rp.Types.Count == 0)
                {
                    continue;
                }

                // Other relationships in the clause must not be able to use the same relationships (uniqueness).
                var disjoint = allRels.Where(o => !ReferenceEquals(o, rp)).All(o => o.Types.Count > 0 && !o.Types.Intersect(rp.Types).Any());
                if (disjoint)
                {
                    compiled.Rels[i].PruneToEndpoints = true;
                }
            }
        }
    }

    /// <summary>CREATE, MERGE, SET, REMOVE, DELETE, FOREACH — in a query or in a FOREACH body.</summary>
    private static Stage CompileUpdating(Clause c, Scope scope) => c switch
    {
        CreateClause cr => Updates.CompileCreate(cr, scope),
        MergeClause me => Updates.CompileMerge(me, scope),
        SetClause s => Updates.CompileSet(s.Items, scope),
        RemoveClause rm => Updates.CompileRemove(rm, scope),
        DeleteClause d => Updates.CompileDelete(d, scope),
        ForeachClause f => CompileForeach(f, scope),
        _ => throw CypherException.Syntax("InvalidClauseComposition", "Only updating clauses may appear here", c.Pos),
    };

    /// <summary>FOREACH: the body's updating clauses run once per list element; the rows pass on unchanged.</summary>
    private static Stage CompileForeach(ForeachClause f, Scope scope)
    {
        var list = new ExprCompiler(scope).Compile(f.List);
        var inner = scope.Clone();
        if (inner.Has(f.Var))
        {
            throw CypherException.Syntax("VariableAlreadyBound", $"Variable `{f.Var}` already declared", f.Pos);
        }

        var slot = inner.Add(f.Var, VarKind.Any);
        var body = f.Body.Select(c => CompileUpdating(c, inner)).ToList();

        var width = inner.Count;
        return (rows, ctx) => rows.Select(row =>
        {
            if (list(row, ctx) is { } value)
            {
                var items = value as List<object?> ?? throw CypherException.Type("InvalidArgumentType", $"FOREACH expects a list, got {Values.TypeName(value)}");
                foreach (var item in items)
                {
                    ctx.Tick();
                    var r = new object?[width];
                    Array.Copy(row, r, Math.Min(row.Length, width));
                    r[slot] = item;
                    IEnumerable<object?[]> current = [r];
                    foreach (var stage in body)
                    {
                        current = Materialize(stage(current, ctx), ctx);
                    }
                }
            }

            return row;
        });
    }

    private static Stage CompileUnwind(UnwindClause u, ref Scope scope)
    {
        var list = new ExprCompiler(scope).Compile(u.List);
        if (scope.Has(u.Var))
        {
            throw CypherException.Syntax("VariableAlreadyBound", $"Variable `{u.Var}` already declared", u.Pos);
        }

        var outScope = scope.Clone();
        var slot = outScope.Add(u.Var, VarKind.Any);
        var width = outScope.Count;
        scope = outScope;
        return Run;

        IEnumerable<object?[]> Run(IEnumerable<object?[]> input, ExecContext ctx)
        {
            foreach (var row in input)
            {
                var v = list(row, ctx);
                if (v is null)
                {
                    continue;
                }

                if (v is List<object?> items)
                {
                    foreach (var item in items)
                    {
                        ctx.Tick();
                        var r = new object?[width];
                        Array.Copy(row, r, Math.Min(row.Length, width));
                        r[slot] = item;
                        yield return r;
                    }
                }
                else
                {
                    var r = new object?[width];
                    Array.Copy(row, r, Math.Min(row.Length, width));
                    r[slot] = v;
                    yield return r;
                }
            }
        }
    }

    private Stage CompileCall(CallClause call, ref Scope scope, bool standalone, out IReadOnlyList<string> columns)
    {
        var proc = _procedures?.Find(call.Procedure)
            ?? throw new CypherException("ProcedureError", "ProcedureNotFound", $"There is no procedure with the name `{call.Procedure}`", true, call.Pos);
        var ec = new ExprCompiler(scope);
        Eval[] args;
        if (call.Args is null)
        {
            if (!standalone)
            {
                throw CypherException.Syntax("InvalidArgumentPassingMode", "Procedure call inside a query does not support passing arguments implicitly", call.Pos);
            }

            args = proc.Inputs.Select(i => ec.Compile(new ParamExpr(i.Name))).ToArray();
        }
        else
        {
            if (call.Args.Count != proc.Inputs.Count)
            {
                throw CypherException.Syntax("InvalidNumberOfArguments", $"Procedure {proc.Name} takes {proc.Inputs.Count} arguments", call.Pos);
            }

            foreach (var a in call.Args)
            {
                if (ExprCompiler.ContainsAggregate(a))
                {
                    throw CypherException.Syntax("InvalidAggregation", "Aggregations are not allowed in procedure arguments", a.Pos);
                }
            }

            args = call.Args.Select(ec.Compile).ToArray();
        }

        if (call.YieldStar && !standalone)
        {
            throw CypherException.Syntax("UnexpectedSyntax", "YIELD * is only allowed in a standalone procedure call", call.Pos);
        }

        var outScope = scope.Clone();
        var fieldSlots = new List<(int Field, int Slot)>();
        if (call.Yields is not null)
        {
            foreach (var (field, alias) in call.Yields)
            {
                var fi = proc.Outputs.FindIndex(o => o.Name == field);
                if (fi < 0)
                {
                    throw CypherException.Syntax("UndefinedVariable", $"Unknown procedure output `{field}`", call.Pos);
                }

                if (outScope.Has(alias))
                {
                    throw CypherException.Syntax("VariableAlreadyBound", $"Variable `{alias}` already declared", call.Pos);
                }

                fieldSlots.Add((fi, outScope.Add(alias, VarKind.Any)));
            }
        }
        else if (standalone || call.YieldStar)
        {
            for (var fi = 0; fi < proc.Outputs.Count; fi++)
            {
                fieldSlots.Add((fi, outScope.Add(proc.Outputs[fi].Name, VarKind.Any)));
            }
        }
        else if (proc.Outputs.Count > 0)
        {
            // In-query calls without YIELD keep the rows but bind nothing.
        }

        var where = call.Where is null ? null : new ExprCompiler(outScope).Compile(call.Where);
        columns = standalone ? fieldSlots.Select(f => outScope.Names[f.Slot]).ToList() : [];
        var width = outScope.Count;
        var standaloneColumns = standalone;
        scope = outScope;
        return Run;

        IEnumerable<object?[]> Run(IEnumerable<object?[]> input, ExecContext ctx)
        {
            foreach (var row in input)
            {
                var values = args.Select(a => a(row, ctx)).ToList();
                proc.CheckArguments(values);
                if (proc.Outputs.Count == 0 && !standaloneColumns)
                {
                    // A void procedure keeps each row as it is.
                    foreach (var _ in proc.Invoke(values))
                    {
                    }

                    yield return row;
                    continue;
                }

                foreach (var output in proc.Invoke(values))
                {
                    ctx.Tick();
                    var r = new object?[width];
                    Array.Copy(row, r, Math.Min(row.Length, width));
                    foreach (var (field, slot) in fieldSlots)
                    {
                        r[slot] = output[field];
                    }

                    if (where is not null && !ExprCompiler.Passes(where, r, ctx))
                    {
                        continue;
                    }

                    yield return standaloneColumns ? fieldSlots.Select(f => r[f.Slot]).ToArray() : r;
                }
            }
        }
    }
}
