using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;
using SupplyGraph.Core.Import;

namespace SupplyGraph.Cli.Commands;

/// <summary>
/// The import report as a table (Spectre.Console) or as JSON (camelCase; field names documented in
/// docs/import-formats.md and kept stable).
/// </summary>
public static class ImportReportView
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Json(ImportReport report) => JsonSerializer.Serialize(report, JsonOptions);

    /// <summary>Writes the tables and a one-line summary.</summary>
    /// <param name="writer">Where to.</param>
    /// <param name="report">The report.</param>
    /// <param name="terminal">Colours and the terminal's width; otherwise plain characters, wide enough not to wrap.</param>
    public static void Write(TextWriter writer, ImportReport report, bool terminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!terminal)
        {
            console.Profile.Width = 160;
        }

        var table = new Table { Border = terminal ? TableBorder.Rounded : TableBorder.Ascii, Title = new TableTitle(Title(report)) };
        table.AddColumns("source", "format", "records", "joined", "created", "review", "refused", "entities new/upd", "relationships new/upd");
        for (var i = 1; i < table.Columns.Count; i++)
        {
            if (i != 1)
            {
                table.Columns[i].RightAligned();
            }
        }

        foreach (var s in report.Sources)
        {
            table.AddRow(Row(s));
        }

        if (report.Sources.Count > 1)
        {
            table.AddRow(Row(report.Total));
        }

        console.Write(table);
        if (report.Total.JoinedBy.Count > 0)
        {
            var rules = new Table { Border = terminal ? TableBorder.Rounded : TableBorder.Ascii, Title = new TableTitle("joined by rule") };
            rules.AddColumn("rule");
            var sources = report.Sources.Count > 1 ? [.. report.Sources, report.Total] : report.Sources;
            foreach (var s in sources)
            {
                rules.AddColumn(new TableColumn(Markup.Escape(s.Source)).RightAligned());
            }

            foreach (var rule in report.Total.JoinedBy.Keys)
            {
                rules.AddRow([Markup.Escape(rule), .. sources.Select(s => N(s.JoinedBy.GetValueOrDefault(rule)))]);
            }

            console.Write(rules);
        }

        console.WriteLine(Summary(report));
    }

    private static string Title(ImportReport report) => report.Outcome switch
    {
        ImportOutcome.DryRun => "import report — dry run, nothing changed",
        ImportOutcome.Refused => "import report — refused, nothing changed",
        ImportOutcome.PartlyCommitted => "import report — partly committed",
        _ => "import report",
    };

    private static string Summary(ImportReport report)
    {
        var t = report.Total;
        var files = string.Join(", ", report.Sources.Select(s => s.Source));
        var written = $"{t.EntitiesCreated + t.EntitiesUpdated} entities and {t.RelationshipsCreated + t.RelationshipsUpdated} relationships";
        var queued = report.ReviewItemsWritten == 0 ? ""
            : report.Outcome == ImportOutcome.DryRun ? $"\n{report.ReviewItemsWritten} record(s) would be queued for review"
            : $"\n{report.ReviewItemsWritten} record(s) queued for review: supplygraph review";
        return report.Outcome switch
        {
            ImportOutcome.DryRun => $"dry run of {files}: {written} would be written; nothing was changed{queued}",
            ImportOutcome.Refused => $"refused {files}: {t.Problems.Count} problem(s); nothing was changed",
            ImportOutcome.PartlyCommitted => $"partly imported {files}: changes #{report.Sequences[0]}–#{report.Sequences[^1]} committed, then {t.Problems.Count} problem(s)",
            _ when report.Sequences.Count == 1 => $"imported {files} as change #{report.Sequences[0]}: {written} written{queued}",
            _ when report.Sequences.Count > 1 => $"imported {files} as changes #{report.Sequences[0]}–#{report.Sequences[^1]}: {written} written{queued}",
            _ => $"imported {files}: nothing to change",
        };
    }

    private static string[] Row(ImportSourceReport s) =>
    [
        Markup.Escape(s.Source), Markup.Escape(s.Format ?? ""), N(s.Records), N(s.Joined), N(s.Created), N(s.QueuedForReview), N(s.Refused),
        $"{N(s.EntitiesCreated)} / {N(s.EntitiesUpdated)}", $"{N(s.RelationshipsCreated)} / {N(s.RelationshipsUpdated)}",
    ];

    private static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
