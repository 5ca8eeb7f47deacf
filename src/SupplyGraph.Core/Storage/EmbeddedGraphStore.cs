using System.Globalization;
using Microsoft.Data.Sqlite;
using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Review;

namespace SupplyGraph.Core.Storage;

/// <summary>
/// The default store: a SQLite file for durability, an in-memory <see cref="GraphSnapshot"/> for queries.
/// A batch is validated whole, written in one SQLite transaction together with its change-log entry, and only
/// then swapped into memory; a crash before the commit leaves the file as it was before the batch.
/// </summary>
public sealed class EmbeddedGraphStore : IGraphStore
{
    /// <summary>The file name of the store within its data folder.</summary>
    public const string FileName = "graph.db";

    private const int SchemaVersion = 2;
    private const int ProgressEvery = 5_000;
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private GraphSnapshot _snapshot;

    private EmbeddedGraphStore(string path, SqliteConnection connection, GraphSnapshot snapshot)
    {
        FilePath = path;
        _connection = connection;
        _snapshot = snapshot;
    }

    /// <summary>Raised after a batch is committed and visible, in commit order, on the committing thread.</summary>
    public event Action<ChangeLogEntry, GraphSnapshot>? Committed;

    /// <summary>Path of the SQLite file.</summary>
    public string FilePath { get; }

    /// <inheritdoc/>
    public string Description => "embedded: " + FilePath;

    /// <summary>The current graph. Hold on to it for a consistent view across several reads.</summary>
    public GraphSnapshot Snapshot => Volatile.Read(ref _snapshot);

    /// <summary>Opens (creating if needed) the store in <paramref name="dataDirectory"/>.</summary>
    /// <param name="dataDirectory">Folder for the store file; created when missing.</param>
    /// <returns>The open store, with the graph loaded into memory.</returns>
    public static EmbeddedGraphStore Open(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.GetFullPath(Path.Combine(dataDirectory, FileName));
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        try
        {
            // WAL with FULL sync: a commit is on disk before ApplyAsync returns, and a killed process never
            // leaves a half-written transaction visible.
            Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=OFF;");
            EnsureSchema(connection);
            return new EmbeddedGraphStore(path, connection, Load(connection));
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Whether a store file exists in <paramref name="dataDirectory"/>.</summary>
    /// <param name="dataDirectory">The data folder.</param>
    /// <returns>True when it does.</returns>
    public static bool Exists(string dataDirectory) => File.Exists(Path.Combine(dataDirectory, FileName));

    /// <inheritdoc/>
    public Task<Entity?> GetEntityAsync(string id, CancellationToken cancellationToken = default) =>
        Task.FromResult(Snapshot.FindEntity(id));

    /// <inheritdoc/>
    public Task<Relationship?> GetRelationshipAsync(string id, CancellationToken cancellationToken = default) =>
        Task.FromResult(Snapshot.FindRelationship(id));

    /// <inheritdoc/>
    public Task<IReadOnlyList<Relationship>> GetRelationshipsAsync(string entityId, Direction direction, CancellationToken cancellationToken = default)
    {
        var graph = Snapshot;
        IReadOnlyList<Relationship> result = graph.TryGetNode(entityId, out var node)
            ? [.. graph.EdgesAt(node, direction).Select(graph.Relationship)]
            : [];
        return Task.FromResult(result);
    }

    /// <inheritdoc/>
    public Task<GraphSnapshot> EntityIndexAsync(CancellationToken cancellationToken = default) => Task.FromResult(Snapshot);

    /// <inheritdoc/>
    public Task<IReadOnlyList<EntityMatch>> FindAsync(string text, int limit = 20, CancellationToken cancellationToken = default) =>
        Task.FromResult(Snapshot.Find(text, limit));

    /// <inheritdoc/>
    public Task<IReadOnlyList<EntityMatch>> FindAsync(string text, int limit, FindFilter filter, CancellationToken cancellationToken = default) =>
        Task.FromResult(Snapshot.Find(text, limit, filter));

    /// <inheritdoc/>
    public Task<Entity> ResolveAsync(string reference, CancellationToken cancellationToken = default) =>
        Task.FromResult(Snapshot.Resolve(reference));

    /// <inheritdoc/>
    public Task<GraphStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default)
    {
        var graph = Snapshot;
        return Task.FromResult(new GraphStatistics(graph.LiveNodeCount, graph.LiveEdgeCount, graph.Sequence, graph.CountByType()));
    }

    /// <inheritdoc/>
    public Task<GraphPath?> ShortestPathAsync(string from, string to, PathQuery query, CancellationToken cancellationToken = default)
    {
        return Task.FromResult(query.Weight is null ? Paths.ShortestCanonical(Snapshot, from, to, query) : Paths.Shortest(Snapshot, from, to, query));
    }

    /// <inheritdoc/>
    public Task<ExposureResult> ExposureAsync(IReadOnlyList<string> sourceIds, ExposureQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult(Exposure.Of(Snapshot, sourceIds, query));

    /// <inheritdoc/>
    public Task<OwnershipDetermination> OwnershipAsync(string entityId, RuleProfile rule, DateOnly asOf, CancellationToken cancellationToken = default) =>
        Task.FromResult(OwnershipAnalysis.Run(Snapshot, rule, asOf).Determine(entityId));

    /// <inheritdoc/>
    public async Task<CommitResult> ApplyAsync(ChangeBatch batch, IProgress<ApplyProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var before = Snapshot;
            progress?.Report(new ApplyProgress("validating", 0, batch.Changes.Count));
            var changes = BatchValidator.Validate(before, batch);
            var committedAt = DateTimeOffset.UtcNow;
            var sequence = Write(changes, batch.Description, committedAt, progress, cancellationToken);
            progress?.Report(new ApplyProgress("indexing", 0, changes.Count));
            var after = before.Apply(sequence, changes);
            Volatile.Write(ref _snapshot, after);
            var entry = new ChangeLogEntry(sequence, committedAt, batch.Description, changes);
            progress?.Report(new ApplyProgress("committed", changes.Count, changes.Count));
            Committed?.Invoke(entry, after);
            return Summarize(entry);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<ChangeLogEntry>> ChangesSinceAsync(long sequence, int limit = 100, CancellationToken cancellationToken = default)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT seq, committed_at, description, body FROM changes WHERE seq > $seq ORDER BY seq LIMIT $limit";
        cmd.Parameters.AddWithValue("$seq", sequence);
        cmd.Parameters.AddWithValue("$limit", limit);
        var entries = new List<ChangeLogEntry>();
        lock (_connection)
        {
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                entries.Add(new ChangeLogEntry(
                    reader.GetInt64(0),
                    DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture),
                    reader.IsDBNull(2) ? null : reader.GetString(2),
                    GraphJson.ParseChanges(reader.GetString(3))));
            }
        }

        return Task.FromResult<IReadOnlyList<ChangeLogEntry>>(entries);
    }

    /// <inheritdoc/>
    public Task<ReviewPage> ReviewsAsync(ReviewQuery query, CancellationToken cancellationToken = default)
    {
        var statuses = query.Statuses();
        var where = statuses is null ? "" : $"WHERE status IN ({string.Join(", ", statuses.Select((_, i) => "$s" + i))})";
        using var count = _connection.CreateCommand();
        using var page = _connection.CreateCommand();
        count.CommandText = $"SELECT COUNT(*) FROM reviews {where}";
        page.CommandText = $"SELECT body FROM reviews {where} ORDER BY queued_at, source_file, source_line, id LIMIT $limit OFFSET $offset";
        for (var i = 0; i < (statuses?.Count ?? 0); i++)
        {
            count.Parameters.AddWithValue("$s" + i, statuses![i]);
            page.Parameters.AddWithValue("$s" + i, statuses[i]);
        }

        page.Parameters.AddWithValue("$limit", query.Limit);
        page.Parameters.AddWithValue("$offset", query.Offset);
        var items = new List<ReviewRecord>();
        int total;
        lock (_connection)
        {
            total = Convert.ToInt32(count.ExecuteScalar(), CultureInfo.InvariantCulture);
            using var reader = page.ExecuteReader();
            while (reader.Read())
            {
                items.Add(ReviewJson.Parse(reader.GetString(0)));
            }
        }

        return Task.FromResult(new ReviewPage(items, total));
    }

    /// <inheritdoc/>
    public Task<ReviewRecord?> GetReviewAsync(string id, CancellationToken cancellationToken = default)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT body FROM reviews WHERE id = $id";
        cmd.Parameters.AddWithValue("$id", id);
        lock (_connection)
        {
            return Task.FromResult(cmd.ExecuteScalar() is string body ? ReviewJson.Parse(body) : null);
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        lock (_connection)
        {
            _connection.Dispose();
        }

        _writeLock.Dispose();
        return ValueTask.CompletedTask;
    }

    private static CommitResult Summarize(ChangeLogEntry entry)
    {
        int ew = 0, rw = 0, ed = 0, rd = 0, vw = 0;
        foreach (var c in entry.Changes)
        {
            switch (c)
            {
                case PutEntity: ew++; break;
                case PutRelationship: rw++; break;
                case DeleteEntity: ed++; break;
                case DeleteRelationship: rd++; break;
                case PutReview: vw++; break;
            }
        }

        return new CommitResult(entry.Sequence, entry.CommittedAt, ew, rw, ed, rd, vw);
    }

    private long Write(IReadOnlyList<Change> changes, string? description, DateTimeOffset committedAt,
        IProgress<ApplyProgress>? progress, CancellationToken cancellationToken)
    {
        lock (_connection)
        {
            using var tx = _connection.BeginTransaction();
            using var putEntity = Command(tx, "INSERT INTO entities(id, body) VALUES($id, $body) ON CONFLICT(id) DO UPDATE SET body = excluded.body", "$id", "$body");
            using var deleteEntity = Command(tx, "DELETE FROM entities WHERE id = $id", "$id");
            using var putRelationship = Command(tx,
                "INSERT INTO relationships(id, type, src, dst, body) VALUES($id, $type, $src, $dst, $body) " +
                "ON CONFLICT(id) DO UPDATE SET type = excluded.type, src = excluded.src, dst = excluded.dst, body = excluded.body",
                "$id", "$type", "$src", "$dst", "$body");
            using var deleteRelationship = Command(tx, "DELETE FROM relationships WHERE id = $id", "$id");
            using var putReview = Command(tx,
                "INSERT INTO reviews(id, status, queued_at, source_file, source_line, record_key, body) VALUES($id, $status, $queued, $file, $line, $key, $body) " +
                "ON CONFLICT(id) DO UPDATE SET status = excluded.status, queued_at = excluded.queued_at, source_file = excluded.source_file, " +
                "source_line = excluded.source_line, record_key = excluded.record_key, body = excluded.body",
                "$id", "$status", "$queued", "$file", "$line", "$key", "$body");
            for (var i = 0; i < changes.Count; i++)
            {
                if (i % ProgressEvery == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    progress?.Report(new ApplyProgress("writing", i, changes.Count));
                }

                switch (changes[i])
                {
                    case PutEntity p:
                        Run(putEntity, p.Entity.Id, GraphJson.ToJson(w => GraphJson.Write(w, p.Entity)));
                        break;
                    case DeleteEntity d:
                        Run(deleteEntity, d.Id);
                        break;
                    case PutRelationship p:
                        var r = p.Relationship;
                        Run(putRelationship, r.Id, r.Type, r.From, r.To, GraphJson.ToJson(w => GraphJson.Write(w, r)));
                        break;
                    case DeleteRelationship d:
                        Run(deleteRelationship, d.Id);
                        break;
                    case PutReview p:
                        var v = p.Review;
                        Run(putReview, v.Id, ReviewJson.StatusName(v.Status), ReviewJson.QueueTime(v), v.At?.File ?? "",
                            (v.At?.Line ?? 0).ToString(CultureInfo.InvariantCulture), v.RecordKey, ReviewJson.ToJson(v));
                        break;
                }
            }

            using var log = Command(tx, "INSERT INTO changes(committed_at, description, body) VALUES($at, $description, $body); SELECT last_insert_rowid();",
                "$at", "$description", "$body");
            log.Parameters["$at"].Value = committedAt.ToString("O", CultureInfo.InvariantCulture);
            log.Parameters["$description"].Value = (object?)description ?? DBNull.Value;
            log.Parameters["$body"].Value = GraphJson.WriteChanges(changes);
            var sequence = (long)log.ExecuteScalar()!;
            cancellationToken.ThrowIfCancellationRequested();
            tx.Commit();
            return sequence;
        }
    }

    private static SqliteCommand Command(SqliteTransaction tx, string sql, params string[] parameters)
    {
        var cmd = tx.Connection!.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var p in parameters)
        {
            cmd.Parameters.Add(new SqliteParameter(p, null));
        }

        cmd.Prepare();
        return cmd;
    }

    private static void Run(SqliteCommand cmd, params string[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            cmd.Parameters[i].Value = values[i];
        }

        cmd.ExecuteNonQuery();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static void EnsureSchema(SqliteConnection connection)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA user_version";
        var version = Convert.ToInt32(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
        if (version == SchemaVersion)
        {
            return;
        }

        if (version is < 0 or > SchemaVersion)
        {
            throw new InvalidDataException($"store schema version {version} is not supported by this version (expects {SchemaVersion} or older)");
        }

        // Each step takes a file from one version to the next in its own transaction, so an interrupted upgrade
        // leaves a file of the version before it, which the next open upgrades again.
        if (version < 1)
        {
            Execute(connection, """
                BEGIN;
                CREATE TABLE IF NOT EXISTS entities(id TEXT PRIMARY KEY, body TEXT NOT NULL) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS relationships(id TEXT PRIMARY KEY, type TEXT NOT NULL, src TEXT NOT NULL, dst TEXT NOT NULL, body TEXT NOT NULL) WITHOUT ROWID;
                CREATE INDEX IF NOT EXISTS relationships_src ON relationships(src);
                CREATE INDEX IF NOT EXISTS relationships_dst ON relationships(dst);
                CREATE TABLE IF NOT EXISTS changes(seq INTEGER PRIMARY KEY AUTOINCREMENT, committed_at TEXT NOT NULL, description TEXT, body TEXT NOT NULL);
                PRAGMA user_version = 1;
                COMMIT;
                """);
        }

        // Version 2: the review queue. Files of version 1 have no items; the table starts empty.
        Execute(connection, """
            BEGIN;
            CREATE TABLE IF NOT EXISTS reviews(id TEXT PRIMARY KEY, status TEXT NOT NULL, queued_at TEXT NOT NULL, source_file TEXT NOT NULL,
                source_line INTEGER NOT NULL, record_key TEXT NOT NULL, body TEXT NOT NULL) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS reviews_queue ON reviews(status, queued_at, source_file, source_line, id);
            PRAGMA user_version = 2;
            COMMIT;
            """);
    }

    private static GraphSnapshot Load(SqliteConnection connection)
    {
        var entities = new List<Entity>();
        var relationships = new List<Relationship>();
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT body FROM entities ORDER BY id";
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                entities.Add(GraphJson.ParseEntity(reader.GetString(0)));
            }
        }

        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT body FROM relationships ORDER BY id";
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                relationships.Add(GraphJson.ParseRelationship(reader.GetString(0)));
            }
        }

        using var seq = connection.CreateCommand();
        seq.CommandText = "SELECT COALESCE(MAX(seq), 0) FROM changes";
        var sequence = (long)seq.ExecuteScalar()!;
        return GraphSnapshot.Create(sequence, entities, relationships);
    }
}
