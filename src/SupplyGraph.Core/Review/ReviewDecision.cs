namespace SupplyGraph.Core.Review;

/// <summary>A decision a person made on a review item.</summary>
/// <param name="Status">The status the decision set (accepted, rejected, merged or split).</param>
/// <param name="By">Who decided (a user or API key name).</param>
/// <param name="At">When (UTC).</param>
/// <param name="Note">Why, in the person's words; null when none was given.</param>
public sealed record ReviewDecision(ReviewStatus Status, string By, DateTimeOffset At, string? Note = null);
