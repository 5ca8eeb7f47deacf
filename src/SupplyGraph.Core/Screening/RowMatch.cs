namespace SupplyGraph.Core.Screening;

/// <summary>How a row resolved against the graph, with the rule and reasons the resolver gave.</summary>
/// <param name="Outcome"><c>matched</c>, <c>ambiguous</c> (a person must decide; never guessed) or <c>no-match</c>.</param>
/// <param name="EntityId">The matched entity, or for an ambiguous row the candidate it may be; null for no match.</param>
/// <param name="EntityName">That entity's name.</param>
/// <param name="MatchedBy">The resolver's rule (<c>identifier:lei</c>, <c>name</c>, <c>alias</c>, <c>fuzzy 0.93</c>…).</param>
/// <param name="Score">1 for identifier and exact-name rules, the fuzzy score otherwise.</param>
/// <param name="Reasons">The names that matched and any guard that kept the match from being made.</param>
public sealed record RowMatch(string Outcome, string? EntityId, string? EntityName, string MatchedBy, double Score, IReadOnlyList<string> Reasons)
{
    /// <summary>The row is one of the graph's parties.</summary>
    public const string Matched = "matched";

    /// <summary>The row may be a party of the graph; a person decides.</summary>
    public const string Ambiguous = "ambiguous";

    /// <summary>No party of the graph matches.</summary>
    public const string NoMatch = "no-match";
}
