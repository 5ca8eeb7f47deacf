using System.Globalization;
using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Cli.Commands;

public static class FindCommand
{
    public static async Task<int> RunAsync(CliContext cx)
    {
        var text = string.Join(' ', cx.Line.Positionals.Skip(1));
        if (text.Length == 0)
        {
            throw new UsageException("usage: supplygraph find <name> [--country <country>] [--label <label>]");
        }

        var limit = cx.Line.IntOption("limit", 10);
        var filter = new FindFilter(cx.Line.Option("country"), cx.Line.Option("label"));
        var json = cx.Json;
        await using var store = cx.OpenStore();
        var graph = store.Snapshot;
        var matches = graph.Find(text, limit, filter);
        if (json)
        {
            Output.WriteJson(cx.Out, j =>
            {
                j.WriteStartArray();
                foreach (var m in matches)
                {
                    graph.TryGetNode(m.Entity.Id, out var node);
                    j.WriteStartObject();
                    j.WriteNumber("score", Math.Round(m.Score, 3));
                    j.WriteString("matched", m.MatchedName);
                    j.WritePropertyName("entity");
                    GraphJson.Write(j, m.Entity);
                    Output.WriteListingsJson(j, Listings.Of(graph, node));
                    j.WriteEndObject();
                }

                j.WriteEndArray();
            });
        }
        else if (matches.Count == 0)
        {
            await cx.Error.WriteLineAsync($"no entity matches '{text}'");
        }
        else
        {
            foreach (var m in matches)
            {
                graph.TryGetNode(m.Entity.Id, out var node);
                await cx.Out.WriteLineAsync(Output.Headline(m.Entity) + $"  (match {m.Score.ToString("0.00", CultureInfo.InvariantCulture)}: {m.MatchedName})");
                if (m.Entity.Aliases.Count > 0)
                {
                    await cx.Out.WriteLineAsync("  aliases: " + string.Join("; ", m.Entity.Aliases));
                }

                Output.WriteListings(cx.Out, Listings.Of(graph, node), "  ");
            }
        }

        return matches.Count == 0 ? CliApp.NotFound : CliApp.Ok;
    }
}
