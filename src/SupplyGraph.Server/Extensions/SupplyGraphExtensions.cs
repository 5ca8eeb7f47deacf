using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Storage;
using SupplyGraph.Cypher;
using SupplyGraph.Neo4j;
using SupplyGraph.Server.Apis;
using SupplyGraph.Server.Hubs;

namespace SupplyGraph.Server.Extensions;

public static class SupplyGraphExtensions
{
    /// <summary>Registers the embedded store (opened, and seeded on first start), keys and roles, the API and the hub.</summary>
    public static void AddSupplyGraph(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("SupplyGraph");
        builder.Services.Configure<SupplyGraphOptions>(section);
        var settings = section.Get<SupplyGraphOptions>() ?? new SupplyGraphOptions();
        settings.Keys(); // a malformed key entry stops the start here, with its message
        builder.Services.AddHostedService<BindingGuard>();

        // SIGTERM: running queries are cancelled at once (QueryGate watches ApplicationStopping); what is left of the
        // shutdown must fit in 5 s whatever was running.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(4));
        builder.Services.AddSingleton<QueryGate>();

        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = settings.MaxRequestBytes);
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemMapping.Complete);
        builder.Services.AddExceptionHandler<ProblemMapping>();
        builder.Services.AddSupplyGraphOpenApi();
        // Numbers are numbers: the web default also reads them from strings, which the document would then offer.
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            AddConverters(o.SerializerOptions.Converters);
        });
        // A query value of the wrong type reaches ProblemMapping, which names the parameter (else: a bare 400).
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddAuthentication(ApiKeyHandler.SchemeName).AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeyHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Read, p => p.RequireRole(Roles.AtLeast(Roles.Reader)))
            .AddPolicy(Policies.Write, p => p.RequireRole(Roles.AtLeast(Roles.Editor)))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin));
        builder.Services.AddSignalR(o => o.EnableDetailedErrors = false).AddJsonProtocol(o => AddConverters(o.PayloadSerializerOptions.Converters))
            .AddRedisBackplane(settings.Redis);
        builder.Services.AddSingleton<Hubs.ChangeFeed>();
        builder.Services.AddSingleton(sp => StoreStartup.OpenSources(sp.GetRequiredService<IOptions<SupplyGraphOptions>>().Value, sp.GetRequiredService<ILogger<Core.Evidence.SourceLibrary>>()));
        if (settings.UsesNeo4j)
        {
            // Neo4j mode: the store contract and Cypher over the Neo4j server.
            builder.Services.AddSingleton(sp => StoreStartup.ConnectNeo4j(sp.GetRequiredService<IOptions<SupplyGraphOptions>>().Value, sp.GetRequiredService<ILogger<Neo4jGraphStore>>()));
            builder.Services.AddSingleton<IGraphStore>(sp => sp.GetRequiredService<Neo4jGraphStore>());
            builder.Services.AddSingleton<ICypherStore>(sp => sp.GetRequiredService<Neo4jGraphStore>());
            // No store file beside Neo4j: the server's side tables live in a file of their own in the data folder.
            builder.Services.AddSingleton(sp => new ServerTables(ServerTablesFile(sp.GetRequiredService<IOptions<SupplyGraphOptions>>().Value)));
        }
        else
        {
            builder.Services.AddSingleton(sp => StoreStartup.OpenEmbedded(sp.GetRequiredService<IOptions<SupplyGraphOptions>>().Value, sp.GetRequiredService<ILogger<EmbeddedGraphStore>>(), sp.GetRequiredService<IHostApplicationLifetime>()));
            builder.Services.AddSingleton<IGraphStore>(sp => sp.GetRequiredService<EmbeddedGraphStore>());
            builder.Services.AddSingleton<ICypherStore>(sp => new EmbeddedCypher(sp.GetRequiredService<EmbeddedGraphStore>()));
            builder.Services.AddSingleton(sp => new ServerTables(sp.GetRequiredService<EmbeddedGraphStore>().FilePath));
        }

        builder.Services.AddSingleton(sp => Core.Screening.WatchlistStore.Open(sp.GetRequiredService<ServerTables>().File));
        builder.AddScreenings(section);

        // From here on no host asks which store it has: live push follows either store's log.
        builder.Services.AddSingleton<LiveService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LiveService>());
    }

    /// <summary>Maps the endpoints and the hub, and opens the store before the first request.</summary>
    public static void MapSupplyGraph(this WebApplication app)
    {
        app.Use(RequestClock.Stamp);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        var settings = app.Services.GetRequiredService<IOptions<SupplyGraphOptions>>().Value;
        RedisBackplane.EnsureReachable(settings.Redis, app.Logger);
        try
        {
            app.Services.GetRequiredService<IGraphStore>();
        }
        catch (InvalidOperationException ex)
        {
            // One clear line in the log before the host stops (the store is unusable: wrong password, unreachable).
            app.Logger.LogCritical("{Message}", ex.Message);
            throw;
        }

        app.MapOpenApi();
        app.MapApiReference();
        var api = app.MapGroup("").WithKeyProblems();
        api.MapHealthApi();
        api.MapEntitiesApi();
        api.MapNeighbourhoodApi();
        api.MapVocabularyApi();
        api.MapRelationshipsApi();
        api.MapBatchesApi();
        api.MapReviewsApi();
        api.MapCypherApi();
        api.MapAnalyticsApi();
        api.MapDocumentsApi();
        api.MapWatchlistsApi();
        api.MapNetworkAnalysesApi();
        app.MapHub<ExposureHub>("/hubs/exposure");
        api.MapScreeningsApi();
        app.MapHub<ScreeningHub>("/hubs/screenings");

        app.MapDashboard();
    }

    /// <summary>Saved screenings on either store: their tables (<see cref="ServerTables"/>), the runner and follower (which follow the store's log), webhooks.</summary>
    private static void AddScreenings(this WebApplicationBuilder builder, IConfigurationSection section)
    {
        builder.Services.Configure<ScreeningOptions>(section.GetSection("Screening"));
        builder.Services.AddHttpClient("webhooks", c => c.Timeout = TimeSpan.FromSeconds(10));
        builder.Services.AddSingleton<WebhookSender>();
        builder.Services.AddSingleton<ScreeningService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ScreeningService>());
    }

    /// <summary>The SQLite file of the server's side tables when the store is not a file (Neo4j).</summary>
    private static string ServerTablesFile(SupplyGraphOptions options)
    {
        var folder = DataFolder.Resolve(options.DataDirectory);
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, "server-tables.db");
    }

    private static void AddConverters(IList<JsonConverter> converters)
    {
        converters.Add(new EntityJsonConverter());
        converters.Add(new RelationshipJsonConverter());
        converters.Add(new ChangeJsonConverter());
        converters.Add(new Core.Review.ReviewJsonConverter());
        converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase));
    }
}
