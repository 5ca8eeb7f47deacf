using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Review;

/// <summary>
/// What a merge changed, kept on its review item: the two entities as they were before it and what became of the
/// absorbed entity's relationships. <see cref="SplitPlan"/> undoes the merge from this alone.
/// </summary>
public sealed record MergeRecord
{
    /// <summary>The entity that stayed, as it was before the merge.</summary>
    public required Entity Kept { get; init; }

    /// <summary>The entity that was merged away, as it was before the merge.</summary>
    public required Entity Absorbed { get; init; }

    /// <summary>The absorbed entity's relationships and what the merge wrote for each.</summary>
    public IReadOnlyList<MovedRelationship> Moved { get; init; } = [];
}
