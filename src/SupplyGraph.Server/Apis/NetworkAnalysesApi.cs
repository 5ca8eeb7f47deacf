using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Analytics;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Storage;
using SupplyGraph.Server.Extensions;

namespace SupplyGraph.Server.Apis;

/// <summary>
/// The network analyses of <c>SupplyGraph.Core.Analytics</c> (chokepoints, ownership cycles, exposure timeline, key
/// intermediaries) over the store's graph, through the same query gate and filters as <see cref="AnalyticsApi"/>.
/// </summary>
public static class NetworkAnalysesApi
{
    public static void MapNetworkAnalysesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Analytics").RequireAuthorization(Policies.Read);
        api.MapGet("/chokepoints", async (IGraphStore s,
            [FromQuery(Name = "from"), Description("The party (id or name) the routes start from.")] string? from,
            [FromQuery(Name = "to"), Description("The target (id or name), or listed: any party on the lists.")] string? to,
            [FromQuery(Name = "lists"), Description("With to=listed: only these lists (ids; repeat or comma-separated). Default: every list.")] string[]? lists,
            [FromQuery(Name = "limit"), Description("At most this many cut nodes with their routes, from 1 to the server's MaxResults. Default: 20.")] int? limit,
            [FromQuery(Name = "anyItems"), Description("false (default): when `from` or `to` is goods (a Technology), a relationship that states items is followed only if one names those goods " +
                "(the others are returned in `setAside`); true: every relationship is followed.")] bool? anyItems,
            [AsParameters] TraversalFilter f, HttpContext h, IOptions<SupplyGraphOptions> o, QueryGate g) =>
        {
            var graph = await s.GraphAsync(h.RequestAborted);
            return await AnalyticsApi.Budgeted(g, h, t => ChokepointsOn(graph, from, to, lists, limit, anyItems ?? false, f, o.Value, t));
        }).Budgeted()
            .WithSummary("Chokepoints between a party and a target or any listed party")
            .WithDescription("The minimum vertex cut (intermediaries, each with an evidenced route through it) and the minimum edge cut " +
                "(relationships) that carry every route from `from` to `to` (an entity, or `listed` for any listed party on `lists`) " +
                "within the usual filters (types, direction, maxHops, asOf, avoid/require labels and countries), and the number of disjoint routes. " +
                "When an end is goods (a Technology), routes follow only relationships that state no items or whose items name the goods (`anyItems` turns this off).");
        api.MapGet("/entities/{id}/timeline", async (IGraphStore s, string id,
            [FromQuery(Name = "lists"), Description("Only these lists (ids; repeat or comma-separated). Default: every list.")] string[]? lists,
            [AsParameters] TraversalFilter f, HttpContext h, IOptions<SupplyGraphOptions> o, QueryGate g) =>
        {
            var graph = await s.GraphAsync(h.RequestAborted);
            var log = await ExposureTimelines.ReadLogAsync(s, h.RequestAborted);
            return await AnalyticsApi.Budgeted(g, h, t => TimelineOn(graph, id, log, lists, f, o.Value, t));
        }).Budgeted()
            .WithSummary("Exposure timeline of an entity")
            .WithDescription("Since when the entity is exposed and through what: `byValidity` steps on the days relationships and listings within " +
                "`maxHops` begin or end, `byCommit` steps at the change-log commits that changed its exposure; each step with the hits gained and lost and their paths. " +
                "Takes the exposure filters (types, direction, maxHops, lists, avoid/require labels and countries).");
        api.MapGet("/intermediaries", async (IGraphStore s,
            [FromQuery(Name = "entity"), Description("The parties (ids or names) the routes start from; repeat for a set.")] string[]? entity,
            [FromQuery(Name = "lists"), Description("Only these lists (ids; repeat or comma-separated). Default: every list.")] string[]? lists,
            [FromQuery(Name = "limit"), Description("At most this many intermediaries, from 1 to the server's MaxResults. Default: 10.")] int? limit,
            [AsParameters] TraversalFilter f, HttpContext h, IOptions<SupplyGraphOptions> o, QueryGate g) =>
        {
            var graph = await s.GraphAsync(h.RequestAborted);
            return await AnalyticsApi.Budgeted(g, h, t => IntermediariesOn(graph, entity, lists, limit, f, o.Value, t));
        }).Budgeted()
            .WithSummary("Key intermediaries between parties and listed parties")
            .WithDescription("The nodes carrying the most shortest routes from the `entity` parties (repeat it for a set) to listed parties on `lists` " +
                "within `maxHops`: per node the number of shortest routes through it, its Brandes dependency and one example route with evidence; `limit` caps the list (default 10).");
        api.MapGet("/ownership/cycles", async (IGraphStore s,
            [FromQuery(Name = "asOf"), Description("Only stakes valid on this day (YYYY-MM-DD). Default: every stake regardless of its dates.")] DateOnly? asOf,
            HttpContext h, QueryGate g) =>
        {
            var graph = await s.GraphAsync(h.RequestAborted);
            return await AnalyticsApi.Budgeted(g, h, _ => new OwnershipCyclesResponse(OwnershipCycles.All(graph, asOf)));
        }).Budgeted()
            .WithSummary("Every circular or cross ownership")
            .WithDescription("The strongly connected components of OWNS, CONTROLS and SUBSIDIARY_OF (parent → subsidiary) valid on `asOf` " +
                "(every stake when not given): each with its members, every stake between them with share and evidence, and one shortest loop.");
    }

    internal static ExposureTimeline TimelineOn(GraphSnapshot graph, string id, IReadOnlyList<Core.Model.ChangeLogEntry> log, string[]? lists,
        TraversalFilter filter, SupplyGraphOptions options, CancellationToken cancellation)
    {
        var query = filter.Apply(ExposureQuery.Default, options) with { Lists = QueryValues.List(lists), Cancellation = cancellation };
        return ExposureTimelines.Of(graph, AnalyticsApi.Id(graph, id), query, log);
    }

    internal static KeyIntermediariesResult IntermediariesOn(GraphSnapshot graph, string[]? entity, string[]? lists, int? limit, TraversalFilter filter,
        SupplyGraphOptions options, CancellationToken cancellation)
    {
        var entities = (entity ?? []).Where(e => !string.IsNullOrEmpty(e)).Select(e => AnalyticsApi.Id(graph, e, "entity")).ToList();
        if (entities.Count == 0)
        {
            throw new ArgumentException("query parameter 'entity' is required (repeat it for a set)", "entity");
        }

        var query = filter.Apply(ExposureQuery.Default, options) with
        {
            Lists = QueryValues.List(lists),
            MaxResults = QueryValues.Int(limit, "limit", 10, options.MaxResults),
            Cancellation = cancellation,
        };
        return KeyIntermediaries.Of(graph, entities, query);
    }

    internal static ChokepointResult ChokepointsOn(GraphSnapshot graph, string? from, string? to, string[]? lists, int? limit, bool anyItems, TraversalFilter filter,
        SupplyGraphOptions options, CancellationToken cancellation)
    {
        var source = AnalyticsApi.Id(graph, QueryValues.Required(from, "from"), "from");
        var target = QueryValues.Required(to, "to");
        var query = filter.Apply(ExposureQuery.Default, options) with
        {
            Lists = QueryValues.List(lists),
            MaxResults = QueryValues.Int(limit, "limit", 20, options.MaxResults),
            Cancellation = cancellation,
        };
        return target == "listed"
            ? Chokepoints.ToListed(graph, source, query, anyItems)
            : Chokepoints.Between(graph, source, AnalyticsApi.Id(graph, target, "to"), query, anyItems);
    }
}

/// <summary>Every ownership cycle of the graph.</summary>
public sealed record OwnershipCyclesResponse(IReadOnlyList<OwnershipCycle> Cycles);
