using SupplyGraph.Core.Model;

namespace SupplyGraph.Client;

/// <summary>An entity with its listings and relationships, as of a sequence.</summary>
/// <param name="Entity">The entity.</param>
/// <param name="Listings">The lists it is on.</param>
/// <param name="Relationships">Its relationships, both directions, with evidence.</param>
/// <param name="Sequence">The change-log sequence the answer reflects.</param>
public sealed record EntityDetails(Entity Entity, IReadOnlyList<EntityListing> Listings, IReadOnlyList<Relationship> Relationships, long Sequence);
