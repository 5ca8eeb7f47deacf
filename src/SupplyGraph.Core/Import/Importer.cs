using SupplyGraph.Core.Storage;

namespace SupplyGraph.Core.Import;

/// <summary>
/// Imports files into a store and reports what happened: reads every file (progress per file), resolves links
/// across files, then commits the changes as one batch — or, on a dry run, validates them against the store's graph
/// exactly as <see cref="IGraphStore.ApplyAsync"/> would and changes nothing.
/// </summary>
/// <remarks>
/// <para>
/// <b>Atomic (the default).</b> Every problem of every file — parse, reference and store-side validation — is
/// reported in one run, and nothing is changed unless there is none.
/// </para>
/// <para>
/// <b>Chunked</b> (<see cref="ImportOptions.CommitEvery"/>), for files too large for one batch (a 1 GB
/// FollowTheMoney export): the changes are committed whenever that many have gathered, between two records, each
/// chunk one batch in the change log ("import x.json (part 3)"), so memory holds one chunk, the links still waiting
/// for a later record, and the graph itself. Records are resolved against the store as it grows, so a party of part 1
/// is joined, not duplicated, by a record of part 5. Once a problem is found nothing more is committed; the rest is
/// still read and validated chunk by chunk in memory (as a dry run does), so every problem is reported, and the
/// report says <see cref="ImportOutcome.PartlyCommitted"/> with the sequences committed. Re-running the same files
/// after fixing them is safe: records keep their ids (FtM and LEI ids; entries join the nodes they made by name and
/// identifier), so the committed parts are updated in place, not duplicated. Run with
/// <see cref="ImportOptions.DryRun"/> first to see every problem without committing anything.
/// </para>
/// </remarks>
public static class Importer
{
    /// <summary>Imports <paramref name="files"/> into <paramref name="store"/>.</summary>
    /// <param name="store">The store.</param>
    /// <param name="files">The files, read in this order.</param>
    /// <param name="options">Format, mapping, dry run, chunking.</param>
    /// <param name="progress">Receives progress: bytes read per file, then the store's stages.</param>
    /// <param name="cancellationToken">Cancels between records and before a commit (committed chunks stay).</param>
    /// <returns>The report; <see cref="ImportReport.Problems"/> is empty unless the outcome is refused or partly committed.</returns>
    public static async Task<ImportReport> RunAsync(IGraphStore store, IReadOnlyList<string> files, ImportOptions options,
        IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var description = options.Description ?? "import " + string.Join(", ", files.Select(Path.GetFileName));
        if (StreamedCsvImport.Applies(files, options))
        {
            // Project-format CSV, chunked: streamed to the store, whatever its size (a held batch of 40M rows would not fit).
            var graph = await store.EntityIndexAsync(cancellationToken).ConfigureAwait(false);
            return await StreamedCsvImport.RunAsync(store, graph, files, options.CommitEvery!.Value, description, progress, cancellationToken).ConfigureAwait(false);
        }

        var session = new ImportSession(await store.EntityIndexAsync(cancellationToken).ConfigureAwait(false))
        {
            Decisions = await Resolution.DecisionStage.LoadAsync(store, cancellationToken).ConfigureAwait(false),
            Format = options.Format,
            Mapping = options.Mapping,
            DryRun = options.DryRun,
            CommitEvery = options.CommitEvery,
            Progress = progress,
            CancellationToken = cancellationToken,
            Description = description,
        };

        var storeProgress = progress is null ? null : new StoreProgress(progress, session);
        // Readers push records synchronously, so a chunk is committed from inside the read loop. The store's commit
        // does its work synchronously (SQLite in-process; Neo4j over a blocking HTTP call); no context to deadlock on.
        session.Commit = batch =>
        {
            if (options.CommitEvery is { } every && batch.Changes.Count > every)
            {
                // A batch larger than a chunk (a project-format file arrives whole): validated whole, written in
                // transactions of that size, each its own log entry (IGraphStore.ApplyInChunksAsync).
                var results = store.ApplyInChunksAsync(batch, every, storeProgress, cancellationToken).GetAwaiter().GetResult();
                for (var i = 0; i < results.Count - 1; i++)
                {
                    session.NoteCommitted(results[i].Sequence);
                }
            }
            else
            {
                store.ApplyAsync(batch, storeProgress, cancellationToken).GetAwaiter().GetResult();
            }

            return store.EntityIndexAsync(cancellationToken).GetAwaiter().GetResult();
        };

        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            session.AddFile(file);
        }

        session.Complete();
        session.CommitRest();
        return session.Report();
    }

    /// <summary>The store's progress as import progress, on the calling thread (in order).</summary>
    private sealed class StoreProgress(IProgress<ImportProgress> progress, ImportSession session) : IProgress<ApplyProgress>
    {
        public void Report(ApplyProgress value) =>
            progress.Report(new ImportProgress(value.Stage, null, value.Done, value.Total, session.Resolutions.Count));
    }
}
