namespace SupplyGraph.Core.Review;

/// <summary>Thrown when no review item has the id asked for.</summary>
/// <param name="id">The id.</param>
public sealed class ReviewNotFoundException(string id) : Exception($"no review item '{id}'; list them with 'supplygraph review' or GET /api/reviews")
{
    /// <summary>The id asked for.</summary>
    public string Id { get; } = id;
}
