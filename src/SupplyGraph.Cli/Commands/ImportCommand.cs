using SupplyGraph.Core.Import;
using SupplyGraph.Core.Import.Formats;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Storage;

namespace SupplyGraph.Cli.Commands;

public static class ImportCommand
{
    public static async Task<int> RunAsync(CliContext cx)
    {
        if (cx.Line.Positionals.Count < 2)
        {
            throw new UsageException("usage: supplygraph import <file>... [--format csl|ftm|gleif|bods|delimited|project] [--mapping FILE] [--dry-run] [--json] [--commit-every N] (JSON, CSV or a published format)");
        }

        var files = cx.Line.Positionals.Skip(1).ToList();
        var format = cx.Line.Option("format")?.ToLowerInvariant();
        var mapping = cx.Line.Option("mapping") is { } mappingFile ? DelimitedMapping.Load(mappingFile) : null;
        var dryRun = cx.Line.Flag("dry-run");
        int? commitEvery = cx.Line.Option("commit-every") is null ? null : cx.Line.IntOption("commit-every", 0);
        if (format is not null && !ImportFormats.Names.Contains(format))
        {
            throw new UsageException($"--format expects one of {string.Join(", ", ImportFormats.Names)}, got '{format}'");
        }

        await using var store = cx.OpenStore();
        var options = new ImportOptions { Format = format, Mapping = mapping, DryRun = dryRun, CommitEvery = commitEvery };
        Task<ImportReport> Run(IProgress<ImportProgress>? progress) => Importer.RunAsync(store, files, options, progress, cx.CancellationToken);
        var report = cx.Line.Flag("quiet") ? await Run(null)
            : cx.ErrorIsTerminal ? await ImportProgressBar.RunAsync(Run)
            : await Run(new ImportProgressLines(cx.Error));

        if (cx.Json)
        {
            await cx.Out.WriteLineAsync(ImportReportView.Json(report));
        }
        else
        {
            ImportReportView.Write(cx.Out, report, cx.ErrorIsTerminal && ReferenceEquals(cx.Out, Console.Out) && !Console.IsOutputRedirected);
        }

        switch (report.Outcome)
        {
            case ImportOutcome.Refused:
                throw new InvalidInputException(report.Problems);
            case ImportOutcome.PartlyCommitted:
                await cx.Error.WriteLineAsync($"error: invalid input after {report.Sequences.Count} committed chunk(s) (change #{report.Sequences[0]}–#{report.Sequences[^1]}); " +
                    $"nothing after the first problem was committed ({report.Problems.Count} problem(s)):");
                await cx.Error.WriteLineAsync(new InvalidInputException(report.Problems).Message);
                return CliApp.InvalidInput;
            default:
                return CliApp.Ok;
        }
    }

    /// <summary>Progress on stderr, so that stdout stays clean for scripts.</summary>
    public static IProgress<ApplyProgress>? Progress(CliContext cx) =>
        cx.Line.Flag("quiet") ? null : new SyncProgress(p =>
        {
            if (ImportProgressLines.StoreLine(p.Stage, p.Done, p.Total) is { } line)
            {
                cx.Error.WriteLine(line);
                cx.Error.Flush();
            }
        });

    /// <summary>Reports on the calling thread (<see cref="Progress{T}"/> would post to the thread pool, out of order).</summary>
    private sealed class SyncProgress(Action<ApplyProgress> report) : IProgress<ApplyProgress>
    {
        public void Report(ApplyProgress value) => report(value);
    }
}
