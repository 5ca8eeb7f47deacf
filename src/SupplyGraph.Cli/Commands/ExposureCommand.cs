using System.Text.Json;
using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Engine;

namespace SupplyGraph.Cli.Commands;

/// <summary><c>exposure</c>: listed parties an entity (or a set) reaches; <c>--reverse</c>: who is exposed to a listed party.</summary>
public static class ExposureCommand
{
    public static async Task<int> RunAsync(CliContext cx)
    {
        var references = cx.Line.Positionals.Skip(1).ToList();
        if (references.Count == 0)
        {
            throw new UsageException("usage: supplygraph exposure <entity>... [--reverse] [--lists L1,L2] " + QueryOptions.Help);
        }

        var options = QueryOptions.Parse(cx.Line);
        var reverse = cx.Line.Flag("reverse");
        var lists = cx.Line.Option("lists")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var limit = cx.Line.IntOption("limit", ExposureQuery.Default.MaxResults);
        var json = cx.Json;
        if (reverse && references.Count != 1)
        {
            throw new UsageException("--reverse takes one listed party");
        }

        var query = options.Apply(ExposureQuery.Default with { Lists = lists, MaxResults = limit });
        await using var store = cx.OpenStore();
        var graph = store.Snapshot;
        var hypothetical = options.Hypothetical(graph);
        var ids = references.Select(r => QueryOptions.ResolveId(cx, graph, hypothetical, r)).ToList();
        ExposureResult Run(GraphSnapshot g) => reverse ? Exposure.To(g, ids[0], query) : Exposure.Of(g, ids.Where(id => g.FindEntity(id) is not null).ToList(), query);

        var result = Run(hypothetical ?? graph);
        var before = hypothetical is null ? null : Run(graph);
        var diff = before is null ? null : WhatIf.Compare(before, result);
        if (json)
        {
            // The REST answers' documents: GET /api/exposure, or with --what-if POST /api/what-if/exposure's.
            object answer = diff is null ? result : new { before, after = result, changes = diff };
            await cx.Out.WriteLineAsync(JsonSerializer.Serialize(answer, Output.RestJson));
            return CliApp.Ok;
        }

        var w = cx.Out;
        var names = string.Join(", ", result.Sources.Select(s => s.Name));
        w.WriteLine(reverse
            ? $"exposed to {names} within {query.MaxHops} hop(s): {result.Hits.Count}{(result.Truncated ? "+" : "")}"
            : $"exposure of {names} within {query.MaxHops} hop(s): {result.Hits.Count}{(result.Truncated ? "+" : "")} listed part{(result.Hits.Count == 1 ? "y" : "ies")}, score {Output.Number(result.Score ?? 0)}");
        w.WriteLine($"({Output.DirectionLabel(query.Direction)}{(reverse ? "" : "; " + Output.ScoreHelp)})");
        if (result.Truncated)
        {
            w.WriteLine($"(stopped at {query.MaxResults} listed parties: there are more; raise --limit to see them)");
        }
        if (diff is not null)
        {
            w.WriteLine($"what-if {options.WhatIfFile}: +{diff.Added.Count} −{diff.Removed.Count} ~{diff.Changed.Count}" +
                (reverse ? "" : $", score {Output.Number(diff.ScoreBefore ?? 0)} → {Output.Number(diff.ScoreAfter ?? 0)}"));
            foreach (var h in diff.Added)
            {
                w.WriteLine($"  + {Output.Label(h.Party)} ({h.Hops} hop(s))");
            }

            foreach (var h in diff.Removed)
            {
                w.WriteLine($"  − {Output.Label(h.Party)} ({h.Hops} hop(s))");
            }
        }

        if (reverse)
        {
            foreach (var hit in result.Hits)
            {
                w.WriteLine();
                w.WriteLine($"{Output.Label(hit.Party)}: {hit.Hops} hop(s), confidence {Output.Number(hit.Confidence)}");
                PathCommand.WritePath(w, hit.Path);
            }
        }
        else
        {
            foreach (var group in result.ByList())
            {
                var listName = group.First().Listings.First(l => l.List.Id == group.Key.List).List.Name;
                w.WriteLine();
                w.WriteLine($"{listName} ({group.Key.List}), listed since {Output.Date(group.Key.Since)}:");
                foreach (var hit in group)
                {
                    w.WriteLine($"- {Output.Label(hit.Party)}: {hit.Hops} hop(s), confidence {Output.Number(hit.Confidence)}");
                    if (hit.Hops > 0)
                    {
                        PathCommand.WritePath(w, hit.Path);
                    }
                }
            }
        }

        return CliApp.Ok;
    }
}
