using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using SupplyGraph.Core.Tests.Support;

namespace SupplyGraph.Server.Tests;

/// <summary>The real server on a fresh store folder, seeded from the repository's graph-seed on first start.</summary>
public class ServerFactory : WebApplicationFactory<Program>
{
    public const string ReaderKey = "reader-key-0001";
    public const string EditorKey = "editor-key-0001";
    public const string AdminKey = "admin-key-00001";

    private readonly TempFolder _folder = new();

    public string DataDirectory => Path.Combine(_folder.Path, "data");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("SupplyGraph:DataDirectory", DataDirectory);
        builder.UseSetting("SupplyGraph:SeedDirectory", Core.Tests.Support.RepoPaths.Seed);
        builder.UseSetting("SupplyGraph:ApiKeys:0", "reader:" + ReaderKey);
        builder.UseSetting("SupplyGraph:ApiKeys:1", "editor:" + EditorKey);
        builder.UseSetting("SupplyGraph:ApiKeys:2", "admin:" + AdminKey);
        builder.UseSetting("SupplyGraph:AnonymousLoopbackRole", "");
        builder.UseSetting("SupplyGraph:MaxBatchChanges", "50");
        builder.UseSetting("SupplyGraph:ResumeGraceSeconds", "60");
    }

    public HttpClient Client(string? key)
    {
        var client = CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _folder.Dispose();
    }
}
