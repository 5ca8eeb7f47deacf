using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using SupplyGraph.Bench;
using SupplyGraph.Core.Storage;
using SupplyGraph.Core.Tests.Support;

namespace SupplyGraph.Cli.Tests;

/// <summary>The import report, --dry-run, progress and chunked commits, through the real <c>supplygraph</c> process.</summary>
public sealed partial class ImportReportCliTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private string Data => Path.Combine(_folder.Path, "data");

    private static string CslSample => Path.Combine(RepoPaths.Shared, "data", "csl", "consolidated_sample_2025.csv");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task ImportDryRun_CslSample_ReportsEveryRowAndChangesNothing()
    {
        await InitAsync();
        var before = await StoreStateAsync();
        var digest = DigestOfStoreFiles();

        var result = await RunAsync(null, "import", CslSample, "--dry-run", "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(digest, DigestOfStoreFiles());
        Assert.Equal(before, await StoreStateAsync());
        using var json = JsonDocument.Parse(result.Out);
        var report = json.RootElement;
        Assert.Equal("dryRun", report.GetProperty("outcome").GetString());
        Assert.Empty(report.GetProperty("sequences").EnumerateArray());
        var source = report.GetProperty("sources")[0];
        Assert.Equal("consolidated_sample_2025.csv", source.GetProperty("source").GetString());
        Assert.Equal("csl", source.GetProperty("format").GetString());
        var rows = CsvRows(CslSample);
        Assert.Equal(rows.Count, Int(source, "records"));
        Assert.Equal(Int(source, "records"), Int(source, "joined") + Int(source, "created") + Int(source, "queuedForReview"));
        Assert.Equal(Int(source, "joined"), source.GetProperty("joinedBy").EnumerateObject().Sum(r => r.Value.GetInt32()));
        // Rows named exactly as a seeded party join it by name: the seed files are the oracle.
        var seeded = SeedNames();
        var exact = rows.Count(r => seeded.Contains(r["name"]));
        Assert.True(exact > 0);
        Assert.True(source.GetProperty("joinedBy").TryGetProperty("name", out var byName) && byName.GetInt32() >= exact);
        // Every row is one LISTED_ON (entries are keyed by list and number), none exists yet.
        Assert.Equal(rows.Count, Int(source, "relationshipsCreated"));
        Assert.Equal(0, Int(source, "refused"));
        Assert.Empty(source.GetProperty("problems").EnumerateArray());
    }

    [Fact]
    public async Task ImportDryRun_Table_SaysNothingChanged()
    {
        await InitAsync();

        var result = await RunAsync(null, "import", CslSample, "--dry-run");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("dry run, nothing changed", result.Out, StringComparison.Ordinal);
        Assert.Matches(@"\| consolidated_sample_2025\.csv \| csl +\| +\d+ \|", result.Out);
        Assert.Contains("joined by rule", result.Out, StringComparison.Ordinal);
        Assert.Contains("would be written; nothing was changed", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_ParseAndReferenceProblems_AllReportedInOneRunNothingChanged()
    {
        await InitAsync();
        var before = await StoreStateAsync();
        var bad = Path.Combine(_folder.Path, "bad.ftm.json");
        await File.WriteAllTextAsync(bad,
            "{\"id\": \"a\", \"schema\": \"Company\", \"properties\": {\"name\": [\"Alpha Trading\"]}}\n"
            + "{\"id\": \"o\", \"schema\": \"Ownership\", \"properties\": {\"owner\": [\"a\"], \"asset\": [\"missing\"]}}\n"
            + "{\"id\": \"b\", \"schema\": \"Company\", \"properties\": \n"
            + "{\"id\": \"p\", \"schema\": \"Ownership\", \"properties\": {\"owner\": [\"a\"], \"asset\": [\"a\"], \"percentage\": [\"140\"]}}\n");

        var result = await RunAsync(null, "import", bad, "--json");

        Assert.Equal(3, result.ExitCode);
        Assert.Equal(before, await StoreStateAsync());
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal("refused", json.RootElement.GetProperty("outcome").GetString());
        var problems = json.RootElement.GetProperty("total").GetProperty("problems").EnumerateArray()
            .Select(p => $"{p.GetProperty("location").GetProperty("line").GetInt32()}:{p.GetProperty("field").GetString()}").Order().ToList();
        Assert.Equal(["2:properties.asset", "3:", "4:properties.percentage"], problems);
        Assert.Equal(3, Int(json.RootElement.GetProperty("total"), "refused"));
        Assert.Contains("nothing was changed", result.Error, StringComparison.Ordinal);
        Assert.Contains("bad.ftm.json:2: properties.asset: refers to 'ftm:missing'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_FourteenThousandCslRowsNotOnATerminal_PlainProgressLinesAndFullReport()
    {
        await InitAsync();
        var before = await StoreStateAsync();
        var listedBefore = await ListedOnAsync();
        var csl = Path.Combine(_folder.Path, "csl.csv");
        var rows = CslGenerator.Write(csl, Path.Combine(RepoPaths.Shared, "data", "entity-lists"));

        var result = await RunAsync(null, "import", csl, "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var reading = lines.Select(l => ReadingLine().Match(l)).Where(m => m.Success).ToList();
        Assert.NotEmpty(reading);
        var counts = reading.Select(m => int.Parse(m.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(counts.Order(), counts);
        Assert.Contains(lines, l => l.StartsWith($"read csl.csv: {rows.ToString("N0", CultureInfo.InvariantCulture)} records,", StringComparison.Ordinal));
        Assert.Contains(lines, l => WritingLine().IsMatch(l));
        Assert.Contains(lines, l => l.StartsWith("committed ", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(result.Out);
        var total = json.RootElement.GetProperty("total");
        Assert.Equal("committed", json.RootElement.GetProperty("outcome").GetString());
        Assert.Equal(rows, Int(total, "records"));
        Assert.True(Int(total, "joined") > 0 && Int(total, "queuedForReview") > 0);
        var sequence = json.RootElement.GetProperty("sequences")[0].GetInt64();
        var after = await StoreStateAsync();
        Assert.Equal(sequence, after.Sequence);
        // Every row is one listing; compound names add the child's SUBSIDIARY_OF: the report counts what the store gained.
        Assert.Equal(rows, await ListedOnAsync() - listedBefore);
        Assert.Equal(after.Relationships - before.Relationships, Int(total, "relationshipsCreated"));
        Assert.Equal(after.Entities - before.Entities, Int(total, "entitiesCreated"));
    }

    [Fact]
    public async Task Import_OnATerminal_DrawsProgressBarsAndTheTable()
    {
        await InitAsync();
        var ftm = Path.Combine(_folder.Path, "cluster.ftm.json");
        FtmGenerator.Write(ftm, clusters: 300);
        var info = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])[Path.Combine(AppContext.BaseDirectory, "pty_run.py"), "dotnet", CliRunner.Dll, "import", ftm, "--data", Data])
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var screen = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, screen);
        // Spectre's bar (heavy horizontal lines), the file's task with its record count, and the store's task.
        Assert.Contains("━", screen, StringComparison.Ordinal);
        Assert.Matches(@"cluster\.ftm\.json · [\d,]+ records", screen);
        Assert.Contains("committed", screen, StringComparison.Ordinal);
        Assert.Contains("╭", screen, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(?m)^reading cluster", screen);
    }

    [Fact]
    public async Task ImportChunked_FtmFile_CommitsPartsAndReimportUpdatesInPlace()
    {
        await InitAsync();
        var before = await StoreStateAsync();
        var ftm = Path.Combine(_folder.Path, "clusters.ftm.json");
        var written = FtmGenerator.Write(ftm, clusters: 400);

        var first = await RunAsync(null, "import", ftm, "--commit-every", "1000", "--json");

        Assert.True(first.ExitCode == 0, first.Error);
        using var report = JsonDocument.Parse(first.Out);
        var sequences = report.RootElement.GetProperty("sequences").EnumerateArray().Select(s => s.GetInt64()).ToList();
        Assert.True(sequences.Count > 2, $"{sequences.Count} chunks");
        Assert.Equal(Enumerable.Range(0, sequences.Count).Select(i => before.Sequence + 1 + i), sequences);
        var total = report.RootElement.GetProperty("total");
        Assert.Equal(written.Parties, Int(total, "records"));
        Assert.Equal(written.Links, Int(total, "relationshipsCreated"));
        var after = await StoreStateAsync();
        Assert.Equal(before.Relationships + written.Links, after.Relationships);
        Assert.Equal(before.Entities + Int(total, "entitiesCreated"), after.Entities);

        // The same file again: every party joins its node (by id, unless the first run joined it to a seeded party),
        // every relationship is replaced, nothing is added.
        var joinedFirst = Int(total, "joined");
        var again = await RunAsync(null, "import", ftm, "--commit-every", "1000", "--json");

        Assert.True(again.ExitCode == 0, again.Error);
        using var second = JsonDocument.Parse(again.Out);
        var total2 = second.RootElement.GetProperty("total");
        Assert.Equal(written.Parties, Int(total2, "joined"));
        Assert.Equal(written.Parties - joinedFirst, total2.GetProperty("joinedBy").GetProperty("id").GetInt32());
        Assert.Equal(0, Int(total2, "entitiesCreated") + Int(total2, "relationshipsCreated"));
        var final = await StoreStateAsync();
        Assert.Equal((after.Entities, after.Relationships), (final.Entities, final.Relationships));
    }

    [Fact]
    public async Task ImportChunked_ProblemInALaterPart_KeepsEarlierPartsAndReportsEveryProblem()
    {
        await InitAsync();
        var before = await StoreStateAsync();
        var ftm = Path.Combine(_folder.Path, "clusters.ftm.json");
        FtmGenerator.Write(ftm, clusters: 300);
        var lines = (await File.ReadAllLinesAsync(ftm)).ToList();
        // A sanction line two thirds in: nothing refers to it, so breaking it causes no second problem.
        var late = lines.FindIndex(lines.Count * 2 / 3, l => l.Contains("\"schema\":\"Sanction\"", StringComparison.Ordinal));
        lines[late] = "{\"id\": \"broken\", \"schema\": \"Sanction\"";
        lines.Add("{\"id\": \"o-late\", \"schema\": \"Ownership\", \"properties\": {\"owner\": [\"NK-00000000\"], \"asset\": [\"nobody\"]}}");
        await File.WriteAllLinesAsync(ftm, lines);

        var result = await RunAsync(null, "import", ftm, "--commit-every", "1000", "--json");

        Assert.Equal(3, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal("partlyCommitted", json.RootElement.GetProperty("outcome").GetString());
        var committed = json.RootElement.GetProperty("sequences").GetArrayLength();
        Assert.True(committed > 0);
        var problems = json.RootElement.GetProperty("total").GetProperty("problems").EnumerateArray()
            .Select(p => p.GetProperty("location").GetProperty("line").GetInt32()).Order().ToList();
        Assert.Equal([late + 1, lines.Count], problems);
        Assert.Equal(before.Sequence + committed, (await StoreStateAsync()).Sequence);
        Assert.Contains("nothing after the first problem was committed", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportDryRun_FtmFileSeveralTimesTheHeapLimit_StreamsInBoundedMemory()
    {
        // A whole-file load (the bytes, or one string per line kept) cannot fit in this heap; streaming must.
        const long heapLimit = 128L << 20;
        await InitAsync();
        var small = Path.Combine(_folder.Path, "small.ftm.json");
        var large = Path.Combine(_folder.Path, "large.ftm.json");
        FtmGenerator.Write(small, clusters: 1_500, padding: 0);
        var written = FtmGenerator.Write(large, clusters: 1_500, padding: 30_000);
        Assert.True(written.Bytes > 2 * heapLimit, $"{written.Bytes} bytes");

        var bounded = await RunAsync(heapLimit, "import", large, "--dry-run", "--json", "--commit-every", "10000", "--quiet");
        var reference = await RunAsync(null, "import", small, "--dry-run", "--json", "--quiet");

        Assert.True(bounded.ExitCode == 0, bounded.Error);
        Assert.True(reference.ExitCode == 0, reference.Error);
        // The padding is text the mapping drops: both files hold the same graph, so the reports agree.
        using var b = JsonDocument.Parse(bounded.Out);
        using var r = JsonDocument.Parse(reference.Out);
        foreach (var field in (string[])["records", "joined", "created", "queuedForReview", "entitiesCreated", "relationshipsCreated"])
        {
            Assert.Equal(Int(r.RootElement.GetProperty("total"), field), Int(b.RootElement.GetProperty("total"), field));
        }

        Assert.Equal(written.Parties, Int(b.RootElement.GetProperty("total"), "records"));
        Assert.Equal(written.Links, Int(b.RootElement.GetProperty("total"), "relationshipsCreated"));
    }

    private async Task InitAsync() =>
        Assert.Equal(0, (await CliRunner.RunAsync("init", "--data", Data, "--seed", RepoPaths.Seed, "--quiet")).ExitCode);

    /// <summary>Runs the built CLI; with <paramref name="heapLimit"/>, the runtime's GC heap is capped (an allocation beyond it fails).</summary>
    private async Task<CliResult> RunAsync(long? heapLimit, params string[] args)
    {
        var info = CliRunner.StartInfo(Data, args);
        if (heapLimit is { } limit)
        {
            info.Environment["DOTNET_GCHeapHardLimit"] = limit.ToString("X", CultureInfo.InvariantCulture);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new CliResult(process.ExitCode, await output, await error);
    }

    private async Task<(long Sequence, int Entities, int Relationships)> StoreStateAsync()
    {
        await using var store = EmbeddedGraphStore.Open(Data);
        var stats = await store.GetStatisticsAsync();
        return (stats.LastSequence, stats.Entities, stats.Relationships);
    }

    private async Task<int> ListedOnAsync()
    {
        await using var store = EmbeddedGraphStore.Open(Data);
        return (await store.GetStatisticsAsync()).RelationshipsByType.GetValueOrDefault("LISTED_ON");
    }

    private string DigestOfStoreFiles() =>
        string.Join(",", Directory.EnumerateFiles(Data).Order(StringComparer.Ordinal)
            .Select(f => Path.GetFileName(f) + ":" + Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))));

    private static int Int(JsonElement e, string name) => e.GetProperty(name).GetInt32();

    /// <summary>Names of every entity in the seed files, as published there.</summary>
    private static HashSet<string> SeedNames()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(RepoPaths.Seed, "*.json"))
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("entities", out var entities))
            {
                foreach (var e in entities.EnumerateArray())
                {
                    if (e.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
                    {
                        names.Add(name.GetString()!);
                    }
                }
            }
        }

        return names;
    }

    /// <summary>The rows of an RFC 4180 file by header name: quoted fields may hold commas, quotes and line breaks.</summary>
    private static List<Dictionary<string, string>> CsvRows(string path)
    {
        var text = File.ReadAllText(path);
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                record.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
            {
                record.Add(field.ToString().TrimEnd('\r'));
                field.Clear();
                records.Add(record);
                record = [];
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || record.Count > 0)
        {
            record.Add(field.ToString());
            records.Add(record);
        }

        var header = records[0];
        return [.. records.Skip(1).Where(r => r.Count == header.Count).Select(r => header.Zip(r).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal))];
    }

    [GeneratedRegex(@"^reading csl\.csv: ([\d,]+) records, [\d.]+ of [\d.]+ MB \(\d+ %\)$")]
    private static partial Regex ReadingLine();

    [GeneratedRegex(@"^writing \d+/\d+$")]
    private static partial Regex WritingLine();
}
