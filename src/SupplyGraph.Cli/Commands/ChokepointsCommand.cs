using System.Text.Json;
using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Analytics;

namespace SupplyGraph.Cli.Commands;

/// <summary><c>chokepoints</c>: the intermediaries and relationships that carry every route from a party to a target or to any listed party.</summary>
public static class ChokepointsCommand
{
    public static async Task<int> RunAsync(CliContext cx)
    {
        var positionals = cx.Line.Positionals.Skip(1).ToList();
        if (positionals.Count != 2)
        {
            throw new UsageException("usage: supplygraph chokepoints <from> <to|listed> [--lists L1,L2] " + QueryOptions.Help);
        }

        var options = QueryOptions.Parse(cx.Line);
        var lists = cx.Line.Option("lists")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var query = options.Apply(ExposureQuery.Default with { Lists = lists, MaxResults = cx.Line.IntOption("limit", 20) });
        await using var store = cx.OpenStore();
        var graph = options.Hypothetical(store.Snapshot) ?? store.Snapshot;
        var from = cx.Resolve(graph, positionals[0]).Id;
        var anyItems = cx.Line.Flag("any-items");
        var result = positionals[1] == "listed"
            ? Chokepoints.ToListed(graph, from, query, anyItems)
            : Chokepoints.Between(graph, from, cx.Resolve(graph, positionals[1]).Id, query, anyItems);
        if (cx.Json)
        {
            await cx.Out.WriteLineAsync(JsonSerializer.Serialize(result, Output.RestJson));
            return CliApp.Ok;
        }

        var w = cx.Out;
        var to = result.Target is { } t ? Output.Label(t) : $"{result.TargetsReached.Count} listed part{(result.TargetsReached.Count == 1 ? "y" : "ies")}";
        w.WriteLine($"chokepoints from {Output.Label(result.Source)} to {to} within {query.MaxHops} hop(s) ({Output.DirectionLabel(query.Direction)})");
        if (result.TargetsReached.Count == 0)
        {
            w.WriteLine("no route within the filters");
            return CliApp.Ok;
        }

        if (result.VertexDisjointRoutes is not { } routes)
        {
            w.WriteLine("a relationship joins them directly: no intermediary carries every route");
        }
        else
        {
            w.WriteLine($"{routes} route(s) share no intermediary; every route passes through one of these {result.VertexCut.Count}:");
            foreach (var c in result.VertexCut)
            {
                w.WriteLine();
                w.WriteLine($"- {Output.Label(c.Party)}: {c.Route.Length}-hop route through it");
                PathCommand.WritePath(w, c.Route);
            }
        }

        w.WriteLine();
        w.WriteLine($"{result.EdgeDisjointRoutes} route(s) share no relationship; every route uses one of these {result.EdgeCut.Count}:");
        foreach (var r in result.EdgeCut)
        {
            w.WriteLine($"- {r.From} -[{r.Type}]-> {r.To} ({r.Id})");
            Output.WriteEvidence(w, r.Provenance, "    ");
        }

        if (result.SetAside.Count > 0)
        {
            // Said, not hidden: a cut that leaves a route out must show which relationships it did not follow.
            w.WriteLine();
            w.WriteLine($"{result.SetAside.Count} relationship(s) on a route not followed, their items do not name the goods (--any-items follows them):");
            foreach (var r in result.SetAside)
            {
                w.WriteLine($"- {r.From} -[{r.Type}]-> {r.To}  items: {string.Join("; ", r.Items)}");
                Output.WriteEvidence(w, r.Provenance, "    ");
            }
        }

        return CliApp.Ok;
    }
}
