using SupplyGraph.Core.Import;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Storage;
using SupplyGraph.Server.Apis;

namespace SupplyGraph.Server.Extensions;

public static class SupplyGraphExtensions
{
    /// <summary>Registers the embedded store, opened (and seeded on first start) from configuration.</summary>
    public static void AddSupplyGraph(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new EntityJsonConverter());
            o.SerializerOptions.Converters.Add(new RelationshipJsonConverter());
        });
        builder.Services.AddSingleton(sp =>
        {
            var config = sp.GetRequiredService<IConfiguration>();
            var log = sp.GetRequiredService<ILogger<EmbeddedGraphStore>>();
            var data = DataFolder.Resolve(config["SupplyGraph:DataDirectory"]);
            var seed = config["SupplyGraph:SeedDirectory"] is { Length: > 0 } s ? s : GraphSeed.Locate(Environment.CurrentDirectory, AppContext.BaseDirectory);
            var isNew = !EmbeddedGraphStore.Exists(data);
            var store = GraphSeed.OpenOrCreateAsync(data, seed).GetAwaiter().GetResult();
            log.LogInformation("store {Store}: {Entities} entities, {Relationships} relationships{Seeded}",
                store.FilePath, store.Snapshot.NodeCount, store.Snapshot.EdgeCount, isNew && seed is not null ? " (seeded from " + seed + ")" : "");
            return store;
        });
        builder.Services.AddSingleton<IGraphStore>(sp => sp.GetRequiredService<EmbeddedGraphStore>());
    }

    /// <summary>Maps the endpoints and opens the store before the first request.</summary>
    public static void MapSupplyGraph(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Services.GetRequiredService<EmbeddedGraphStore>();
        app.MapHealthApi();
        app.MapEntitiesApi();
    }
}
