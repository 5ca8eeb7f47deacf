using System.Diagnostics;
using System.Globalization;
using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Storage;

namespace SupplyGraph.Bench;

/// <summary>
/// Opening the durable store, each measurement a fresh process under <c>/usr/bin/time -v</c>: with its snapshot file
/// (the base read back, records left in the file) and without it (the graph rebuilt from SQLite, as before the
/// snapshot existed), on the store the <c>--store</c> harness's direct row writes (built once if missing). The child
/// reports the time to open, to the first answers (an entity by id, a 4-hop exposure, a shortest path), the managed
/// heap after open, and separately the first name search (it builds the name index, which stays lazy).
/// </summary>
public static class StoreOpenHarness
{
    public static async Task<int> RunAsync(string root, string benchOut, string[] args)
    {
        var dir = Harness.Arg(args, "--store-dir") ?? Path.Combine(benchOut, "store-open");
        var data = Path.Combine(dir, "direct");
        if (args.Contains("--store-open-child"))
        {
            return await ChildAsync(data, args.Contains("--no-snapshot"));
        }

        Directory.CreateDirectory(dir);
        var selfDll = typeof(StoreOpenHarness).Assembly.Location;
        var graph = Harness.Arg(args, "--graph") ?? "graph_1m";
        var entities = Harness.Arg(args, "--entities") ?? "200000";
        var relationships = Harness.Arg(args, "--relationships") ?? "1000000";
        var runs = int.Parse(Harness.Arg(args, "--runs") ?? "3", CultureInfo.InvariantCulture);
        if (!File.Exists(Path.Combine(data, EmbeddedGraphStore.FileName)))
        {
            var build = await ImportHarness.MeasureAsync(["dotnet", selfDll, "--store", "--store-apply", "--dir", benchOut, "--store-dir", dir, "--graph", graph,
                "--entities", entities, "--relationships", relationships, "--chunk", "50000"], dir);
            Console.WriteLine($"built the store: {build} {build.Out.Trim()}");
        }

        var withSnapshot = new List<(ImportHarness.Measurement M, string Report)>();
        var without = new List<(ImportHarness.Measurement M, string Report)>();
        var load = new List<string>();
        for (var i = 0; i < runs; i++)
        {
            load.Add(File.ReadAllText("/proc/loadavg").Split(' ')[0]);
            var a = await ImportHarness.MeasureAsync(["dotnet", selfDll, "--store-open", "--store-open-child", "--dir", benchOut, "--store-dir", dir], dir);
            withSnapshot.Add((a, a.Out.Trim()));
            var b = await ImportHarness.MeasureAsync(["dotnet", selfDll, "--store-open", "--store-open-child", "--no-snapshot", "--dir", benchOut, "--store-dir", dir], dir);
            without.Add((b, b.Out.Trim()));
            Console.WriteLine($"run {i + 1} (load {load[^1]}): snapshot {a}: {a.Out.Trim()} | rebuild {b}: {b.Out.Trim()}");
        }

        load.Add(File.ReadAllText("/proc/loadavg").Split(' ')[0]);
        Console.WriteLine($"load {string.Join(" → ", load)}");
        return 0;
    }

    private static async Task<int> ChildAsync(string data, bool noSnapshot)
    {
        var snapshot = Path.Combine(data, SnapshotFileName);
        var aside = snapshot + ".aside";
        // Without a file at all (a fresh fixture) there is nothing to move aside: the open streams the rows into one.
        noSnapshot &= File.Exists(snapshot);
        if (noSnapshot)
        {
            File.Move(snapshot, aside, overwrite: true);
        }

        try
        {
            var watch = Stopwatch.StartNew();
            var store = EmbeddedGraphStore.Open(data);
            var opened = watch.Elapsed;
            var g = store.Snapshot;
            var entity = g.FindEntity("n1") ?? throw new InvalidOperationException("n1 is missing");
            var exposure = Exposure.Of(g, ["n1"], ExposureQuery.Default);
            var path = Paths.ShortestCanonical(g, "n1", "n2", PathQuery.Default);
            var ready = watch.Elapsed;
            var heap = GC.GetTotalMemory(forceFullCollection: true);
            var gcHeap = GC.GetGCMemoryInfo().HeapSizeBytes;
            var records = g.LiveNodeCount + g.LiveEdgeCount;
            var rss = Environment.WorkingSet;
            var before = watch.Elapsed;
            var found = g.Find("Company 4711", 3);
            var nameIndex = watch.Elapsed - before;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"open {opened.TotalSeconds:0.00} s, first answers at {ready.TotalSeconds:0.00} s ({entity.Id}; {exposure.Hits.Count} hits; path {path?.Length.ToString(CultureInfo.InvariantCulture) ?? "none"}), " +
                $"heap after open {heap / 1048576.0:0} MB = {(double)heap / records:0} B/record ({records:N0}; GC heap size {gcHeap / 1048576.0:0} MB), RSS {rss / 1048576.0:0} MB; first name search {nameIndex.TotalSeconds:0.00} s ({found.Count} matches)"));
            await store.DisposeAsync();
            return 0;
        }
        finally
        {
            if (noSnapshot)
            {
                File.Move(aside, snapshot, overwrite: true);
            }
        }
    }

    private const string SnapshotFileName = "graph.snapshot";
}
