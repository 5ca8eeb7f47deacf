namespace SupplyGraph.Core.Review;

/// <summary>One page of review items.</summary>
/// <param name="Items">The items, in queue order.</param>
/// <param name="Total">How many items the filter matches in all pages.</param>
public sealed record ReviewPage(IReadOnlyList<ReviewRecord> Items, int Total);
