namespace SupplyGraph.Core.Review;

/// <summary>
/// Thrown when a decision does not fit the state of the item or the graph (accepting a decided item, splitting an
/// item that was never merged, merging an entity into itself); nothing was changed.
/// </summary>
/// <param name="field">The field or argument at fault (<c>status</c>, <c>absorb</c>…).</param>
/// <param name="message">What is wrong, in words a user can act on.</param>
public sealed class ReviewConflictException(string field, string message) : Exception(message)
{
    /// <summary>The field or argument at fault.</summary>
    public string Field { get; } = field;

    /// <summary>Another decision on the item was committed after the caller read it (field <c>status</c>).</summary>
    /// <param name="stored">The item as it is now stored.</param>
    /// <returns>The exception to throw.</returns>
    public static ReviewConflictException DecidedMeanwhile(ReviewRecord stored)
    {
        var last = stored.Decision;
        return new ReviewConflictException("status",
            $"review item '{stored.Id}' was {ReviewJson.StatusName(stored.Status)} meanwhile" +
            (last is null ? "" : $" (by {last.By} at {last.At:yyyy-MM-dd HH:mm:ss} UTC)") + "; read it again before deciding");
    }
}
