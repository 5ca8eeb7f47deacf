using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Storage;

// Opening from the snapshot file (or, without a usable one, streaming the tables into a new one first), and writing it
// in the background whenever the graph was rebuilt from a large delta (a bulk write, one compaction's worth of commits).
public sealed partial class EmbeddedGraphStore
{
    private readonly Lock _snapshotGate = new();
    private Task _snapshotWrite = Task.CompletedTask;
    private long _snapshotSequence = -1;

    /// <summary>How this store's graph was loaded: "snapshot" or "rebuilt: " and why the snapshot was not used.</summary>
    internal string OpenedFrom { get; private set; } = "";

    /// <summary>The background write of the snapshot file in progress, if any (completed when none).</summary>
    internal Task SnapshotWrite
    {
        get
        {
            lock (_snapshotGate)
            {
                return _snapshotWrite;
            }
        }
    }

    /// <summary>
    /// The graph at the log's last entry: the snapshot file with the log entries after it replayed, or, when the file
    /// is missing or unusable, everything read from SQLite.
    /// </summary>
    private static (GraphSnapshot Graph, long SnapshotSequence, string OpenedFrom) LoadGraph(SqliteConnection connection, string snapshotPath)
    {
        var last = LastSequence(connection);
        if (SnapshotFile.TryRead(snapshotPath, out var graph, out var stamp, out var problem))
        {
            if (graph.Sequence > last)
            {
                problem = $"the snapshot holds sequence {graph.Sequence}, the log ends at {last}";
            }
            else if (LogStamp(connection, null, graph.Sequence) != stamp)
            {
                problem = $"the snapshot does not match the log entry {graph.Sequence}";
            }
            else if (Replay(connection, graph) is { } replayed)
            {
                return (replayed, graph.Sequence, "snapshot");
            }
            else
            {
                problem = $"the log after the snapshot holds more than {MaxReplayedChanges:N0} changes";
            }
        }

        if (last > 0)
        {
            // Streamed from the tables into a new snapshot file and read back from it: no object per record on the way.
            try
            {
                SnapshotBuilder.Build(connection, snapshotPath, (tx, sequence) => LogStamp(connection, tx, sequence));
                if (SnapshotFile.TryRead(snapshotPath, out graph, out _, out _) && Replay(connection, graph) is { } replayed)
                {
                    return (replayed, graph.Sequence, "rebuilt: " + problem);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A folder that cannot take the file: the graph is built in memory, as before snapshot files.
            }
        }

        return (Load(connection), -1, "rebuilt: " + problem);
    }

    /// <summary>
    /// Most changes replayed over a snapshot file at open; a longer tail (a bulk write killed before its file was
    /// written) is cheaper to stream from the tables into a new file than to hold as objects (some 24 GB at 50M).
    /// </summary>
    private const int MaxReplayedChanges = 2_000_000;

    /// <summary>Applies the log entries after the graph's sequence; null when they hold more than <see cref="MaxReplayedChanges"/> changes.</summary>
    private static GraphSnapshot? Replay(SqliteConnection connection, GraphSnapshot graph)
    {
        var replayed = 0;
        while (true)
        {
            var page = ReadLog(connection, null, graph.Sequence, FollowPage);
            foreach (var entry in page)
            {
                replayed += entry.Changes.Count;
                if (replayed > MaxReplayedChanges)
                {
                    return null;
                }

                graph = Next(graph, entry.Sequence, entry.Changes, DefaultRebuildFromRecordsLimit);
            }

            if (page.Count < FollowPage)
            {
                return graph;
            }
        }
    }

    private static long LastSequence(SqliteConnection connection)
    {
        using var seq = connection.CreateCommand();
        seq.CommandText = "SELECT COALESCE(MAX(seq), 0) FROM changes";
        return (long)seq.ExecuteScalar()!;
    }

    /// <summary>
    /// A stamp of the log entry <paramref name="sequence"/> (a hash of its commit time), so that a snapshot is not
    /// taken for another file's log that happens to reach the same sequence (a store restored from a backup).
    /// </summary>
    private static long LogStamp(SqliteConnection connection, SqliteTransaction? tx, long sequence)
    {
        if (sequence == 0)
        {
            return 0;
        }

        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT committed_at FROM changes WHERE seq = $seq";
        cmd.Parameters.AddWithValue("$seq", sequence);
        return cmd.ExecuteScalar() is string committedAt
            ? (long)SnapshotHash.Of(Encoding.UTF8.GetBytes(committedAt.ToString(CultureInfo.InvariantCulture)))
            : -1;
    }

    /// <summary>Starts writing the snapshot file for <paramref name="graph"/> when it is a fresh base newer than the file's.</summary>
    private void MaybeWriteSnapshot(GraphSnapshot graph)
    {
        if (graph.DeltaSize != 0 || graph.Sequence == 0 || graph.Sequence <= Volatile.Read(ref _snapshotSequence) || _closing.IsCancellationRequested)
        {
            return;
        }

        lock (_snapshotGate)
        {
            // One write at a time; a base that comes while one is written waits for the next rebuild (it is a cache).
            if (_snapshotWrite.IsCompleted)
            {
                _snapshotWrite = Task.Run(() => WriteSnapshot(graph));
            }
        }
    }

    /// <summary>
    /// Once <paramref name="written"/> is in the snapshot file (<paramref name="fromFile"/>, read back), the current graph (if still on that base) reads its
    /// records from the file instead of holding them as objects: after a bulk write or a compaction the records would
    /// otherwise stay on the heap (about 450 B each) for the life of the process. The arrays stay as they are.
    /// </summary>
    private void ReleaseRecords(GraphBase written, GraphBase fromFile)
    {
        if (written.Nodes is MappedRecords<Entity>)
        {
            return;
        }

        var released = written.WithRecords(fromFile.Nodes, fromFile.Edges);
        // Not for long: a streamed bulk write holds the lock for minutes and waits for this task before it writes the
        // file itself; the records then stay objects until the next base.
        if (!_writeLock.Wait(LockWaitForBackground, _closing.Token))
        {
            return;
        }

        try
        {
            // Under the write lock, so that no commit swaps in a successor of the graph read here meanwhile.
            var current = Snapshot;
            if (ReferenceEquals(current.Base, written))
            {
                SetCurrent(current.WithBase(released));
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private void WriteSnapshot(GraphSnapshot graph)
    {
        try
        {
            long stamp;
            lock (_reader)
            {
                if (_closing.IsCancellationRequested)
                {
                    return;
                }

                stamp = LogStamp(_reader, null, graph.Sequence);
            }

            var folder = Path.GetDirectoryName(_snapshotPath)!;
            SnapshotFile.RemoveAbandoned(folder);
            var written = SnapshotFile.Write(graph, stamp, _snapshotPath, _closing.Token);
            Volatile.Write(ref _snapshotSequence, graph.Sequence);
            ReleaseRecords(graph.Base, written.Base);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or UnauthorizedAccessException or SqliteException or ObjectDisposedException or InvalidDataException)
        {
            // A cache not written: the next open rebuilds from SQLite, as without one.
        }
    }
}
