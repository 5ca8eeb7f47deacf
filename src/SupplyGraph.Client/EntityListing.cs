using SupplyGraph.Core.Model;

namespace SupplyGraph.Client;

/// <summary>A list an entity is on.</summary>
/// <param name="List">The list's entity id (<c>bis-entity-list</c>).</param>
/// <param name="ListName">The list's name.</param>
/// <param name="Since">Listed since, when known.</param>
/// <param name="Relationship">The <c>LISTED_ON</c> relationship with its evidence.</param>
public sealed record EntityListing(string List, string ListName, DateOnly? Since, Relationship Relationship);
