using System.Text;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Import.Formats;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Storage;

namespace SupplyGraph.Core.Import;

/// <summary>
/// The chunked import (<see cref="ImportOptions.CommitEvery"/>) of files in the project's CSV formats, which may be
/// too large to hold (10M entities and 40M relationships: some 24 GB as objects): the files are handed to the store as
/// a <see cref="StreamedBatch"/>, read once to validate and once to write, never all in memory. The outcome is the one
/// a held import has: the same checks and messages (file, line, field), nothing written when any row is bad, the same
/// chunks in the change log (entity files first, as <see cref="ChunkedBatch.WriteOrder"/> orders a held batch), the
/// same report. Project-format records carry their ids, so no entity resolution is involved.
/// </summary>
internal static class StreamedCsvImport
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Whether <paramref name="files"/> are all project-format CSV files that a chunked, committing import streams.</summary>
    public static bool Applies(IReadOnlyList<string> files, ImportOptions options)
    {
        if (options.CommitEvery is null || options.DryRun || options.Held || options.Mapping is not null || options.Format is not (null or ImportFormats.Project) || files.Count == 0)
        {
            return false;
        }

        foreach (var file in files)
        {
            if (!(file.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase))
                || !File.Exists(file) || (options.Format is null && ImportFormats.Recognise(file) is not null) || Kind(file) is null)
            {
                // Anything else (a missing file, another format, a bad header) goes the held way, which reports it.
                return false;
            }
        }

        return true;
    }

    /// <summary>Imports the files: validated whole by the store, then written in chunks of <paramref name="chunkSize"/>.</summary>
    public static async Task<ImportReport> RunAsync(IGraphStore store, GraphSnapshot graph, IReadOnlyList<string> files, int chunkSize, string description,
        IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        var tallies = new List<SourceTally>();
        foreach (var file in files)
        {
            tallies.Add(new SourceTally(Path.GetFileName(file)) { Format = ImportFormats.Project });
        }

        // Entity files first: the write order of a held batch, and every relationship's ends are known when it is read.
        var ordered = new List<(string Path, SourceTally Tally)>();
        foreach (var entities in (ReadOnlySpan<bool>)[true, false])
        {
            for (var i = 0; i < files.Count; i++)
            {
                if (Kind(files[i]) == entities)
                {
                    ordered.Add((files[i], tallies[i]));
                }
            }
        }

        var readings = 0;
        void Read(Action<Change> each)
        {
            // The first reading (the store's validation) counts what the import creates and updates.
            var count = readings++ == 0;
            var errors = new List<InputError>();
            foreach (var (path, tally) in ordered)
            {
                ReadFile(path, count ? change => { Count(graph, tally, change); each(change); } : each, errors.Add, progress);
            }

            if (errors.Count > 0)
            {
                throw new InvalidInputException(errors);
            }
        }

        // A held chunked import describes its one batch as part 1 (ImportSession): the same log either way.
        var batch = new StreamedBatch(Read, description + " (part 1)");
        IReadOnlyList<CommitResult> results = [];
        IReadOnlyList<InputError> problems = [];
        try
        {
            var storeProgress = progress is null ? null : new Progress(progress);
            results = await store.ApplyStreamedAsync(batch, chunkSize, storeProgress, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidInputException ex)
        {
            problems = ex.Errors;
        }

        var byFile = problems.GroupBy(e => e.Location?.File ?? "").ToDictionary(g => g.Key, g => (IReadOnlyList<InputError>)[.. g], StringComparer.Ordinal);
        var sources = new List<ImportSourceReport>();
        foreach (var tally in problems.Count > 0 ? tallies.ConvertAll(t => new SourceTally(t.Source) { Format = t.Format }) : tallies)
        {
            // A refused import created and updated nothing.
            sources.Add(tally.ToReport(byFile.GetValueOrDefault(tally.Source) ?? []));
        }

        foreach (var (file, fileProblems) in byFile)
        {
            if (!tallies.Exists(t => t.Source == file))
            {
                sources.Add(new SourceTally(file).ToReport(fileProblems));
            }
        }

        var outcome = problems.Count > 0 ? ImportOutcome.Refused : ImportOutcome.Committed;
        return new ImportReport(outcome, sources, SourceTally.Sum(sources)) { Sequences = [.. results.Select(r => r.Sequence)] };
    }

    /// <summary>True for an entity file, false for a relationship file, null when the header is neither (by the rules of <see cref="CsvGraphReader"/>).</summary>
    private static bool? Kind(string path)
    {
        using var text = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: false);
        try
        {
            foreach (var row in CsvReader.Read(text, Separator(path), path))
            {
                var header = Array.ConvertAll(row.Fields, h => h.Trim().TrimStart('\uFEFF'));
                return Array.IndexOf(header, "type") >= 0 && Array.IndexOf(header, "from") >= 0 && Array.IndexOf(header, "to") >= 0 ? false
                    : Array.IndexOf(header, "id") >= 0 && Array.IndexOf(header, "name") >= 0 ? true
                    : null;
            }
        }
        catch (InvalidInputException)
        {
            // A header that is not CSV: the held way reports it.
        }

        return null;
    }

    private static char Separator(string path) => path.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : ',';

    private static void ReadFile(string path, Action<Change> add, Action<InputError> error, IProgress<ImportProgress>? progress)
    {
        var name = Path.GetFileName(path);
        Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        if (progress is not null)
        {
            var length = stream.Length;
            stream = new ProgressStream(stream, read => progress.Report(new ImportProgress("reading", name, read, length, 0)));
        }

        // Strictly UTF-8, as a held import reads it: a lenient decoder would turn bad bytes into U+FFFD inside names and ids.
        using var text = new StreamReader(stream, Strict, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
        if (text.Peek() == '\uFEFF')
        {
            text.Read();
        }

        var line = 0;
        try
        {
            var rows = Lines(CsvReader.Read(text, Separator(path), name), at => line = at);
            CsvGraphReader.Read(rows, name, add, error, id => id);
        }
        catch (InvalidInputException ex)
        {
            foreach (var e in ex.Errors)
            {
                error(e);
            }
        }
        catch (DecoderFallbackException)
        {
            error(new InputError(new SourceLocation(name, line + 1), "", $"invalid UTF-8 after line {line}; the file must be UTF-8"));
        }
    }

    private static IEnumerable<CsvReader.Row> Lines(IEnumerable<CsvReader.Row> rows, Action<int> at)
    {
        foreach (var row in rows)
        {
            at(row.Line);
            yield return row;
        }
    }

    private static void Count(GraphSnapshot graph, SourceTally tally, Change change)
    {
        switch (change)
        {
            case PutEntity p when graph.TryGetNode(p.Entity.Id, out _):
                tally.EntitiesUpdated++;
                break;
            case PutEntity:
                tally.EntitiesCreated++;
                break;
            case PutRelationship p when graph.TryGetEdge(p.Relationship.Id, out _):
                tally.RelationshipsUpdated++;
                break;
            case PutRelationship:
                tally.RelationshipsCreated++;
                break;
        }
    }

    /// <summary>The store's progress as import progress, on the calling thread (in order).</summary>
    private sealed class Progress(IProgress<ImportProgress> progress) : IProgress<ApplyProgress>
    {
        public void Report(ApplyProgress value) => progress.Report(new ImportProgress(value.Stage, null, value.Done, value.Total, 0));
    }
}
