using System.Diagnostics;
using System.Globalization;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Storage;

namespace SupplyGraph.Bench;

/// <summary>
/// The durable store's bulk write, each measurement a fresh process under <c>/usr/bin/time -v</c> (wall, CPU, peak RSS)
/// into a fresh store: the CLI's <c>import entities.csv relationships.csv --commit-every N</c> (what a user runs: CSV
/// parse, validation, chunked write, graph build, report), the same rows through
/// <see cref="EmbeddedGraphStore.ApplyInChunksAsync"/> directly (<c>--store-apply</c>, this program as the child), and
/// the sqlite3 CLI's <c>.import</c> of the same files into tables of the same shape (the floor: SQLite alone), and a CLI
/// <c>find</c> on the imported store (what opening it costs: the graph is rebuilt from SQLite).
/// The files are made once from a bench graph: its first R lines, node ids modulo E, deterministic.
/// </summary>
public static class StoreHarness
{
    public static async Task<int> RunAsync(string root, string benchOut, string[] args)
    {
        var dir = Harness.Arg(args, "--store-dir") ?? Path.Combine(benchOut, "store");
        Directory.CreateDirectory(dir);
        var graph = Harness.Arg(args, "--graph") ?? "graph_1m";
        var entities = int.Parse(Harness.Arg(args, "--entities") ?? "200000", CultureInfo.InvariantCulture);
        var relationships = int.Parse(Harness.Arg(args, "--relationships") ?? "1000000", CultureInfo.InvariantCulture);
        var chunk = Harness.Arg(args, "--chunk") ?? "50000";
        var runs = int.Parse(Harness.Arg(args, "--runs") ?? "3", CultureInfo.InvariantCulture);
        var (entityFile, relationshipFile) = WriteFiles(Path.Combine(benchOut, graph + ".tsv"), dir, entities, relationships);

        if (args.Contains("--store-apply"))
        {
            return await ApplyDirectAsync(Path.Combine(dir, "direct"), entityFile, relationshipFile, int.Parse(chunk, CultureInfo.InvariantCulture));
        }

        var cli = Path.Combine(root, "src", "SupplyGraph.Cli", "bin", "Release", "net10.0", "SupplyGraph.Cli.dll");
        var selfDll = typeof(StoreHarness).Assembly.Location;
        var ours = new List<ImportHarness.Measurement>();
        var direct = new List<ImportHarness.Measurement>();
        var floor = new List<ImportHarness.Measurement>();
        var open = new List<ImportHarness.Measurement>();
        var load = new List<string>();
        // --baseline-cli: another build of the CLI (e.g. main before a change), the same import in the same rounds.
        var baselineCli = Harness.Arg(args, "--baseline-cli");
        var baseline = new List<ImportHarness.Measurement>();
        for (var i = 0; i < runs; i++)
        {
            load.Add(Uptime());
            var data = Fresh(Path.Combine(dir, "cli"));
            if (baselineCli is not null)
            {
                // The seed is found from the CLI's folder; the baseline's may be outside the repository.
                Environment.SetEnvironmentVariable("SUPPLYGRAPH_SEED", Path.Combine(root, "graph-seed"));
                baseline.Add(await ImportHarness.MeasureAsync(["dotnet", baselineCli, "import", entityFile, relationshipFile, "--data", data, "--commit-every", chunk, "--quiet"], dir));
                Console.WriteLine($"run {i + 1}: baseline CLI import {baseline[^1]}");
                data = Fresh(Path.Combine(dir, "cli"));
            }

            ours.Add(await ImportHarness.MeasureAsync(["dotnet", cli, "import", entityFile, relationshipFile, "--data", data, "--commit-every", chunk, "--quiet"], dir));
            open.Add(await ImportHarness.MeasureAsync(["dotnet", cli, "find", "no such party zz", "--data", data], dir, expectedExit: 1));
            Fresh(Path.Combine(dir, "direct"));
            direct.Add(await ImportHarness.MeasureAsync(["dotnet", selfDll, "--store", "--store-apply", "--store-dir", dir, "--graph", graph,
                "--entities", entities.ToString(CultureInfo.InvariantCulture), "--relationships", relationships.ToString(CultureInfo.InvariantCulture), "--chunk", chunk], dir));
            floor.Add(await SqliteFloorAsync(Fresh(Path.Combine(dir, "sqlite3")), entityFile, relationshipFile, dir));
            Console.WriteLine($"run {i + 1} ({load[^1]}): CLI import {ours[^1]}; CLI open + find {open[^1]}; ApplyInChunksAsync {direct[^1]}; sqlite3 .import {floor[^1]}");
        }

        load.Add(Uptime());
        Console.WriteLine();
        Console.WriteLine($"{entities:N0} entities + {relationships:N0} relationships from {graph}.tsv, chunks of {chunk}, {runs} runs; load {string.Join(" → ", load)}");
        Console.WriteLine("| row | wall median (runs) | CPU median | peak RSS median | target |");
        Console.WriteLine("|---|---|---|---|---|");
        Console.WriteLine(Row("CLI `import` (CSV) `--commit-every " + chunk + "`, fresh store", ours, "≤ 20 s, ≤ 1 GB"));
        if (baseline.Count > 0)
        {
            Console.WriteLine(Row("  before: the same import with `--baseline-cli`", baseline, ""));
        }

        Console.WriteLine(Row("CLI `find` on that store (open: from its snapshot file when the import left one)", open, ""));
        Console.WriteLine(Row("`ApplyInChunksAsync` of the same records (parsed by the harness)", direct, ""));
        Console.WriteLine(Row("peer: sqlite3 `.import` of the same files (tables of the same shape)", floor, ""));
        return 0;
    }

    /// <summary>The child process of the direct row: builds the records from the files, writes them, reports the store's counts.</summary>
    private static async Task<int> ApplyDirectAsync(string data, string entityFile, string relationshipFile, int chunk)
    {
        var watch = Stopwatch.StartNew();
        var changes = new List<Change>();
        foreach (var line in File.ReadLines(entityFile).Skip(1))
        {
            var f = line.Split(',');
            changes.Add(new PutEntity(new Entity { Id = f[0], Name = f[1], Labels = [f[2]], Country = f[3] }));
        }

        var provenance = new Provenance("graph.tsv", Confidence: 0.9);
        foreach (var line in File.ReadLines(relationshipFile).Skip(1))
        {
            var f = line.Split(',');
            changes.Add(new PutRelationship(new Relationship { Id = f[0], Type = f[1], From = f[2], To = f[3], Provenance = provenance }));
        }

        var parsed = watch.Elapsed;
        await using var store = EmbeddedGraphStore.Open(data);
        var results = await store.ApplyInChunksAsync(new ChangeBatch(changes, "bench"), chunk);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"parsed in {parsed.TotalSeconds:0.00} s, written in {(watch.Elapsed - parsed).TotalSeconds:0.00} s: {results.Count} chunks, {store.Snapshot.LiveNodeCount:N0} entities, {store.Snapshot.LiveEdgeCount:N0} relationships"));
        return 0;
    }

    private static async Task<ImportHarness.Measurement> SqliteFloorAsync(string data, string entityFile, string relationshipFile, string dir)
    {
        var script = Path.Combine(dir, "floor.sql");
        await File.WriteAllTextAsync(script, $"""
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous=FULL;
            CREATE TABLE entities(id TEXT PRIMARY KEY, name TEXT, labels TEXT, country TEXT) WITHOUT ROWID;
            CREATE TABLE relationships(id TEXT PRIMARY KEY, type TEXT NOT NULL, src TEXT NOT NULL, dst TEXT NOT NULL, source TEXT, confidence TEXT) WITHOUT ROWID;
            .mode csv
            .import --skip 1 {entityFile} entities
            .import --skip 1 {relationshipFile} relationships
            SELECT COUNT(*) FROM relationships;
            """);
        return await ImportHarness.MeasureAsync(["sh", "-c", $"sqlite3 {Path.Combine(data, "floor.db")} < {script}"], dir);
    }

    private static (string Entities, string Relationships) WriteFiles(string graphFile, string dir, int entities, int relationships)
    {
        var entityFile = Path.Combine(dir, $"entities_{entities}.csv");
        var relationshipFile = Path.Combine(dir, $"relationships_{entities}_{relationships}.csv");
        if (!File.Exists(entityFile))
        {
            using var w = new StreamWriter(entityFile + ".part");
            w.WriteLine("id,name,labels,country");
            for (var i = 0; i < entities; i++)
            {
                w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"n{i},Company {i},Company,Country {i % 50}"));
            }

            w.Close();
            File.Move(entityFile + ".part", entityFile);
        }

        if (!File.Exists(relationshipFile))
        {
            using var w = new StreamWriter(relationshipFile + ".part");
            w.WriteLine("id,type,from,to,source,confidence");
            var row = 0;
            foreach (var line in File.ReadLines(graphFile))
            {
                if (row == relationships)
                {
                    break;
                }

                row++;
                var f = line.Split('\t');
                var from = long.Parse(f[0], CultureInfo.InvariantCulture) % entities;
                var to = long.Parse(f[1], CultureInfo.InvariantCulture) % entities;
                if (from == to)
                {
                    to = (to + 1) % entities;
                }

                w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"r{row},{f[2]},n{from},n{to},graph.tsv,0.9"));
            }

            w.Close();
            File.Move(relationshipFile + ".part", relationshipFile);
        }

        return (entityFile, relationshipFile);
    }

    private static string Fresh(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }

        Directory.CreateDirectory(path);
        return path;
    }

    private static string Uptime() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    private static string Row(string name, List<ImportHarness.Measurement> ms, string target)
    {
        static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {Median(ms.Select(m => m.Seconds)):0.00} s ({string.Join(", ", ms.Select(m => m.Seconds.ToString("0.00", CultureInfo.InvariantCulture)))}) | {Median(ms.Select(m => m.CpuSeconds)):0.00} s | {Median(ms.Select(m => m.PeakMegabytes)):0} MB | {target} |");
    }
}
