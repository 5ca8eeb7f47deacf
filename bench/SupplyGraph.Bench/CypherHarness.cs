using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
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

    /// <summary>Fewest hops from a to b over every type, forward: the issue 17 comparison with the native search.</summary>
    public const string ShortestQuery =
        "MATCH (a:Entity {id: $a}), (b:Entity {id: $b}) MATCH p = shortestPath((a)-[*]->(b)) RETURN length(p) AS hops";

    private const int Rounds = 5;

    public static async Task<int> RunAsync(string root, string dir, bool kuzu)
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
        var pairs = queries.Where(q => q[0] == "pair").Select(q => ("n" + q[1], "n" + q[2])).ToArray();

        int NativeHops((string A, string B) p) =>
            g.TryGetNode(p.A, out var a) && g.TryGetNode(p.B, out var b)
                ? ShortestPath.FindEdges(g, a, b, Core.Engine.EdgeTypeMask.All, Core.Engine.Direction.Out, int.MaxValue, new AllowAll())?.Length ?? -1
                : -1;
        int CypherHops((string A, string B) p) =>
            engine.Execute(new StoreGraph(g), ShortestQuery, new Dictionary<string, object?> { ["a"] = p.A, ["b"] = p.B }).Rows is [var row, ..] ? (int)(long)row[0]! : -1;

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
        var pathMismatches = pairs.Count(p => NativeHops(p) != CypherHops(p));
        Console.WriteLine($"shortest path lengths compared for {pairs.Length} pairs: {pathMismatches} differ");
        mismatches += pathMismatches;
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var s in random.Concat(hubs))
            {
                Native(s);
                Cypher(s);
            }

            foreach (var p in pairs)
            {
                NativeHops(p);
                CypherHops(p);
            }
        }

        Thread.Sleep(1000);
        var nativeRandom = new Stats("native");
        var cypherRandom = new Stats("cypher");
        var trails = new Stats("trails");
        var nativeHubs = new Stats("native-hubs");
        var cypherHubs = new Stats("cypher-hubs");
        var nativePaths = new Stats("native-paths");
        var cypherPaths = new Stats("cypher-paths");
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

            foreach (var p in pairs)
            {
                nativePaths.Time(() => NativeHops(p));
                cypherPaths.Time(() => CypherHops(p));
            }
        }

        var table = new StringBuilder()
            .AppendLine("| sources | native exposure median (p90) | Cypher median (p90) | Cypher ÷ native | target | met |")
            .AppendLine("|---|---|---|---|---|---|");
        void Row(string name, Stats n, Stats c) => table.AppendLine(CultureInfo.InvariantCulture,
            $"| {name} | {Stats.Ms(n.Median)} ({Stats.Ms(n.P90)}) | {Stats.Ms(c.Median)} ({Stats.Ms(c.P90)}) | {c.Median / n.Median:0.0}× | ≤ 3× | {(c.Median <= 3 * n.Median ? "yes" : "**no**")} |");
        Row($"{random.Length} random", nativeRandom, cypherRandom);
        Row($"{hubs.Length} hubs", nativeHubs, cypherHubs);
        table.AppendLine(CultureInfo.InvariantCulture,
            $"| {pairs.Length} shortest-path pairs (`{ShortestQuery}` vs ShortestPath.FindEdges) | {Stats.Ms(nativePaths.Median)} ({Stats.Ms(nativePaths.P90)}) | {Stats.Ms(cypherPaths.Median)} ({Stats.Ms(cypherPaths.P90)}) | {cypherPaths.Median / nativePaths.Median:0.0}× | ≤ 2× | {(cypherPaths.Median <= 2 * nativePaths.Median ? "yes" : "**no**")} |");
        table.AppendLine(CultureInfo.InvariantCulture, $"| {random.Length} random, without DISTINCT (every trail enumerated) | {Stats.Ms(nativeRandom.Median)} | {Stats.Ms(trails.Median)} ({Stats.Ms(trails.P90)}) | {trails.Median / nativeRandom.Median:0.0}× | | |");
        Console.WriteLine();
        Console.WriteLine("query: " + Query);
        Console.WriteLine(table);
        if (kuzu)
        {
            mismatches += await KuzuAsync(root, dir, table, pairs, NativeHops, random, hubs, Native, nativeRandom, cypherRandom, nativeHubs, cypherHubs, nativePaths, cypherPaths);
        }

        await File.WriteAllTextAsync(Path.Combine(dir, "cypher.md"), table.ToString());
        return mismatches == 0 ? 0 : 1;
    }

    /// <summary>
    /// Kùzu on the same graph and queries (bench/kuzu/kuzu-bench.mjs, in its own process right after ours): its answers
    /// are checked against ours, then its timings go beside ours in the table. Returns the number of answers that differ.
    /// </summary>
    private static async Task<int> KuzuAsync(string root, string dir, StringBuilder table, (string A, string B)[] pairs, Func<(string A, string B), int> hops,
        string[] random, string[] hubs, Func<string, HashSet<string>> exposure, params Stats[] ours)
    {
        var kuzuDir = Path.Combine(root, "bench", "kuzu");
        if (!Directory.Exists(Path.Combine(kuzuDir, "node_modules", "kuzu")))
        {
            await ProcessProbe.ExecAsync("npm", kuzuDir, "ci", "--no-audit", "--no-fund", "--loglevel=error");
        }

        Console.WriteLine("running Kùzu on the same graph and queries (builds its database on first use) …");
        await ProcessProbe.ExecAsync("node", root, Path.Combine(kuzuDir, "kuzu-bench.mjs"), "--dir", dir);
        using var result = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "results_kuzu.json")));
        var k = result.RootElement;

        // Same answers: hop counts for every pair, listed parties (the source itself left out: Kùzu's patterns start at
        // one hop) for every source.
        var differ = 0;
        var answers = k.GetProperty("answers");
        foreach (var p in pairs)
        {
            var theirs = answers.GetProperty("pairs").GetProperty($"{p.A[1..]} {p.B[1..]}").GetInt32();
            if (theirs != hops(p))
            {
                differ++;
                Console.WriteLine($"Kùzu's shortest path {p.A} → {p.B}: {theirs} hops, ours {hops(p)}");
            }
        }

        foreach (var s in random.Concat(hubs))
        {
            var mine = exposure(s);
            mine.Remove(s);
            var theirs = answers.GetProperty("exposure").GetProperty(s[1..]).EnumerateArray().Select(x => "n" + x.GetInt64().ToString(CultureInfo.InvariantCulture)).ToHashSet();
            theirs.Remove(s);
            if (!mine.SetEquals(theirs))
            {
                differ++;
                Console.WriteLine($"Kùzu's 4-hop exposure of {s}: {theirs.Count} listed parties, ours {mine.Count}");
            }
        }

        Console.WriteLine($"Kùzu answers compared: {differ} differ");
        var rows = k.GetProperty("rows");
        string Kuzu(string row) => rows.GetProperty(row) is var r && r.TryGetProperty("median", out var m)
            ? $"{Stats.Ms(m.GetDouble() / 1000)} ({Stats.Ms(r.GetProperty("p90").GetDouble() / 1000)})"
            : $"not measured: {r.GetProperty("skipped").GetString()}";
        double KuzuMs(string row) => rows.GetProperty(row).TryGetProperty("median", out var m) ? m.GetDouble() / 1000 : double.NaN;
        var (nativeRandom, cypherRandom, nativeHubs, cypherHubs, nativePaths, cypherPaths) = (ours[0], ours[1], ours[2], ours[3], ours[4], ours[5]);
        table.AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Kùzu {k.GetProperty("kuzu").GetString()} ({k.GetProperty("threads").GetInt32()} thread) beside ours, same graph and queries, same run; answers compared: {differ} differ")
            .AppendLine()
            .AppendLine("| query | SupplyGraph native median (p90) | SupplyGraph Cypher median (p90) | Kùzu median (p90) | Kùzu ÷ our Cypher |")
            .AppendLine("|---|---|---|---|---|");
        void Row(string name, Stats n, Stats c, string kuzuRow) => table.AppendLine(CultureInfo.InvariantCulture,
            $"| {name} | {Stats.Ms(n.Median)} ({Stats.Ms(n.P90)}) | {Stats.Ms(c.Median)} ({Stats.Ms(c.P90)}) | {Kuzu(kuzuRow)} | {KuzuMs(kuzuRow) / c.Median:0.#}× |");
        Row($"shortest path, {pairs.Length} random pairs", nativePaths, cypherPaths, "shortest path, 100 random pairs");
        Row($"4-hop exposure, {random.Length} random sources (Kùzu: walks + DISTINCT)", nativeRandom, cypherRandom, "4-hop exposure, 100 random sources (walks + DISTINCT)");
        Row($"4-hop exposure, {random.Length} random sources (Kùzu: SHORTEST join)", nativeRandom, cypherRandom, "4-hop exposure, 100 random sources (SHORTEST join)");
        Row($"4-hop exposure, {hubs.Length} hubs (Kùzu: walks + DISTINCT)", nativeHubs, cypherHubs, "4-hop exposure, 20 hubs (walks + DISTINCT)");
        Row($"4-hop exposure, {hubs.Length} hubs (Kùzu: SHORTEST join)", nativeHubs, cypherHubs, "4-hop exposure, 20 hubs (SHORTEST join)");
        Console.WriteLine(table);
        return differ;
    }
}
