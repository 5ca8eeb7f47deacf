using System.Globalization;
using Spectre.Console;
using SupplyGraph.Core.Import;

namespace SupplyGraph.Cli.Commands;

/// <summary>
/// Import progress as Spectre.Console bars on a terminal's stderr: one bar per file (bytes read, with the records
/// resolved so far), then one for the store's stages (changes validated, written, indexed).
/// </summary>
public static class ImportProgressBar
{
    public static Task<T> RunAsync<T>(Func<IProgress<ImportProgress>, Task<T>> run)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(context => run(new Bars(context)));
    }

    /// <summary>Moves the bars; Spectre redraws them on its own thread.</summary>
    private sealed class Bars(ProgressContext context) : IProgress<ImportProgress>
    {
        private readonly Dictionary<string, ProgressTask> _files = new(StringComparer.Ordinal);
        private ProgressTask? _store;

        public void Report(ImportProgress value)
        {
            if (value.Stage is "reading" or "read" && value.Source is { } source)
            {
                if (!_files.TryGetValue(source, out var task))
                {
                    _files[source] = task = context.AddTask(Markup.Escape(source), maxValue: Math.Max(1, value.Total));
                }

                task.Value = value.Done;
                task.Description = Markup.Escape($"{source} · {value.Records.ToString("N0", CultureInfo.InvariantCulture)} records");
                return;
            }

            foreach (var file in _files.Values)
            {
                file.Value = file.MaxValue;
            }

            if (value.Stage == "resolving")
            {
                return;
            }

            _store ??= context.AddTask("store", maxValue: Math.Max(1, value.Total));
            _store.MaxValue = Math.Max(1, value.Total);
            _store.Description = value.Stage == "committed" ? $"committed {value.Total:N0} changes" : $"{value.Stage} {value.Total:N0} changes";
            _store.Value = value.Stage switch
            {
                "validating" => 0,
                "writing" => value.Done,
                _ => value.Total,
            };
        }
    }
}
