using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using SupplyGraph.Core.Tests.Support;

namespace SupplyGraph.Server.Tests;

/// <summary>The real server on a fresh store folder, seeded from the repository's graph-seed on first start.</summary>
public sealed class ServerFactory : WebApplicationFactory<Program>
{
    private readonly TempFolder _folder = new();

    public string DataDirectory => Path.Combine(_folder.Path, "data");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("SupplyGraph:DataDirectory", DataDirectory);
        builder.UseSetting("SupplyGraph:SeedDirectory", RepoPaths.Seed);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _folder.Dispose();
    }
}
