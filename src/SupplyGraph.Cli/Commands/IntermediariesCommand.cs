using System.Text.Json;
using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Analytics;

namespace SupplyGraph.Cli.Commands;

/// <summary><c>intermediaries</c>: the nodes that carry the most shortest exposure routes from a set of parties to listed parties.</summary>
public static class IntermediariesCommand
{
    public static async Task<int> RunAsync(CliContext cx)
    {
        var references = cx.Line.Positionals.Skip(1).ToList();
        if (references.Count == 0)
        {
            throw new UsageException("usage: supplygraph intermediaries <entity>... [--top N] [--lists L1,L2] " + QueryOptions.Help);
        }

        var options = QueryOptions.Parse(cx.Line);
        var lists = cx.Line.Option("lists")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var query = options.Apply(ExposureQuery.Default with { Lists = lists, MaxResults = cx.Line.IntOption("top", 10) });
        await using var store = cx.OpenStore();
        var graph = options.Hypothetical(store.Snapshot) ?? store.Snapshot;
        var ids = references.Select(r => cx.Resolve(graph, r).Id).ToList();
        var result = KeyIntermediaries.Of(graph, ids, query);
        if (cx.Json)
        {
            await cx.Out.WriteLineAsync(JsonSerializer.Serialize(result, Output.RestJson));
            return CliApp.Ok;
        }

        var w = cx.Out;
        w.WriteLine($"key intermediaries from {string.Join(", ", result.Sources.Select(Output.Label))} within {query.MaxHops} hop(s): " +
            $"{Output.Number(result.TotalRoutes)} shortest route(s) to {result.TargetsReached} listed part{(result.TargetsReached == 1 ? "y" : "ies")}");
        foreach (var t in result.Top)
        {
            w.WriteLine();
            w.WriteLine($"- {Output.Label(t.Party)}: {Output.Number(t.Routes)} route(s), dependency {Output.Number(t.Share)}");
            PathCommand.WritePath(w, t.Example);
        }

        return CliApp.Ok;
    }
}
