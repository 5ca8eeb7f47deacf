using System.Diagnostics;
using System.Text.Json;
using SupplyGraph.Client;
using SupplyGraph.Core.Tests.Support;
using SupplyGraph.Server.Tests.Attacks;

namespace SupplyGraph.Server.Tests.OneLog;

/// <summary><c>supplygraph watch --server</c>: the CLI as a hub client (through the client library) of a real server process.</summary>
public sealed class WatchThroughServerTests : IAsyncLifetime
{
    private const string ReaderKey = "watch-reader-key";
    private const string EditorKey = "watch-editor-key";
    private readonly TempFolder _folder = new();
    private ServerProcess _server = null!;

    public async Task InitializeAsync() =>
        _server = await ServerProcess.StartAsync(ServerProcess.StartInfo(Path.Combine(_folder.Path, "data"), new Dictionary<string, string>
        {
            ["SUPPLYGRAPH_API_KEYS"] = $"reader:{ReaderKey},editor:{EditorKey}",
        }));

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task WatchExposure_ThroughServer_PrintsTheCommittedDiffAsJson()
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])[Path.Combine(AppContext.BaseDirectory, "SupplyGraph.Cli.dll"), "watch", "Microsoft", "--exposure", "--max-hops", "1", "--server", _server.BaseUrl, "--key", ReaderKey, "--count", "2", "--json"])
        {
            info.ArgumentList.Add(a);
        }

        // Its own data folder, empty: through a server the CLI reads nothing locally.
        info.Environment["SUPPLYGRAPH_DATA"] = Path.Combine(_folder.Path, "unused");
        using var watch = Process.Start(info)!;
        var error = watch.StandardError.ReadToEndAsync();
        var first = await watch.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (first is null)
        {
            Assert.Fail("the watch printed nothing: " + await error);
        }

        Assert.True(JsonDocument.Parse(first).RootElement.GetProperty("full").GetBoolean());

        using var editor = new SupplyGraphClient(new Uri(_server.BaseUrl), EditorKey);
        var commit = await editor.ApplyJsonAsync("""{"relationships": [{"type": "SUPPLIES", "from": "microsoft", "to": "megvii", "provenance": {"source": "watch test"}}]}""");

        var second = await watch.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await watch.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        Assert.Equal(0, watch.ExitCode);
        var diff = JsonDocument.Parse(second!).RootElement;
        Assert.Equal(commit.Sequence, diff.GetProperty("sequence").GetInt64());
        Assert.Equal("megvii", diff.GetProperty("exposure").GetProperty("hits")[0].GetProperty("party").GetProperty("id").GetString());
        Assert.Contains("watching exposure of microsoft on " + _server.BaseUrl, await error, StringComparison.Ordinal);
    }
}
