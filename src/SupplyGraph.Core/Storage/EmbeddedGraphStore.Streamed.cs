using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Storage;

// The bulk write of a batch too large to hold: validated with dense state, written chunk by chunk as it is read again,
// and the graph built afterwards from the tables by streaming (SnapshotBuilder), never from a list of every record.
public sealed partial class EmbeddedGraphStore
{
    /// <summary>
    /// Most changes of a streamed batch that are gathered and applied to the graph as objects, as
    /// <see cref="ApplyInChunksAsync"/> does (a 1M-relationship import's 1.2M records: 757 MB peak); a larger batch's
    /// graph is built from the tables into the snapshot file and mapped. Tests lower it to take that path at small scale.
    /// </summary>
    internal int StreamedHoldLimit { get; set; } = 2_000_000;

    /// <inheritdoc/>
    public async Task<IReadOnlyList<CommitResult>> ApplyStreamedAsync(StreamedBatch batch, int chunkSize, IProgress<ApplyProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        await SnapshotWrite.ConfigureAwait(false);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return WriteStreamed(batch, chunkSize, progress, cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private List<CommitResult> WriteStreamed(StreamedBatch batch, int chunkSize, IProgress<ApplyProgress>? progress, CancellationToken cancellationToken)
    {
        var results = new List<CommitResult>();
        lock (_connection)
        {
            using var writer = WriterLock.Acquire(FilePath, TimeSpan.FromSeconds(60), _closing.Token);
            GraphSnapshot graph;
            StreamedBatchValidator.Plan plan;
            using (var read = _connection.BeginTransaction(deferred: false))
            {
                CatchUp(_connection, read);
                graph = Snapshot;
                progress?.Report(new ApplyProgress("validating", 0, 0));
                plan = StreamedBatchValidator.Validate(graph, batch, cancellationToken);
                read.Commit();
            }

            // The validator's maps are garbage now; collected before the write so that they are not part of its peak.
            GC.Collect();
            var hold = plan.Count <= StreamedHoldLimit;
            var held = new List<ChangeLogEntry>();
            var chunkCount = (plan.Count + chunkSize - 1) / chunkSize;
            Execute(_connection, $"PRAGMA cache_size = -{BulkCacheKib}");
            try
            {
                using var rows = new StoreRowWriter(_connection);
                var chunk = new List<Change>(Math.Min(chunkSize, plan.Count));
                var done = 0;

                void Commit()
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var k = results.Count;
                    var description = chunkCount == 1 ? batch.Description : $"{batch.Description ?? "batch"} (chunk {k + 1} of {chunkCount})";
                    var committedAt = DateTimeOffset.UtcNow;
                    long sequence;
                    using (var tx = _connection.BeginTransaction(deferred: false))
                    {
                        sequence = rows.Write(tx, chunk, description, committedAt, progress, done, plan.Count, cancellationToken);
                        tx.Commit();
                    }

                    results.Add(Summarize(new ChangeLogEntry(sequence, committedAt, description, chunk)));
                    if (hold)
                    {
                        held.Add(new ChangeLogEntry(sequence, committedAt, description, [.. chunk]));
                    }

                    done += chunk.Count;
                    chunk.Clear();
                    progress?.Report(new ApplyProgress("committed", done, plan.Count));
                }

                // Entity puts first (ChunkedBatch.WriteOrder), so that every committed prefix is a valid graph: in one
                // reading when the batch has them first, else one reading for each kind.
                bool?[] passes = plan.EntitiesFirst ? [null] : [true, false];
                foreach (var entitiesPass in passes)
                {
                    batch.Read(change =>
                    {
                        if (entitiesPass is { } entities && (change is PutEntity) != entities)
                        {
                            return;
                        }

                        chunk.Add(change);
                        if (chunk.Count == chunkSize)
                        {
                            Commit();
                        }
                    });
                }

                if (chunk.Count > 0)
                {
                    Commit();
                }

                if (done != plan.Count)
                {
                    throw new InvalidOperationException($"the batch held {plan.Count} changes when validated and {done} when written; its files changed meanwhile");
                }
            }
            finally
            {
                Execute(_connection, "PRAGMA cache_size = -2000");
                if (results.Count > 0)
                {
                    // Also after a failure midway: the chunks committed so far are the store's state now.
                    progress?.Report(new ApplyProgress("indexing", 0, results.Count));
                    if (hold)
                    {
                        Publish(graph, held);
                    }
                    else
                    {
                        RebaseFromTables();
                    }
                }
            }
        }

        return results;
    }

    /// <summary>
    /// Replaces the graph by one built from the tables: streamed into a new snapshot file (<see cref="SnapshotBuilder"/>,
    /// no object per record) and mapped from it. Call holding the connection and the write lock.
    /// </summary>
    private void RebaseFromTables()
    {
        // A background write of an older base must not land over the file built here. It started before this write took
        // the lock (every start holds it) and waits at most LockWaitForBackground for it.
        SnapshotWrite.Wait();
        SnapshotBuilder.Build(_connection, _snapshotPath, (tx, sequence) => LogStamp(_connection, tx, sequence));
        if (!SnapshotFile.TryRead(_snapshotPath, out var graph, out _, out var problem))
        {
            throw new IOException($"the snapshot file just built cannot be read: {problem}");
        }

        graph = Replay(_connection, graph) ?? throw new IOException("the snapshot file just built is behind the log");
        Volatile.Write(ref _snapshotSequence, graph.Sequence);
        SetCurrent(graph);
        Interlocked.Exchange(ref _grew, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }
}
