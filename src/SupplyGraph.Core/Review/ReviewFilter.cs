namespace SupplyGraph.Core.Review;

/// <summary>Which review items a listing returns.</summary>
public enum ReviewFilter
{
    /// <summary>Items waiting for a decision.</summary>
    Open,

    /// <summary>Items with a decision (accepted, rejected, merged or split).</summary>
    Decided,

    /// <summary>Every item.</summary>
    All,
}
