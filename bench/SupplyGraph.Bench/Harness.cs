using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Import;

namespace SupplyGraph.Bench;

/// <summary>
/// Runs the shared query set on the shared 1M-node graph with our engine, then the NetworkX peer (and a plain
/// Python peer for the 50 % fixpoint) on the same files in the same run, and prints one table.
/// </summary>
public static class Harness
{
    private const int QueryCount = 100;

    /// <summary>Every query set runs this many rounds; a row's median is over all of them (the machine is noisy).</summary>
    private const int Rounds = 5;

    public static async Task<int> RunAsync(string[] args)
    {
        var root = FindRepoRoot();
        var dir = Arg(args, "--dir") ?? Path.Combine(root, "bench", "out");
        var shared = Arg(args, "--shared") ?? Environment.GetEnvironmentVariable("SUPPLYGRAPH_SHARED") ?? Path.Combine(root, "..", "shared");
        var skipPeers = args.Contains("--skip-peers");
        Directory.CreateDirectory(dir);
        if (args.Contains("--import"))
        {
            // Import data is generated from the shared lists; the 1M graph is not needed.
            return await ImportHarness.RunAsync(root, Path.Combine(dir, "import"), shared, args);
        }

        if (args.Contains("--store-scale"))
        {
            // The 10M-entity / 40M-relationship store: its fixture written once, then opened (bench/README "Store open").
            return await StoreScaleHarness.RunAsync(dir, args);
        }

        if (args.Contains("--name-search"))
        {
            // The first name search on an opened store and the search after a write, beside a baseline build.
            return await NameSearchHarness.RunAsync(args);
        }

        if (args.Contains("--store-open"))
        {
            // Opening the durable store with and without its snapshot file (builds the store once).
            return await StoreOpenHarness.RunAsync(root, dir, args);
        }

        if (args.Contains("--store"))
        {
            // The durable store's bulk write, from files made out of a bench graph (which must exist).
            return await StoreHarness.RunAsync(root, dir, args);
        }

        if (args.Contains("--scale"))
        {
            // Its own small store (graph-seed/): it measures fan-out across servers, not traversal.
            return await ScaleHarness.RunAsync(root, dir, args);
        }

        if (args.Contains("--neo4j"))
        {
            // Its own generated graphs, pushed into the Neo4j server named (which it empties first).
            return await Neo4jHarness.RunAsync(dir, args);
        }

        if (args.Contains("--screening"))
        {
            // The seed with the FtM and GLEIF files, and a counterparty file of real names; not the 1M graph.
            return await ScreeningHarness.RunAsync(root, dir, shared, args);
        }

        await EnsureDataAsync(dir, Path.Combine(shared, "bench"));
        if (args.Contains("--load-probe"))
        {
            return LoadProbe.Run(dir, args);
        }

        if (args.Contains("--kernel-probe"))
        {
            // Library kernels against a C# port of the C loop, interleaved per query in one process.
            return KernelProbe.Run(dir, args);
        }

        if (args.Contains("--growth"))
        {
            // The 1M graph and the bigger ones of gen_graph.py's size options, each beside the C array loop.
            return await GrowthHarness.RunAsync(root, dir, args);
        }

        if (args.Contains("--probe"))
        {
            return await Probe.RunAsync(dir);
        }

        if (args.Contains("--cypher"))
        {
            return await CypherHarness.RunAsync(root, dir, args.Contains("--kuzu"));
        }

        if (args.Contains("--live"))
        {
            return await LiveHarness.RunAsync(root, dir, args);
        }

        var rows = new List<Row>();
        var graphPath = Path.Combine(dir, "graph_1m.tsv");

        // Load: three times, median; memory as the topology's own arrays and as the managed heap's growth.
        var load = new Stats("load");
        LoadedEdgeList loaded = null!;
        long heapBefore = 0, heapAfter = 0;
        for (var i = 0; i < 3; i++)
        {
            loaded = null!;
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            heapBefore = GC.GetTotalMemory(forceFullCollection: true);
            loaded = load.Time(() => EdgeListLoader.Load(graphPath, 1_000_000));
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        }

        var g = loaded.Graph;
        Console.WriteLine($"loaded {g.NodeCount:N0} nodes, {g.EdgeCount:N0} edges; median load {Stats.Ms(load.Median)}; topology {g.TopologyBytes / (double)g.EdgeCount:0.0} B/edge; heap growth {(heapAfter - heapBefore) / (double)g.EdgeCount:0.0} B/edge");

        // Query and list files speak in the file's node ids; the loaded graph relabels nodes by degree.
        int Node(string fileId) => loaded.NodeOf(int.Parse(fileId, CultureInfo.InvariantCulture));
        var listed = BitTargets.Of(g.NodeCount, File.ReadLines(Path.Combine(dir, "graph_1m_listed.txt")).Select(Node));
        // The exposure rows run as the product's exposure does once its snapshot's bound is built (ListedHops).
        var boundTimer = Stopwatch.StartNew();
        var bound = HopBound.Build(g, [.. File.ReadLines(Path.Combine(dir, "graph_1m_listed.txt")).Select(Node)], Direction.Out);
        Console.WriteLine($"hop bound towards the listed parties: built in {Stats.Ms(boundTimer.Elapsed.TotalMilliseconds)}");
        var queries = File.ReadLines(Path.Combine(dir, "queries.txt")).Select(l => l.Split(' ')).ToList();
        int[] Q(string kind) => [.. queries.Where(q => q[0] == kind).Select(q => Node(q[1]))];
        var pairs = queries.Where(q => q[0] == "pair").Select(q => (Node(q[1]), Node(q[2]))).ToArray();
        var bfsSources = Q("bfs4");
        var khopSources = Q("khop");
        var hubs = Q("hub");
        var typed = EdgeTypeMask.For(g, ["OWNS", "SUBSIDIARY_OF", "SUPPLIES"]);

        // Warm-up: two full passes over every query set, then a pause, so that tiered JIT compilation has
        // replaced the first, unoptimised code with the optimised code a long-running server would run.
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var s in bfsSources)
            {
                Bfs(g, s, 4, EdgeTypeMask.All);
            }

            foreach (var s in khopSources.Concat(hubs))
            {
                Khop(g, s, 4, EdgeTypeMask.All, listed, bound);
                Khop(g, s, 4, typed, listed, bound);
            }

            foreach (var (a, b) in pairs)
            {
                ShortestPath.FindEdges(g, a, b, EdgeTypeMask.All, Direction.Out, int.MaxValue, new AllowAll());
                ShortestPath.FindEdges(g, a, b, typed, Direction.Out, int.MaxValue, new AllowAll());
                ShortestPath.FindEdges(g, a, b, EdgeTypeMask.All, Direction.Both, int.MaxValue, new AllowAll());
            }
        }

        Thread.Sleep(1000);

        // Rounds are interleaved across rows, so that a slow spell of this shared machine hits every row alike.
        var bfs = new Stats("bfs4");
        var sp = new Stats("sp");
        var spTyped = new Stats("sp-typed");
        var spBoth = new Stats("sp-both");
        var khop4 = new Stats("khop4");
        var khop2 = new Stats("khop2");
        var khop3 = new Stats("khop3");
        var khop5 = new Stats("khop5");
        var khop6 = new Stats("khop6");
        var hub4 = new Stats("hub4");
        var hub6 = new Stats("hub6");
        var khop4Typed = new Stats("khop4-typed");
        var cold = new Stats("cold");
        var hot = new Stats("hot");

        void Pairs(Stats stats, EdgeTypeMask types, Direction direction, int count)
        {
            foreach (var (a, b) in pairs.Take(count))
            {
                stats.Time(() => ShortestPath.FindEdges(g, a, b, types, direction, int.MaxValue, new AllowAll()));
            }
        }

        void Khops(Stats stats, IEnumerable<int> sources, int hops, EdgeTypeMask types)
        {
            foreach (var s in sources)
            {
                stats.Time(() => Khop(g, s, hops, types, listed, bound));
            }
        }

        for (var round = 0; round < Rounds; round++)
        {
            foreach (var s in bfsSources)
            {
                bfs.Time(() => Bfs(g, s, 4, EdgeTypeMask.All));
            }

            Pairs(sp, EdgeTypeMask.All, Direction.Out, QueryCount);
            Pairs(spTyped, typed, Direction.Out, QueryCount);
            Pairs(spBoth, EdgeTypeMask.All, Direction.Both, 30);
            Khops(khop4, khopSources, 4, EdgeTypeMask.All);
            Khops(khop2, khopSources.Take(30), 2, EdgeTypeMask.All);
            Khops(khop3, khopSources.Take(30), 3, EdgeTypeMask.All);
            Khops(khop5, khopSources.Take(30), 5, EdgeTypeMask.All);
            Khops(khop6, khopSources.Take(30), 6, EdgeTypeMask.All);
            Khops(hub4, hubs, 4, EdgeTypeMask.All);
            Khops(hub6, hubs.Take(10), 6, EdgeTypeMask.All);
            Khops(khop4Typed, khopSources, 4, typed);
            if (args.Contains("--diagnose"))
            {
                // Same source twice in a row: the second run finds its neighbourhood in the CPU caches.
                foreach (var s in khopSources)
                {
                    cold.Time(() => Khop(g, s, 4, EdgeTypeMask.All, listed, bound));
                    hot.Time(() => Khop(g, s, 4, EdgeTypeMask.All, listed, bound));
                }
            }
        }

        if (args.Contains("--diagnose"))
        {
            Console.WriteLine($"4-hop exposure: cold median {Stats.Ms(cold.Median)}, cache-hot median {Stats.Ms(hot.Median)}");
        }

        // The OFAC 50 % fixpoint over the OWNS edges with their percentages, seeded by the listed nodes.
        var (ownership, shares) = LoadOwnership(Path.Combine(dir, "graph_1m_owns_pct.tsv"), g.NodeCount, loaded);
        var seeds = File.ReadLines(Path.Combine(dir, "graph_1m_listed.txt")).Select(Node).ToArray();
        var (ofac, blocked) = TimeOfac(ownership, shares, seeds, g.NodeCount);
        Console.WriteLine($"OFAC fixpoint: {blocked:N0} blocked, median {Stats.Ms(ofac.Median)}");

        JsonElement? nx = null;
        JsonElement? peer = null;
        if (!skipPeers)
        {
            peer = await RunPythonAsync(dir, Path.Combine(root, "bench", "ofac_fixpoint.py"), "--reps", "3");
            Console.WriteLine($"Python fixpoint peer: {peer?.GetProperty("blocked")} blocked, median {peer?.GetProperty("median_ms")} ms");
            nx = await RunPythonAsync(dir, Path.Combine(shared, "bench", "bench_nx.py"));
            if (nx is null && File.Exists(Path.Combine(dir, "results_nx.json")))
            {
                nx = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "results_nx.json"))).RootElement.Clone();
            }
        }

        double Nx(string key, string field = "median_ms") =>
            nx is { } n && n.TryGetProperty(key, out var v) && v.TryGetProperty(field, out var f) ? f.GetDouble() : double.NaN;

        var nxLoad = Nx("load", "seconds") * 1000;
        var nxBytes = nx is { } x && x.TryGetProperty("load", out var l) ? l.GetProperty("rss_delta_mb").GetDouble() * 1024 * 1024 / g.EdgeCount : double.NaN;
        rows.Add(new Row("load edge list (4M edges)", load.Median, double.NaN, nxLoad, double.NaN, "≤ 3 s", load.Median <= 3000));
        rows.Add(new Row("memory, topology + types (bytes per relationship)", g.TopologyBytes / (double)g.EdgeCount, double.NaN, nxBytes, double.NaN, "≤ 40 B", g.TopologyBytes / (double)g.EdgeCount <= 40, Unit: "B"));
        rows.Add(new Row("depth-4 BFS, distances (100 random sources)", bfs.Median, bfs.P90, Nx("bfs_depth4_distances"), Nx("bfs_depth4_distances", "p90_ms"), "", null));
        rows.Add(new Row("shortest path, random pairs (100)", sp.Median, sp.P90, Nx("shortest_path_directed"), Nx("shortest_path_directed", "p90_ms"), "≤ 100 µs", sp.Median <= 0.1));
        rows.Add(new Row("shortest path, 3 of 4 types (100)", spTyped.Median, spTyped.P90, Nx("shortest_path_directed_typed_view"), Nx("shortest_path_directed_typed_view", "p90_ms"), "≤ 100 µs", spTyped.Median <= 0.1));
        rows.Add(new Row("shortest path, either direction (30)", spBoth.Median, spBoth.P90, Nx("shortest_path_undirected_view"), Nx("shortest_path_undirected_view", "p90_ms"), "", null));
        rows.Add(new Row("4-hop exposure + one path per listed hit (100 random sources)", khop4.Median, khop4.P90, Nx("khop4_listed_paths"), Nx("khop4_listed_paths", "p90_ms"), "≤ 10 µs", khop4.Median <= 0.01));
        rows.Add(new Row("2-hop exposure (30)", khop2.Median, khop2.P90, Nx("khop2_listed_paths"), Nx("khop2_listed_paths", "p90_ms"), "", null));
        rows.Add(new Row("3-hop exposure (30)", khop3.Median, khop3.P90, Nx("khop3_listed_paths"), Nx("khop3_listed_paths", "p90_ms"), "", null));
        rows.Add(new Row("5-hop exposure (30)", khop5.Median, khop5.P90, Nx("khop5_listed_paths"), Nx("khop5_listed_paths", "p90_ms"), "", null));
        rows.Add(new Row("6-hop exposure (30)", khop6.Median, khop6.P90, Nx("khop6_listed_paths"), Nx("khop6_listed_paths", "p90_ms"), "", null));
        rows.Add(new Row("4-hop exposure from hubs (20)", hub4.Median, hub4.P90, Nx("khop4_listed_paths_hubsrc"), Nx("khop4_listed_paths_hubsrc", "p90_ms"), "≤ 1 ms", hub4.Median <= 1));
        rows.Add(new Row("6-hop exposure from hubs (10)", hub6.Median, hub6.P90, Nx("khop6_listed_paths_hubsrc"), Nx("khop6_listed_paths_hubsrc", "p90_ms"), "≤ 20 ms", hub6.Median <= 20));
        rows.Add(new Row("4-hop exposure, 3 of 4 types (100)", khop4Typed.Median, khop4Typed.P90, Nx("khop4_listed_paths_typed_view"), Nx("khop4_listed_paths_typed_view", "p90_ms"), "", null));
        var peerMs = peer is { } p ? p.GetProperty("median_ms").GetDouble() : double.NaN;
        rows.Add(new Row($"OFAC 50 % fixpoint, all {ownership.StakeCount:N0} OWNS edges ({blocked:N0} blocked)", ofac.Median, double.NaN, peerMs, double.NaN, "≤ 500 ms", ofac.Median <= 500, Peer: "Python"));

        var table = Table(rows, nx);
        Console.WriteLine();
        Console.WriteLine(table);
        await File.WriteAllTextAsync(Path.Combine(dir, "table.md"), table);
        return 0;
    }

    // The timed wrappers optimised at first call as the kernels are, so a row times the kernel, not tier-0 plumbing.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static int Bfs(CompactGraph g, int source, int hops, EdgeTypeMask types) =>
        ExposureSearch.Run(g, [source], hops, types, Direction.Out, new AllowAll(), new NoTargets(), new NoConfidence(), s_hits);

    private static readonly List<int> s_hits = new(1 << 16);

    /// <summary>Listed nodes within <paramref name="hops"/>, each with its path materialised (as NetworkX returns them).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static int Khop(CompactGraph g, int source, int hops, EdgeTypeMask types, BitTargets listed, HopBound? bound = null)
    {
        s_hits.Clear();
        ExposureSearch.Run(g, [source], hops, types, Direction.Out, new AllowAll(), listed, new NoConfidence(), s_hits, bound: bound);
        var total = 0;
        foreach (var hit in s_hits)
        {
            total += ExposureSearch.PathTo(g, hit).Length;
        }

        return total;
    }

    /// <summary>The 50 % fixpoint seeded by <paramref name="seeds"/>, run 6 times, the last 5 timed; and how many it blocks.</summary>
    internal static (Stats Timing, int Blocked) TimeOfac(OwnershipCsr ownership, double[] shares, int[] seeds, int nodeCount)
    {
        // Buffers reused across runs, as a screening service would: each run clears what the previous one wrote.
        var buffers = new FixpointBuffers(nodeCount);
        var status = buffers.Status;
        var ofac = new Stats("ofac");
        for (var i = 0; i < 6; i++)
        {
            var start = Stopwatch.GetTimestamp();
            BlockingFixpoint.Run(ownership, shares, shares, seeds, 0.5, null, buffers);
            if (i > 0)
            {
                ofac.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }

        return (ofac, status.Count(s => s == BlockStatus.Blocked));
    }

    internal static (OwnershipCsr Csr, double[] Shares) LoadOwnership(string path, int nodeCount, LoadedEdgeList ids)
    {
        var owners = new List<int>();
        var owned = new List<int>();
        var shares = new List<double>();
        foreach (var line in File.ReadLines(path))
        {
            var parts = line.Split('\t');
            owners.Add(ids.NodeOf(int.Parse(parts[0], CultureInfo.InvariantCulture)));
            owned.Add(ids.NodeOf(int.Parse(parts[1], CultureInfo.InvariantCulture)));
            shares.Add(double.Parse(parts[2], CultureInfo.InvariantCulture) / 100);
        }

        return (new OwnershipCsr(nodeCount, owners.ToArray(), owned.ToArray()), [.. shares]);
    }

    private static string Table(List<Row> rows, JsonElement? nx)
    {
        var sb = new StringBuilder();
        var version = nx is { } n && n.TryGetProperty("networkx", out var v) ? v.GetString() : "not run";
        sb.AppendLine(CultureInfo.InvariantCulture, $"| query | SupplyGraph median (p90) | peer median (p90) | peer ÷ ours | target | met |");
        sb.AppendLine("|---|---|---|---|---|---|");
        foreach (var r in rows)
        {
            string Cell(double median, double p90) => r.Unit == "B"
                ? (double.IsNaN(median) ? "—" : median.ToString("0.0", CultureInfo.InvariantCulture) + " B")
                : Stats.Ms(median) + (double.IsNaN(p90) ? "" : $" ({Stats.Ms(p90)})");
            var ratio = double.IsNaN(r.PeerMedian) || r.OursMedian <= 0 ? "—" : (r.PeerMedian / r.OursMedian).ToString("0", CultureInfo.InvariantCulture) + "×";
            var met = r.Met is null ? "" : r.Met.Value ? "yes" : "**no**";
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {r.Name} | {Cell(r.OursMedian, r.OursP90)} | {(r.Peer ?? "NetworkX " + version)}: {Cell(r.PeerMedian, r.PeerP90)} | {ratio} | {r.Target} | {met} |");
        }

        return sb.ToString();
    }

    private static async Task EnsureDataAsync(string dir, string sharedBench)
    {
        if (!File.Exists(Path.Combine(dir, "graph_1m.tsv")))
        {
            Console.WriteLine("generating the benchmark graph (about 25 s)…");
            await RunPythonAsync(dir, Path.Combine(sharedBench, "gen_graph.py"), "--out", dir);
        }

        if (!File.Exists(Path.Combine(dir, "queries.txt")))
        {
            await RunPythonAsync(dir, Path.Combine(sharedBench, "make_queries.py"));
        }
    }

    /// <summary>Runs a Python script in <paramref name="dir"/>; returns its last stdout line as JSON when it is JSON.</summary>
    internal static async Task<JsonElement?> RunPythonAsync(string dir, string script, params string[] args)
    {
        Console.WriteLine($"running {Path.GetFileName(script)} …");
        var info = new ProcessStartInfo("python3") { WorkingDirectory = dir, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(script);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} failed with exit code {process.ExitCode}");
        }

        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
        if (last.StartsWith("wrote ", StringComparison.Ordinal))
        {
            return JsonDocument.Parse(File.ReadAllText(last[6..].Trim())).RootElement.Clone();
        }

        return last.StartsWith('{') ? JsonDocument.Parse(last).RootElement.Clone() : null;
    }

    internal static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static string FindRepoRoot()
    {
        for (var d = new DirectoryInfo(Environment.CurrentDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "SupplyGraph.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("run from inside the repository");
    }

    private sealed record Row(string Name, double OursMedian, double OursP90, double PeerMedian, double PeerP90, string Target, bool? Met, string? Unit = null, string? Peer = null);
}
