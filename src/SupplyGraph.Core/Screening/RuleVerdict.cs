using SupplyGraph.Core.Algorithms;

namespace SupplyGraph.Core.Screening;

/// <summary>One rule profile's verdict on a row: which test fired, the chain behind it, and what is unknown.</summary>
/// <param name="Rule">Profile id.</param>
/// <param name="Name">Profile name.</param>
/// <param name="Citation">The legal citation.</param>
/// <param name="InForce">Whether the rule applies on the day (listed parties count either way).</param>
/// <param name="Status">Blocked (covered), possibly blocked, or not blocked.</param>
/// <param name="Test"><c>listed</c>, <c>ownership</c>, <c>control</c>, or <c>none</c> when no test fired.</param>
/// <param name="AggregateLow">Ownership held by covered owners for certain.</param>
/// <param name="AggregateHigh">Ownership they may hold (unknown and ranged stakes at their high ends).</param>
/// <param name="Chain">One chain from a listed party down to the row's entity (empty when listed itself or not covered).</param>
/// <param name="Unknowns">What the verdict cannot see: lists with no data, stakes of unknown size, board appointments not recorded.</param>
/// <param name="Explanation">The verdict in one sentence.</param>
public sealed record RuleVerdict(
    string Rule,
    string Name,
    string Citation,
    bool InForce,
    BlockStatus Status,
    string Test,
    double AggregateLow,
    double AggregateHigh,
    IReadOnlyList<OwnershipStep> Chain,
    IReadOnlyList<string> Unknowns,
    string Explanation);
