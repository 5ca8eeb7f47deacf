using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Screening;

namespace SupplyGraph.Cli.Commands;

/// <summary><c>screen</c>: a counterparty file screened in one go, one result per row, with exit codes fit for scripts.</summary>
public static class ScreenCommand
{
    /// <summary>Exit code when at least one row is flagged (listed, covered, possibly covered, exposed or ambiguous).</summary>
    public const int Flagged = 5;

    /// <summary>The rule names the command takes, short forms included.</summary>
    public static string RuleId(string name) => name.ToLowerInvariant() switch
    {
        "bis" => "bis-affiliates",
        var other => other,
    };

    public static async Task<int> RunAsync(CliContext cx)
    {
        if (cx.Line.Positionals.Count < 2)
        {
            throw new UsageException("usage: supplygraph screen <file.csv> [--k N] [--rules ofac,bis,eu,uk] [--as-of YYYY-MM-DD] [--format table|csv|json|html] [--out FILE]");
        }

        var file = cx.Line.Positionals[1];
        var k = cx.Line.Option("k") is { } kText
            ? int.TryParse(kText, out var kValue) && kValue >= 0 && kValue <= ScreeningParameters.MaxK ? kValue
                : throw new UsageException($"--k expects a whole number from 0 to {ScreeningParameters.MaxK}, got '{kText}'")
            : 2;
        var rules = cx.Line.Option("rules") is { } r
            ? r.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(RuleId).Distinct().ToList()
            : [.. ScreeningParameters.DefaultRules];
        foreach (var rule in rules)
        {
            if (!RuleProfiles.Defaults.Any(p => p.Id == rule))
            {
                throw new UsageException($"--rules: unknown rule '{rule}'; known: {string.Join(", ", RuleProfiles.Defaults.Select(p => p.Id))} (bis = bis-affiliates)");
            }
        }

        var format = (cx.Line.Option("format") ?? (cx.Json ? "json" : "table")).ToLowerInvariant();
        if (format is not ("table" or "csv" or "json" or "html"))
        {
            throw new UsageException($"--format expects table, csv, json or html, got '{format}'");
        }

        var maxAge = TimeSpan.FromDays(cx.Line.IntOption("max-age", 30));
        var parameters = new ScreeningParameters(k, rules, cx.Line.DateOption("as-of"),
            cx.Line.Option("lists")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Output.ParseTypes(cx.Line.Option("types")));
        if (!File.Exists(file))
        {
            throw new InvalidInputException(new InputError(new SourceLocation(file, 0), "file", "no such file"));
        }

        var rows = CounterpartyFile.Read(file);
        await using var store = cx.OpenStore();
        var graph = store.Snapshot;
        var clock = await SourceClock.ReadAsync(store, maxAge, cx.CancellationToken);
        var now = DateTimeOffset.UtcNow;
        var screener = new Screener(graph, parameters, DateOnly.FromDateTime(now.UtcDateTime));
        var progress = cx.Line.Flag("quiet") || rows.Count < 1000 ? null : new LineProgress(n => cx.Error.WriteLine($"screened {n:N0} of {rows.Count:N0} rows"));
        var results = screener.ScreenAll(rows, progress, cx.CancellationToken);
        var report = new ScreeningReport(Path.GetFileName(file), parameters, screener.AsOf, clock.Version(graph, now), now, results);

        var outPath = cx.Line.Option("out");
        using (var target = outPath is null ? null : new StreamWriter(outPath))
        {
            var w = (TextWriter?)target ?? cx.Out;
            switch (format)
            {
                case "csv":
                    ScreeningReportWriter.WriteCsv(report, w);
                    break;
                case "json":
                    w.WriteLine(GraphJson.ToJson(j => ScreeningReportWriter.WriteJson(report, j), indented: true));
                    break;
                case "html":
                    ScreeningReportWriter.WriteHtml(report, w);
                    break;
                default:
                    WriteTable(report, w);
                    break;
            }
        }

        var s = report.Summary;
        if (outPath is not null || format != "table")
        {
            cx.Error.WriteLine($"{s.Rows} rows screened, {s.Flagged} flagged" + (outPath is null ? "" : $"; report written to {outPath}"));
        }

        foreach (var stale in report.Data.Sources.Where(x => x.Stale))
        {
            cx.Error.WriteLine($"warning: {stale.Name} ({stale.ListId}) is older than {maxAge.TotalDays:0} days (published {Output.Date(stale.Published)})");
        }

        return s.Flagged > 0 ? Flagged : CliApp.Ok;
    }

    private static void WriteTable(ScreeningReport report, TextWriter w)
    {
        w.WriteLine($"screening of {report.Input} as of {Output.Date(report.AsOf)} on change #{report.Data.Sequence}; k = {report.Parameters.K}; rules: {string.Join(", ", report.Parameters.Rules)}");
        foreach (var r in report.Rows)
        {
            var who = r.Match.EntityId is null ? "" : $" → {r.Match.EntityName} ({r.Match.EntityId}, {r.Match.MatchedBy})";
            w.WriteLine($"{r.Input.Row,5}  {ScreeningReportWriter.Name(r.Verdict),-16} {r.Input.Name}{who}");
            if (r.Verdict == ScreeningVerdict.Ambiguous)
            {
                w.WriteLine($"       not decided: {string.Join("; ", r.Match.Reasons)}");
            }

            foreach (var l in r.Listings)
            {
                w.WriteLine($"       listed on {l.List.Name} ({l.List.Id}) since {Output.Date(l.Since)}");
            }

            foreach (var v in r.Rules.Where(v => v.Status != BlockStatus.NotBlocked && v.Test != "listed"))
            {
                w.WriteLine($"       {v.Rule}: {ScreeningReportWriter.Name(v.Status)} by {v.Test}: {v.Explanation}");
                if (v.Chain.Count > 0)
                {
                    w.WriteLine("         " + Output.Label(v.Chain[0].Owner) + string.Concat(v.Chain.Select(step => $" —{step.Relationship.Type} {step.Share}→ {Output.Label(step.Owned)}")));
                }
            }

            if (r.Exposure.Count > 0)
            {
                var h = r.Exposure[0];
                w.WriteLine($"       {r.Exposure.Count} listed part{(r.Exposure.Count == 1 ? "y" : "ies")} within {report.Parameters.K} hop(s); nearest: {ScreeningReportWriter.PathText(h.Path)}");
            }
        }

        var s = report.Summary;
        w.WriteLine($"{s.Rows} rows, {s.Flagged} flagged: " + string.Join(", ", s.ByVerdict.Where(kv => kv.Value > 0).Select(kv => $"{kv.Value} {ScreeningReportWriter.Name(kv.Key)}")));
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool and print after the result).</summary>
    private sealed class LineProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
