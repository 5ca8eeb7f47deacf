using System.Diagnostics;
using System.Globalization;
using System.Text;
using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Storage;
using SupplyGraph.Cypher;

namespace SupplyGraph.Bench;

/// <summary>
/// Cypher against the native exposure query on the 1M-entity store: the same sources, the same answer (checked),
/// both timed in interleaved rounds in one process.
/// </summary>
public static class CypherHarness
{
    public const string Query =
        "MATCH (s:Entity {id: $id})-[:OWNS|SUBSIDIARY_OF|SUPPLIES|PROVIDES_CLOUD_TO*0..4]->(t)-[:LISTED_ON]->(l) RETURN DISTINCT t.id AS party, l.id AS list";

    /// <summary>The same match without DISTINCT: every trail is enumerated (no pruning), for comparison.</summary>
    public const string TrailsQuery =
        "MATCH (s:Entity {id: $id})-[:OWNS|SUBSIDIARY_OF|SUPPLIES|PROVIDES_CLOUD_TO*0..4]->(t)-[:LISTED_ON]->(l) RETURN t.id AS party, l.id AS list";

    private const int Rounds = 5;

    public static async Task<int> RunAsync(string dir)
    {
        var clock = Stopwatch.StartNew();
        await using var store = EmbeddedGraphStore.Open(LiveHarness.FreshStore(dir));
        var g = store.Snapshot;
        Console.WriteLine($"store opened in {clock.Elapsed.TotalSeconds:0} s: {g.LiveNodeCount:N0} entities, {g.LiveEdgeCount:N0} relationships");
        var queries = File.ReadLines(Path.Combine(dir, "queries.txt")).Select(l => l.Split(' ')).ToList();
        var random = queries.Where(q => q[0] == "khop").Select(q => "n" + q[1]).ToArray();
        var hubs = queries.Where(q => q[0] == "hub").Select(q => "n" + q[1]).ToArray();
        var native = ExposureQuery.Default with { MaxHops = 4, Direction = Core.Engine.Direction.Out, MaxResults = 1_000_000 };
        var engine = new CypherEngine();

        HashSet<string> Native(string s) => [.. Exposure.Of(g, [s], native).Hits.Select(h => h.Party.Id)];
        HashSet<string> Cypher(string s) =>
            [.. engine.Execute(new StoreGraph(g), Query, new Dictionary<string, object?> { ["id"] = s }).Rows.Select(r => (string)r[0]!)];

        // Same answers first: every source's set of listed parties must agree.
        var mismatches = 0;
        foreach (var s in random.Concat(hubs))
        {
            if (!Native(s).SetEquals(Cypher(s)))
            {
                mismatches++;
                Console.WriteLine($"answers differ for {s}: native {Native(s).Count}, cypher {Cypher(s).Count}");
            }
        }

        Console.WriteLine($"answers compared for {random.Length + hubs.Length} sources: {mismatches} differ");
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var s in random.Concat(hubs))
            {
                Native(s);
                Cypher(s);
            }
        }

        Thread.Sleep(1000);
        var nativeRandom = new Stats("native");
        var cypherRandom = new Stats("cypher");
        var trails = new Stats("trails");
        var nativeHubs = new Stats("native-hubs");
        var cypherHubs = new Stats("cypher-hubs");
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var s in random)
            {
                nativeRandom.Time(() => Native(s));
                cypherRandom.Time(() => Cypher(s));
                trails.Time(() => engine.Execute(new StoreGraph(g), TrailsQuery, new Dictionary<string, object?> { ["id"] = s }).Rows.Count);
            }

            foreach (var s in hubs)
            {
                nativeHubs.Time(() => Native(s));
                cypherHubs.Time(() => Cypher(s));
            }
        }

        var table = new StringBuilder()
            .AppendLine("| sources | native exposure median (p90) | Cypher median (p90) | Cypher ÷ native | target | met |")
            .AppendLine("|---|---|---|---|---|---|");
        void Row(string name, Stats n, Stats c) => table.AppendLine(CultureInfo.InvariantCulture,
            $"| {name} | {Stats.Ms(n.Median)} ({Stats.Ms(n.P90)}) | {Stats.Ms(c.Median)} ({Stats.Ms(c.P90)}) | {c.Median / n.Median:0.0}× | ≤ 3× | {(c.Median <= 3 * n.Median ? "yes" : "**no**")} |");
        Row($"{random.Length} random", nativeRandom, cypherRandom);
        Row($"{hubs.Length} hubs", nativeHubs, cypherHubs);
        table.AppendLine(CultureInfo.InvariantCulture, $"| {random.Length} random, without DISTINCT (every trail enumerated) | {Stats.Ms(nativeRandom.Median)} | {Stats.Ms(trails.Median)} ({Stats.Ms(trails.P90)}) | {trails.Median / nativeRandom.Median:0.0}× | | |");
        Console.WriteLine();
        Console.WriteLine("query: " + Query);
        Console.WriteLine(table);
        await File.WriteAllTextAsync(Path.Combine(dir, "cypher.md"), table.ToString());
        return mismatches == 0 ? 0 : 1;
    }
}
