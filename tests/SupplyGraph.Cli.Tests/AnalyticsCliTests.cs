using System.Text.Json;
using SupplyGraph.Core.Tests.Support;

namespace SupplyGraph.Cli.Tests;

public sealed class AnalyticsCliTests(SeededStore store) : IClassFixture<SeededStore>, IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private Task<CliResult> Run(params string[] args) => CliRunner.RunAsync([.. args, "--data", store.Data]);

    [Fact]
    public async Task Exposure_SugonManufacturing_GroupsListedManufacturersByDate()
    {
        var r = await Run("exposure", "sugon", "--types", "MANUFACTURES_FOR", "--direction", "in");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("5 listed parties", r.Out, StringComparison.Ordinal);
        var since2025 = r.Out.IndexOf("listed since 2025-03-28:", StringComparison.Ordinal);
        Assert.True(since2025 > r.Out.IndexOf("listed since 2019-06-24:", StringComparison.Ordinal));
        Assert.Contains("- Nettrix Information Industry Co., Ltd. (nettrix): 1 hop(s)", r.Out[since2025..], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exposure_Json_HasScoreAndPaths()
    {
        var r = await Run("exposure", "high-end chips", "--max-hops", "2", "--json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Out);
        var hits = doc.RootElement.GetProperty("hits").EnumerateArray().ToList();
        Assert.Contains(hits, h => h.GetProperty("party").GetProperty("id").GetString() == "iflytek" && h.GetProperty("hops").GetInt32() == 2);
        Assert.InRange(doc.RootElement.GetProperty("score").GetDouble(), 0.01, 0.99);
    }

    [Fact]
    public async Task Exposure_Reverse_ListsTheExposedEntities()
    {
        var r = await Run("exposure", "inspur-group", "--reverse", "--max-hops", "1", "--types", "SUBSIDIARY_OF,PARTNERS_WITH");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("exposed to Inspur Group within 1 hop(s): 8", r.Out, StringComparison.Ordinal);
        Assert.Contains("Intel (intel): 1 hop(s)", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ownership_WhatIfMajorityStake_BlocksUnderBisAffiliatesWithInheritedList()
    {
        var batch = _folder.File("jv.json", """
            {
              "entities": [{"id": "inspur-cloud-jv", "labels": ["Company"], "name": "Inspur Cloud JV", "country": "China"}],
              "relationships": [{"type": "OWNS", "from": "inspur-group", "to": "inspur-cloud-jv", "share": "60%",
                                 "provenance": {"source": "hypothesis"}}]
            }
            """);
        var r = await Run("ownership", "inspur-cloud-jv", "--rule", "bis-affiliates", "--as-of", "2026-11-20", "--what-if", batch);
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Contains("Inspur Cloud JV (inspur-cloud-jv): BLOCKED", r.Out, StringComparison.Ordinal);
        Assert.Contains("carries the bis-entity-list listing down", r.Out, StringComparison.Ordinal);
        Assert.Contains("inspur-cloud-jv): not blocked → BLOCKED", r.Out, StringComparison.Ordinal);

        // Nothing was committed.
        Assert.Equal(1, (await Run("find", "inspur-cloud-jv")).ExitCode);

        // During the suspension the same stake does not block.
        var suspended = await Run("ownership", "inspur-cloud-jv", "--rule", "bis-affiliates", "--as-of", "2026-01-15", "--what-if", batch);
        Assert.Contains("not in force on that day", suspended.Out, StringComparison.Ordinal);
        Assert.Contains("(inspur-cloud-jv): not blocked", suspended.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ownership_LookThrough_ShowsEffectiveShares()
    {
        var batch = _folder.File("stakes.csv", "type,from,to,share,source\nOWNS,intel,nettrix,40%,hypothesis\nOWNS,nettrix,suma-usi,50%,hypothesis\n");
        var r = await Run("ownership", "suma-usi", "--rule", "look-through", "--what-if", batch, "--json");
        Assert.True(r.ExitCode == 0, r.Error);
        using var doc = JsonDocument.Parse(r.Out);
        var shares = doc.RootElement.GetProperty("shares").EnumerateArray().ToDictionary(s => s.GetProperty("entity").GetString()!, s => s.GetProperty("low").GetDouble());
        Assert.Equal(0.5, shares["nettrix"], 9);
        Assert.Equal(0.2, shares["intel"], 9);
    }

    [Fact]
    public async Task Paths_KShortest_PrintsDistinctPaths()
    {
        var r = await Run("paths", "nettrix", "suma-usi", "--k", "3");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("path 1 from", r.Out, StringComparison.Ordinal);
        Assert.Contains("path 3 from", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Path_WhatIf_ShowsBeforeAndAfter()
    {
        var batch = _folder.File("link.csv", "type,from,to,source\nSUPPLIES,intel,megvii,hypothesis\n");
        var r = await Run("path", "intel", "megvii", "--what-if", batch);
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Contains("what-if", r.Out, StringComparison.Ordinal);
        Assert.Contains("after 1 path(s), shortest 1 hop(s)", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ownership_UnknownRule_IsAUsageError()
    {
        var r = await Run("ownership", "sugon", "--rule", "mars");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("look-through", r.Error, StringComparison.Ordinal);
    }
}
