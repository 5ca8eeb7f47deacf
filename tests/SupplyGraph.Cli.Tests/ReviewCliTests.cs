using System.Diagnostics;
using System.Text.Json;
using SupplyGraph.Cli.Commands;
using SupplyGraph.Core.Tests.Support;

namespace SupplyGraph.Cli.Tests;

/// <summary>
/// The review queue through the real <c>supplygraph</c> process on a seeded store: import queues near matches,
/// decisions change the graph in one batch, and a re-import of the same file meets the same decisions.
/// </summary>
public sealed class ReviewCliTests : IAsyncLifetime
{
    private const string ActeamKey = "csl:Unverified List (UVL) - Bureau of Industry and Security:90001";
    private readonly TempFolder _folder = new();

    private string Data => Path.Combine(_folder.Path, "data");

    /// <summary>Two Entity List names as encoding loss and a typo leave them (see tests/SupplyGraph.Core.Tests/Review/README.md).</summary>
    private static string NearMatchFile => Path.Combine(RepoPaths.Root, "tests", "SupplyGraph.Core.Tests", "Review", "near-match.csl.csv");

    private static string CslSample => Path.Combine(RepoPaths.Shared, "data", "csl", "consolidated_sample_2025.csv");

    public async Task InitializeAsync() =>
        Assert.Equal(0, (await CliRunner.RunAsync("init", "--data", Data, "--seed", RepoPaths.Seed, "--quiet")).ExitCode);

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }

    private async Task<CliResult> ProcessAsync(params string[] args)
    {
        using var process = Process.Start(CliRunner.StartInfo(Data, args))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new CliResult(process.ExitCode, await output, await error);
    }

    private Task<CliResult> Run(params string[] args) => CliRunner.RunAsync([.. args, "--data", Data]);

    private static void Ok(CliResult r) => Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.Error}{r.Out}");

    private async Task<List<JsonElement>> ItemsAsync(string status = "open")
    {
        var r = await ProcessAsync("review", "--status", status, "--json", "--limit", "500");
        Ok(r);
        using var doc = JsonDocument.Parse(r.Out);
        var items = doc.RootElement.GetProperty("items").EnumerateArray().Select(i => i.Clone()).ToList();
        Assert.Equal(items.Count, doc.RootElement.GetProperty("total").GetInt32());

        // The seed's own list entries queue near matches across its four lists (keys "list:…"); these tests are about
        // the files they import.
        return [.. items.Where(i => !i.GetProperty("recordKey").GetString()!.StartsWith("list:", StringComparison.Ordinal))];
    }

    /// <summary>The ids of the entities <c>find</c> returns for <paramref name="name"/>.</summary>
    private async Task<List<string>> FindAsync(string name)
    {
        var r = await Run("find", name, "--json", "--limit", "5");
        Ok(r);
        using var doc = JsonDocument.Parse(r.Out);
        return [.. doc.RootElement.EnumerateArray().Select(m => m.GetProperty("entity").GetProperty("id").GetString()!)];
    }

    /// <summary>The id of the entity <c>show</c> picks for <paramref name="reference"/> (a merged-away id resolves by alias), or null.</summary>
    private async Task<string?> ShownAsync(string reference)
    {
        var r = await Run("show", reference, "--json");
        if (r.ExitCode == CliApp.NotFound)
        {
            return null;
        }

        Ok(r);
        using var doc = JsonDocument.Parse(r.Out);
        return doc.RootElement.GetProperty("entity").GetProperty("id").GetString();
    }

    [Fact]
    public async Task Review_AcceptThenReimport_OneNodeAndNoNewItem()
    {
        var imported = await ProcessAsync("import", NearMatchFile, "--quiet");
        Ok(imported);
        Assert.Contains("2 record(s) queued for review", imported.Out, StringComparison.Ordinal);

        var listed = await ProcessAsync("review", "--limit", "500");
        Ok(listed);
        Assert.Contains("ACTeam Logitics Ltd.", listed.Out, StringComparison.Ordinal);
        Assert.Contains("different countries", listed.Out, StringComparison.Ordinal);
        var item = (await ItemsAsync()).Single(i => i.GetProperty("recordKey").GetString() == ActeamKey);
        var id = item.GetProperty("id").GetString()!;
        var created = item.GetProperty("record").GetProperty("entityId").GetString()!;
        Assert.Equal("acteam-logistics-ltd", item.GetProperty("candidate").GetProperty("entityId").GetString());
        Assert.Contains(created, await FindAsync("ACTeam Logitics Ltd."));

        var accepted = await ProcessAsync("review", "accept", id, "--note", "one letter dropped", "--by", "analyst");
        Ok(accepted);
        Assert.Contains($"{created} merged into acteam-logistics-ltd", accepted.Out, StringComparison.Ordinal);
        Assert.Equal("acteam-logistics-ltd", await ShownAsync(created));
        Assert.DoesNotContain(created, await FindAsync("ACTeam Logitics Ltd."));

        var again = await ProcessAsync("import", NearMatchFile, "--quiet");
        Ok(again);
        Assert.DoesNotContain("queued for review", again.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(created, await FindAsync("ACTeam Logitics Ltd."));
        Assert.DoesNotContain(await ItemsAsync(), i => i.GetProperty("recordKey").GetString() == ActeamKey);
        var decided = (await ItemsAsync("decided")).Single();
        Assert.Equal(("accepted", "analyst"), (decided.GetProperty("status").GetString(), decided.GetProperty("decisions")[0].GetProperty("by").GetString()));

        // A decided item cannot be decided again; the answer says why and nothing changes.
        var twice = await ProcessAsync("review", "accept", id);
        Assert.Equal(CliApp.InvalidInput, twice.ExitCode);
        Assert.Contains("already accepted", twice.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_SplitAfterAccept_RestoresTheNodeAndKeepsThemApartOnReimport()
    {
        Ok(await ProcessAsync("import", NearMatchFile, "--quiet"));
        var item = (await ItemsAsync()).Single(i => i.GetProperty("recordKey").GetString() == ActeamKey);
        var id = item.GetProperty("id").GetString()!;
        var created = item.GetProperty("record").GetProperty("entityId").GetString()!;
        Ok(await ProcessAsync("review", "accept", id));

        var split = await ProcessAsync("review", "split", id, "--note", "two firms after all");

        Ok(split);
        Assert.Contains($"{created} restored beside acteam-logistics-ltd", split.Out, StringComparison.Ordinal);
        Assert.Equal(created, await ShownAsync(created));
        var again = await ProcessAsync("import", NearMatchFile, "--quiet");
        Ok(again);
        Assert.DoesNotContain("queued for review", again.Out, StringComparison.Ordinal);
        Assert.Equal("split", (await ItemsAsync("decided")).Single().GetProperty("status").GetString());
    }

    [Fact]
    public async Task Review_RejectPublishedCslSample_StaysApartAcrossReimport()
    {
        var imported = await ProcessAsync("import", CslSample, "--quiet");
        Ok(imported);
        Assert.Contains("1 record(s) queued for review", imported.Out, StringComparison.Ordinal);
        var item = (await ItemsAsync()).Single();
        Assert.Equal("TNK Trading International S.A.", item.GetProperty("record").GetProperty("name").GetString());
        Assert.Equal("fy-international-trading-company", item.GetProperty("candidate").GetProperty("entityId").GetString());
        var created = item.GetProperty("record").GetProperty("entityId").GetString()!;

        var rejected = await ProcessAsync("review", "reject", item.GetProperty("id").GetString()!, "--note", "Swiss trader, not the Chinese firm");
        Ok(rejected);
        Assert.Contains("stay apart", rejected.Out, StringComparison.Ordinal);

        var again = await ProcessAsync("import", CslSample, "--quiet");
        Ok(again);
        Assert.DoesNotContain("queued for review", again.Out, StringComparison.Ordinal);
        Assert.Empty(await ItemsAsync());
        Assert.Equal([created], (await FindAsync("TNK Trading International S.A.")).Where(e => e.StartsWith("tnk", StringComparison.Ordinal)));
        var candidate = await Run("show", "fy-international-trading-company", "--json");
        Assert.DoesNotContain("TNK", candidate.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_MergeByNameThenSplitById_BothEntitiesBack()
    {
        var merged = await ProcessAsync("review", "merge", "Sugon", "Nettrix", "--json");
        Ok(merged);
        using var doc = JsonDocument.Parse(merged.Out);
        var review = doc.RootElement.GetProperty("review");
        Assert.Equal("merged", review.GetProperty("status").GetString());
        var absorbed = review.GetProperty("record").GetProperty("entityId").GetString()!;
        Assert.NotEqual(absorbed, await ShownAsync(absorbed));
        Assert.True(doc.RootElement.GetProperty("commit").GetProperty("entitiesDeleted").GetInt32() == 1);

        Ok(await ProcessAsync("review", "split", review.GetProperty("id").GetString()!));

        Assert.Equal(absorbed, await ShownAsync(absorbed));
        var path = await Run("path", "Sugon", "Nettrix");
        Ok(path);
        Assert.Contains("←MANUFACTURES_FOR—", path.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CliApp.NotFound, "review", "show", "rv-0000000000000000")] // no such item
    [InlineData(CliApp.Usage, "review", "accept")] // no id
    [InlineData(CliApp.Usage, "review", "approve", "rv-0000000000000000")] // unknown action
    [InlineData(CliApp.Usage, "review", "--status", "pending")] // unknown status
    [InlineData(CliApp.InvalidInput, "review", "merge", "sugon", "sugon")] // an entity into itself
    public async Task Review_BadArguments_ExitWithTheirCode(int code, params string[] args)
    {
        var r = await Run(args);
        Assert.True(r.ExitCode == code, $"exit {r.ExitCode}: {r.Error}");
        Assert.StartsWith("error:", r.Error, StringComparison.Ordinal);
    }
}
