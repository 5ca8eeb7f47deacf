using System.Text.Json;
using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Cli.Commands;

/// <summary><c>ownership</c>: a 50 %-rule determination (OFAC, BIS Affiliates) or look-through shares.</summary>
public static class OwnershipCommand
{
    public static async Task<int> RunAsync(CliContext cx)
    {
        var reference = string.Join(' ', cx.Line.Positionals.Skip(1));
        if (reference.Length == 0)
        {
            throw new UsageException("usage: supplygraph ownership <entity> [--rule ofac|bis-affiliates|look-through] [--lists L1,L2] [--downstream] [--as-of D] [--what-if FILE]");
        }

        var ruleName = cx.Line.Option("rule") ?? "ofac";
        var lists = cx.Line.Option("lists")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var downstream = cx.Line.Flag("downstream");
        var options = QueryOptions.Parse(cx.Line);
        var json = cx.Json;
        await using var store = cx.OpenStore();
        var graph = store.Snapshot;
        var hypothetical = options.Hypothetical(graph);
        var id = QueryOptions.ResolveId(cx, graph, hypothetical, reference);
        var target = hypothetical ?? graph;
        if (ruleName == "look-through")
        {
            var shares = downstream ? LookThrough.Downstream(target, id, options.AsOf) : LookThrough.Upstream(target, id, options.AsOf);
            WriteLookThrough(cx, target.FindEntity(id)!, shares, downstream, json);
            return CliApp.Ok;
        }

        RuleProfile rule;
        try
        {
            rule = RuleProfiles.Get(ruleName);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message + ", look-through");
        }

        var asOf = options.AsOf ?? DateOnly.FromDateTime(DateTime.UtcNow);
        var analysis = OwnershipAnalysis.Run(target, rule, asOf, lists);
        var determination = analysis.Determine(id);
        var was = hypothetical is null ? null : OwnershipAnalysis.Run(graph, rule, asOf, lists);
        var flips = was is null ? null : WhatIf.Compare(was, analysis);
        if (json)
        {
            // The REST answers' documents: GET /api/ownership/{id}, or with --what-if POST /api/what-if/ownership/{id}'s
            // (before is null for an entity that only the what-if batch creates; REST cannot name such an entity).
            object answer = was is null ? determination : new { before = graph.FindEntity(id) is null ? null : was.Determine(id), after = determination, changes = flips };
            await cx.Out.WriteLineAsync(JsonSerializer.Serialize(answer, Output.RestJson));
            return CliApp.Ok;
        }

        var w = cx.Out;
        w.WriteLine($"{rule.Name} ({rule.Citation}) as of {Output.Date(asOf)}{(determination.RuleInForce ? "" : " — not in force on that day")}");
        w.WriteLine($"{Output.Label(determination.Entity)}: {Status(determination.Status)}");
        w.WriteLine(determination.Explanation);
        if (determination.Contributions.Count > 0 && determination.Listings.Count == 0)
        {
            w.WriteLine($"aggregate held by covered owners: {Output.Percent(determination.AggregateLow)}" +
                (determination.AggregateHigh > determination.AggregateLow ? $" (up to {Output.Percent(determination.AggregateHigh)})" : ""));
            w.WriteLine("chains:");
            foreach (var chain in determination.Chains)
            {
                w.WriteLine("  " + Output.Label(chain[0].Owner) + string.Concat(chain.Select(s => $" —{s.Share}→ {Output.Label(s.Owned)}")));
                foreach (var step in chain)
                {
                    Output.WriteEvidence(w, step.Relationship.Provenance, "      ");
                }
            }
        }

        if (determination.Cycle is { } cycle)
        {
            OwnershipCyclesCommand.WriteCycle(w, cycle);
        }

        if (flips is not null)
        {
            w.WriteLine($"what-if {options.WhatIfFile}: {flips.Count} determination(s) change");
            foreach (var f in flips)
            {
                w.WriteLine($"  {Output.Label(f.Entity)}: {Status(f.Before)} → {Status(f.After)}");
            }
        }

        return CliApp.Ok;
    }

    private static string Status(BlockStatus s) => s switch
    {
        BlockStatus.Blocked => "BLOCKED",
        BlockStatus.PossiblyBlocked => "POSSIBLY BLOCKED",
        _ => "not blocked",
    };

    private static void WriteLookThrough(CliContext cx, Entity entity, IReadOnlyList<LookThroughShare> shares, bool downstream, bool json)
    {
        if (json)
        {
            Output.WriteJson(cx.Out, j =>
            {
                j.WriteStartObject();
                j.WriteString("entity", entity.Id);
                j.WriteString("direction", downstream ? "downstream" : "upstream");
                j.WriteStartArray("shares");
                foreach (var s in shares)
                {
                    j.WriteStartObject();
                    j.WriteString("entity", s.Entity.Id);
                    j.WriteString("name", s.Entity.Name);
                    j.WriteNumber("low", s.Low);
                    j.WriteNumber("high", s.High);
                    j.WriteNumber("hops", s.Hops);
                    j.WriteEndObject();
                }

                j.WriteEndArray();
                j.WriteEndObject();
            });
            return;
        }

        cx.Out.WriteLine(downstream ? $"look-through holdings of {Output.Label(entity)}:" : $"look-through owners of {Output.Label(entity)}:");
        foreach (var s in shares)
        {
            var range = s.High > s.Low + 1e-12 ? $"{Output.Percent(s.Low)}–{Output.Percent(s.High)}" : Output.Percent(s.Low);
            cx.Out.WriteLine($"  {range,-18} {Output.Label(s.Entity)} ({s.Hops} hop(s))");
        }
    }
}
