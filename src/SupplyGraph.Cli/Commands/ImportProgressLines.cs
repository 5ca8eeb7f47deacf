using System.Diagnostics;
using System.Globalization;
using SupplyGraph.Core.Import;

namespace SupplyGraph.Cli.Commands;

/// <summary>
/// Import progress as plain lines on stderr, for logs and pipes: while a file is read, a line every second
/// ("reading csl.csv: 5,000 records, 2.1 of 6.6 MB (32 %)") and one when it is done; the store's stages as before
/// ("writing 20000/28000"). Small, fast imports print nothing while reading.
/// </summary>
public sealed class ImportProgressLines(TextWriter error) : IProgress<ImportProgress>
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(1);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _last;
    private TimeSpan _fileStart;
    private string? _file;
    private bool _printedForFile;

    public void Report(ImportProgress value)
    {
        var now = _clock.Elapsed;
        string? line = null;
        if (value.Stage is "reading" or "read" && value.Source is { } source)
        {
            if (source != _file)
            {
                (_file, _fileStart, _printedForFile) = (source, now, false);
            }

            if (value.Stage == "read")
            {
                // Said only for a file that took a while: small imports stay quiet.
                if (_printedForFile || now - _fileStart >= Every)
                {
                    line = string.Create(CultureInfo.InvariantCulture,
                        $"read {source}: {value.Records:N0} records, {Megabytes(value.Total)} MB in {(now - _fileStart).TotalSeconds:0.0} s");
                }
            }
            else if (value.Done < value.Total && now - _last >= Every && now - _fileStart >= Every)
            {
                line = string.Create(CultureInfo.InvariantCulture,
                    $"reading {source}: {value.Records:N0} records, {Megabytes(value.Done)} of {Megabytes(value.Total)} MB ({100.0 * value.Done / Math.Max(1, value.Total):0} %)");
                _printedForFile = true;
            }
        }
        else if (value.Stage == "resolving")
        {
            line = now >= Every ? $"resolving links across files ({value.Records.ToString("N0", CultureInfo.InvariantCulture)} records)" : null;
        }
        else
        {
            line = StoreLine(value.Stage, value.Done, value.Total);
        }

        if (line is not null)
        {
            _last = now;
            error.WriteLine(line);
            error.Flush();
        }
    }

    /// <summary>The store's stages, as the CLI has always written them (large batches and the commit only).</summary>
    public static string? StoreLine(string stage, long done, long total) =>
        total < 5_000 && stage != "committed" ? null
        : stage == "writing" ? $"writing {done}/{total}"
        : $"{stage} {total} changes";

    private static string Megabytes(long bytes) => (bytes / 1e6).ToString("0.0", CultureInfo.InvariantCulture);
}
