using System.Text.Json;

namespace SupplyGraph.Cli.Tests;

/// <summary>The network analyses as a real CLI process on a seeded store.</summary>
public sealed class NetworkAnalysesCliTests(SeededStore store) : IClassFixture<SeededStore>
{
    private Task<CliResult> Run(params string[] args) => CliRunner.RunAsync([.. args, "--data", store.Data]);

    [Fact]
    public async Task Chokepoints_IflytekToHighEndChips_NamesTheCloudProvidersWithEvidence()
    {
        var r = await Run("chokepoints", "iflytek", "high-end-ai-chips");

        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Contains("1 route(s) share no intermediary; every route passes through one of these 1:", r.Out, StringComparison.Ordinal);
        Assert.Contains("- Unidentified third-party cloud providers (third-party-cloud-providers): 2-hop route through it", r.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("(third-party-service-providers): 2-hop route through it", r.Out, StringComparison.Ordinal);
        Assert.Contains("items: cloud computing on high-end chips", r.Out, StringComparison.Ordinal);
        Assert.Contains("\"Chinese tech giants iFlytek and SenseTime are leveraging their access to third parties and cloud providers", r.Out, StringComparison.Ordinal);
        // The route left out is said, with why.
        Assert.Contains("- third-party-service-providers -[SUPPLIES]-> iflytek  items: third-party services", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chokepoints_IflytekToHighEndChipsAnyItems_NamesBothKindsOfProviders()
    {
        var r = await Run("chokepoints", "iflytek", "high-end-ai-chips", "--any-items");

        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Contains("2 route(s) share no intermediary", r.Out, StringComparison.Ordinal);
        Assert.Contains("- Unidentified third-party service providers (third-party-service-providers): 2-hop route through it", r.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("not followed", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chokepoints_ListedAiFirmsFromChips_AreCutByTheCloudProviders()
    {
        var r = await Run("chokepoints", "high-end-ai-chips", "listed", "--json");

        Assert.True(r.ExitCode == 0, r.Error);
        using var doc = JsonDocument.Parse(r.Out);
        var cut = doc.RootElement.GetProperty("vertexCut").EnumerateArray().Select(c => c.GetProperty("party").GetProperty("id").GetString()).ToList();
        Assert.Equal(["third-party-cloud-providers"], cut);
        Assert.Equal(["iflytek", "sensetime"], doc.RootElement.GetProperty("targetsReached").EnumerateArray().Select(t => t.GetProperty("id").GetString()).Order(StringComparer.Ordinal));
        Assert.NotEmpty(doc.RootElement.GetProperty("setAside").EnumerateArray());
    }

    [Fact]
    public async Task Chokepoints_ListedJson_HasTheCutAndTheTargets()
    {
        var r = await Run("chokepoints", "high-end-ai-chips", "listed", "--types", "PROVIDES_CLOUD_TO,PROVIDES_ACCESS_TO", "--json");

        Assert.True(r.ExitCode == 0, r.Error);
        using var doc = JsonDocument.Parse(r.Out);
        Assert.Equal("third-party-cloud-providers", doc.RootElement.GetProperty("vertexCut")[0].GetProperty("party").GetProperty("id").GetString());
        Assert.Contains(doc.RootElement.GetProperty("targetsReached").EnumerateArray(), t => t.GetProperty("id").GetString() == "iflytek");
    }

    [Fact]
    public async Task Chokepoints_SameParty_IsInvalidInputExit3()
    {
        var r = await Run("chokepoints", "iflytek", "iflytek");
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("to", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OwnershipCycles_WhatIfCrossHolding_ListsTheLoopWithShares()
    {
        using var folder = new Core.Tests.Support.TempFolder();
        var batch = folder.File("cross.json", """
            {"entities": [{"id": "x-holding", "labels": ["Company"], "name": "X Holding"}],
             "relationships": [{"type": "OWNS", "from": "x-holding", "to": "inspur-group", "share": "40%", "provenance": {"source": "hypothesis"}},
                               {"type": "OWNS", "from": "inspur-software", "to": "x-holding", "share": "55%", "provenance": {"source": "hypothesis"}}]}
            """);

        var r = await Run("ownership-cycles", "--what-if", batch);

        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Contains("1 ownership cycle(s)", r.Out, StringComparison.Ordinal);
        Assert.Contains("ownership cycle of 3 parties", r.Out, StringComparison.Ordinal);
        Assert.Contains("—40% OWNS→ Inspur Group (inspur-group)", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OwnershipCycles_Seed_HasNone()
    {
        var r = await Run("ownership-cycles", "--json");
        Assert.True(r.ExitCode == 0, r.Error);
        using var doc = JsonDocument.Parse(r.Out);
        Assert.Equal(0, doc.RootElement.GetProperty("cycles").GetArrayLength());
    }

    [Fact]
    public async Task Timeline_SugonManufacturers_Shows20250328WithNettrix()
    {
        var r = await Run("timeline", "sugon", "--types", "MANUFACTURES_FOR", "--direction", "in");

        Assert.True(r.ExitCode == 0, r.Error);
        var march = r.Out.IndexOf("- 2025-03-28:", StringComparison.Ordinal);
        Assert.True(march > 0, r.Out);
        Assert.Contains("+ Nettrix Information Industry Co., Ltd. (nettrix)", r.Out[march..], StringComparison.Ordinal);
        Assert.Contains("by commit:", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Intermediaries_FromChips_NamesTheProvidersWithRoutes()
    {
        var r = await Run("intermediaries", "high-end-ai-chips", "--max-hops", "2");

        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Contains("- Unidentified third-party cloud providers (third-party-cloud-providers):", r.Out, StringComparison.Ordinal);
        Assert.Contains("- Unidentified third-party service providers (third-party-service-providers):", r.Out, StringComparison.Ordinal);
    }
}
