using System.Text.Json;
using SupplyGraph.Core.Tests.Support;

namespace SupplyGraph.Cli.Tests;

/// <summary>A store created by <c>supplygraph init</c> from the repository's graph-seed.</summary>
public sealed class SeededStore : IAsyncLifetime
{
    private readonly TempFolder _folder = new();

    public string Data => Path.Combine(_folder.Path, "data");

    public async Task InitializeAsync()
    {
        var result = await CliRunner.RunAsync("init", "--data", Data, "--seed", RepoPaths.Seed, "--quiet");
        Assert.True(result.ExitCode == 0, result.Error);
    }

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }
}

public class CliTests(SeededStore store) : IClassFixture<SeededStore>
{
    private Task<CliResult> Run(params string[] args) => CliRunner.RunAsync([.. args, "--data", store.Data]);

    [Fact]
    public async Task Path_SugonToNettrix_PrintsChainWithDocumentQuote()
    {
        var r = await Run("path", "Sugon", "Nettrix");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("path from Sugon to Nettrix Information Industry Co., Ltd.: 1 hop(s)", r.Out, StringComparison.Ordinal);
        Assert.Contains("←MANUFACTURES_FOR—", r.Out, StringComparison.Ordinal);
        Assert.Contains("source: 002_c5c72e4055b27f40.txt", r.Out, StringComparison.Ordinal);
        Assert.Contains("\"According to Washington, the organizations gave manufacturing capabilities to Sugon\"", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Find_Iflytek_ShowsEntityListListingSince20191009()
    {
        var r = await Run("find", "iflytek");
        Assert.Equal(0, r.ExitCode);
        var first = r.Out.Split('\n')[0];
        Assert.StartsWith("iFlytek  [iflytek]", first, StringComparison.Ordinal);
        Assert.Contains("listed on Entity List (bis-entity-list) since 2019-10-09", r.Out, StringComparison.Ordinal);
        Assert.Contains("84 FR 54004 (2019-10-09)", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Find_Smic_RealProcess_ReturnsTheOneNodeOnThreeListsFirst()
    {
        using var process = System.Diagnostics.Process.Start(CliRunner.StartInfo(store.Data, "find", "SMIC"))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await error);
        var lines = (await output).Split('\n');
        Assert.StartsWith("Semiconductor Manufacturing International Corporation (SMIC)  [semiconductor-manufacturing-international-corporation-smic]", lines[0], StringComparison.Ordinal);
        var firstHit = lines.Skip(1).TakeWhile(l => l.StartsWith(' ')).ToList();
        Assert.Contains(firstHit, l => l.StartsWith("  listed on Entity List (bis-entity-list)", StringComparison.Ordinal));
        Assert.Contains(firstHit, l => l.StartsWith("  listed on NS-CMIC List (ofac-nscmic) since 2021-06-03", StringComparison.Ordinal));
        Assert.Contains(firstHit, l => l.StartsWith("  listed on Sec. 1260H List (Chinese Military Companies) (dow-1260h) since 2026-06-10", StringComparison.Ordinal));
        // The NS-CMIC and DoD entries have no node of their own.
        Assert.Single(lines, l => l.StartsWith("Semiconductor Manufacturing International Corporation", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Find_Json_IsParseableWithListings()
    {
        var r = await Run("find", "suma technology", "--json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Out);
        var first = doc.RootElement[0];
        Assert.Equal("suma-technology", first.GetProperty("entity").GetProperty("id").GetString());
        Assert.Equal("2025-03-28", first.GetProperty("listings")[0].GetProperty("since").GetString());
    }

    [Fact]
    public async Task Find_WithCountry_FiltersHits()
    {
        // The seed has "Kingsemi" as an alias of both the Shenyang company and its Japanese subsidiary.
        var all = await Run("find", "Kingsemi");
        Assert.Contains("Kingsemi Japan K.K.", all.Out, StringComparison.Ordinal);

        var r = await Run("find", "Kingsemi", "--country", "china");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Shenyang Xinyuan Microelectronic Equipment Co., Ltd.", r.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("Kingsemi Japan K.K.", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Find_WithUnknownLabel_FailsNamingKnownLabels()
    {
        var r = await Run("find", "Kingsemi", "--label", "Compnay");
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("label: unknown label 'Compnay'; did you mean 'Company'? known labels: ", r.Error, StringComparison.Ordinal);
        Assert.Contains("Company", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Path_Json_ListsHopsWithProvenance()
    {
        var r = await Run("path", "iflytek", "high-end chips", "--json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Out);
        var path = Assert.Single(doc.RootElement.GetProperty("paths").EnumerateArray());
        Assert.Equal(2, path.GetProperty("length").GetInt32());
        foreach (var hop in path.GetProperty("hops").EnumerateArray())
        {
            Assert.Equal("001_cdbedb73864a055a.txt", hop.GetProperty("relationship").GetProperty("provenance").GetProperty("source").GetString());
        }
    }

    [Fact]
    public async Task Path_DirectionOut_AgainstTheChain_ReportsNoPath()
    {
        var r = await Run("path", "sugon", "nettrix", "--direction", "out");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("no path", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_Entity_ListsRelationshipsWithEvidence()
    {
        var r = await Run("show", "Inspur Group");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("—LISTED_ON→ Entity List (bis-entity-list)", r.Out, StringComparison.Ordinal);
        Assert.Contains("88 FR 13675, 3/6/23", r.Out, StringComparison.Ordinal);
        Assert.Equal(6, r.Out.Split('\n').Count(l => l.Contains("←SUBSIDIARY_OF—", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Show_AmbiguousName_ListsCandidatesAndFails()
    {
        var r = await Run("show", "Inspur Electronic Information");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("ambiguous", r.Error, StringComparison.Ordinal);
        Assert.Contains("candidates:", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownOption_IsAUsageError()
    {
        var r = await Run("path", "sugon", "nettrix", "--max-hop", "3");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("unknown option --max-hop", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownRelationshipTypeFilter_IsAUsageError()
    {
        var r = await Run("path", "sugon", "nettrix", "--types", "MAKES");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("unknown relationship type(s) MAKES", r.Error, StringComparison.Ordinal);
    }
}

public sealed class CliStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private string Data => Path.Combine(_folder.Path, "data");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Find_WithoutStore_CreatesAndSeedsItOnFirstUse()
    {
        var first = await CliRunner.RunAsync("find", "sugon", "--data", Data);
        Assert.Equal(0, first.ExitCode);
        Assert.Contains("Sugon", first.Out, StringComparison.Ordinal);
        Assert.Contains("created the store " + Path.Combine(Path.GetFullPath(Data), "graph.db"), first.Error, StringComparison.Ordinal);

        var second = await CliRunner.RunAsync("find", "sugon", "--data", Data);
        Assert.Equal(0, second.ExitCode);
        Assert.DoesNotContain("created", second.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DefaultDataFolder_FromTwoWorkingFolders_IsOneStoreInTheUsersDataFolder()
    {
        // A real process with no --data and no SUPPLYGRAPH_DATA: the store lands in $XDG_DATA_HOME/supplygraph,
        // wherever the command is run from.
        var home = Path.Combine(Data, "xdg");
        async Task<(int Code, string Out, string Error)> RunFrom(string folder)
        {
            Directory.CreateDirectory(folder);
            var info = CliRunner.StartInfo("", "find", "sugon");
            info.Environment.Remove("SUPPLYGRAPH_DATA");
            info.Environment["XDG_DATA_HOME"] = home;
            info.Environment["SUPPLYGRAPH_SEED"] = RepoPaths.Seed;
            info.WorkingDirectory = folder;
            using var process = System.Diagnostics.Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await output, await error);
        }

        var first = await RunFrom(Path.Combine(Data, "one"));
        var second = await RunFrom(Path.Combine(Data, "two"));

        Assert.Equal(0, first.Code);
        Assert.Contains("created the store " + Path.Combine(home, "supplygraph", "graph.db"), first.Error, StringComparison.Ordinal);
        Assert.Equal(0, second.Code);
        Assert.DoesNotContain("created", second.Error, StringComparison.Ordinal);
        Assert.Equal(first.Out, second.Out);
        Assert.False(Directory.Exists(Path.Combine(Data, "one", "data")));
    }

    [Fact]
    public async Task Init_Twice_RefusesWithoutForce()
    {
        Assert.Equal(0, (await CliRunner.RunAsync("init", "--empty", "--data", Data)).ExitCode);
        var again = await CliRunner.RunAsync("init", "--empty", "--data", Data);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("--force", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_BadFile_NamesFileLineFieldAndChangesNothing()
    {
        await CliRunner.RunAsync("init", "--empty", "--data", Data);
        var good = _folder.File("good.csv", "id,labels,name\nacme,Company,Acme Corp\nzeta,Company,Zeta Ltd\n");
        Assert.Equal(0, (await CliRunner.RunAsync("import", good, "--data", Data)).ExitCode);
        var bad = _folder.File("bad.csv", "type,from,to,share,source\nOWNS,acme,zeta,40%,registry\nOWNS,zeta,acme,140%,registry\n");
        var r = await CliRunner.RunAsync("import", bad, "--data", Data);
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("bad.csv:3: share: share '140%' is outside 0–100 %", r.Error, StringComparison.Ordinal);
        Assert.Contains("nothing was changed", r.Error, StringComparison.Ordinal);
        var show = await CliRunner.RunAsync("show", "acme", "--data", Data);
        Assert.Contains("relationships (0)", show.Out, StringComparison.Ordinal);
    }
}
