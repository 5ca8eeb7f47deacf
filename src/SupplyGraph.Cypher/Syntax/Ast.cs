namespace SupplyGraph.Cypher;

internal abstract record Expr
{
    public int Pos { get; init; } = -1;

    // Two expressions written alike are equal wherever they appear (used to match ORDER BY and grouping keys).
    public virtual bool Equals(Expr? other) => other is not null && EqualityContract == other.EqualityContract;

    public override int GetHashCode() => EqualityContract.GetHashCode();
}

internal sealed record LiteralExpr(object? Value) : Expr;

internal sealed record ParamExpr(string Name) : Expr;

internal sealed record VarExpr(string Name) : Expr;

internal sealed record PropExpr(Expr Target, string Key) : Expr;

internal sealed record IndexExpr(Expr Target, Expr Index) : Expr;

internal sealed record SliceExpr(Expr Target, Expr? From, Expr? To) : Expr;

internal sealed record BinaryExpr(string Op, Expr Left, Expr Right) : Expr;

internal sealed record UnaryExpr(string Op, Expr Operand) : Expr;

internal sealed record CompareExpr(IReadOnlyList<string> Ops, IReadOnlyList<Expr> Operands) : Expr;

internal sealed record IsNullExpr(Expr Operand, bool Negated) : Expr;

internal sealed record ListExpr(IReadOnlyList<Expr> Items) : Expr;

internal sealed record MapExpr(IReadOnlyList<KeyValuePair<string, Expr>> Entries) : Expr;

internal sealed record CallExpr(string Name, bool Distinct, IReadOnlyList<Expr> Args) : Expr;

internal sealed record CountStarExpr : Expr;

internal sealed record CaseExpr(Expr? Test, IReadOnlyList<(Expr When, Expr Then)> Branches, Expr? Else) : Expr;

internal sealed record ListCompExpr(string Var, Expr List, Expr? Where, Expr? Projection) : Expr;

internal sealed record QuantifierExpr(string Kind, string Var, Expr List, Expr? Where) : Expr;

internal sealed record ReduceExpr(string Acc, Expr Init, string Var, Expr List, Expr Body) : Expr;

internal sealed record PatternCompExpr(PatternPart Pattern, Expr? Where, Expr Projection) : Expr;

internal sealed record PatternExpr(PatternPart Pattern) : Expr;

internal sealed record LabelCheckExpr(Expr Target, IReadOnlyList<string> Labels) : Expr;

internal sealed record MapProjectionExpr(string Var, IReadOnlyList<MapProjectionItem> Items) : Expr;

internal sealed record MapProjectionItem(string? Key, Expr? Value, bool AllProperties, string? PropertyKey);

internal sealed record ExistsExpr(Expr Inner) : Expr;

/// <summary><c>EXISTS { [MATCH] pattern [WHERE …] }</c> or <c>COUNT { … }</c>: a pattern matched per row.</summary>
internal sealed record SubqueryExpr(bool Count, IReadOnlyList<PatternPart> Patterns, Expr? Where) : Expr;

/// <summary><c>EXISTS { MATCH … WHERE … WITH … RETURN … }</c> or <c>COUNT { … }</c>: a reading query run per row.</summary>
internal sealed record SubqueryBodyExpr(bool Count, SingleQuery Body) : Expr;

internal sealed record NodePattern(string? Var, IReadOnlyList<string> Labels, Expr? Properties, int Pos);

internal sealed record RelPattern(
    string? Var,
    IReadOnlyList<string> Types,
    CypherDirection Direction,
    Expr? Properties,
    bool VarLength,
    int? MinHops,
    int? MaxHops,
    int Pos);

internal sealed record PatternPart(string? PathVar, string? Shortest, IReadOnlyList<NodePattern> Nodes, IReadOnlyList<RelPattern> Rels, int Pos);

internal abstract record Clause
{
    public int Pos { get; init; } = -1;
}

internal sealed record MatchClause(bool Optional, IReadOnlyList<PatternPart> Patterns, Expr? Where) : Clause;

internal sealed record UnwindClause(Expr List, string Var) : Clause;

internal sealed record ProjectionItem(Expr Expr, string? Alias, string Text, int Pos);

internal sealed record SortItem(Expr Expr, bool Descending, string Text);

internal sealed record Projection(
    bool Distinct,
    bool Star,
    IReadOnlyList<ProjectionItem> Items,
    IReadOnlyList<SortItem> OrderBy,
    Expr? Skip,
    Expr? Limit,
    Expr? Where);

internal sealed record WithClause(Projection Projection) : Clause;

internal sealed record ReturnClause(Projection Projection) : Clause;

internal sealed record CreateClause(IReadOnlyList<PatternPart> Patterns) : Clause;

internal sealed record MergeClause(PatternPart Pattern, IReadOnlyList<SetItem> OnCreate, IReadOnlyList<SetItem> OnMatch) : Clause;

internal abstract record SetItem;

internal sealed record SetPropertyItem(PropExpr Target, Expr Value) : SetItem;

internal sealed record SetAllItem(string Var, Expr Value, bool Merge) : SetItem;

internal sealed record SetLabelsItem(string Var, IReadOnlyList<string> Labels) : SetItem;

internal sealed record SetClause(IReadOnlyList<SetItem> Items) : Clause;

internal abstract record RemoveItem;

internal sealed record RemovePropertyItem(PropExpr Target) : RemoveItem;

internal sealed record RemoveLabelsItem(string Var, IReadOnlyList<string> Labels) : RemoveItem;

internal sealed record RemoveClause(IReadOnlyList<RemoveItem> Items) : Clause;

internal sealed record DeleteClause(bool Detach, IReadOnlyList<Expr> Targets) : Clause;

internal sealed record ForeachClause(string Var, Expr List, IReadOnlyList<Clause> Body) : Clause;

internal sealed record CallClause(string Procedure, IReadOnlyList<Expr>? Args, IReadOnlyList<(string Field, string Alias)>? Yields, bool YieldStar, Expr? Where) : Clause;

internal sealed record SingleQuery(IReadOnlyList<Clause> Clauses);

internal sealed record QueryAst(IReadOnlyList<SingleQuery> Parts, IReadOnlyList<bool> UnionAll, string? Mode = null);
