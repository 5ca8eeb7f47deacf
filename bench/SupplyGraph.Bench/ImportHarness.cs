using System.Diagnostics;
using System.Globalization;

namespace SupplyGraph.Bench;

/// <summary>
/// Import benchmarks through the real CLI process (the built <c>SupplyGraph.Cli.dll</c>, not <c>dotnet run</c>):
/// wall time and peak RSS from <c>/usr/bin/time -v</c>, median of the runs, each into a fresh copy of the seeded
/// store. Peers in the same run: the same process opening the seeded store and finding nothing (the floor every
/// command pays), and Python's csv module reading the same file (a parse floor).
/// </summary>
public static class ImportHarness
{
    public static async Task<int> RunAsync(string root, string dir, string shared, string[] args)
    {
        Directory.CreateDirectory(dir);
        if (Harness.Arg(args, "--gen-ftm") is { } ftmPath)
        {
            var w = FtmGenerator.WriteBytes(ftmPath, (long)(double.Parse(Harness.Arg(args, "--mb") ?? "100", CultureInfo.InvariantCulture) * 1e6),
                int.Parse(Harness.Arg(args, "--padding") ?? "300", CultureInfo.InvariantCulture));
            Console.WriteLine($"wrote {ftmPath}: {w}");
            return 0;
        }

        var cli = Harness.Arg(args, "--cli") ?? Path.Combine(root, "src", "SupplyGraph.Cli", "bin", "Release", "net10.0", "SupplyGraph.Cli.dll");
        if (!File.Exists(cli))
        {
            Console.Error.WriteLine($"build the CLI first: dotnet build src/SupplyGraph.Cli -c Release (looked for {cli})");
            return 2;
        }

        var runs = int.Parse(Harness.Arg(args, "--runs") ?? "3", CultureInfo.InvariantCulture);
        var rows = new List<string>();
        var seeded = Path.Combine(dir, "seeded");
        if (!File.Exists(Path.Combine(seeded, "graph.db")))
        {
            Directory.CreateDirectory(seeded);
            var init = await MeasureAsync(["dotnet", cli, "init", "--data", seeded, "--seed", Path.Combine(root, "graph-seed"), "--quiet"], dir);
            Console.WriteLine($"seeded store: {init.Out.Trim()}");
        }

        if (!args.Contains("--ftm-only"))
        {
            var csl = Path.Combine(dir, "csl_14160.csv");
            var written = CslGenerator.Write(csl, Path.Combine(shared, "data", "entity-lists"));
            Console.WriteLine($"wrote {csl}: {written:N0} rows, {new FileInfo(csl).Length / 1e6:0.0} MB");
            var ours = new List<Measurement>();
            var open = new List<Measurement>();
            var python = new List<Measurement>();
            var baseline = new List<Measurement>();
            // --baseline-cli: another build of the CLI (e.g. the commit before a change), timed on the same file in the same rounds.
            var baselineCli = Harness.Arg(args, "--baseline-cli");
            for (var i = 0; i < runs; i++)
            {
                var data = FreshCopy(seeded, Path.Combine(dir, "run"));
                if (baselineCli is not null)
                {
                    baseline.Add(await MeasureAsync(["dotnet", baselineCli, "import", csl, "--data", data], dir));
                    data = FreshCopy(seeded, Path.Combine(dir, "run"));
                    Console.WriteLine($"run {i + 1}: baseline import {baseline[^1]}");
                }

                ours.Add(await MeasureAsync(["dotnet", cli, "import", csl, "--data", data], dir));
                open.Add(await MeasureAsync(["dotnet", cli, "find", "no such party zz", "--data", data], dir, expectedExit: 1));
                python.Add(await MeasureAsync(["python3", "-c", "import csv,sys; print(sum(1 for _ in csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8'))))", csl], dir));
                Console.WriteLine($"run {i + 1}: import {ours[^1]}; open store {open[^1]}; python csv {python[^1]}");
            }

            Console.WriteLine(ours[^1].Out);
            rows.Add(Row($"import CSL, {written:N0} rows, into the seeded store", ours, "≤ 10 s, ≤ 300 MB"));
            if (baseline.Count > 0)
            {
                rows.Add(Row("  peer: the same import with --baseline-cli", baseline, ""));
            }

            rows.Add(Row("  peer: open the seeded store, find nothing", open, ""));
            rows.Add(Row("  peer: Python csv.DictReader over the file", python, ""));
        }

        if (args.Contains("--ftm") || args.Contains("--ftm-only"))
        {
            // A 1 GB FollowTheMoney export, committed in chunks (the bounded-memory path); one run unless --ftm-runs.
            var megabytes = double.Parse(Harness.Arg(args, "--ftm-mb") ?? "1000", CultureInfo.InvariantCulture);
            var ftm = Path.Combine(dir, $"ftm_{megabytes:0}mb.ftm.json");
            if (!File.Exists(ftm))
            {
                var w = FtmGenerator.WriteBytes(ftm, (long)(megabytes * 1e6));
                Console.WriteLine($"wrote {ftm}: {w}");
            }

            var chunk = Harness.Arg(args, "--commit-every") ?? "50000";
            var ftmRuns = int.Parse(Harness.Arg(args, "--ftm-runs") ?? "1", CultureInfo.InvariantCulture);
            var imports = new List<Measurement>();
            var dryRuns = new List<Measurement>();
            for (var i = 0; i < ftmRuns; i++)
            {
                var data = FreshCopy(seeded, Path.Combine(dir, "run"));
                imports.Add(await MeasureAsync(["dotnet", cli, "import", ftm, "--data", data, "--commit-every", chunk, "--quiet"], dir));
                Console.WriteLine($"ftm run {i + 1}: import {imports[^1]}");
                Console.WriteLine(imports[^1].Out);
                if (!args.Contains("--no-dry-run"))
                {
                    data = FreshCopy(seeded, Path.Combine(dir, "run"));
                    dryRuns.Add(await MeasureAsync(["dotnet", cli, "import", ftm, "--data", data, "--commit-every", chunk, "--dry-run", "--quiet"], dir));
                    Console.WriteLine($"ftm run {i + 1}: dry run {dryRuns[^1]}");
                }
            }

            var size = new FileInfo(ftm).Length / 1e6;
            rows.Add(Row($"import FtM, {size:0} MB, --commit-every {chunk}, into the seeded store", imports, "bounded memory"));
            if (dryRuns.Count > 0)
            {
                rows.Add(Row($"  the same, --dry-run", dryRuns, ""));
            }
        }

        Console.WriteLine();
        Console.WriteLine("| case | wall median (runs) | CPU median (user + sys) | peak RSS median | target |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var row in rows)
        {
            Console.WriteLine(row);
        }

        return 0;
    }

    private static string Row(string name, List<Measurement> ms, string target)
    {
        var wall = ms.Select(m => m.Seconds).Order().ToList();
        var cpu = ms.Select(m => m.CpuSeconds).Order().ToList();
        var rss = ms.Select(m => m.PeakMegabytes).Order().ToList();
        return string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {Median(wall):0.00} s ({string.Join(", ", ms.Select(m => m.Seconds.ToString("0.00", CultureInfo.InvariantCulture)))}) | {Median(cpu):0.00} s | {Median(rss):0} MB | {target} |");
    }

    private static double Median(List<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;

    private static string FreshCopy(string seeded, string target)
    {
        if (Directory.Exists(target))
        {
            Directory.Delete(target, recursive: true);
        }

        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(seeded))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        return target;
    }

    /// <summary>One process run under <c>/usr/bin/time -v</c>.</summary>
    public sealed record Measurement(double Seconds, double CpuSeconds, double PeakMegabytes, int ExitCode, string Out, string Error)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Seconds:0.00} s ({CpuSeconds:0.00} s CPU), {PeakMegabytes:0} MB");
    }

    public static async Task<Measurement> MeasureAsync(IReadOnlyList<string> command, string dir, int expectedExit = 0)
    {
        var timeFile = Path.Combine(dir, "time.txt");
        var info = new ProcessStartInfo("/usr/bin/time") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["-v", "-o", timeFile, .. command])
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var (seconds, cpu, kb) = ParseTime(await File.ReadAllLinesAsync(timeFile));
        var result = new Measurement(seconds, cpu, kb / 1024.0, process.ExitCode, await output, await error);
        if (process.ExitCode != expectedExit)
        {
            throw new InvalidOperationException($"{string.Join(' ', command)} exited with {process.ExitCode}: {result.Error}");
        }

        return result;
    }

    private static (double Seconds, double CpuSeconds, double Kilobytes) ParseTime(string[] lines)
    {
        double seconds = 0, cpu = 0, kb = 0;
        foreach (var line in lines.Select(l => l.Trim()))
        {
            if (line.StartsWith("Elapsed (wall clock) time", StringComparison.Ordinal))
            {
                // h:mm:ss or m:ss.ss
                var value = line[(line.LastIndexOf(": ", StringComparison.Ordinal) + 2)..];
                seconds = value.Split(':').Aggregate(0.0, (acc, part) => (acc * 60) + double.Parse(part, CultureInfo.InvariantCulture));
            }
            else if (line.StartsWith("User time", StringComparison.Ordinal) || line.StartsWith("System time", StringComparison.Ordinal))
            {
                cpu += double.Parse(line[(line.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("Maximum resident set size", StringComparison.Ordinal))
            {
                kb = double.Parse(line[(line.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return (seconds, cpu, kb);
    }

}
