using SupplyGraph.Core.Evidence;
using SupplyGraph.Core.Import;
using SupplyGraph.Core.Storage;
using SupplyGraph.Neo4j;

namespace SupplyGraph.Server.Extensions;

/// <summary>Opens the configured store: the embedded file (seeded on first start) or a Neo4j server (waited for, seeded when empty).</summary>
public static class StoreStartup
{
    public static EmbeddedGraphStore OpenEmbedded(SupplyGraphOptions options, ILogger log, IHostApplicationLifetime lifetime)
    {
        var data = DataFolder.Resolve(options.DataDirectory);
        var seed = Seed(options);
        var isNew = !EmbeddedGraphStore.Exists(data);
        var store = GraphSeed.OpenOrCreateAsync(data, seed).GetAwaiter().GetResult();
        // A server searches names for most requests and takes writes: each base's name index is built off the request
        // path, once the server has started (built during start-up on 2 cores, it delayed the first /health of a 10M-
        // entity store from about 5 s to 11-12 s).
        lifetime.ApplicationStarted.Register(() => store.PrepareNameIndex = true);
        log.LogInformation("store {Store}: {Entities} entities, {Relationships} relationships{Seeded}",
            store.FilePath, store.Snapshot.LiveNodeCount, store.Snapshot.LiveEdgeCount, isNew && seed is not null ? " (seeded from " + seed + ")" : "");
        return store;
    }

    /// <summary>
    /// Connects to Neo4j, retrying with backoff while it is unreachable (a container may still be starting), and
    /// loads the seed graph into an empty database. A wrong password fails at once, saying so.
    /// </summary>
    public static Neo4jGraphStore ConnectNeo4j(SupplyGraphOptions options, ILogger log)
    {
        var password = options.Neo4jPassword ?? Environment.GetEnvironmentVariable("SUPPLYGRAPH_NEO4J_PASSWORD") ?? "";
        var settings = new Neo4jSettings(new Uri(options.Neo4jUrl!), options.Neo4jUser, password, options.Neo4jDatabase);
        var store = new Neo4jGraphStore(settings);
        var total = TimeSpan.FromSeconds(options.Neo4jStartupSeconds);
        var pipeline = Neo4jStartupRetry.Create(total, log, settings.Url);
        // The DI factory is synchronous: it waits once for the whole asynchronous connect (the waits between attempts
        // are Polly's, on timers, not a sleeping thread).
        return Neo4jStartupRetry.RunAsync(pipeline, settings.Url, total, async token =>
        {
            var stats = await store.GetStatisticsAsync(token);
            if (stats.Entities == 0 && Seed(options) is { } seed)
            {
                await SeedAsync(store, seed, log);
                stats = await store.GetStatisticsAsync(token);
            }

            log.LogInformation("store {Store}: {Entities} entities, {Relationships} relationships", store.Description, stats.Entities, stats.Relationships);
            return store;
        }).GetAwaiter().GetResult();
    }

    private static async Task SeedAsync(Neo4jGraphStore neo4j, string seed, ILogger log)
    {
        // The seed is read into a scratch embedded store (its importer resolves names and checks the data), then pushed.
        var scratch = Path.Combine(Path.GetTempPath(), "supplygraph-seed-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var store = EmbeddedGraphStore.Open(scratch);
            await GraphSeed.LoadAsync(store, seed);
            var (entities, relationships) = await Neo4jSync.PushAsync(store.Snapshot, neo4j);
            log.LogInformation("seeded Neo4j from {Seed}: {Entities} entities, {Relationships} relationships", seed, entities, relationships);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>
    /// The sources that evidence cites (the configured folder, else the seed's <c>sources/</c>); none when neither
    /// exists. A catalog that is there but broken stops the start with its message.
    /// </summary>
    public static SourceLibrary OpenSources(SupplyGraphOptions options, ILogger log)
    {
        var folder = !string.IsNullOrEmpty(options.SourcesDirectory) ? options.SourcesDirectory
            : Seed(options) is { } seed ? Path.Combine(seed, SourceLibrary.FolderName) : null;
        if (folder is null || !File.Exists(Path.Combine(folder, SourceLibrary.CatalogName)))
        {
            log.LogInformation("no source catalog ({Folder}): evidence names its sources without serving them", folder ?? "no seed folder");
            return SourceLibrary.Empty;
        }

        var library = SourceLibrary.Load(folder);
        log.LogInformation("sources: {Count} from {Folder}", library.Sources.Count, folder);
        return library;
    }

    private static string? Seed(SupplyGraphOptions options) =>
        !string.IsNullOrEmpty(options.SeedDirectory) ? options.SeedDirectory : GraphSeed.Locate(Environment.CurrentDirectory, AppContext.BaseDirectory);
}
