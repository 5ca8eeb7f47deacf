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
}
