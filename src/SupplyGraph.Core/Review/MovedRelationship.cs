using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Review;

/// <summary>What a merge did with one relationship of the absorbed entity, so that a split can put it back.</summary>
/// <param name="Original">The relationship as it was before the merge.</param>
/// <param name="WrittenId">
/// The id of the re-pointed copy the merge wrote (the same id when the relationship kept its own id); null when the
/// merge dropped it: it joined the two merged entities, or the kept entity already had that relationship.
/// </param>
public sealed record MovedRelationship(Relationship Original, string? WrittenId);
