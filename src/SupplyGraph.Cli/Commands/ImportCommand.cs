using SupplyGraph.Core.Import;
using SupplyGraph.Core.Import.Formats;
using SupplyGraph.Core.Resolution;
using SupplyGraph.Core.Storage;

namespace SupplyGraph.Cli.Commands;

public static class ImportCommand
{
    public static async Task<int> RunAsync(CliContext cx)
    {
        if (cx.Line.Positionals.Count < 2)
        {
            throw new UsageException("usage: supplygraph import <file>... [--format csl|ftm|gleif|bods|delimited|project] [--mapping FILE] (JSON, CSV or a published format)");
        }

        var files = cx.Line.Positionals.Skip(1).ToList();
        var format = cx.Line.Option("format")?.ToLowerInvariant();
        var mapping = cx.Line.Option("mapping") is { } mappingFile ? DelimitedMapping.Load(mappingFile) : null;
        cx.Line.RejectUnknown();
        if (format is not null && !ImportFormats.Names.Contains(format))
        {
            throw new UsageException($"--format expects one of {string.Join(", ", ImportFormats.Names)}, got '{format}'");
        }

        await using var store = cx.OpenStore();
        var session = new ImportSession(store.Snapshot) { Format = format, Mapping = mapping, Decisions = await DecisionStage.LoadAsync(store, cx.CancellationToken) };
        foreach (var file in files)
        {
            session.AddFile(file);
        }

        var batch = session.ToBatch("import " + string.Join(", ", files.Select(Path.GetFileName)));
        var result = await store.ApplyAsync(batch, Progress(cx), cx.CancellationToken);
        await cx.Out.WriteLineAsync(
            $"imported {string.Join(", ", files)} as change #{result.Sequence}: {result.EntitiesWritten} entities and {result.RelationshipsWritten} relationships written");
        if (result.ReviewsWritten > 0)
        {
            await cx.Out.WriteLineAsync($"{result.ReviewsWritten} record(s) queued for review: supplygraph review");
        }

        return CliApp.Ok;
    }

    /// <summary>Progress on stderr, so that stdout stays clean for scripts.</summary>
    public static IProgress<ApplyProgress>? Progress(CliContext cx) =>
        cx.Line.Flag("quiet") ? null : new SyncProgress(p =>
        {
            if (p.Total >= 5_000 || p.Stage == "committed")
            {
                cx.Error.WriteLine(p.Stage == "writing" ? $"writing {p.Done}/{p.Total}" : $"{p.Stage} {p.Total} changes");
                cx.Error.Flush();
            }
        });

    /// <summary>Reports on the calling thread (<see cref="Progress{T}"/> would post to the thread pool, out of order).</summary>
    private sealed class SyncProgress(Action<ApplyProgress> report) : IProgress<ApplyProgress>
    {
        public void Report(ApplyProgress value) => report(value);
    }
}
