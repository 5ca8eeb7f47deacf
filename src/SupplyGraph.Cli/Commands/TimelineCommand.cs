using System.Text.Json;
using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Analytics;

namespace SupplyGraph.Cli.Commands;

/// <summary><c>timeline</c>: since when a party is exposed, and through what — over validity dates and the change log.</summary>
public static class TimelineCommand
{
    public static async Task<int> RunAsync(CliContext cx)
    {
        var reference = string.Join(' ', cx.Line.Positionals.Skip(1));
        if (reference.Length == 0)
        {
            throw new UsageException("usage: supplygraph timeline <entity> [--lists L1,L2] " + QueryOptions.Help);
        }

        var options = QueryOptions.Parse(cx.Line);
        var lists = cx.Line.Option("lists")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var query = options.Apply(ExposureQuery.Default with { Lists = lists });
        await using var store = cx.OpenStore();
        var id = cx.Resolve(store.Snapshot, reference).Id;
        var timeline = ExposureTimelines.Of(store.Snapshot, id, query, await ExposureTimelines.ReadLogAsync(store));
        if (cx.Json)
        {
            await cx.Out.WriteLineAsync(JsonSerializer.Serialize(timeline, Output.RestJson));
            return CliApp.Ok;
        }

        var w = cx.Out;
        w.WriteLine($"exposure timeline of {Output.Label(timeline.Subject)} within {query.MaxHops} hop(s) ({Output.DirectionLabel(query.Direction)})");
        w.WriteLine();
        w.WriteLine("by validity dates:");
        foreach (var step in timeline.ByValidity)
        {
            WriteStep(w, step.Date is { } d ? Output.Date(d) : step.What, step.Date is null ? null : step.What, step);
        }

        w.WriteLine();
        w.WriteLine("by commit:");
        foreach (var step in timeline.ByCommit)
        {
            WriteStep(w, step.CommittedAt?.ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) ?? "", step.What, step);
        }

        if (timeline.Truncated)
        {
            w.WriteLine($"(stopped after {ExposureTimelines.MaxDays} days or {ExposureTimelines.MaxLogEntries} log entries)");
        }

        return CliApp.Ok;
    }

    private static void WriteStep(TextWriter w, string when, string? what, TimelineStep step)
    {
        w.WriteLine($"- {when}{(what is null ? "" : ": " + what)}");
        foreach (var h in step.Gained)
        {
            w.WriteLine($"  + {Output.Label(h.Party)} ({h.Hops} hop(s); {string.Join(", ", h.Listings.Select(l => $"{l.List.Id} since {Output.Date(l.Since)}"))})");
            PathCommand.WritePath(w, h.Path);
        }

        foreach (var h in step.Lost)
        {
            w.WriteLine($"  − {Output.Label(h.Party)} ({h.Hops} hop(s))");
        }
    }
}
