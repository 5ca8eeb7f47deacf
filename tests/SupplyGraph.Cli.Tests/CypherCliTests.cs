using System.Text.Json;
using SupplyGraph.Core.Tests.Support;

namespace SupplyGraph.Cli.Tests;

public sealed class CypherCliTests(SeededStore store) : IClassFixture<SeededStore>, IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private Task<CliResult> Run(params string[] args) => CliRunner.RunAsync([.. args, "--data", store.Data]);

    [Fact]
    public async Task Cypher_SeedGraph_ListsSugonManufacturersWithEvidence()
    {
        var r = await Run("cypher", "MATCH (m)-[r:MANUFACTURES_FOR]->(s:Company {name: 'Sugon'}) RETURN m.id AS id, r.source AS source ORDER BY id");
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Contains("| 'nettrix'", r.Out, StringComparison.Ordinal);
        Assert.Contains("rows", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cypher_JsonWithParameter_HasRowsAndTheNodesTheyMention()
    {
        var r = await Run("cypher", "MATCH (n {id: $id})-[:LISTED_ON]->(l) RETURN n, l.name AS list", "--param", "id='iflytek'", "--json");
        Assert.True(r.ExitCode == 0, r.Error);
        using var doc = JsonDocument.Parse(r.Out);
        var row = doc.RootElement.GetProperty("rows")[0];
        Assert.Equal("iflytek", row[0].GetProperty("node").GetString());
        Assert.Equal("Entity List", row[1].GetString());
        var node = doc.RootElement.GetProperty("nodes").GetProperty("iflytek");
        Assert.Contains(node.GetProperty("labels").EnumerateArray(), l => l.GetString() == "Company");
    }

    [Fact]
    public async Task Cypher_SyntaxError_ExitsThreeWithLineColumnAndCaret()
    {
        var r = await Run("cypher", "MATCH (n) RETURN n.name AS");
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("SyntaxError (UnexpectedSyntax) at line 1, column 27", r.Error, StringComparison.Ordinal);
        Assert.Contains("\n  " + new string(' ', 26) + "^", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cypher_OverMemoryBudget_ExitsFourNamingTheBudget()
    {
        var r = await Run("cypher", "WITH reduce(l = [1], x IN range(1, 40) | l + l) AS l RETURN size(l)", "--memory-budget", "16");
        Assert.Equal(4, r.ExitCode);
        Assert.Contains("Neo.TransientError.General.MemoryPoolOutOfMemoryError", r.Error, StringComparison.Ordinal);
        Assert.Contains("more than 16 MiB of memory", r.Error, StringComparison.Ordinal);
        Assert.Contains("--memory-budget", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cypher_DefaultBudget_StopsTheExponentialReduce()
    {
        // The time budget lifted (--timeout 0), so the default memory budget is what stops it: on a loaded machine the
        // default 10 s ran out first (CI at load 20), which is a budget too but not the one this test is about.
        var r = await Run("cypher", "WITH reduce(s = 'a', x IN range(1, 40) | s + s) AS s RETURN size(s)", "--timeout", "0");
        Assert.Equal(4, r.ExitCode);
        Assert.Contains("more than 1 GiB of memory", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cypher_OverTimeBudget_ExitsFourNamingTheBudget()
    {
        var r = await Run("cypher", "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b RETURN count(*)", "--timeout", "0.5");
        Assert.Equal(4, r.ExitCode);
        Assert.Contains("time budget of 0.5 s", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cypher_BadBudgetOption_IsAUsageError()
    {
        var r = await Run("cypher", "RETURN 1", "--timeout", "soon");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--timeout", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cypher_UnknownVariable_ReportsSemanticErrorCode()
    {
        var r = await Run("cypher", "MATCH (n) RETURN m");
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("UndefinedVariable", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CypherShell_MultiLineQueryWithParameterAndHistory_Runs()
    {
        var input = """
            :param id 'sugon'
            MATCH (s {id: $id})
              <-[:MANUFACTURES_FOR]-(m)
            RETURN count(m) AS manufacturers;
            :history
            :quit
            """;
        var r = await CliRunner.RunWithInputAsync(input, "cypher", "--data", store.Data);
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Contains("$id = 'sugon'", r.Out, StringComparison.Ordinal);
        Assert.Contains("| manufacturers |", r.Out, StringComparison.Ordinal);
        Assert.Contains("| 4             |", r.Out, StringComparison.Ordinal);
        Assert.Contains("MATCH (s {id: $id}) <-[:MANUFACTURES_FOR]-(m) RETURN count(m) AS manufacturers", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CypherShell_Create_IsDurableForTheNextProcess()
    {
        var data = _folder.Path;
        Assert.Equal(0, (await CliRunner.RunAsync("init", "--empty", "--data", data)).ExitCode);
        var input = """
            CREATE (:Company {id: 'acme', name: 'Acme'})-[:SUPPLIES {source: 'invoice 17', quote: 'chips'}]->(:Company {id: 'beta', name: 'Beta'});
            MATCH (n) RETURN n;;
            """;
        var r = await CliRunner.RunWithInputAsync(input, "cypher", "--data", data);
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Contains("nodes +2", r.Out, StringComparison.Ordinal);

        var check = await CliRunner.RunAsync("cypher", "MATCH (a)-[r:SUPPLIES]->(b) RETURN a.id, r.source, b.id", "--data", data);
        Assert.Contains("| 'acme' | 'invoice 17' | 'beta' |", check.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CypherShell_FailedQuery_ContinuesAndExitsThree()
    {
        var r = await CliRunner.RunWithInputAsync("RETURN 1 +;\nRETURN 2 AS two;\n", "cypher", "--data", store.Data);
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("SyntaxError", r.Error, StringComparison.Ordinal);
        Assert.Contains("| 2   |", r.Out, StringComparison.Ordinal);
    }
}

/// <summary>The shell in a real terminal (a pseudo-terminal driven by python): line editing, history, Ctrl+C.</summary>
public sealed class CypherTerminalTests(SeededStore store) : IClassFixture<SeededStore>
{
    /// <summary>Types <paramref name="keys"/> into the shell, a pause after each (escapes: \r, \x1b[A, \x03…); returns the screen output.</summary>
    private async Task<string> TypeAsync(params string[] keys)
    {
        var info = new System.Diagnostics.ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "pty_shell.py"));
        info.ArgumentList.Add(CliRunner.Dll);
        info.ArgumentList.Add(store.Data);
        foreach (var k in keys)
        {
            info.ArgumentList.Add(k);
        }

        using var process = System.Diagnostics.Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }

    [Fact]
    public async Task CypherShell_InATerminal_UpArrowRecallsAndEditsTheLastQuery()
    {
        // Type a query; recall it with ↑, move left over " AS answer", change 7 to 8, End, ";" runs it; then leave.
        var output = await TypeAsync(
            "RETURN 6 * 7 AS answer;\\r",
            "\\x1b[A",
            "\\x1b[D\\x1b[D\\x1b[D\\x1b[D\\x1b[D\\x1b[D\\x1b[D\\x1b[D\\x1b[D\\x1b[D\\x7f8",
            "\\x1b[F;\\r",
            ":quit\\r");
        Assert.Contains("cypher> ", output, StringComparison.Ordinal);
        Assert.Contains("| 42     |", output, StringComparison.Ordinal);
        Assert.Contains("| 48     |", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CypherShell_CtrlCDuringAQuery_CancelsItAndKeepsTheShell()
    {
        // 25 million rows take far longer than the pause before Ctrl+C (\x03).
        var output = await TypeAsync(
            "UNWIND range(1, 5000) AS a UNWIND range(1, 5000) AS b WITH a, b WHERE a * b < 0 RETURN count(*) AS n;\\r",
            "\\x03",
            "RETURN 5 AS five;\\r",
            ":quit\\r");
        Assert.Contains("cancelled; nothing was written", output, StringComparison.Ordinal);
        Assert.Contains("| 5    |", output, StringComparison.Ordinal);
        Assert.DoesNotContain("| n ", output, StringComparison.Ordinal);
    }
}
