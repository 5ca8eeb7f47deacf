namespace SupplyGraph.Server.Extensions;

/// <summary>
/// The SQLite file that holds the server's side tables (watchlists, saved screenings): the store's own file with the
/// embedded store, a file of its own in the data folder with Neo4j. Registered per mode, so that no service asks
/// which store it has.
/// </summary>
/// <param name="File">The path of the SQLite file.</param>
public sealed record ServerTables(string File);
