using System.Diagnostics;
using System.Text.Json;
using SupplyGraph.Core.Tests.Support;

namespace SupplyGraph.Server.Tests;

/// <summary>The dashboard in a real browser (Debian's headless Chromium, driven by playwright-core) against the real server.</summary>
public sealed class DashboardTests(KestrelServerFactory server) : IClassFixture<KestrelServerFactory>
{
    [Fact]
    public async Task Dashboard_WatchExposureAndOwnership_ShowsPushedChangesAndResumesAfterADrop()
    {
        var folder = Path.Combine(RepoPaths.Root, "tests", "browser");
        Assert.True(File.Exists("/usr/bin/chromium") && Directory.Exists(Path.Combine(folder, "node_modules", "playwright-core")),
            "run scripts/test.sh (it installs Debian's chromium and playwright-core)");
        var info = new ProcessStartInfo("node", [Path.Combine(folder, "dashboard.cjs"), server.BaseUrl, ServerFactory.ReaderKey, ServerFactory.EditorKey])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var node = Process.Start(info)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await node.WaitForExitAsync(cts.Token);
        var text = await stdout;
        Assert.True(node.ExitCode == 0, text + await stderr);
        var seen = JsonDocument.Parse(text.Trim().Split('\n')[^1]).RootElement;

        Assert.Equal("SupplyGraph — live exposure", seen.GetProperty("title").GetString());
        Assert.Contains("Entity List", seen.GetProperty("listings").GetString(), StringComparison.Ordinal);
        Assert.Equal("online", seen.GetProperty("status").GetString());
        Assert.Equal(["megvii"], seen.GetProperty("initial").EnumerateArray().Select(p => p.GetString()));
        Assert.Contains("sugon", seen.GetProperty("afterAdd").EnumerateArray().Select(p => p.GetString()));
        Assert.Contains("SUPPLIES", seen.GetProperty("chain").GetString(), StringComparison.Ordinal);
        Assert.Contains("servers", seen.GetProperty("chain").GetString(), StringComparison.Ordinal);
        Assert.Equal(["megvii"], seen.GetProperty("afterResume").EnumerateArray().Select(p => p.GetString()));
        Assert.Contains(seen.GetProperty("log").EnumerateArray(), l => l.GetString()!.Contains("− sugon", StringComparison.Ordinal));
        Assert.Equal("online", seen.GetProperty("statusAfter").GetString());
        Assert.Contains("holds 51 %", seen.GetProperty("owners").GetString(), StringComparison.Ordinal);
        Assert.Contains(seen.GetProperty("ownershipLog").EnumerateArray(), l => l.GetString()!.Contains("not blocked → blocked", StringComparison.Ordinal));
        Assert.True(seen.GetProperty("errors").GetArrayLength() == 0, seen.GetProperty("errors").ToString());
    }
}
