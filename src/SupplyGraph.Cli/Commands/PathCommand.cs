using System.Text.Json;
using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Engine;

namespace SupplyGraph.Cli.Commands;

/// <summary><c>path</c> (one shortest path) and <c>paths</c> (k shortest, or all up to a hop limit).</summary>
public static class PathCommand
{
    public static Task<int> RunAsync(CliContext cx) => RunAsync(cx, many: false);

    public static Task<int> RunManyAsync(CliContext cx) => RunAsync(cx, many: true);

    private static async Task<int> RunAsync(CliContext cx, bool many)
    {
        var fromRef = cx.Line.Positional(1, "<from> entity");
        var toRef = cx.Line.Positional(2, "<to> entity");
        var options = QueryOptions.Parse(cx.Line);
        var weight = cx.Line.Option("weight") switch
        {
            null => null,
            "confidence" => PathWeights.Confidence,
            var property => PathWeights.Property(property),
        };
        var all = many && cx.Line.Flag("all");
        var k = many ? cx.Line.IntOption("k", 3) : 1;
        var limit = cx.Line.IntOption("limit", PathQuery.Default.MaxResults);
        var json = cx.Json;
        var query = options.Apply(PathQuery.Default with { Weight = weight, MaxResults = limit });

        await using var store = cx.OpenStore();
        var graph = store.Snapshot;
        var hypothetical = options.Hypothetical(graph);
        var from = QueryOptions.ResolveId(cx, graph, hypothetical, fromRef);
        var to = QueryOptions.ResolveId(cx, graph, hypothetical, toRef);

        IReadOnlyList<GraphPath> Run(GraphSnapshot g, out bool truncated)
        {
            truncated = false;
            if (g.FindEntity(from) is null || g.FindEntity(to) is null)
            {
                return [];
            }

            if (!many)
            {
                return Paths.Shortest(g, from, to, query) is { } p ? [p] : [];
            }

            return all ? Paths.AllSimple(g, from, to, query, out truncated) : Paths.KShortest(g, from, to, k, query);
        }

        var before = Run(graph, out var truncatedBefore);
        var truncatedAfter = false;
        var after = hypothetical is null ? null : Run(hypothetical, out truncatedAfter);
        var shown = after ?? before;
        if (json)
        {
            // The REST answers' documents: GET /api/paths, or with --what-if POST /api/what-if/paths's.
            var was = new { paths = before, truncated = truncatedBefore };
            object answer = after is null ? was : new { before = was, after = new { paths = after, truncated = truncatedAfter } };
            await cx.Out.WriteLineAsync(JsonSerializer.Serialize(answer, Output.RestJson));
        }
        else
        {
            var w = cx.Out;
            var fromName = (hypothetical ?? graph).FindEntity(from)!.Name;
            var toName = (hypothetical ?? graph).FindEntity(to)!.Name;
            if (after is not null)
            {
                w.WriteLine($"what-if {options.WhatIfFile}: before {Summary(before)}, after {Summary(after)}");
            }

            for (var i = 0; i < shown.Count; i++)
            {
                var p = shown[i];
                var title = many ? $"path {i + 1}" : "path";
                w.WriteLine($"{title} from {fromName} to {toName}: {p.Length} hop(s), confidence {Output.Number(p.Confidence)}");
                WritePath(w, p);
            }

            if (after is null ? truncatedBefore : truncatedAfter)
            {
                w.WriteLine($"(stopped at {limit} paths; raise --limit for more)");
            }

            if (shown.Any(p => p.Hops.Any(h => !h.Forward)))
            {
                w.WriteLine($"({Output.DirectionLabel(query.Direction)})");
            }
        }

        if (shown.Count == 0)
        {
            await cx.Error.WriteLineAsync($"no path from {from} to {to} within {query.MaxHops} hops and the filters given");
            return CliApp.NotFound;
        }

        return CliApp.Ok;
    }

    private static string Summary(IReadOnlyList<GraphPath> paths) =>
        paths.Count == 0 ? "no path" : $"{paths.Count} path(s), shortest {paths.Min(p => p.Length)} hop(s)";

    public static void WritePath(TextWriter w, GraphPath path)
    {
        for (var i = 0; i < path.Hops.Count; i++)
        {
            w.WriteLine($"  {Output.Label(path.Nodes[i])}");
            Output.WriteHop(w, path.Hops[i], "    ");
        }

        w.WriteLine($"  {Output.Label(path.Nodes[^1])}");
    }
}
