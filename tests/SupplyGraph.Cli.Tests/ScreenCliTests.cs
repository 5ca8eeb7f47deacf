using System.Text.Json;
using SupplyGraph.Core.Tests.Support;

namespace SupplyGraph.Cli.Tests;

/// <summary><c>supplygraph screen</c> as a script runs it: a real process, real files, exit codes.</summary>
public sealed class ScreenCliTests(SeededStore store) : IClassFixture<SeededStore>, IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private Task<CliResult> Run(params string[] args) => CliRunner.RunAsync([.. args, "--data", store.Data]);

    private string File(string name, string text)
    {
        var path = Path.Combine(_folder.Path, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Screen_ListedRow_Exit5AndTheTableSaysWhy()
    {
        var r = await Run("screen", File("mixed.csv", "id,name,country\nS1,Dawning Information Industry,China\nS2,Deutsche Bahn AG,Germany\n"), "--k", "1");
        Assert.True(r.ExitCode == 5, r.Error);
        Assert.Contains("listed           Dawning Information Industry → Sugon (sugon, alias)", r.Out, StringComparison.Ordinal);
        Assert.Contains("listed on Entity List (bis-entity-list) since 2019-06-24", r.Out, StringComparison.Ordinal);
        Assert.Contains("no-match         Deutsche Bahn AG", r.Out, StringComparison.Ordinal);
        Assert.Contains("2 rows, 1 flagged: 1 listed, 1 no-match", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Screen_NothingFlagged_Exit0()
    {
        var r = await Run("screen", File("clean.csv", "name,country\nDeutsche Bahn AG,Germany\nArriva Scotrail Limited,United Kingdom\n"));
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Contains("2 rows, 0 flagged", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Screen_BadIdentifier_Exit3NamesFileLineAndField()
    {
        var r = await Run("screen", File("bad.csv", "name,identifiers\nSugon,lei:5299000J2N45DDNE4Y28\nNettrix,lei:12345\n"));
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("bad.csv:3", r.Error, StringComparison.Ordinal);
        Assert.Contains("identifiers", r.Error, StringComparison.Ordinal);
        Assert.Equal("", r.Out);
    }

    [Fact]
    public async Task Screen_MissingNameColumn_Exit3()
    {
        var r = await Run("screen", File("noname.csv", "company,country\nSugon,China\n"));
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("'name' column", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Screen_CsvJsonHtml_ToFiles()
    {
        var input = File("two.csv", "id,name,country\nS1,Intel,United States\nS2,Nettrix Information Industri Co. Ltd.,China\n");
        var csvOut = Path.Combine(_folder.Path, "out.csv");
        var csv = await Run("screen", input, "--k", "1", "--rules", "ofac,bis,eu,uk", "--format", "csv", "--out", csvOut);
        Assert.Equal(5, csv.ExitCode);
        var lines = System.IO.File.ReadAllLines(csvOut);
        Assert.StartsWith("row,id,name,country,verdict,flagged,match,entity,entity_name,matched_by,listings,ofac_status,ofac_test,bis-affiliates_status", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("1,S1,Intel,United States,exposed,yes,matched,intel,Intel,name,,not-blocked,none,", lines[1], StringComparison.Ordinal);
        Assert.Contains("Intel ←PARTNERS_WITH— Inspur Group", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("2,S2,Nettrix Information Industri Co. Ltd.,China,listed,yes,matched,nettrix,", lines[2], StringComparison.Ordinal);

        var json = await Run("screen", input, "--k", "1", "--format", "json");
        using var doc = JsonDocument.Parse(json.Out);
        Assert.Equal(2, doc.RootElement.GetProperty("summary").GetProperty("flagged").GetInt32());
        var hit = doc.RootElement.GetProperty("rows")[0].GetProperty("exposure")[0];
        Assert.Equal("inspur-group", hit.GetProperty("party").GetString());
        Assert.Equal("PARTNERS_WITH", hit.GetProperty("path")[0].GetProperty("type").GetString());
        Assert.True(doc.RootElement.GetProperty("data").GetProperty("sequence").GetInt64() > 0);

        var htmlOut = Path.Combine(_folder.Path, "report.html");
        var html = await Run("screen", input, "--k", "1", "--format", "html", "--out", htmlOut);
        Assert.Equal(5, html.ExitCode);
        var page = System.IO.File.ReadAllText(htmlOut);
        Assert.Contains("Intel ←PARTNERS_WITH— Inspur Group", page, StringComparison.Ordinal);
        Assert.Contains("<h2>Sources</h2>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Neighbours_EntityList_CountsAndOnePage()
    {
        var r = await Run("neighbours", "bis-entity-list", "--type", "LISTED_ON", "--limit", "5");
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Contains("    3,410  LISTED_ON (in)", r.Out, StringComparison.Ordinal);
        Assert.Contains("LISTED_ON: 1–5 of 3,410", r.Out, StringComparison.Ordinal);
        Assert.Contains("more: --offset 5", r.Out, StringComparison.Ordinal);
        Assert.Equal(5, r.Out.Split('\n').Count(l => l.StartsWith("  ←LISTED_ON— ", StringComparison.Ordinal)));
    }
}
