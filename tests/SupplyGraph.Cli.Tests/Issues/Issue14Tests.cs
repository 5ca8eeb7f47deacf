using System.Text.Json;

namespace SupplyGraph.Cli.Tests.Issues;

/// <summary>Issue 14: answers say what they resolved and what they could not check.</summary>
public sealed class Issue14Tests(SeededStore store) : IClassFixture<SeededStore>
{
    private Task<CliResult> Run(params string[] args) => CliRunner.RunAsync([.. args, "--data", store.Data]);

    [Fact]
    public async Task Show_MisspelledName_AnnouncesTheCloseMatchItTook()
    {
        var r = await Run("show", "sugonn");
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.StartsWith("Sugon  [sugon]", r.Out, StringComparison.Ordinal);
        Assert.Matches(@"^‘sugonn’ → Sugon \(sugon\), score 0\.\d\d ", r.Error);
    }

    [Fact]
    public async Task Show_MisspelledNameWithExact_IsNotFoundAndNamesTheClosest()
    {
        var r = await Run("show", "sugonn", "--exact");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("", r.Out);
        Assert.Contains("no entity has the id, name or alias 'sugonn' (--exact); the closest is Sugon (sugon)", r.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sugon")] // the id
    [InlineData("Dawning Information Industry")] // an alias, written as it is
    public async Task Path_ExactReferences_AnnounceNothing(string reference)
    {
        var r = await Run("path", reference, "nettrix", "--exact");
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Equal("", r.Error);
    }

    [Fact]
    public async Task Path_MisspelledEnds_AnnouncesEach()
    {
        var r = await Run("path", "sugonn", "Nettrix Informaton Industry", "--json");
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Contains("‘sugonn’ → Sugon (sugon)", r.Error, StringComparison.Ordinal);
        Assert.Contains("‘Nettrix Informaton Industry’ → Nettrix Information Industry Co., Ltd. (nettrix)", r.Error, StringComparison.Ordinal);

        // The announcement goes to stderr: stdout stays one JSON document.
        using var json = JsonDocument.Parse(r.Out);
        Assert.Equal(1, json.RootElement.GetProperty("paths")[0].GetProperty("length").GetInt32());
    }

    [Fact]
    public async Task Ownership_OfacWithoutAnySdnEntry_SaysItIsNotAClearance()
    {
        var text = await Run("ownership", "inspur-software");
        var json = await Run("ownership", "inspur-software", "--json");

        Assert.True(text.ExitCode == 0, text.Error);
        Assert.Contains("not blocked", text.Out, StringComparison.Ordinal);
        Assert.Contains("No ofac-sdn data is loaded: this is not a clearance.", text.Out, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(json.Out);
        Assert.Equal(["ofac-sdn"], doc.RootElement.GetProperty("listsWithoutData").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Ownership_RuleWhoseListsHoldData_HasNoSuchNote()
    {
        // The Entity List and the MEU are in the seed: the BIS rule's answer is a real one.
        var r = await Run("ownership", "inspur-software", "--rule", "bis-affiliates", "--json");
        Assert.True(r.ExitCode == 0, r.Error);
        using var doc = JsonDocument.Parse(r.Out);
        Assert.Empty(doc.RootElement.GetProperty("listsWithoutData").EnumerateArray());
        Assert.DoesNotContain("not a clearance", doc.RootElement.GetProperty("explanation").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exposure_Header_SaysTheDirectionAndWhatTheScoreMeans()
    {
        var r = await Run("exposure", "sugon", "--types", "MANUFACTURES_FOR", "--direction", "in");
        Assert.True(r.ExitCode == 0, r.Error);
        var lines = r.Out.Split('\n');
        Assert.StartsWith("exposure of Sugon within 4 hop(s): 5 listed parties, score 1", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("(direction in: against the relationships", lines[1], StringComparison.Ordinal);
        Assert.Contains("score: 0 = no listed party in reach, 1 = a source is itself listed", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain("stopped at", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exposure_OverItsLimit_SaysThereIsMoreAndHowToSeeIt()
    {
        var r = await Run("exposure", "sugon", "--types", "MANUFACTURES_FOR", "--direction", "in", "--limit", "2");
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.StartsWith("exposure of Sugon within 4 hop(s): 2+ listed parties", r.Out, StringComparison.Ordinal);
        Assert.Contains("(stopped at 2 listed parties: there are more; raise --limit to see them)", r.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("both", true)] // Nettrix manufactures for Sugon: from Sugon the hop runs against it, and says so
    [InlineData("in", false)] // against every relationship by request: no hop is marked, nothing to explain
    public async Task Path_HopAgainstItsRelationship_LabelsTheDirection(string direction, bool labelled)
    {
        var r = await Run("path", "sugon", "nettrix", "--direction", direction);
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Equal(labelled, r.Out.Contains("(direction both: either way; a hop marked ←…— runs against its relationship", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OwnershipJson_IsTheRestShape_ReadByTheClientsRecord()
    {
        var r = await Run("ownership", "inspur-software", "--rule", "bis-affiliates", "--json");
        Assert.True(r.ExitCode == 0, r.Error);
        using var doc = JsonDocument.Parse(r.Out);
        Assert.Equal("blocked", doc.RootElement.GetProperty("status").GetString());
        Assert.Equal("bis-affiliates", doc.RootElement.GetProperty("rule").GetProperty("id").GetString());

        var read = JsonSerializer.Deserialize<SupplyGraph.Core.Algorithms.OwnershipDetermination>(r.Out, SupplyGraph.Client.ClientJson.Options)!;
        Assert.Equal(SupplyGraph.Core.Algorithms.BlockStatus.Blocked, read.Status);
        Assert.Equal("inspur-software", read.Entity.Id);
    }
}
