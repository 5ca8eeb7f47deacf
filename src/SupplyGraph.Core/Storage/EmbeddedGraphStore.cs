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
/// Several processes (the CLI and servers) may open one file: a write takes SQLite's write lock, first brings the
/// snapshot up to the last logged batch of any writer, and validates against that, so no update is lost; between
/// writes the store follows the log of other writers (<c>PRAGMA data_version</c>, polled), so its snapshot and
/// <see cref="FollowAsync"/> see every writer's batches, in sequence order.
/// </summary>
public sealed partial class EmbeddedGraphStore : IGraphStore
{
    /// <summary>The file name of the store within its data folder.</summary>
    public const string FileName = "graph.db";

    private const int SchemaVersion = 3;
    private const int FollowPage = 500;

    /// <summary>Log entries kept in memory for followers at the tail (a power of two).</summary>
    private const int RecentEntries = 4096;

    // Writes (and the catch-up before them) use this connection under the write lock; reads of the log and the
    // data_version poll use their own, so that a long write does not hold up followers (WAL readers run beside it).
    private readonly SqliteConnection _connection;
    private readonly SqliteConnection _reader;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly List<PendingWrite> _pending = [];
    private readonly CancellationTokenSource _closing = new();
    private readonly Task _tail;
    private TaskCompletionSource _grew = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // The newest log entries by sequence modulo the size, as this store applied them (its own commits and those it
    // caught up with). Followers at the tail read them from here: with 1,000 hub streams each reading every entry
    // from SQLite through the one reader connection (and parsing its JSON), 3 servers fell minutes behind at 50
    // commits/s (bench/README.md, scale-out); entries are immutable, so one copy serves every follower.
    private readonly ChangeLogEntry?[] _recent = new ChangeLogEntry?[RecentEntries];
    private GraphSnapshot _snapshot;

    private readonly string _snapshotPath;

    private EmbeddedGraphStore(string path, SqliteConnection connection, SqliteConnection reader, GraphSnapshot snapshot, TimeSpan pollInterval)
    {
        FilePath = path;
        _snapshotPath = Path.Combine(Path.GetDirectoryName(path)!, SnapshotFile.FileName);
        _connection = connection;
        _reader = reader;
        _snapshot = snapshot;
        PollInterval = pollInterval;
        _tail = Task.Run(TailAsync);
    }

    /// <summary>How often the store looks for batches written by other processes.</summary>
    public TimeSpan PollInterval { get; }

    /// <summary>Path of the SQLite file.</summary>
    public string FilePath { get; }

    /// <inheritdoc/>
    public string Description => "embedded: " + FilePath;

    /// <summary>The current graph. Hold on to it for a consistent view across several reads.</summary>
    public GraphSnapshot Snapshot => Volatile.Read(ref _snapshot);

    private int _prepareNameIndex;

    /// <summary>
    /// Whether the name index of the graph's base is built in the background as soon as the base is opened or made
    /// (by a compaction or a bulk write), so that the first search after it need not wait for a build over every
    /// entity. For a long-running host; a one-shot command leaves it off and builds the index only if it searches.
    /// </summary>
    public bool PrepareNameIndex
    {
        get => Volatile.Read(ref _prepareNameIndex) != 0;
        set
        {
            Volatile.Write(ref _prepareNameIndex, value ? 1 : 0);
            if (value)
            {
                Snapshot.Base.Names.StartBuilding();
            }
        }
    }

    /// <summary>Makes <paramref name="graph"/> the current graph.</summary>
    private void SetCurrent(GraphSnapshot graph)
    {
        Volatile.Write(ref _snapshot, graph);
        if (Volatile.Read(ref _prepareNameIndex) != 0)
        {
            graph.Base.Names.StartBuilding();
        }
    }

    /// <summary>Opens (creating if needed) the store in <paramref name="dataDirectory"/>.</summary>
    /// <param name="dataDirectory">Folder for the store file; created when missing.</param>
    /// <returns>The open store, with the graph loaded into memory.</returns>
    /// <param name="pollInterval">How often to look for other processes' batches; 100 ms when null.</param>
    public static EmbeddedGraphStore Open(string dataDirectory, TimeSpan? pollInterval = null)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.GetFullPath(Path.Combine(dataDirectory, FileName));
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 60 }.ToString();
        var connection = new SqliteConnection(connectionString);
        var reader = new SqliteConnection(connectionString);
        try
        {
            connection.Open();

            // WAL with FULL sync: a commit is on disk before ApplyAsync returns, and a killed process never
            // leaves a half-written transaction visible. busy_timeout: a second process waits for the write lock.
            Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=OFF; PRAGMA busy_timeout=60000;");
            EnsureSchema(connection);
            reader.Open();
            Execute(reader, "PRAGMA busy_timeout=60000;");
            var (graph, snapshotSequence, openedFrom) = LoadGraph(connection, Path.Combine(Path.GetDirectoryName(path)!, SnapshotFile.FileName));
            var store = new EmbeddedGraphStore(path, connection, reader, graph, pollInterval ?? TimeSpan.FromMilliseconds(100))
            {
                OpenedFrom = openedFrom,
                _snapshotSequence = snapshotSequence,
            };
            store.MaybeWriteSnapshot(graph);
            if (graph.DeltaSize > graph.CompactionThreshold)
            {
                // A large base with a long log tail after its snapshot file (replayed without a rebuild from records).
                store.ScheduleCompaction();
            }
            return store;
        }
        catch
        {
            reader.Dispose();
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
    public Task<GraphSnapshot> GraphAsync(CancellationToken cancellationToken = default) => Task.FromResult(Snapshot);

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
    public async IAsyncEnumerable<ChangeLogEntry> FollowAsync(long afterSequence, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closing.Token);
        var after = afterSequence;
        while (!linked.IsCancellationRequested)
        {
            // Taken before the read: a batch logged after the read completes it, so none is waited past.
            var grew = Volatile.Read(ref _grew).Task;
            var fromMemory = false;
            while (Recent(after + 1) is { } kept)
            {
                yield return kept;
                after = kept.Sequence;
                fromMemory = true;
            }

            if (fromMemory && after >= Snapshot.Sequence)
            {
                // At the tail: wait for the next entry below, without a read of the log.
                await WaitAsync(grew, linked.Token, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var page = await ChangesSinceAsync(after, FollowPage, linked.Token).ConfigureAwait(false);
            foreach (var entry in page)
            {
                yield return entry;
                after = entry.Sequence;
            }

            if (page.Count < FollowPage)
            {
                try
                {
                    await grew.WaitAsync(PollInterval * 10, linked.Token).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    // Read the log again anyway: a lost wake-up costs one poll, not an update.
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    yield break;
                }
            }
        }
    }

    /// <inheritdoc/>
    public Task<ReviewPage> ReviewsAsync(ReviewQuery query, CancellationToken cancellationToken = default)
    {
        var statuses = query.Statuses();
        var where = statuses is null ? "" : $"WHERE status IN ({string.Join(", ", statuses.Select((_, i) => "$s" + i))})";
        using var count = _reader.CreateCommand();
        using var page = _reader.CreateCommand();
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
        lock (_reader)
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
        using var cmd = _reader.CreateCommand();
        cmd.CommandText = "SELECT body FROM reviews WHERE id = $id";
        cmd.Parameters.AddWithValue("$id", id);
        lock (_reader)
        {
            return Task.FromResult(cmd.ExecuteScalar() is string body ? ReviewJson.Parse(body) : null);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<ChangeLogEntry>> ChangesSinceAsync(long sequence, int limit = 100, CancellationToken cancellationToken = default)
    {
        lock (_reader)
        {
            ObjectDisposedException.ThrowIf(_closing.IsCancellationRequested, this);
            return Task.FromResult<IReadOnlyList<ChangeLogEntry>>(ReadLog(_reader, null, sequence, limit));
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_closing.IsCancellationRequested)
        {
            return;
        }

        // The snapshot file in progress is finished, not abandoned: a CLI import ends right after its commit, and the
        // next open would otherwise rebuild from SQLite.
        await SnapshotWrite.ConfigureAwait(false);
        _closing.Cancel();
        try
        {
            await _tail.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        await SnapshotWrite.ConfigureAwait(false);

        await _writeLock.WaitAsync().ConfigureAwait(false);
        lock (_connection)
        {
            _connection.Dispose();
        }

        lock (_reader)
        {
            _reader.Dispose();
        }

        _writeLock.Dispose();
        _closing.Dispose();
    }

    private static List<ChangeLogEntry> ReadLog(SqliteConnection connection, SqliteTransaction? tx, long sequence, int limit)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT seq, committed_at, description, body FROM changes WHERE seq > $seq ORDER BY seq LIMIT $limit";
        cmd.Parameters.AddWithValue("$seq", sequence);
        cmd.Parameters.AddWithValue("$limit", limit);
        var entries = new List<ChangeLogEntry>();
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
        {
            entries.Add(new ChangeLogEntry(
                reader.GetInt64(0),
                DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                GraphJson.ParseChanges(reader.GetString(3))));
        }

        return entries;
    }

    /// <summary>Applies the batches other processes logged after the snapshot (call holding the write lock).</summary>
    private void CatchUp(SqliteConnection connection, SqliteTransaction? tx)
    {
        while (true)
        {
            var page = ReadLog(connection, tx, Snapshot.Sequence, FollowPage);
            foreach (var entry in page)
            {
                Advance(entry);
            }

            if (page.Count < FollowPage)
            {
                return;
            }
        }
    }

    /// <summary>Makes a logged batch visible and wakes the followers.</summary>
    private void Advance(ChangeLogEntry entry)
    {
        Volatile.Write(ref _recent[entry.Sequence & (RecentEntries - 1)], entry);
        SetCurrent(Next(Snapshot, entry.Sequence, entry.Changes));
        MaybeWriteSnapshot(Snapshot);
        Interlocked.Exchange(ref _grew, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>The entry with this sequence if it is still kept in memory, else null.</summary>
    private ChangeLogEntry? Recent(long sequence) =>
        Volatile.Read(ref _recent[sequence & (RecentEntries - 1)]) is { } entry && entry.Sequence == sequence ? entry : null;

    /// <summary>Waits for the log to grow (or a poll interval × 10, after which the caller reads the log anyway).</summary>
    private async Task WaitAsync(Task grew, CancellationToken linked, CancellationToken caller)
    {
        try
        {
            await grew.WaitAsync(PollInterval * 10, linked).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }
        catch (OperationCanceledException) when (!caller.IsCancellationRequested)
        {
            // The store is closing: the follower's loop ends on the linked token.
        }
    }

    /// <summary>Follows the batches of other processes: a cheap <c>data_version</c> read each poll, the log only when it moved.</summary>
    private async Task TailAsync()
    {
        long? seen = null;
        using var timer = new PeriodicTimer(PollInterval);
        while (await timer.WaitForNextTickAsync(_closing.Token).ConfigureAwait(false))
        {
            long version;
            lock (_reader)
            {
                if (_closing.IsCancellationRequested)
                {
                    return;
                }

                using var cmd = _reader.CreateCommand();
                cmd.CommandText = "PRAGMA data_version";
                version = (long)cmd.ExecuteScalar()!;
            }

            if (version == seen)
            {
                continue;
            }

            await _writeLock.WaitAsync(_closing.Token).ConfigureAwait(false);
            try
            {
                lock (_connection)
                {
                    CatchUp(_connection, null);
                }

                seen = version;
            }
            catch (SqliteException)
            {
                // The file is busy (a long write elsewhere) or briefly unreadable: the next poll tries again.
            }
            finally
            {
                _writeLock.Release();
            }
        }
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
                CREATE TABLE IF NOT EXISTS changes(seq INTEGER PRIMARY KEY AUTOINCREMENT, committed_at TEXT NOT NULL, description TEXT, body TEXT NOT NULL);
                PRAGMA user_version = 1;
                COMMIT;
                """);
        }

        // Version 2: the review queue. Files of version 1 have no items; the table starts empty.
        if (version < 2)
        {
            Execute(connection, """
                BEGIN;
                CREATE TABLE IF NOT EXISTS reviews(id TEXT PRIMARY KEY, status TEXT NOT NULL, queued_at TEXT NOT NULL, source_file TEXT NOT NULL,
                    source_line INTEGER NOT NULL, record_key TEXT NOT NULL, body TEXT NOT NULL) WITHOUT ROWID;
                CREATE INDEX IF NOT EXISTS reviews_queue ON reviews(status, queued_at, source_file, source_line, id);
                PRAGMA user_version = 2;
                COMMIT;
                """);
        }

        // Version 3: no index on the relationships' ends. Nothing reads by them (the graph in memory answers every
        // question of adjacency), and each cost two random B-tree inserts per relationship written.
        Execute(connection, """
            BEGIN;
            DROP INDEX IF EXISTS relationships_src;
            DROP INDEX IF EXISTS relationships_dst;
            PRAGMA user_version = 3;
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
