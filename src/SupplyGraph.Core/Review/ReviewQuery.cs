namespace SupplyGraph.Core.Review;

/// <summary>A page of the review queue.</summary>
/// <param name="Filter">Open, decided or all items.</param>
/// <param name="Offset">Items to skip (0 for the first page).</param>
/// <param name="Limit">Most items on the page.</param>
/// <remarks>
/// Items come in queue order: when they were queued, then the source file and line of the record, then id, so
/// that one import's items read in the order of its file and paging is stable.
/// </remarks>
public sealed record ReviewQuery(ReviewFilter Filter = ReviewFilter.Open, int Offset = 0, int Limit = 50)
{
    /// <summary>The statuses the filter keeps, as stored (lower case).</summary>
    /// <returns>The status names, or null for every status.</returns>
    public IReadOnlyList<string>? Statuses() => Filter switch
    {
        ReviewFilter.Open => [ReviewJson.StatusName(ReviewStatus.Open)],
        ReviewFilter.Decided => [.. Enum.GetValues<ReviewStatus>().Where(s => s != ReviewStatus.Open).Select(ReviewJson.StatusName)],
        _ => null,
    };
}
