using System.Diagnostics;
using System.Text.Json;
using SupplyGraph.Core.Tests.Support;

namespace SupplyGraph.Cli.Tests;

/// <summary>
/// <c>supplygraph watch</c> as users run it: one process watching the store, another importing into it; the watch
/// follows the store's change log, so it prints the import's change without any server.
/// </summary>
public sealed class WatchCliTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();

    private string Data => Path.Combine(_folder.Path, "data");

    public async Task InitializeAsync()
    {
        var init = await CliRunner.RunAsync("init", "--data", Data, "--seed", RepoPaths.Seed, "--quiet");
        Assert.True(init.ExitCode == 0, init.Error);
    }

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Watch_ImportFromAnotherProcess_PrintsOneLinePerUpdateThenStops()
    {
        await using var watch = await WatchProcess.StartAsync(Data, "watch", "Sugon", "--count", "2");
        var file = Path.Combine(_folder.Path, "supplier.json");
        await File.WriteAllTextAsync(file, """
            {"entities": [{"id": "watch-supplier", "labels": ["Company"], "name": "Watch Supplier Ltd."}],
             "relationships": [{"id": "watch-supplies-sugon", "type": "SUPPLIES", "from": "watch-supplier", "to": "sugon", "provenance": {"source": "watch test"}}]}
            """);
        var import = await RunProcessAsync("import", file);
        Assert.True(import.ExitCode == 0, import.Error);

        var (exitCode, lines) = await watch.ExitAsync();
        Assert.Equal(0, exitCode);
        Assert.Equal(2, lines.Count);
        Assert.Matches(@"^#1 sugon: Sugon, \d+ relationship\(s\)$", lines[0]);
        Assert.Matches(@"^#2 sugon: Sugon, \d+ relationship\(s\); \+ SUPPLIES watch-supplier → sugon \(watch-supplies-sugon\)$", lines[1]);
    }

    [Fact]
    public async Task WatchOwnership_Json_PrintsTheFlipAsOneJsonObject()
    {
        await using var watch = await WatchProcess.StartAsync(Data, "watch", "meituan", "--ownership", "bis-affiliates", "--count", "2", "--json");
        var file = Path.Combine(_folder.Path, "stake.json");
        await File.WriteAllTextAsync(file, """{"relationships": [{"type": "OWNS", "from": "sugon", "to": "meituan", "share": "51%", "provenance": {"source": "watch test"}}]}""");
        var import = await RunProcessAsync("import", file);
        Assert.True(import.ExitCode == 0, import.Error);

        var (exitCode, lines) = await watch.ExitAsync();
        Assert.Equal(0, exitCode);
        var flip = JsonDocument.Parse(lines[1]).RootElement;
        Assert.Equal(2, flip.GetProperty("sequence").GetInt64());
        Assert.False(flip.GetProperty("full").GetBoolean());
        Assert.Equal("notBlocked", flip.GetProperty("ownership").GetProperty("statusBefore").GetString());
        Assert.Equal("blocked", flip.GetProperty("ownership").GetProperty("determination").GetProperty("status").GetString());
    }

    [Theory]
    [InlineData(2, "watch")] // no entity
    [InlineData(2, "watch", "sugon", "--exposure", "--ownership", "ofac")] // two things at once
    [InlineData(2, "watch", "sugon", "--ownership", "nope")] // unknown rule
    [InlineData(2, "watch", "sugon", "--max-hops", "2")] // a filter without --exposure
    [InlineData(2, "watch", "sugon", "--server", "ftp://x")] // not an http URL
    [InlineData(1, "watch", "no such company at all")] // unknown entity
    public async Task Watch_BadArguments_ExitWithUsageOrNotFound(int exitCode, params string[] args)
    {
        var r = await CliRunner.RunAsync([.. args, "--data", Data]);
        Assert.Equal(exitCode, r.ExitCode);
        Assert.StartsWith("error: ", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_ServerNotRunning_SaysSoAndFails()
    {
        var r = await CliRunner.RunAsync("watch", "sugon", "--server", "http://127.0.0.1:9", "--data", Data);
        Assert.Equal(4, r.ExitCode);
        Assert.Contains("cannot reach the server", r.Error, StringComparison.Ordinal);
    }

    private async Task<(int ExitCode, string Error)> RunProcessAsync(params string[] args)
    {
        using var process = Process.Start(CliRunner.StartInfo(Data, args))!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);
        return (process.ExitCode, await error);
    }
}
