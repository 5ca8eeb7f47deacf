using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Review;

/// <summary>What a decision did.</summary>
/// <param name="Review">The item as stored after the decision.</param>
/// <param name="Commit">The batch that recorded it (graph changes and the item together).</param>
/// <param name="Notes">What could not be done, in words (a relationship whose other end is gone…); empty when all was done.</param>
public sealed record ReviewOutcome(ReviewRecord Review, CommitResult Commit, IReadOnlyList<string> Notes);
