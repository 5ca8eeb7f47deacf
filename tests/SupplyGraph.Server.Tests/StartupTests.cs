using SupplyGraph.Core.Tests.Support;
using SupplyGraph.Server.Tests.Attacks;

namespace SupplyGraph.Server.Tests;

/// <summary>One store folder for every start-up attempt of the class (one process at a time), seeded by the first.</summary>
public sealed class StartupFolder : IDisposable
{
    private readonly TempFolder _folder = new();

    public string Data => Path.Combine(_folder.Path, "data");

    public void Dispose() => _folder.Dispose();
}

public sealed class StartupTests(StartupFolder folder) : IClassFixture<StartupFolder>
{
    public static TheoryData<string[]> OpenBindings => new()
    {
        // The classic route: urls.
        new[] { "--urls", "http://0.0.0.0:0" },
        // Kestrel's own endpoint configuration, which the old guard never read.
        new[] { "--urls", "http://127.0.0.1:0", "--Kestrel:Endpoints:Http:Url=http://0.0.0.0:0" },
        // No urls at all, only http_ports: Kestrel binds every interface.
        new[] { "--urls=", "--http_ports=0" },
        // A wildcard host.
        new[] { "--urls", "http://*:0" },
    };

    [Theory]
    [MemberData(nameof(OpenBindings))]
    public async Task Server_BoundBeyondLoopbackWithoutKeys_RefusesToStart(string[] arguments)
    {
        var info = ServerProcess.StartInfo(folder.Data, new Dictionary<string, string>(), arguments);
        var (exitCode, output) = await ServerProcess.RunToExitAsync(info, TimeSpan.FromSeconds(90));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("refusing to start", output, StringComparison.Ordinal);
    }

    [Theory]
    // Each reported form of a loopback or local-only address.
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("http://localhost:5080", true)]
    [InlineData("unix:/tmp/supplygraph.sock", true)]
    // Every interface, in each spelling Kestrel or users use.
    [InlineData("http://0.0.0.0:5080", false)]
    [InlineData("http://[::]:5080", false)]
    [InlineData("http://*:5080", false)]
    [InlineData("http://+:5080", false)]
    // A name or an outward address.
    [InlineData("http://example.org:5080", false)]
    [InlineData("http://192.0.2.7:5080", false)]
    public void BindingGuard_Address_IsLoopbackOnlyForLocalAddresses(string address, bool loopback) =>
        Assert.Equal(loopback, Extensions.BindingGuard.IsLoopback(address));
}
