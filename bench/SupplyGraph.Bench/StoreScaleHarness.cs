using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Storage;

namespace SupplyGraph.Bench;

/// <summary>
/// The store at the size of issue 18 B (10M entities, 40M relationships from <c>graph_10m.tsv</c>), opened: the
/// fixture is written once by the store's own row writer (<see cref="StoreRowWriter"/>, chunks with their change-log
/// entries, as <see cref="EmbeddedGraphStore.ApplyInChunksAsync"/> lays them out) streaming from the file, never all
/// records at once — it skips that method's whole-batch validation and its final graph build, both of which hold every
/// record as an object (about 30 GB at this size). Then each open is a fresh process under <c>/usr/bin/time -v</c>
/// (<see cref="StoreOpenHarness"/>'s child): first without a snapshot file (the rows streamed into a new one), then
/// with it.
/// </summary>
public static class StoreScaleHarness
{
    private const int ChunkSize = 50_000;

    public static async Task<int> RunAsync(string benchOut, string[] args)
    {
        var dir = Harness.Arg(args, "--store-dir") ?? "/work/store-scale";
        var data = Path.Combine(dir, "direct");
        var graph = Harness.Arg(args, "--graph") ?? "graph_10m";
        var nodes = int.Parse(Harness.Arg(args, "--entities") ?? "10000000", CultureInfo.InvariantCulture);
        var relationships = int.Parse(Harness.Arg(args, "--relationships") ?? "40000000", CultureInfo.InvariantCulture);
        var cacheMb = int.Parse(Harness.Arg(args, "--cache-mb") ?? "16", CultureInfo.InvariantCulture);
        if (args.Contains("--store-scale-build"))
        {
            return Build(Path.Combine(benchOut, graph + ".tsv"), data, nodes, relationships, cacheMb, Path.Combine(dir, "build.log"));
        }

        Directory.CreateDirectory(dir);
        var selfDll = typeof(StoreScaleHarness).Assembly.Location;
        if (!File.Exists(Path.Combine(data, EmbeddedGraphStore.FileName)))
        {
            var load = Uptime();
            var build = await ImportHarness.MeasureAsync(["dotnet", selfDll, "--store-scale", "--store-scale-build", "--dir", benchOut, "--store-dir", dir, "--graph", graph,
                "--entities", nodes.ToString(CultureInfo.InvariantCulture), "--relationships", relationships.ToString(CultureInfo.InvariantCulture),
                "--cache-mb", cacheMb.ToString(CultureInfo.InvariantCulture)], dir);
            Console.WriteLine($"fixture (load {load} → {Uptime()}): {build} {build.Out.Trim()} {build.Error.Trim()}");
            if (build.ExitCode != 0)
            {
                return 1;
            }
        }

        var runs = int.Parse(Harness.Arg(args, "--runs") ?? "3", CultureInfo.InvariantCulture);
        string[] child = ["dotnet", selfDll, "--store-open", "--store-open-child", "--dir", benchOut, "--store-dir", dir];
        if (!File.Exists(Path.Combine(data, "graph.snapshot")))
        {
            // The first open after the fixture has no file to map: it streams the rows into one (row (a)).
            var load = Uptime();
            var a = await ImportHarness.MeasureAsync(child, dir);
            Console.WriteLine($"open without a snapshot (load {load} → {Uptime()}): {a}: {a.Out.Trim()} {a.Error.Trim()}");
        }

        for (var i = 0; i < runs; i++)
        {
            var load = Uptime();
            var b = await ImportHarness.MeasureAsync(child, dir);
            Console.WriteLine($"open with the snapshot, run {i + 1} (load {load} → {Uptime()}): {b}: {b.Out.Trim()} {b.Error.Trim()}");
        }

        return 0;
    }

    /// <summary>The child that writes the fixture: entities, then relationships, in chunks of <see cref="ChunkSize"/>.</summary>
    private static int Build(string graphFile, string data, int nodes, int relationships, int cacheMb, string logPath)
    {
        if (File.Exists(Path.Combine(data, EmbeddedGraphStore.FileName)))
        {
            Console.Error.WriteLine($"{data} already holds a store; delete it first");
            return 2;
        }

        using var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        var watch = Stopwatch.StartNew();
        // The store makes its schema; its snapshot of the empty graph would be taken as valid at sequence 0 and the
        // whole fixture replayed over it as a delta, so it goes.
        EmbeddedGraphStore.Open(data).DisposeAsync().AsTask().GetAwaiter().GetResult();
        foreach (var leftover in Directory.GetFiles(data, "graph.snapshot*"))
        {
            File.Delete(leftover);
        }

        var connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(data, EmbeddedGraphStore.FileName), Pooling = false, DefaultTimeout = 60 }.ToString();
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            // The store's own settings for a chunked write (EmbeddedGraphStore.Open and .Bulk).
            pragma.CommandText = $"PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=OFF; PRAGMA cache_size=-{cacheMb * 1024};";
            pragma.ExecuteNonQuery();
        }

        var total = nodes + relationships;
        var chunks = (nodes + ChunkSize - 1) / ChunkSize + (relationships + ChunkSize - 1) / ChunkSize;
        var chunk = new List<Change>(ChunkSize);
        var k = 0;
        var done = 0;
        using var rows = new StoreRowWriter(connection);

        void Flush()
        {
            k++;
            using var tx = connection.BeginTransaction(deferred: false);
            rows.Write(tx, chunk, $"store-scale fixture (chunk {k} of {chunks})", DateTimeOffset.UtcNow, null, done, total, CancellationToken.None);
            tx.Commit();
            done += chunk.Count;
            chunk.Clear();
            if (k % 20 == 0)
            {
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{watch.Elapsed.TotalSeconds:0.0} s: chunk {k} of {chunks}, {done:N0} records, RSS {Environment.WorkingSet / 1048576} MB, db {new FileInfo(Path.Combine(data, EmbeddedGraphStore.FileName)).Length / 1048576} MB"));
            }
        }

        string[] labels = ["Company"];
        for (var i = 0; i < nodes; i++)
        {
            chunk.Add(new PutEntity(new Entity
            {
                Id = string.Create(CultureInfo.InvariantCulture, $"n{i}"),
                Name = string.Create(CultureInfo.InvariantCulture, $"Company {i}"),
                Labels = labels,
                Country = Countries[i % Countries.Length],
            }));
            if (chunk.Count == ChunkSize)
            {
                Flush();
            }
        }

        if (chunk.Count > 0)
        {
            Flush();
        }

        var entitiesDone = watch.Elapsed;
        var provenance = new Provenance("graph.tsv", Confidence: 0.9);
        var types = new Dictionary<string, string>();
        var types2 = types.GetAlternateLookup<ReadOnlySpan<char>>();
        var row = 0;
        foreach (var line in File.ReadLines(graphFile))
        {
            if (row == relationships)
            {
                break;
            }

            row++;
            var span = line.AsSpan();
            var tab = span.IndexOf('\t');
            var from = long.Parse(span[..tab], CultureInfo.InvariantCulture) % nodes;
            span = span[(tab + 1)..];
            tab = span.IndexOf('\t');
            var to = long.Parse(span[..tab], CultureInfo.InvariantCulture) % nodes;
            var typeSpan = span[(tab + 1)..];
            var end = typeSpan.IndexOf('\t');
            if (end >= 0)
            {
                typeSpan = typeSpan[..end];
            }

            if (!types2.TryGetValue(typeSpan, out var type))
            {
                type = typeSpan.ToString();
                types[type] = type;
            }

            if (from == to)
            {
                // As the --store harness: a self-loop moved to the next node.
                to = (to + 1) % nodes;
            }

            chunk.Add(new PutRelationship(new Relationship
            {
                Id = string.Create(CultureInfo.InvariantCulture, $"r{row}"),
                Type = type,
                From = string.Create(CultureInfo.InvariantCulture, $"n{from}"),
                To = string.Create(CultureInfo.InvariantCulture, $"n{to}"),
                Provenance = provenance,
            }));
            if (chunk.Count == ChunkSize)
            {
                Flush();
            }
        }

        if (chunk.Count > 0)
        {
            Flush();
        }

        var size = new FileInfo(Path.Combine(data, EmbeddedGraphStore.FileName)).Length;
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"{nodes:N0} entities in {entitiesDone.TotalSeconds:0.0} s, {row:N0} relationships in {(watch.Elapsed - entitiesDone).TotalSeconds:0.0} s, {k} chunks, graph.db {size / 1e9:0.00} GB (before the WAL's last checkpoint)");
        log.WriteLine(summary);
        Console.WriteLine(summary);
        return 0;
    }

    private static readonly string[] Countries = [.. Enumerable.Range(0, 50).Select(i => string.Create(CultureInfo.InvariantCulture, $"Country {i}"))];

    private static string Uptime() => File.ReadAllText("/proc/loadavg").Trim();
}
