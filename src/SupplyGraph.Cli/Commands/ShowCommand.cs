using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Cli.Commands;

public static class ShowCommand
{
    public static async Task<int> RunAsync(CliContext cx)
    {
        var reference = string.Join(' ', cx.Line.Positionals.Skip(1));
        if (reference.Length == 0)
        {
            throw new UsageException("usage: supplygraph show <entity>");
        }

        var json = cx.Json;
        await using var store = cx.OpenStore();
        var graph = store.Snapshot;
        var entity = cx.Resolve(graph, reference);
        graph.TryGetNode(entity.Id, out var node);
        var edges = graph.EdgesAt(node, Direction.Both);
        if (json)
        {
            Output.WriteJson(cx.Out, j =>
            {
                j.WriteStartObject();
                j.WritePropertyName("entity");
                GraphJson.Write(j, entity);
                Output.WriteListingsJson(j, Listings.Of(graph, node));
                j.WriteStartArray("relationships");
                foreach (var e in edges)
                {
                    GraphJson.Write(j, graph.Relationship(e));
                }

                j.WriteEndArray();
                j.WriteEndObject();
            });
            return CliApp.Ok;
        }

        var w = cx.Out;
        w.WriteLine(Output.Headline(entity));
        if (entity.Aliases.Count > 0)
        {
            w.WriteLine("aliases: " + string.Join("; ", entity.Aliases));
        }

        foreach (var (k, v) in entity.Identifiers)
        {
            w.WriteLine($"{k}: {v}");
        }

        foreach (var (k, v) in entity.Properties)
        {
            w.WriteLine($"{k}: {PropertyValues.Format(v)}");
        }

        foreach (var s in entity.Sources)
        {
            Output.WriteEvidence(w, s, "described by ");
        }

        w.WriteLine();
        w.WriteLine($"relationships ({edges.Count}):");
        foreach (var e in edges)
        {
            var r = graph.Relationship(e);
            var outgoing = graph.EdgeSource(e) == node;
            var other = graph.Entity(outgoing ? graph.EdgeTarget(e) : graph.EdgeSource(e));
            w.WriteLine(outgoing ? $"  —{r.Type}→ {Output.Label(other)}" : $"  ←{r.Type}— {Output.Label(other)}");
            if (!r.Share.IsUnknown)
            {
                w.WriteLine($"      share: {r.Share}");
            }

            if (r.Items.Count > 0)
            {
                w.WriteLine($"      items: {string.Join(", ", r.Items)}");
            }

            if (r.Validity.From is not null || r.Validity.To is not null)
            {
                w.WriteLine($"      valid: {Output.Date(r.Validity.From)} to {(r.Validity.To is null ? "now" : Output.Date(r.Validity.To))}");
            }

            Output.WriteEvidence(w, r.Provenance, "      ");
        }

        return CliApp.Ok;
    }
}
