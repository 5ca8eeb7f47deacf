namespace SupplyGraph.Core.Resolution;

/// <summary>What the guards say about a proposed join.</summary>
/// <param name="Blocked">True when the two are clearly different parties: never join, do not even review.</param>
/// <param name="Review">True when a person must decide.</param>
/// <param name="Reason">Why, for the decision's reasons.</param>
public readonly record struct GuardVerdict(bool Blocked, bool Review, string? Reason)
{
    /// <summary>No objection.</summary>
    public static GuardVerdict Pass => default;
}
