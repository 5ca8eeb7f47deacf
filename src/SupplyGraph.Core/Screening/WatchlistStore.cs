// Watchlists per API key, as a side table of a SQLite file (the embedded store's own file, or the server's side-table
// file beside a Neo4j store). Like the screenings' tables and for the same reason they are not graph facts: a user's
// list is not something every follower of the change log must replay.
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace SupplyGraph.Core.Screening;

/// <summary>Watchlists kept per owner (an API key's identity); an owner sees and changes only its own.</summary>
public sealed class WatchlistStore : IDisposable
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);
    private readonly SqliteConnection _db;
    private readonly Lock _gate = new();

    private WatchlistStore(SqliteConnection db) => _db = db;

    /// <summary>Opens (creating the table on first use) the watchlists of the SQLite file <paramref name="file"/>.</summary>
    /// <param name="file">The SQLite file.</param>
    /// <returns>The store.</returns>
    public static WatchlistStore Open(string file)
    {
        var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false, DefaultTimeout = 60 }.ToString());
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = """
            PRAGMA busy_timeout=60000;
            CREATE TABLE IF NOT EXISTS watchlists(owner TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, rule TEXT NOT NULL, hops INTEGER NOT NULL,
                parties TEXT NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY(owner, id)) WITHOUT ROWID;
            """;
        cmd.ExecuteNonQuery();
        return new WatchlistStore(db);
    }

    /// <inheritdoc/>
    public void Dispose() => _db.Dispose();

    /// <summary>The owner's lists, oldest first.</summary>
    /// <param name="owner">The owner.</param>
    /// <returns>The lists.</returns>
    public IReadOnlyList<Watchlist> List(string owner)
    {
        lock (_gate)
        {
            return Query("SELECT id, name, rule, hops, parties, updated_at FROM watchlists WHERE owner=$o ORDER BY updated_at, id", ("$o", owner));
        }
    }

    /// <summary>One of the owner's lists, or null (another owner's list is as absent as one that never was).</summary>
    /// <param name="owner">The owner.</param>
    /// <param name="id">The list.</param>
    /// <returns>The list, or null.</returns>
    public Watchlist? Get(string owner, string id)
    {
        lock (_gate)
        {
            return Query("SELECT id, name, rule, hops, parties, updated_at FROM watchlists WHERE owner=$o AND id=$id", ("$o", owner), ("$id", id)).FirstOrDefault();
        }
    }

    /// <summary>Saves (creates or replaces) one of the owner's lists.</summary>
    /// <param name="owner">The owner.</param>
    /// <param name="list">The list.</param>
    public void Save(string owner, Watchlist list)
    {
        lock (_gate)
        {
            using var cmd = _db.CreateCommand();
            cmd.CommandText = "INSERT OR REPLACE INTO watchlists VALUES($o,$id,$name,$rule,$hops,$parties,$at)";
            cmd.Parameters.AddWithValue("$o", owner);
            cmd.Parameters.AddWithValue("$id", list.Id);
            cmd.Parameters.AddWithValue("$name", list.Name);
            cmd.Parameters.AddWithValue("$rule", list.Rule);
            cmd.Parameters.AddWithValue("$hops", list.Hops);
            cmd.Parameters.AddWithValue("$parties", JsonSerializer.Serialize(list.Parties, s_json));
            cmd.Parameters.AddWithValue("$at", list.UpdatedAt.ToString("O", CultureInfo.InvariantCulture));
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>Deletes one of the owner's lists.</summary>
    /// <param name="owner">The owner.</param>
    /// <param name="id">The list.</param>
    /// <returns>Whether the owner had it.</returns>
    public bool Delete(string owner, string id)
    {
        lock (_gate)
        {
            using var cmd = _db.CreateCommand();
            cmd.CommandText = "DELETE FROM watchlists WHERE owner=$o AND id=$id";
            cmd.Parameters.AddWithValue("$o", owner);
            cmd.Parameters.AddWithValue("$id", id);
            return cmd.ExecuteNonQuery() > 0;
        }
    }

    private List<Watchlist> Query(string sql, params (string Name, string Value)[] args)
    {
        using var cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in args)
        {
            cmd.Parameters.AddWithValue(name, value);
        }

        using var reader = cmd.ExecuteReader();
        var lists = new List<Watchlist>();
        while (reader.Read())
        {
            lists.Add(new Watchlist(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3),
                JsonSerializer.Deserialize<List<WatchedParty>>(reader.GetString(4), s_json) ?? [],
                DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)));
        }

        return lists;
    }
}
