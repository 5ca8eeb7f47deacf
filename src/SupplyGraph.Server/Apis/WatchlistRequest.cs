namespace SupplyGraph.Server.Apis;

/// <summary>The body of <c>POST /api/watchlists</c> and <c>PUT /api/watchlists/{id}</c> (for the OpenAPI document; read by hand).</summary>
/// <param name="Name">The list's name, 1 to 200 characters.</param>
/// <param name="Rule">The rule profile its verdicts use (see /api/vocabulary); default ofac.</param>
/// <param name="Hops">How far the page looks for exposure, from 1 to the server's MaxHops; default 2.</param>
/// <param name="Parties">1 to 100 parties, as ids, names or aliases, each resolved when saved.</param>
public sealed record WatchlistRequest(string Name, string? Rule, int? Hops, IReadOnlyList<string> Parties);
