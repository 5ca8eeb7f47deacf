using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Cli.Commands;

/// <summary><c>neighbours</c>: a dense node's relationship counts per type, then one page of its neighbours.</summary>
public static class NeighboursCommand
{
    public static async Task<int> RunAsync(CliContext cx)
    {
        var reference = string.Join(' ', cx.Line.Positionals.Skip(1));
        var type = cx.Line.Option("type")?.ToUpperInvariant();
        if (type is not null && !RelationshipTypes.IsKnown(type))
        {
            throw new UsageException($"--type: unknown relationship type '{type}'");
        }

        var offset = cx.Line.Option("offset") is { } o ? int.TryParse(o, out var n) && n >= 0 ? n : throw new UsageException($"--offset expects a whole number ≥ 0, got '{o}'") : 0;
        var limit = cx.Line.IntOption("limit", 20);
        await using var store = cx.OpenStore();
        var entity = cx.Resolve(store.Snapshot, reference);
        var page = NeighbourPage.Of(entity.Id, await store.GetRelationshipsAsync(entity.Id, Direction.Both, cx.CancellationToken), type, offset, limit);
        if (cx.Json)
        {
            Output.WriteJson(cx.Out, j =>
            {
                j.WriteStartObject();
                j.WriteString("entity", entity.Id);
                j.WriteStartArray("counts");
                foreach (var c in page.Counts)
                {
                    j.WriteStartObject();
                    j.WriteString("type", c.Type);
                    j.WriteString("direction", c.Direction);
                    j.WriteNumber("count", c.Count);
                    j.WriteEndObject();
                }

                j.WriteEndArray();
                j.WriteNumber("total", page.Total);
                j.WriteNumber("offset", page.Offset);
                j.WriteBoolean("more", page.More);
                j.WriteStartArray("items");
                foreach (var (r, neighbour) in page.Items)
                {
                    j.WriteStartObject();
                    j.WriteString("neighbour", neighbour);
                    j.WritePropertyName("relationship");
                    GraphJson.Write(j, r);
                    j.WriteEndObject();
                }

                j.WriteEndArray();
                j.WriteEndObject();
            });
            return CliApp.Ok;
        }

        cx.Out.WriteLine(Output.Headline(entity));
        foreach (var c in page.Counts)
        {
            cx.Out.WriteLine($"  {c.Count,7:N0}  {c.Type} ({c.Direction})");
        }

        cx.Out.WriteLine($"{(type ?? "all types")}: {page.Offset + 1}–{page.Offset + page.Items.Count} of {page.Total:N0}");
        foreach (var (r, neighbour) in page.Items)
        {
            var name = store.Snapshot.FindEntity(neighbour)?.Name ?? neighbour;
            cx.Out.WriteLine(r.From == entity.Id ? $"  —{r.Type}→ {name} ({neighbour})" : $"  ←{r.Type}— {name} ({neighbour})");
        }

        if (page.More)
        {
            cx.Out.WriteLine($"more: --offset {page.Offset + page.Items.Count}");
        }

        return CliApp.Ok;
    }
}
