namespace SupplyGraph.Client;

/// <summary>A standing exposure query as the hub takes it (<c>SubscribeExposure</c>).</summary>
/// <param name="Entities">The entities to start from (ids).</param>
/// <param name="MaxHops">Most hops; null for the server's default (4).</param>
/// <param name="Types">Relationship types to follow; null for all.</param>
/// <param name="Direction"><c>out</c>, <c>in</c> or <c>both</c>; null for both.</param>
/// <param name="Lists">Only these lists count; null for every list.</param>
public sealed record ExposureWatchRequest(IReadOnlyList<string> Entities, int? MaxHops = null, IReadOnlyList<string>? Types = null, string? Direction = null, IReadOnlyList<string>? Lists = null);
