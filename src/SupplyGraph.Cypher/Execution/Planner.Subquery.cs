namespace SupplyGraph.Cypher;

/// <summary>The body of an <c>EXISTS { … }</c> or <c>COUNT { … }</c> subquery expression.</summary>
internal sealed partial class Planner
{
    /// <summary>
    /// Compiles a reading query that sees the outer row's variables; run per outer row, it yields the body's rows.
    /// Updates and procedure calls are refused: a subquery expression only reads.
    /// </summary>
    internal static Func<object?[], ExecContext, IEnumerable<object?[]>> CompileSubquery(SingleQuery body, Scope outer)
    {
        var scope = outer.Clone();
        var clauses = body.Clauses;
        var stages = new List<Stage>();
        for (var i = 0; i < clauses.Count; i++)
        {
            var c = clauses[i];
            if (c is ReturnClause && i != clauses.Count - 1)
            {
                throw CypherException.Syntax("InvalidClauseComposition", "RETURN can only be used at the end of a subquery", clauses[i + 1].Pos);
            }

            stages.Add(c switch
            {
                MatchClause m => CompileMatch(m, ref scope, clauses, i, out _),
                UnwindClause u => CompileUnwind(u, ref scope),
                WithClause w => Projections.Compile(w.Projection, ref scope, isReturn: false, out _),
                ReturnClause r => Projections.Compile(r.Projection, ref scope, isReturn: true, out _),
                _ => throw CypherException.Syntax("InvalidClauseComposition", $"{ClauseName(c)} is not allowed in an EXISTS or COUNT subquery: it may only read", c.Pos),
            });
        }

        var compiled = stages.ToArray();
        return (row, ctx) =>
        {
            IEnumerable<object?[]> rows = [row];
            foreach (var stage in compiled)
            {
                rows = stage(rows, ctx);
            }

            return rows;
        };
    }
}
