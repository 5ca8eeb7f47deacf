using System.Diagnostics;
using SupplyGraph.Core.Tests.Support;

namespace SupplyGraph.Server.Tests;

public sealed class StartupTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Server_BoundBeyondLoopbackWithoutKeys_RefusesToStart()
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "SupplyGraph.Server.dll"));
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add("http://0.0.0.0:0");
        info.Environment["SupplyGraph__DataDirectory"] = Path.Combine(_folder.Path, "data");
        info.Environment.Remove("SUPPLYGRAPH_API_KEYS");
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cts.Token);
        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains("refusing to start", error + await output, StringComparison.Ordinal);
    }
}
