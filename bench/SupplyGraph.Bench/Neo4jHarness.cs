using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Storage;
using SupplyGraph.Neo4j;

namespace SupplyGraph.Bench;

/// <summary>
/// Neo4j mode against the embedded store on the same generated graphs (n entities, 4n relationships, 1 % listed):
/// the push time per size (linear is the claim), the projection's first load, the time for a batch committed by one
/// store to reach another store's projection, and exposure and shortest-path times through the store contract of
/// each store (answers checked equal first), in interleaved rounds.
/// usage: --neo4j URL [--sizes 10000,100000] (password from SUPPLYGRAPH_NEO4J_PASSWORD; the database is emptied);
/// --reuse keeps a Neo4j graph or embedded store that an earlier run finished (see <see cref="PrepareAsync"/>);
/// --neo4j URL --load-only [--rounds 3] [--page N] times only the projection load of what that Neo4j holds (kept).
/// </summary>
public static class Neo4jHarness
{
    private const int Rounds = 5;
    private const int Queries = 100;

    public static async Task<int> RunAsync(string dir, string[] args)
    {
        var url = new Uri(Arg(args, "--neo4j") ?? "http://127.0.0.1:7474");
        var settings = new Neo4jSettings(url, Environment.GetEnvironmentVariable("SUPPLYGRAPH_NEO4J_USER") ?? "neo4j", Environment.GetEnvironmentVariable("SUPPLYGRAPH_NEO4J_PASSWORD") ?? "");
        if (args.Contains("--load-only"))
        {
            return await LoadOnlyAsync(settings, args);
        }

        // --reuse: a Neo4j that already holds a size's graph is not pushed again (an unfinished push of it resumes), and
        // an embedded store written completely before is not written again, so a later stage that fails costs no push.
        var reuse = args.Contains("--reuse");
        var sizes = (Arg(args, "--sizes") ?? "10000,100000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var lines = new List<string>
        {
            "| entities | relationships | push | push rate (records/s) | projection load (Neo4j mode start) | embedded open (embedded start) | commit → other store's projection, median (p90) |",
            "|---|---|---|---|---|---|---|",
        };
        var queryLines = new List<string>
        {
            "| graph | query | embedded median (p90) | Neo4j mode median (p90) | Neo4j ÷ embedded | target ≤ 10× |",
            "|---|---|---|---|---|---|",
        };
        foreach (var size in sizes)
        {
            // The generated graph lives only inside PrepareAsync: at 1M it is a second full set of records beside the
            // projection and the embedded store's graph, and an async method's locals live as long as its state machine.
            var prepared = await PrepareAsync(dir, settings, size, reuse);
            ReleaseMemory();
            Console.WriteLine($"prepared: managed heap {GC.GetTotalMemory(false) / 1e9:0.00} GB, peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e9:0.00} GB");

            await using var neo4j = new Neo4jGraphStore(settings);
            var clock = Stopwatch.StartNew();
            var projected = await neo4j.GraphAsync();
            var load = clock.Elapsed;
            Console.WriteLine($"projection load: {load.TotalSeconds:0.0} s, {projected.LiveNodeCount:N0} entities, {projected.LiveEdgeCount:N0} relationships; " +
                $"managed heap {GC.GetTotalMemory(false) / 1e9:0.00} GB, peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e9:0.00} GB ({DateTime.UtcNow:HH:mm:ss})");

            // Before the embedded store is opened: the follower is a second projection, and only one of the two
            // extra graphs need be in memory at a time.
            var follow = await FollowLatencyAsync(settings, neo4j);
            ReleaseMemory();
            Console.WriteLine($"follow: {Stats.Ms(follow.Median)} ({Stats.Ms(follow.P90)}) ({DateTime.UtcNow:HH:mm:ss})");

            // The embedded store as a server opens it: loaded from its file.
            clock.Restart();
            await using var embedded = EmbeddedGraphStore.Open(prepared.Folder);
            var embeddedLoad = clock.Elapsed;
            Console.WriteLine($"embedded open: {embeddedLoad.TotalSeconds:0.0} s; managed heap {GC.GetTotalMemory(false) / 1e9:0.00} GB, peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e9:0.00} GB ({DateTime.UtcNow:HH:mm:ss})");

            var push = prepared.Push is { } p ? $"{p.TotalSeconds:0.0} s | {prepared.Records / p.TotalSeconds:N0}" : "reused | —";
            lines.Add($"| {prepared.Entities:N0} | {prepared.Relationships:N0} | {push} | {load.TotalSeconds:0.0} s | {embeddedLoad.TotalSeconds:0.0} s | {Stats.Ms(follow.Median)} ({Stats.Ms(follow.P90)}) |");

            queryLines.AddRange(await CompareQueriesAsync(size, embedded, neo4j));
            Console.WriteLine($"queries done: peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e9:0.00} GB ({DateTime.UtcNow:HH:mm:ss})");
            Console.WriteLine(string.Join('\n', lines));
            Console.WriteLine(string.Join('\n', queryLines));
        }

        var table = string.Join('\n', lines) + "\n\n" + string.Join('\n', queryLines) + "\n";
        await File.WriteAllTextAsync(Path.Combine(dir, "neo4j.md"), table);
        Console.WriteLine(table);
        return 0;
    }

    private sealed record Prepared(string Folder, int Entities, int Relationships, TimeSpan? Push)
    {
        public int Records => Entities + Relationships;
    }

    /// <summary>
    /// Generates the graph of <paramref name="size"/>, pushes it into Neo4j and writes it into an embedded store, in
    /// chunks (the store's bulk path), unless <paramref name="reuse"/> finds either already done.
    /// </summary>
    private static async Task<Prepared> PrepareAsync(string dir, Neo4jSettings settings, int size, bool reuse)
    {
        var graph = Generate(size);
        var (entities, relationships) = (graph.LiveNodeCount, graph.LiveEdgeCount);
        Console.WriteLine($"graph: {entities:N0} entities, {relationships:N0} relationships ({DateTime.UtcNow:HH:mm:ss})");
        TimeSpan? push = null;
        if (reuse && await HoldsAsync(settings, entities, relationships))
        {
            Console.WriteLine("push: Neo4j holds this graph already (--reuse)");
        }
        else
        {
            if (!reuse || !await PushUnfinishedAsync(settings))
            {
                await EmptyAsync(settings);
            }

            await using var neo4j = new Neo4jGraphStore(settings);
            var clock = Stopwatch.StartNew();
            var last = DateTime.UtcNow;
            var stage = "";
            await Neo4jSync.PushAsync(graph, neo4j, new Progress<SyncProgress>(p =>
            {
                // Every stage change too, so the log splits the push into entities, relationships and sweep.
                if (DateTime.UtcNow - last > TimeSpan.FromSeconds(10) || p.Stage != stage)
                {
                    last = DateTime.UtcNow;
                    stage = p.Stage;
                    Console.WriteLine($"  push {p.Stage} {p.Done:N0}/{p.Total:N0} at {clock.Elapsed.TotalSeconds:0.0} s ({DateTime.UtcNow:HH:mm:ss})");
                }
            }));
            push = clock.Elapsed;
            Console.WriteLine($"push: {push.Value.TotalSeconds:0.0} s ({(entities + relationships) / push.Value.TotalSeconds:N0} records/s); " +
                $"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e9:0.00} GB ({DateTime.UtcNow:HH:mm:ss})");
        }

        var folder = Path.Combine(dir, $"neo4j-bench-{size}");
        // Written last, after the store is closed: a folder without it is from a write that did not finish.
        var complete = Path.Combine(folder, "complete");
        if (reuse && File.Exists(complete))
        {
            Console.WriteLine("embedded store: written before (--reuse)");
        }
        else
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            var clock = Stopwatch.StartNew();
            await using (var writer = EmbeddedGraphStore.Open(folder))
            {
                await writer.ApplyInChunksAsync(new ChangeBatch([.. graph.Entities.Select(e => (Change)new PutEntity(e)), .. graph.Relationships.Select(r => (Change)new PutRelationship(r))], "bench"), 100_000);
            }

            await File.WriteAllTextAsync(complete, "");
            Console.WriteLine($"embedded store written: {clock.Elapsed.TotalSeconds:0.0} s; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e9:0.00} GB ({DateTime.UtcNow:HH:mm:ss})");
        }

        return new Prepared(folder, entities, relationships, push);
    }

    /// <summary>Whether Neo4j holds a finished push of a graph of these counts (the 20 follow entities of an earlier run allowed).</summary>
    private static async Task<bool> HoldsAsync(Neo4jSettings settings, int entities, int relationships)
    {
        using var http = new Neo4jHttp(settings);
        // Counts Neo4j keeps (one label, one side), not scans.
        var rows = await http.RunAsync([new Statement("MATCH (e:Entity) RETURN count(e)"), new Statement("MATCH (:Entity)-[r]->() RETURN count(r)")]);
        var (heldEntities, heldRelationships) = (rows[0][0][0].GetInt64(), rows[1][0][0].GetInt64());
        Console.WriteLine($"Neo4j holds {heldEntities:N0} entities, {heldRelationships:N0} relationships");
        return !await PushUnfinishedAsync(settings) && heldRelationships == relationships && heldEntities >= entities && heldEntities <= entities + 20;
    }

    private static async Task<bool> PushUnfinishedAsync(Neo4jSettings settings)
    {
        using var http = new Neo4jHttp(settings);
        return (await http.RunAsync([new Statement("MATCH (m:SgMeta {key: 'push'}) RETURN count(m)")]))[0][0][0].GetInt64() > 0;
    }

    private static void ReleaseMemory()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    /// <summary>Times the projection load of what Neo4j holds, each round by a new store, with the process's memory.</summary>
    private static async Task<int> LoadOnlyAsync(Neo4jSettings settings, string[] args)
    {
        var rounds = int.Parse(Arg(args, "--rounds") ?? "3", CultureInfo.InvariantCulture);
        var page = int.Parse(Arg(args, "--page") ?? Neo4jGraphStore.DefaultLoadPage.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var times = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            await using var store = new Neo4jGraphStore(settings) { LoadPage = page };
            var clock = Stopwatch.StartNew();
            var graph = await store.GraphAsync();
            times.Add(clock.Elapsed.TotalSeconds);
            Console.WriteLine($"load {round + 1}: {clock.Elapsed.TotalSeconds:0.0} s, {graph.LiveNodeCount:N0} entities, {graph.LiveEdgeCount:N0} relationships, page {page:N0}; " +
                $"managed heap {GC.GetTotalMemory(false) / 1e9:0.00} GB, peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e9:0.00} GB");
        }

        times.Sort();
        Console.WriteLine($"median {times[times.Count / 2]:0.0} s over {rounds}");
        return 0;
    }

    /// <summary>n companies, 4n relationships of four types between random pairs, 1 % of companies listed.</summary>
    public static GraphSnapshot Generate(int size)
    {
        var random = new Random(size);
        string[] types = [RelationshipTypes.Owns, RelationshipTypes.Supplies, RelationshipTypes.SubsidiaryOf, RelationshipTypes.ProvidesCloudTo];
        var entities = new List<Entity>(size + 1) { new() { Id = "bench-list", Labels = [NodeLabels.List], Name = "Bench List" } };
        for (var i = 0; i < size; i++)
        {
            entities.Add(new Entity { Id = "n" + i.ToString(CultureInfo.InvariantCulture), Labels = [NodeLabels.Company], Name = "Company " + i.ToString(CultureInfo.InvariantCulture) });
        }

        var relationships = new List<Relationship>(size * 4 + size / 100);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (relationships.Count < size * 4)
        {
            var type = types[random.Next(types.Length)];
            var from = "n" + random.Next(size).ToString(CultureInfo.InvariantCulture);
            var to = "n" + random.Next(size).ToString(CultureInfo.InvariantCulture);
            var id = Relationship.DefaultId(type, from, to);
            if (from != to && seen.Add(id))
            {
                relationships.Add(new Relationship
                {
                    Id = id,
                    Type = type,
                    From = from,
                    To = to,
                    Share = type == RelationshipTypes.Owns ? OwnershipShare.Exact(Math.Round(random.NextDouble(), 2)) : OwnershipShare.Unknown,
                    Provenance = new Provenance("bench", null, null, new DateOnly(2024, 1, 1), 0.5 + random.NextDouble() / 2),
                });
            }
        }

        for (var i = 0; i < size; i += 100)
        {
            var id = "n" + i.ToString(CultureInfo.InvariantCulture);
            relationships.Add(new Relationship { Id = Relationship.DefaultId(RelationshipTypes.ListedOn, id, "bench-list"), Type = RelationshipTypes.ListedOn, From = id, To = "bench-list", Provenance = new Provenance("bench", null, null, new DateOnly(2020, 1, 1), 1) });
        }

        return GraphSnapshot.Create(0, entities, relationships);
    }

    /// <summary>Commits one small batch at a time through <paramref name="writer"/> and times until another store's projection has it.</summary>
    private static async Task<Stats> FollowLatencyAsync(Neo4jSettings settings, Neo4jGraphStore writer)
    {
        await using var other = new Neo4jGraphStore(settings);
        await other.GraphAsync();
        var stats = new Stats("follow");
        for (var i = 0; i < 20; i++)
        {
            var entity = new Entity { Id = "follow-" + i.ToString(CultureInfo.InvariantCulture), Labels = [NodeLabels.Company], Name = "Follow " + i.ToString(CultureInfo.InvariantCulture) };
            var commit = await writer.ApplyAsync(new ChangeBatch([new PutEntity(entity)], "follow"));
            var start = Stopwatch.GetTimestamp();
            while ((await other.GraphAsync()).Sequence < commit.Sequence)
            {
                await Task.Delay(2);
            }

            stats.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        return stats;
    }

    private static async Task<List<string>> CompareQueriesAsync(int size, IGraphStore embedded, IGraphStore neo4j)
    {
        var random = new Random(7);
        string Node() => "n" + random.Next(size).ToString(CultureInfo.InvariantCulture);
        var sources = Enumerable.Range(0, Queries).Select(_ => Node()).ToArray();
        var pairs = Enumerable.Range(0, Queries).Select(_ => (Node(), Node())).ToArray();
        var exposure = ExposureQuery.Default with { MaxHops = 4, Direction = Direction.Out };
        var paths = PathQuery.Default with { MaxHops = 6 };

        // Same answers first.
        var differ = 0;
        foreach (var s in sources)
        {
            var a = await embedded.ExposureAsync([s], exposure);
            var b = await neo4j.ExposureAsync([s], exposure);
            differ += a.Hits.Select(h => (h.Party.Id, h.Hops, HopIds(h.Path))).SequenceEqual(b.Hits.Select(h => (h.Party.Id, h.Hops, HopIds(h.Path)))) && a.Score == b.Score ? 0 : 1;
        }

        foreach (var (from, to) in pairs)
        {
            var a = await embedded.ShortestPathAsync(from, to, paths);
            var b = await neo4j.ShortestPathAsync(from, to, paths);
            differ += a?.Hops.Select(h => h.Relationship.Id).SequenceEqual(b?.Hops.Select(h => h.Relationship.Id) ?? []) ?? b is null ? 0 : 1;
        }

        Console.WriteLine($"answers compared: {sources.Length} exposures, {pairs.Length} paths; {differ} differ");
        var rows = new (string Name, Stats Embedded, Stats Neo4j, Func<IGraphStore, int, Task> Run)[]
        {
            ("4-hop exposure, out (100 random sources)", new("e"), new("n"), async (s, i) => await s.ExposureAsync([sources[i]], exposure)),
            ("shortest path ≤ 6 hops, both ways (100 random pairs)", new("e"), new("n"), async (s, i) => await s.ShortestPathAsync(pairs[i].Item1, pairs[i].Item2, paths)),
        };
        for (var pass = 0; pass < Rounds + 2; pass++)
        {
            foreach (var row in rows)
            {
                for (var i = 0; i < Queries; i++)
                {
                    // Two untimed passes first (the JIT tiers up), then timed rounds interleaved across stores.
                    var start = Stopwatch.GetTimestamp();
                    await row.Run(embedded, i);
                    var middle = Stopwatch.GetTimestamp();
                    await row.Run(neo4j, i);
                    var end = Stopwatch.GetTimestamp();
                    if (pass >= 2)
                    {
                        row.Embedded.Add(Stopwatch.GetElapsedTime(start, middle).TotalMilliseconds);
                        row.Neo4j.Add(Stopwatch.GetElapsedTime(middle, end).TotalMilliseconds);
                    }
                }
            }
        }

        return [.. rows.Select(r => $"| {size:N0} entities | {r.Name} | {Stats.Ms(r.Embedded.Median)} ({Stats.Ms(r.Embedded.P90)}) | {Stats.Ms(r.Neo4j.Median)} ({Stats.Ms(r.Neo4j.P90)}) | " +
            $"{(r.Neo4j.Median / r.Embedded.Median).ToString("0.0", CultureInfo.InvariantCulture)}× | {(r.Neo4j.Median <= 10 * r.Embedded.Median ? "yes" : "**no**")} |")];
    }

    private static string HopIds(GraphPath path) => string.Join(",", path.Hops.Select(h => h.Relationship.Id));

    private static async Task EmptyAsync(Neo4jSettings settings)
    {
        using var http = new Neo4jHttp(settings);
        var batch = new Statement("MATCH (n) WITH n LIMIT $limit DETACH DELETE n RETURN count(*)", new JsonObject { ["limit"] = 10_000 });
        while ((await http.RunAsync([batch], default, TimeSpan.FromMinutes(10)))[0][0][0].GetInt64() > 0)
        {
        }
    }

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
