namespace SupplyGraph.Core.Resolution;

/// <summary>
/// The resolver's answer for one record, with the rule that made it, so that every join can be explained and a
/// review item stored and replayed later.
/// </summary>
/// <param name="Outcome">Join, review or new.</param>
/// <param name="CandidateId">The entity joined or proposed for review; null for a clear new entity.</param>
/// <param name="MatchedBy">
/// The rule: <c>identifier:lei</c>, <c>name</c>, <c>alias</c>, <c>parenthetical</c>, <c>suffix</c>, <c>compound</c>,
/// <c>fuzzy 0.93</c>; empty when nothing matched.
/// </param>
/// <param name="Score">1 for identifier and exact-name rules, the fuzzy score otherwise.</param>
/// <param name="Reasons">Why: the names that matched and any guard that blocked an automatic join.</param>
/// <param name="Split">The record's compound name, split into the child it lists and the parent it names; null when simple.</param>
public sealed record ResolutionDecision(
    ResolutionOutcome Outcome,
    string? CandidateId,
    string MatchedBy,
    double Score,
    IReadOnlyList<string> Reasons,
    CompoundName? Split = null)
{
    /// <summary>A new entity with nothing close.</summary>
    /// <param name="split">The record's compound-name split, if any.</param>
    /// <returns>The decision.</returns>
    public static ResolutionDecision NewEntity(CompoundName? split = null) => new(ResolutionOutcome.New, null, "", 0, [], split);
}
