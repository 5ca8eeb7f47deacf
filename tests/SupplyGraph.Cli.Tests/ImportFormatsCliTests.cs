using System.Diagnostics;
using SupplyGraph.Core.Tests.Support;

namespace SupplyGraph.Cli.Tests;

/// <summary>Published formats through the real <c>supplygraph</c> process.</summary>
public sealed class ImportFormatsCliTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private string Data => Path.Combine(_folder.Path, "data");

    public void Dispose() => _folder.Dispose();

    private static async Task<CliResult> RunProcessAsync(string data, params string[] args)
    {
        using var process = Process.Start(CliRunner.StartInfo(data, args))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new CliResult(process.ExitCode, await output, await error);
    }

    [Fact]
    public async Task Import_GermanSoeWithMapping_ProcessWritesTheTree()
    {
        Assert.Equal(0, (await CliRunner.RunAsync("init", "--data", Data, "--seed", RepoPaths.Seed, "--quiet")).ExitCode);
        var soe = Path.Combine(RepoPaths.Shared, "data", "ownership", "de_federal_soe_stateo");
        var mapping = Path.Combine(RepoPaths.Root, "docs", "examples", "de-soe.mapping.json");

        var result = await RunProcessAsync(Data, "import", Path.Combine(soe, "master1.csv"), Path.Combine(soe, "austria.csv"),
            "--format", "delimited", "--mapping", mapping, "--quiet");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("relationships written", result.Out);
        var find = await CliRunner.RunAsync("find", "Bundesdruckerei", "--data", Data);
        Assert.True(find.ExitCode == 0, find.Error);
        Assert.Contains("stateo-6", find.Out);
    }

    [Fact]
    public async Task Import_FtmRecognisedByContent_BadLineFailsWithFileAndLine()
    {
        Assert.Equal(0, (await CliRunner.RunAsync("init", "--data", Data, "--seed", RepoPaths.Seed, "--quiet")).ExitCode);
        var bad = Path.Combine(_folder.Path, "bad.ftm.json");
        await File.WriteAllTextAsync(bad, "{\"id\": \"a\", \"schema\": \"Company\", \"properties\": {\"name\": [\"A\"]}}\n"
            + "{\"id\": \"o\", \"schema\": \"Ownership\", \"properties\": {\"owner\": [\"a\"], \"asset\": [\"missing\"]}}\n");

        var result = await RunProcessAsync(Data, "import", bad, "--quiet");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("bad.ftm.json:2: properties.asset: refers to 'ftm:missing'", result.Error);
    }
}
