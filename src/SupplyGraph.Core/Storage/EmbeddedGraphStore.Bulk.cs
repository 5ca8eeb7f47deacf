using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Storage;

// The bulk write path: one batch validated whole, written as several transactions, each with its own log entry.
public sealed partial class EmbeddedGraphStore
{
    /// <summary>
    /// SQLite's page cache for the writer connection during a chunked write (KiB, negative: a size, not pages). 128 MB
    /// bought no measurable CPU over 2-16 MB on the 1M-relationship import (the file's pages are in the OS cache
    /// anyway; chunk CPU 5.3-5.8 s for every size, one run each, load 14-18) and was 130 MB of its peak.
    /// </summary>
    private const int BulkCacheKib = 16_384;

    /// <summary>
    /// Validates the whole batch against the newest graph (nothing is written when it has a problem), then writes it
    /// in transactions of at most <paramref name="chunkSize"/> changes, each committed with its log entry
    /// ("description (chunk k of n)") under SQLite's usual WAL and <c>synchronous=FULL</c>: a crash leaves the file at a
    /// chunk boundary, log and data agreeing, and every committed prefix is a valid graph (<see cref="ChunkedBatch"/>).
    /// The write lock of every process is held from the validation to the last chunk, so no other writer's batch lands
    /// between the chunks; followers see each chunk as it commits. The in-memory graph is built once, after the last
    /// chunk, instead of once per chunk (each would rebuild the whole graph once the chunk exceeds the delta's limit).
    /// </summary>
    /// <param name="batch">The changes.</param>
    /// <param name="chunkSize">Most changes per transaction.</param>
    /// <param name="progress">Receives "validating", "writing" (over the whole batch) and "committed" per chunk.</param>
    /// <param name="cancellationToken">Cancels before the next chunk (and within a chunk, rolling that chunk back); committed chunks stay.</param>
    /// <returns>What each chunk committed, in order.</returns>
    /// <exception cref="InvalidInputException">The batch is invalid; nothing changed.</exception>
    public async Task<IReadOnlyList<CommitResult>> ApplyInChunksAsync(ChangeBatch batch, int chunkSize, IProgress<ApplyProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var entries = WriteChunks(batch, chunkSize, progress, cancellationToken);
            var results = new List<CommitResult>(entries.Count);
            foreach (var entry in entries)
            {
                results.Add(Summarize(entry));
            }

            return results;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private List<ChangeLogEntry> WriteChunks(ChangeBatch batch, int chunkSize, IProgress<ApplyProgress>? progress, CancellationToken cancellationToken)
    {
        var written = new List<ChangeLogEntry>();
        GraphSnapshot graph;
        lock (_connection)
        {
            using var writer = WriterLock.Acquire(FilePath, TimeSpan.FromSeconds(60), _closing.Token);
            List<ArraySegment<Change>> chunks;
            using (var read = _connection.BeginTransaction(deferred: false))
            {
                CatchUp(_connection, read);
                graph = Snapshot;
                progress?.Report(new ApplyProgress("validating", 0, batch.Changes.Count));
                CheckReviewHistories(read, batch);
                chunks = ChunkedBatch.Split(BatchValidator.Validate(graph, batch), chunkSize);
                read.Commit();
            }

            var total = 0;
            foreach (var chunk in chunks)
            {
                total += chunk.Count;
            }

            Execute(_connection, $"PRAGMA cache_size = -{BulkCacheKib}");
            try
            {
                using var rows = new StoreRowWriter(_connection);
                var done = 0;
                for (var k = 0; k < chunks.Count; k++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var description = chunks.Count == 1 ? batch.Description : $"{batch.Description ?? "batch"} (chunk {k + 1} of {chunks.Count})";
                    var committedAt = DateTimeOffset.UtcNow;
                    using var tx = _connection.BeginTransaction(deferred: false);
                    var sequence = rows.Write(tx, chunks[k], description, committedAt, progress, done, total, cancellationToken);
                    tx.Commit();
                    written.Add(new ChangeLogEntry(sequence, committedAt, description, chunks[k]));
                    done += chunks[k].Count;
                    progress?.Report(new ApplyProgress("committed", done, total));
                }
            }
            finally
            {
                // Back to SQLite's default: the large cache is for the write, not for the life of the store.
                Execute(_connection, "PRAGMA cache_size = -2000");
                if (written.Count > 0)
                {
                    // Also after a failure midway: the chunks committed so far are the store's state now.
                    progress?.Report(new ApplyProgress("indexing", 0, written.Count));
                    Publish(graph, written);
                }
            }
        }

        return written;
    }

    /// <summary>Makes the written chunks visible: their entries for followers, then one graph built from all of them.</summary>
    private void Publish(GraphSnapshot before, List<ChangeLogEntry> written)
    {
        var count = 0;
        foreach (var entry in written)
        {
            count += entry.Changes.Count;
        }

        var all = new List<Change>(count);
        foreach (var entry in written)
        {
            Volatile.Write(ref _recent[entry.Sequence & (RecentEntries - 1)], entry);
            all.AddRange(entry.Changes);
        }

        SetCurrent(Next(before, written[^1].Sequence, all));
        MaybeWriteSnapshot(Snapshot);
        Interlocked.Exchange(ref _grew, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }
}
