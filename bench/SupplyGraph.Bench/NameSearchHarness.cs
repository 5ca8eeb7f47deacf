using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Storage;

namespace SupplyGraph.Bench;

/// <summary>
/// The first name search on an opened store, and the searches after one write and after a second, each run a fresh
/// process under <c>/usr/bin/time -v</c> on a fresh copy of the store. This build and a baseline build
/// (<c>--baseline OTHER/SupplyGraph.Bench.dll</c>, e.g. main's, which has this file copied in) alternate in every
/// round, the order swapped each round. The child uses only the public store API, so any build can run it.
/// </summary>
public static partial class NameSearchHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var query = Harness.Arg(args, "--query") ?? "n12345";
        if (args.Contains("--name-search-child"))
        {
            return await ChildAsync(Harness.Arg(args, "--data")!, query);
        }

        var source = Harness.Arg(args, "--store-dir") ?? "/work/store-bench/cli";
        var work = Harness.Arg(args, "--work-dir") ?? Path.Combine(Path.GetTempPath(), "supplygraph-name-search");
        var copy = !args.Contains("--in-place");
        var runs = int.Parse(Harness.Arg(args, "--runs") ?? "5", CultureInfo.InvariantCulture);
        var builds = new List<(string Label, string Dll)> { ("this build", typeof(NameSearchHarness).Assembly.Location) };
        if (Harness.Arg(args, "--baseline") is { } baseline)
        {
            builds.Add(("baseline " + baseline, baseline));
        }

        Directory.CreateDirectory(work);
        var results = builds.ToDictionary(b => b.Label, _ => new List<Dictionary<string, double>>());
        for (var run = 0; run < runs; run++)
        {
            for (var k = 0; k < builds.Count; k++)
            {
                var (label, dll) = builds[(run + k) % builds.Count];
                var data = source;
                if (copy)
                {
                    data = Path.Combine(work, "data");
                    if (Directory.Exists(data))
                    {
                        Directory.Delete(data, recursive: true);
                    }

                    Directory.CreateDirectory(data);
                    foreach (var file in Directory.GetFiles(source).Where(f => !f.EndsWith(".writer", StringComparison.Ordinal)))
                    {
                        File.Copy(file, Path.Combine(data, Path.GetFileName(file)));
                    }
                }

                var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
                var m = await ImportHarness.MeasureAsync(["dotnet", dll, "--name-search", "--name-search-child", "--data", data, "--query", query], work);
                Console.WriteLine($"run {run + 1}, {label} (load {load}): {m}: {m.Out.Trim()} {m.Error.Trim()}");
                var figures = Figures(m.Out);
                figures["wall"] = m.Seconds;
                figures["cpu"] = m.CpuSeconds;
                figures["peak"] = m.PeakMegabytes;
                results[label].Add(figures);
            }
        }

        Console.WriteLine($"load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}; medians of {runs}:");
        foreach (var (label, rows) in results)
        {
            var keys = rows.SelectMany(r => r.Keys).Distinct();
            Console.WriteLine($"{label}: " + string.Join(", ", keys.Select(k => string.Create(CultureInfo.InvariantCulture,
                $"{k} {Median([.. rows.Where(r => r.ContainsKey(k)).Select(r => r[k])]):0.000}"))));
        }

        return 0;
    }

    private static async Task<int> ChildAsync(string data, string query)
    {
        var watch = Stopwatch.StartNew();
        await using var store = EmbeddedGraphStore.Open(data);
        var opened = watch.Elapsed.TotalSeconds;
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var rssBefore = Environment.WorkingSet;

        var first = Time(() => store.Snapshot.Find(query, 10), out var firstSeconds);
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        var rssAfter = Environment.WorkingSet;
        var again = Time(() => store.Snapshot.Find(query, 10), out var againSeconds);

        var id = "name-bench-" + Guid.NewGuid().ToString("N");
        await store.ApplyAsync(new ChangeBatch([new PutEntity(new Entity { Id = id, Labels = [NodeLabels.Company], Name = "Zhongke Shuguang Bench" })], "name-search bench"));
        var afterWrite = Time(() => store.Snapshot.Find(query, 10), out var afterWriteSeconds);
        var added = Time(() => store.Snapshot.Find("zhongke shuguang bench", 3), out var addedSeconds);
        await store.ApplyAsync(new ChangeBatch([new DeleteEntity(id)], "name-search bench"));
        var afterSecond = Time(() => store.Snapshot.Find(query, 10), out var afterSecondSeconds);
        var gone = store.Snapshot.Find("zhongke shuguang bench", 3);
        var typo = Time(() => store.Snapshot.Find(query.Length > 4 ? query[..^2] + query[^1] + query[^2] : query, 10), out var typoSeconds);
        if (first.Count == 0 || afterWrite.Count != first.Count || afterSecond.Count != first.Count || added.Count == 0 || added[0].Entity.Id != id
            || gone.Any(m => m.Entity.Id == id))
        {
            Console.Error.WriteLine("the answers differ between the searches");
            return 1;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"open {opened:0.000} s; first search {firstSeconds:0.000} s ({first.Count} matches, best '{first[0].Entity.Id}'); again {againSeconds:0.000} s; " +
            $"after one write {afterWriteSeconds:0.000} s; the new name {addedSeconds:0.000} s; after a second write {afterSecondSeconds:0.000} s; " +
            $"a typo {typoSeconds:0.000} s ({typo.Count} matches); index heap {(heapAfter - heapBefore) / 1048576.0:0.0} MB; " +
            $"heap {heapAfter / 1048576.0:0.0} MB; rss {rssBefore / 1048576.0:0} MB → {rssAfter / 1048576.0:0} MB"));
        _ = again;
        return 0;
    }

    private static T Time<T>(Func<T> run, out double seconds)
    {
        var start = Stopwatch.GetTimestamp();
        var result = run();
        seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return result;
    }

    private static Dictionary<string, double> Figures(string line)
    {
        var figures = new Dictionary<string, double>();
        foreach (Match m in Figure().Matches(line))
        {
            figures[m.Groups[1].Value.Trim()] = double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        }

        return figures;
    }

    private static double Median(double[] values)
    {
        Array.Sort(values);
        return values.Length == 0 ? double.NaN : values.Length % 2 == 1 ? values[values.Length / 2] : (values[(values.Length / 2) - 1] + values[values.Length / 2]) / 2;
    }

    [GeneratedRegex(@"(?:^|; )([a-z ]+?) (-?[0-9.]+) (?:s|MB)")]
    private static partial Regex Figure();
}
