using SupplyGraph.Core.Model;

namespace SupplyGraph.Client;

/// <summary>One match of a search by name, alias or id.</summary>
/// <param name="Score">How well it matched, 0–1.</param>
/// <param name="Matched">The name, alias or id that matched.</param>
/// <param name="Entity">The entity.</param>
public sealed record FoundEntity(double Score, string Matched, Entity Entity);
