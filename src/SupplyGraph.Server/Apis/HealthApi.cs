using SupplyGraph.Core.Storage;
using SupplyGraph.Server.Extensions;
using SupplyGraph.Server.Hubs;

namespace SupplyGraph.Server.Apis;

public static class HealthApi
{
    public static void MapHealthApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/health", async (IGraphStore store, QueryGate gate, IServiceProvider services, CancellationToken ct) =>
        {
            var stats = await store.GetStatisticsAsync(ct);
            var live = services.GetService<LiveService>();
            return TypedResults.Ok(new HealthResponse("ok", store.Description, live is not null, stats.Entities, stats.Relationships, stats.LastSequence, live?.SubscriptionCount ?? 0, live?.UpdatesSent ?? 0,
                gate.Running, gate.Waiting));
        }).AllowAnonymous().WithTags("Health")
            .WithSummary("Whether the server is up, and its store's size")
            .WithDescription("No key needed: the store, its entity and relationship counts and last sequence number, live subscriptions, and the queries running and waiting now.");
}

/// <summary>
/// The store's size and sequence; whether the hub pushes live answers and changes (<c>live</c>: on either store, since
/// both follow their change log); live subscriptions; queries holding a slot now and waiting for one.
/// </summary>
public sealed record HealthResponse(string Status, string Store, bool Live, int Entities, int Relationships, long LastSequence, int Subscriptions, long UpdatesSent, int RunningQueries, int WaitingQueries);
