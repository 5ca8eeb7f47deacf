namespace SupplyGraph.Core.Screening;

/// <summary>A party on a watchlist, resolved when the list was saved.</summary>
/// <param name="Id">The entity's id.</param>
/// <param name="Name">Its name then.</param>
public sealed record WatchedParty(string Id, string Name);

/// <summary>A saved set of parties, watched under a rule and within a hop limit; kept per API key.</summary>
/// <param name="Id">The list's id (the server's).</param>
/// <param name="Name">The owner's name for it.</param>
/// <param name="Rule">The rule profile each party's verdict is determined under.</param>
/// <param name="Hops">The hop limit of the set's exposure.</param>
/// <param name="Parties">The parties.</param>
/// <param name="UpdatedAt">When it was last saved.</param>
public sealed record Watchlist(string Id, string Name, string Rule, int Hops, IReadOnlyList<WatchedParty> Parties, DateTimeOffset UpdatedAt);
