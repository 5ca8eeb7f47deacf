using Microsoft.Data.Sqlite;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Review;

namespace SupplyGraph.Core.Storage;

// The write path of the store: batches queued by ApplyAsync, written in groups under the cross-process lock.
public sealed partial class EmbeddedGraphStore
{
    /// <inheritdoc/>
    public async Task<CommitResult> ApplyAsync(ChangeBatch batch, IProgress<ApplyProgress>? progress = null, CancellationToken cancellationToken = default) =>
        (await ApplyAsync(_ => batch, progress, cancellationToken).ConfigureAwait(false))!;

    /// <summary>
    /// Builds a batch from the newest graph and commits it, holding the write lock of every process in between: a
    /// read-modify-write (a Cypher <c>SET n.x = n.x + 1</c>, a first-start seed) cannot lose another writer's update.
    /// </summary>
    /// <param name="build">Gets the graph with every writer's batches; returns the batch, or null to write nothing.</param>
    /// <param name="progress">Receives progress for large batches.</param>
    /// <param name="cancellationToken">Cancels before commit; a cancelled batch changes nothing.</param>
    /// <returns>What was committed, or null when <paramref name="build"/> returned null.</returns>
    /// <exception cref="InvalidInputException">The batch is invalid; nothing changed.</exception>
    public async Task<CommitResult?> ApplyAsync(Func<GraphSnapshot, ChangeBatch?> build, IProgress<ApplyProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(build);
        var write = new PendingWrite(build, progress, cancellationToken);
        lock (_pending)
        {
            _pending.Add(write);
        }

        try
        {
            await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            lock (_pending)
            {
                // Not yet taken by a group: it never will be. Taken: its group checks the token before writing it,
                // so its outcome (cancelled, or committed before the cancellation) is the one to report.
                if (_pending.Remove(write))
                {
                    throw;
                }
            }

            return await write.Done.Task.ConfigureAwait(false);
        }

        try
        {
            if (!write.Done.Task.IsCompleted)
            {
                WriteGroup();
            }
        }
        finally
        {
            _writeLock.Release();
        }

        return await write.Done.Task.ConfigureAwait(false);
    }

    /// <summary>
    /// Writes every queued batch in one SQLite transaction (group commit), each as its own log entry validated against
    /// the graph after the ones before it. One fsync for the group instead of one per batch: with several servers on
    /// one file each commit waits for the others' (the cross-process lock), and the batches that arrive meanwhile
    /// share the next commit instead of queueing for one each (bench/README.md, scale-out). A batch that fails rolls
    /// back to its savepoint alone; the others commit.
    /// </summary>
    private void WriteGroup()
    {
        List<PendingWrite>? group = null;
        var written = new List<(PendingWrite Write, ChangeLogEntry Entry)>();
        GraphSnapshot graph;
        lock (_connection)
        {
            IDisposable? writer = null;
            SqliteTransaction? tx = null;
            try
            {
                // The other processes' writers wait only for the write itself: this process's graph is published
                // after the lock is released (its own followers wait on _writeLock, held until then).
                writer = WriterLock.Acquire(FilePath, TimeSpan.FromSeconds(60), _closing.Token);

                // BEGIN IMMEDIATE: SQLite's write lock, across processes, from before the catch-up to the commit.
                tx = _connection.BeginTransaction(deferred: false);
                CatchUp(_connection, tx);

                // Taken once the locks are held: the batches queued while this process waited for them join too.
                group = TakePending();
                graph = Snapshot;
                foreach (var write in group)
                {
                    // The graph after the batches before this one, applied only when another batch is validated
                    // against it: the last one is applied after the locks are released.
                    if (written.Count > 0 && written[^1].Entry.Sequence > graph.Sequence)
                    {
                        graph = Next(graph, written[^1].Entry.Sequence, written[^1].Entry.Changes, RebuildFromRecordsLimit);
                    }

                    if (WriteOne(tx, write, graph) is { } entry)
                    {
                        written.Add((write, entry));
                    }
                }

                if (written.Count > 0)
                {
                    tx.Commit();
                }
            }
            catch (Exception ex)
            {
                // The lock, the transaction or the commit failed: nothing of the group is in the file.
                foreach (var write in group ?? TakePending())
                {
                    Fail(write, ex);
                }

                return;
            }
            finally
            {
                tx?.Dispose();
                writer?.Dispose();
            }
        }

        try
        {
            foreach (var (write, entry) in written)
            {
                Volatile.Write(ref _recent[entry.Sequence & (RecentEntries - 1)], entry);
            }

            if (written.Count > 0)
            {
                var (_, newest) = written[^1];
                SetCurrent(newest.Sequence > graph.Sequence ? Next(graph, newest.Sequence, newest.Changes) : graph);
                MaybeWriteSnapshot(Snapshot);
                Interlocked.Exchange(ref _grew, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            }

            foreach (var (write, entry) in written)
            {
                write.Progress?.Report(new ApplyProgress("committed", entry.Changes.Count, entry.Changes.Count));
                write.Done.TrySetResult(Summarize(entry));
            }
        }
        catch (Exception ex)
        {
            // Committed, but this process could not take it in (or a progress callback threw): every caller of the
            // group must still get an answer — one left without would wait for ever (its HTTP request with it).
            foreach (var (write, _) in written)
            {
                write.Done.TrySetException(ex);
            }

            throw;
        }
    }

    private List<PendingWrite> TakePending()
    {
        lock (_pending)
        {
            List<PendingWrite> taken = [.. _pending];
            _pending.Clear();
            return taken;
        }
    }

    /// <summary>Builds, validates and writes one queued batch inside the group's transaction; null when it wrote nothing.</summary>
    private static ChangeLogEntry? WriteOne(SqliteTransaction tx, PendingWrite write, GraphSnapshot before)
    {
        const string Savepoint = "batch";
        tx.Save(Savepoint);
        try
        {
            write.Cancellation.ThrowIfCancellationRequested();
            if (write.Build(before) is not { } batch)
            {
                tx.Release(Savepoint);
                write.Done.TrySetResult(null);
                return null;
            }

            write.Progress?.Report(new ApplyProgress("validating", 0, batch.Changes.Count));
            CheckReviewHistories(tx, batch);
            var changes = BatchValidator.Validate(before, batch);
            var committedAt = DateTimeOffset.UtcNow;
            var sequence = Write(tx, changes, batch.Description, committedAt, write.Progress, write.Cancellation);
            tx.Release(Savepoint);
            write.Progress?.Report(new ApplyProgress("indexing", 0, changes.Count));
            return new ChangeLogEntry(sequence, committedAt, batch.Description, changes);
        }
        catch (Exception ex)
        {
            tx.Rollback(Savepoint);
            tx.Release(Savepoint);
            Fail(write, ex);
            return null;
        }
    }

    /// <summary>
    /// A decision extends a review item's history as its decider read it, outside the write lock. When another
    /// writer decided the item in between (two editors accepting it at once), the stored history is no longer the
    /// start of the new one: the later decision is refused as a conflict, before its merge is validated against a
    /// graph the first decision already changed (which would read as invalid input) and before it could overwrite
    /// the first decision.
    /// </summary>
    private static void CheckReviewHistories(SqliteTransaction tx, ChangeBatch batch)
    {
        SqliteCommand? read = null;
        try
        {
            foreach (var change in batch.Changes)
            {
                if (change is not PutReview { Review: { Decisions.Count: > 0 } review })
                {
                    continue;
                }

                read ??= Command(tx, "SELECT body FROM reviews WHERE id = $id", "$id");
                read.Parameters["$id"].Value = review.Id;
                if (read.ExecuteScalar() is not string body)
                {
                    continue;
                }

                var stored = ReviewJson.Parse(body);
                var extends = stored.Decisions.Count <= review.Decisions.Count;
                for (var i = 0; extends && i < stored.Decisions.Count; i++)
                {
                    extends = stored.Decisions[i] == review.Decisions[i];
                }

                if (!extends)
                {
                    throw ReviewConflictException.DecidedMeanwhile(stored);
                }
            }
        }
        finally
        {
            read?.Dispose();
        }
    }

    private static void Fail(PendingWrite write, Exception ex)
    {
        if (ex is OperationCanceledException && write.Cancellation.IsCancellationRequested)
        {
            write.Done.TrySetCanceled(write.Cancellation);
        }
        else
        {
            write.Done.TrySetException(ex);
        }
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

    private static long Write(SqliteTransaction tx, IReadOnlyList<Change> changes, string? description, DateTimeOffset committedAt,
        IProgress<ApplyProgress>? progress, CancellationToken cancellationToken)
    {
        using var rows = new StoreRowWriter(tx.Connection!);
        return rows.Write(tx, changes, description, committedAt, progress, 0, changes.Count, cancellationToken);
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

    /// <summary>A batch waiting for the next group commit, and how it ended.</summary>
    private sealed class PendingWrite(Func<GraphSnapshot, ChangeBatch?> build, IProgress<ApplyProgress>? progress, CancellationToken cancellation)
    {
        public Func<GraphSnapshot, ChangeBatch?> Build { get; } = build;

        public IProgress<ApplyProgress>? Progress { get; } = progress;

        public CancellationToken Cancellation { get; } = cancellation;

        public TaskCompletionSource<CommitResult?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
