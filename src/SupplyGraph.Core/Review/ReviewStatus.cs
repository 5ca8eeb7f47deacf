namespace SupplyGraph.Core.Review;

/// <summary>Where a review item stands.</summary>
public enum ReviewStatus
{
    /// <summary>Waiting for a person: the record became its own entity and may be the candidate.</summary>
    Open,

    /// <summary>The record and the candidate are one party; the record's entity was merged into the candidate.</summary>
    Accepted,

    /// <summary>The record and the candidate are different parties; nothing in the graph changed.</summary>
    Rejected,

    /// <summary>Two entities named by a person (not proposed by an import) were merged.</summary>
    Merged,

    /// <summary>An accept or merge was undone: the absorbed entity is back; the two are treated as different parties.</summary>
    Split,
}
