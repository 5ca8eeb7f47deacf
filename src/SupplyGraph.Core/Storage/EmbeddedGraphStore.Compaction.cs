using Microsoft.Data.Sqlite;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Storage;

// Compaction of a large graph: its delta is folded into a new base built from the tables by streaming (SnapshotBuilder)
// in the background, not from every record as objects (GraphSnapshot.Apply's rebuild: some 24 GB at 50M records).
public sealed partial class EmbeddedGraphStore
{
    /// <summary>
    /// Most records of a base that a compaction rebuilds from its records as objects (about 490 B each while it runs:
    /// 2 GB here); a larger base keeps its delta growing and is compacted from the tables in the background.
    /// </summary>
    private const int DefaultRebuildFromRecordsLimit = 4_000_000;

    /// <summary>
    /// How long a background task (a snapshot write, a compaction) waits for the write lock before it gives up: commits
    /// hold it for milliseconds, a streamed bulk write for minutes while it waits for that task.
    /// </summary>
    private static readonly TimeSpan LockWaitForBackground = TimeSpan.FromSeconds(10);

    /// <summary>The limit of this store (tests lower it to compact from the tables at small scale).</summary>
    internal int RebuildFromRecordsLimit { get; set; } = DefaultRebuildFromRecordsLimit;

    /// <summary>The graph after a logged batch: <see cref="GraphSnapshot.Apply"/>, or for a large base the delta extended.</summary>
    private static GraphSnapshot Next(GraphSnapshot graph, long sequence, IReadOnlyList<Change> changes, int rebuildLimit) =>
        graph.WouldRebuild(changes.Count) && graph.Base.Nodes.Length + graph.Base.Edges.Length > rebuildLimit
            ? graph.Extend(sequence, changes)
            : graph.Apply(sequence, changes);

    /// <summary>The graph after a logged batch, with a compaction from the tables started when the delta has grown past its threshold.</summary>
    private GraphSnapshot Next(GraphSnapshot graph, long sequence, IReadOnlyList<Change> changes)
    {
        var next = Next(graph, sequence, changes, RebuildFromRecordsLimit);
        if (next.DeltaSize > next.CompactionThreshold)
        {
            ScheduleCompaction();
        }

        return next;
    }

    /// <summary>Starts a compaction from the tables unless a snapshot write (or one) is running; the next commit asks again.</summary>
    private void ScheduleCompaction()
    {
        lock (_snapshotGate)
        {
            if (!_closing.IsCancellationRequested && _snapshotWrite.IsCompleted)
            {
                _snapshotWrite = Task.Run(CompactFromTables);
            }
        }
    }

    /// <summary>
    /// Streams the tables into a new snapshot file on a connection of its own (a read transaction: writers go on), maps
    /// it, and swaps it in under the write lock with the log entries committed meanwhile replayed on top.
    /// </summary>
    private void CompactFromTables()
    {
        try
        {
            using (var connection = new SqliteConnection(_reader.ConnectionString))
            {
                connection.Open();
                Execute(connection, "PRAGMA busy_timeout=60000;");
                SnapshotBuilder.Build(connection, _snapshotPath, (tx, sequence) => LogStamp(connection, tx, sequence));
            }

            if (!SnapshotFile.TryRead(_snapshotPath, out var graph, out _, out _))
            {
                return;
            }

            Volatile.Write(ref _snapshotSequence, graph.Sequence);
            if (!_writeLock.Wait(LockWaitForBackground, _closing.Token))
            {
                // A bulk write holds the lock (and waits for this task): the next commit past the threshold tries again.
                return;
            }

            try
            {
                lock (_connection)
                {
                    var current = Snapshot;
                    while (graph.Sequence < current.Sequence)
                    {
                        var page = ReadLog(_connection, null, graph.Sequence, FollowPage);
                        foreach (var entry in page)
                        {
                            if (entry.Sequence <= current.Sequence)
                            {
                                graph = Next(graph, entry.Sequence, entry.Changes, RebuildFromRecordsLimit);
                            }
                        }

                        if (page.Count < FollowPage)
                        {
                            break;
                        }
                    }

                    if (graph.Sequence == current.Sequence)
                    {
                        SetCurrent(graph);
                    }
                }
            }
            finally
            {
                _writeLock.Release();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or UnauthorizedAccessException or SqliteException or ObjectDisposedException or InvalidDataException or InvalidOperationException)
        {
            // Not compacted: the delta stays (queries go on), and the next commit past the threshold tries again.
        }
    }
}
