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
        Assert.Contains("2 route(s) share no intermediary", r.Out, StringComparison.Ordinal);
        Assert.Contains("- Unidentified third-party cloud providers (third-party-cloud-providers): 2-hop route through it", r.Out, StringComparison.Ordinal);
        Assert.Contains("PROVIDES_ACCESS_TO", r.Out, StringComparison.Ordinal);
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
}
