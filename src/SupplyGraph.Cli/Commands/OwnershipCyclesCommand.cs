using System.Text.Json;
using SupplyGraph.Core.Analytics;

namespace SupplyGraph.Cli.Commands;

/// <summary><c>ownership-cycles</c>: every circular or cross ownership in the store, with its stakes.</summary>
public static class OwnershipCyclesCommand
{
    public static async Task<int> RunAsync(CliContext cx)
    {
        if (cx.Line.Positionals.Count > 1)
        {
            throw new UsageException("usage: supplygraph ownership-cycles [--as-of YYYY-MM-DD] [--what-if FILE] [--json]");
        }

        var options = QueryOptions.Parse(cx.Line);
        await using var store = cx.OpenStore();
        var graph = options.Hypothetical(store.Snapshot) ?? store.Snapshot;
        var cycles = OwnershipCycles.All(graph, options.AsOf);
        if (cx.Json)
        {
            await cx.Out.WriteLineAsync(JsonSerializer.Serialize(new { cycles }, Output.RestJson));
            return CliApp.Ok;
        }

        cx.Out.WriteLine($"{cycles.Count} ownership cycle(s){(options.AsOf is { } day ? " as of " + Output.Date(day) : "")}");
        foreach (var cycle in cycles)
        {
            cx.Out.WriteLine();
            WriteCycle(cx.Out, cycle);
        }

        return CliApp.Ok;
    }

    public static void WriteCycle(TextWriter w, OwnershipCycle cycle)
    {
        w.WriteLine($"ownership cycle of {cycle.Members.Count} part{(cycle.Members.Count == 1 ? "y" : "ies")}: {string.Join(", ", cycle.Members.Select(Output.Label))}");
        w.WriteLine("  loop: " + Output.Label(cycle.Loop[0].Owner) + string.Concat(cycle.Loop.Select(s => $" —{s.Share} {s.Relationship.Type}→ {Output.Label(s.Owned)}")));
        foreach (var step in cycle.Stakes)
        {
            w.WriteLine($"  - {Output.Label(step.Owner)} —{step.Share} {step.Relationship.Type}→ {Output.Label(step.Owned)}");
            Output.WriteEvidence(w, step.Relationship.Provenance, "      ");
        }
    }
}
