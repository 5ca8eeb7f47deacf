using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Storage;
using SupplyGraph.Server.Extensions;

namespace SupplyGraph.Server.Apis;

/// <summary>
/// Paths, exposure, ownership — and each of them on a hypothetical batch (what-if) — answered the same way on every
/// store: the in-memory kernels over the store's graph (<see cref="IGraphStore.GraphAsync"/>), which on Neo4j is a
/// projection kept current from the change log.
/// </summary>
public static class AnalyticsApi
{
    private const string WhatIfBody = " The body is a batch in the import JSON format (as for POST /api/batches); it is applied to a copy of the graph only, never stored.";

    public static void MapAnalyticsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Analytics").RequireAuthorization(Policies.Read);
        api.MapGet("/paths", async (IGraphStore s, [AsParameters] PathsParameters p, [AsParameters] TraversalFilter f, HttpContext h, IOptions<SupplyGraphOptions> o, QueryGate g) =>
        {
            var graph = await s.GraphAsync(h.RequestAborted);
            return await Budgeted(g, h, t => PathsOn(graph, p, f, o.Value, t));
        }).Budgeted().WithSummary("Routes between two entities, with the evidence for every hop")
            .WithDescription("The shortest route (k=1), the k shortest, or all simple routes within maxHops between two entities, each hop with its relationship and provenance (source, quote, date, confidence). Names are resolved as in search; an ambiguous name is 400 with the candidates.");
        api.MapGet("/exposure", async (IGraphStore s, [AsParameters] ExposureParameters p, [AsParameters] TraversalFilter f, HttpContext h, IOptions<SupplyGraphOptions> o, QueryGate g) =>
        {
            var graph = await s.GraphAsync(h.RequestAborted);
            return await Budgeted(g, h, t => ExposureOn(graph, p, f, o.Value, t));
        }).Budgeted().WithSummary("Listed parties an entity (or a set) can reach, with the route to each")
            .WithDescription("Every listed party within maxHops of the entity or entities, with the route and the listings, and a score: 0 = no listed party in reach, 1 = a source is itself listed; each hit weighs confidence × 2^−hops and hits combine as 1 − Π(1 − weight). reverse=true asks who is exposed to one entity.");
        api.MapGet("/ownership/{id}", async (IGraphStore s, string id, [AsParameters] OwnershipParameters p, HttpContext h, QueryGate g) =>
        {
            var graph = await s.GraphAsync(h.RequestAborted);
            return await Budgeted(g, h, _ => OwnershipOn(graph, id, p));
        }).Budgeted().WithSummary("Whether an entity is blocked by ownership under a rule, and why")
            .WithDescription("The rule's determination for the entity (id or name): its status, the listed owners and the aggregated share, with an explanation. When the rule's lists hold no data, listsWithoutData names them and the explanation says this is not a clearance.");
        api.MapGet("/look-through/{id}", async (IGraphStore s, string id,
            [FromQuery(Name = "downstream"), Description("false (default): who holds the entity through every chain above it; true: what it holds below.")] bool? downstream,
            [FromQuery(Name = "asOf"), Description("The day of the stakes (YYYY-MM-DD). Default: every stake regardless of its dates.")] DateOnly? asOf,
            HttpContext h, QueryGate g) =>
        {
            var graph = await s.GraphAsync(h.RequestAborted);
            return await Budgeted(g, h, _ => LookThroughOn(graph, id, downstream ?? false, asOf));
        }).Budgeted().WithSummary("Effective (look-through) stakes above or below an entity")
            .WithDescription("Who holds how much of the entity through every ownership chain above it (or, downstream=true, what it holds below), multiplied along each chain and summed, with the stakes among those parties so that a client can draw them.");

        api.MapPost("/what-if/paths", async (IGraphStore s, [AsParameters] PathsParameters p, [AsParameters] TraversalFilter f, HttpContext h, IOptions<SupplyGraphOptions> o, QueryGate g) =>
        {
            var (before, after) = await HypotheticalAsync(s, h.Request, o.Value, h.RequestAborted);
            return await Budgeted(g, h, t => new WhatIfPathsResponse(PathsOn(before, p, f, o.Value, t), PathsOn(after, p, f, o.Value, t)));
        }).Budgeted().AcceptsJson<BatchRequest>().WithSummary("Routes before and after a hypothetical batch")
            .WithDescription("As GET /api/paths, on the graph as it is and as it would be with the body's changes." + WhatIfBody);
        api.MapPost("/what-if/exposure", async (IGraphStore s, [AsParameters] ExposureParameters p, [AsParameters] TraversalFilter f, HttpContext h, IOptions<SupplyGraphOptions> o, QueryGate g) =>
        {
            var (before, after) = await HypotheticalAsync(s, h.Request, o.Value, h.RequestAborted);
            return await Budgeted(g, h, t =>
            {
                var was = ExposureOn(before, p, f, o.Value, t);
                var now = ExposureOn(after, p, f, o.Value, t);
                return new WhatIfResponse<ExposureResult, ExposureDiff>(was, now, WhatIf.Compare(was, now));
            });
        }).Budgeted().AcceptsJson<BatchRequest>().WithSummary("Exposure before and after a hypothetical batch, and what changed")
            .WithDescription("As GET /api/exposure, on the graph as it is and as it would be with the body's changes; changes lists the hits gained and lost." + WhatIfBody);
        api.MapPost("/what-if/ownership/{id}", async (IGraphStore s, string id, [AsParameters] OwnershipParameters p, HttpContext h, IOptions<SupplyGraphOptions> o, QueryGate g) =>
        {
            var (before, after) = await HypotheticalAsync(s, h.Request, o.Value, h.RequestAborted);
            return await Budgeted(g, h, _ =>
            {
                var (rule, asOf, lists) = p.Resolve();
                var was = OwnershipAnalysis.Run(before, rule, asOf, lists);
                var now = OwnershipAnalysis.Run(after, rule, asOf, lists);
                return new WhatIfResponse<OwnershipDetermination, IReadOnlyList<OwnershipFlip>>(was.Determine(Id(before, id)), now.Determine(Id(after, id)), WhatIf.Compare(was, now));
            });
        }).Budgeted().AcceptsJson<BatchRequest>().WithSummary("An ownership determination before and after a hypothetical batch")
            .WithDescription("As GET /api/ownership/{id}, on the graph as it is and as it would be with the body's changes; changes lists every entity whose status flips." + WhatIfBody);
    }

    /// <summary>
    /// Runs a query through the gate: within the caller's time budget, on the thread pool. The traversal itself watches
    /// the token, so a client that goes away, a spent budget or a stopping server ends the work, not only the wait.
    /// Memory needs no meter here: every answer is capped by hops and results.
    /// </summary>
    internal static async Task<Ok<T>> Budgeted<T>(QueryGate gate, HttpContext http, Func<CancellationToken, T> query) =>
        TypedResults.Ok(await gate.RunAsync(http, "maxHops", (_, _, token) => Task.FromResult(query(token))));

    private static PathsResponse PathsOn(GraphSnapshot graph, PathsParameters p, TraversalFilter filter, SupplyGraphOptions options, CancellationToken cancellation)
    {
        var from = Id(graph, QueryValues.Required(p.From, "from"), "from");
        var to = Id(graph, QueryValues.Required(p.To, "to"), "to");
        var query = filter.Apply(PathQuery.Default, options) with
        {
            MaxResults = QueryValues.Int(p.Limit, "limit", 100, options.MaxResults),
            Cancellation = cancellation,
            Weight = p.Weight switch { null => null, "confidence" => PathWeights.Confidence, var property => PathWeights.Property(property) },
        };
        var k = QueryValues.Int(p.K, "k", 1, 100);
        if (p.All is true)
        {
            var all = Paths.AllSimple(graph, from, to, query, out var truncated);
            return new PathsResponse(all, truncated);
        }

        return k == 1
            ? new PathsResponse(Paths.Shortest(graph, from, to, query) is { } shortest ? [shortest] : [], false)
            : new PathsResponse(Paths.KShortest(graph, from, to, k, query), false);
    }

    private static ExposureResult ExposureOn(GraphSnapshot graph, ExposureParameters p, TraversalFilter filter, SupplyGraphOptions options, CancellationToken cancellation)
    {
        var entities = (p.Entity ?? []).Where(e => !string.IsNullOrEmpty(e)).Select(e => Id(graph, e, "entity")).ToList();
        if (entities.Count == 0)
        {
            throw new ArgumentException("query parameter 'entity' is required (repeat it for a set)", "entity");
        }

        var query = filter.Apply(ExposureQuery.Default, options) with
        {
            Lists = QueryValues.List(p.Lists),
            MaxResults = QueryValues.Int(p.Limit, "limit", options.MaxResults, options.MaxResults),
            Cancellation = cancellation,
        };
        return p.Reverse is true ? Exposure.To(graph, entities.Single(), query) : Exposure.Of(graph, entities, query);
    }

    private static OwnershipDetermination OwnershipOn(GraphSnapshot graph, string id, OwnershipParameters p)
    {
        var (rule, asOf, lists) = p.Resolve();
        return OwnershipAnalysis.Run(graph, rule, asOf, lists).Determine(Id(graph, id));
    }

    /// <summary>
    /// Look-through (effective) stakes: who holds how much of the entity through every chain above it, or
    /// (<c>downstream=true</c>) what it holds below; with the stakes among those parties, so that a client can draw them.
    /// </summary>
    private static LookThroughResponse LookThroughOn(GraphSnapshot graph, string reference, bool downstream, DateOnly? asOf)
    {
        var id = Id(graph, reference);
        var shares = downstream ? LookThrough.Downstream(graph, id, asOf) : LookThrough.Upstream(graph, id, asOf);
        var parties = shares.Select(x => x.Entity.Id).Append(id).ToHashSet(StringComparer.Ordinal);
        var stakes = OwnershipGraph.Of(graph, asOf);
        var relationships = new List<Core.Model.Relationship>();
        for (var k = 0; k < stakes.Edges.Length; k++)
        {
            if (parties.Contains(graph.Entity(stakes.Owners[k]).Id) && parties.Contains(graph.Entity(stakes.OwnedNodes[k]).Id))
            {
                relationships.Add(graph.Relationship(stakes.Edges[k]));
            }
        }

        return new LookThroughResponse(graph.FindEntity(id)!, downstream ? "downstream" : "upstream", asOf, shares, relationships);
    }

    private static async Task<(GraphSnapshot Before, GraphSnapshot After)> HypotheticalAsync(IGraphStore store, HttpRequest request, SupplyGraphOptions options, CancellationToken ct) =>
        await store.WhatIfAsync(await BatchesApi.ReadBatchAsync(store, request, options, ct), ct);

    internal static string Id(GraphSnapshot graph, string reference, string field = "id")
    {
        try
        {
            return graph.Resolve(reference).Id;
        }
        catch (Core.Model.EntityNotFoundException ex)
        {
            throw new ArgumentException(ex.Message, field);
        }
    }
}

/// <summary>Look-through stakes of <c>Entity</c> (owners above it, or holdings below it) and the stakes among those parties.</summary>
public sealed record LookThroughResponse(Core.Model.Entity Entity, string Direction, DateOnly? AsOf, IReadOnlyList<LookThroughShare> Shares, IReadOnlyList<Core.Model.Relationship> Relationships);

/// <summary>Routes found, and whether more existed than were listed (all=true only).</summary>
public sealed record PathsResponse(IReadOnlyList<GraphPath> Paths, bool Truncated);

/// <summary>Routes on the graph as it is and as it would be.</summary>
public sealed record WhatIfPathsResponse(PathsResponse Before, PathsResponse After);

/// <summary>An answer on the graph as it is and as it would be, and what changed between them.</summary>
public sealed record WhatIfResponse<T, TChanges>(T Before, T After, TChanges Changes);
