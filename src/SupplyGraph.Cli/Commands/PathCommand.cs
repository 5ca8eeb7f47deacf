using SupplyGraph.Core.Algorithms;

namespace SupplyGraph.Cli.Commands;

public static class PathCommand
{
    public static async Task<int> RunAsync(CliContext cx)
    {
        var fromRef = cx.Line.Positional(1, "<from> entity");
        var toRef = cx.Line.Positional(2, "<to> entity");
        var query = new PathQuery
        {
            Direction = Output.ParseDirection(cx.Line.Option("direction")),
            Types = Output.ParseTypes(cx.Line.Option("types")),
            MaxHops = cx.Line.IntOption("max-hops", PathQuery.Default.MaxHops),
            AsOf = cx.Line.DateOption("as-of"),
        };
        var json = cx.Json;
        cx.Line.RejectUnknown();
        await using var store = cx.OpenExisting();
        var graph = store.Snapshot;
        var from = graph.Resolve(fromRef);
        var to = graph.Resolve(toRef);
        graph.TryGetNode(from.Id, out var a);
        graph.TryGetNode(to.Id, out var b);
        var path = ShortestPath.Find(graph, a, b, query);
        if (path is null)
        {
            await cx.Error.WriteLineAsync($"no path from {Output.Label(from)} to {Output.Label(to)} within {query.MaxHops} hops");
            return CliApp.NotFound;
        }

        if (json)
        {
            Output.WriteJson(cx.Out, j => Output.WritePathJson(j, path));
            return CliApp.Ok;
        }

        var w = cx.Out;
        w.WriteLine($"path from {from.Name} to {to.Name}: {path.Length} hop(s)");
        for (var i = 0; i < path.Hops.Count; i++)
        {
            w.WriteLine($"  {Output.Label(path.Nodes[i])}");
            Output.WriteHop(w, path.Hops[i], "    ");
        }

        w.WriteLine($"  {Output.Label(path.Nodes[^1])}");
        return CliApp.Ok;
    }
}
