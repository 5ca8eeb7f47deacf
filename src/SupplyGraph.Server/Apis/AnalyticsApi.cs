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
    public static void MapAnalyticsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Analytics").RequireAuthorization(Policies.Read);
        api.MapGet("/paths", async (IGraphStore s, HttpContext h, IOptions<SupplyGraphOptions> o, QueryGate g) =>
        {
            var graph = await s.GraphAsync(h.RequestAborted);
            return await Budgeted(g, h, t => PathsOn(graph, h.Request, o.Value, t));
        });
        api.MapGet("/exposure", async (IGraphStore s, HttpContext h, IOptions<SupplyGraphOptions> o, QueryGate g) =>
        {
            var graph = await s.GraphAsync(h.RequestAborted);
            return await Budgeted(g, h, t => ExposureOn(graph, h.Request, o.Value, t));
        });
        api.MapGet("/ownership/{id}", async (IGraphStore s, string id, HttpContext h, QueryGate g) =>
        {
            var graph = await s.GraphAsync(h.RequestAborted);
            return await Budgeted(g, h, _ => OwnershipOn(graph, id, h.Request));
        });

        api.MapPost("/what-if/paths", async (IGraphStore s, HttpContext h, IOptions<SupplyGraphOptions> o, QueryGate g) =>
        {
            var (before, after) = await HypotheticalAsync(s, h.Request, o.Value, h.RequestAborted);
            return await Budgeted(g, h, t => new WhatIfResponse<PathsResponse>(PathsOn(before, h.Request, o.Value, t), PathsOn(after, h.Request, o.Value, t), null));
        });
        api.MapPost("/what-if/exposure", async (IGraphStore s, HttpContext h, IOptions<SupplyGraphOptions> o, QueryGate g) =>
        {
            var (before, after) = await HypotheticalAsync(s, h.Request, o.Value, h.RequestAborted);
            return await Budgeted(g, h, t =>
            {
                var was = ExposureOn(before, h.Request, o.Value, t);
                var now = ExposureOn(after, h.Request, o.Value, t);
                return new WhatIfResponse<ExposureResult>(was, now, WhatIf.Compare(was, now));
            });
        });
        api.MapPost("/what-if/ownership/{id}", async (IGraphStore s, string id, HttpContext h, IOptions<SupplyGraphOptions> o, QueryGate g) =>
        {
            var (before, after) = await HypotheticalAsync(s, h.Request, o.Value, h.RequestAborted);
            return await Budgeted(g, h, _ =>
            {
                var (rule, asOf, lists) = Rule(h.Request);
                var was = OwnershipAnalysis.Run(before, rule, asOf, lists);
                var now = OwnershipAnalysis.Run(after, rule, asOf, lists);
                return new WhatIfResponse<OwnershipDetermination>(was.Determine(Id(before, id)), now.Determine(Id(after, id)), WhatIf.Compare(was, now));
            });
        });
    }

    /// <summary>
    /// Runs a query through the gate: within the caller's time budget, on the thread pool. The traversal itself watches
    /// the token, so a client that goes away, a spent budget or a stopping server ends the work, not only the wait.
    /// Memory needs no meter here: every answer is capped by hops and results.
    /// </summary>
    internal static async Task<IResult> Budgeted<T>(QueryGate gate, HttpContext http, Func<CancellationToken, T> query) =>
        TypedResults.Ok(await gate.RunAsync(http, "maxHops", (_, _, token) => Task.FromResult(query(token))));

    private static PathsResponse PathsOn(GraphSnapshot graph, HttpRequest request, SupplyGraphOptions options, CancellationToken cancellation)
    {
        var from = Id(graph, Http.Required(request, "from"), "from");
        var to = Id(graph, Http.Required(request, "to"), "to");
        var query = Http.Filters(request, PathQuery.Default, options) with
        {
            MaxResults = Http.Int(request, "limit", 100, options.MaxResults),
            Cancellation = cancellation,
            Weight = request.Query["weight"].FirstOrDefault() switch { null => null, "confidence" => PathWeights.Confidence, var p => PathWeights.Property(p) },
        };
        var k = Http.Int(request, "k", 1, 100);
        if (request.Query["all"].FirstOrDefault() is "true")
        {
            var all = Paths.AllSimple(graph, from, to, query, out var truncated);
            return new PathsResponse(all, truncated);
        }

        return k == 1
            ? new PathsResponse(Paths.Shortest(graph, from, to, query) is { } shortest ? [shortest] : [], false)
            : new PathsResponse(Paths.KShortest(graph, from, to, k, query), false);
    }

    private static ExposureResult ExposureOn(GraphSnapshot graph, HttpRequest request, SupplyGraphOptions options, CancellationToken cancellation)
    {
        var entities = request.Query["entity"].Where(e => !string.IsNullOrEmpty(e)).Select(e => Id(graph, e!, "entity")).ToList();
        if (entities.Count == 0)
        {
            throw new ArgumentException("query parameter 'entity' is required (repeat it for a set)", "entity");
        }

        var query = Http.Filters(request, ExposureQuery.Default, options) with
        {
            Lists = Http.List(request, "lists"),
            MaxResults = Http.Int(request, "limit", options.MaxResults, options.MaxResults),
            Cancellation = cancellation,
        };
        return request.Query["reverse"].FirstOrDefault() is "true" ? Exposure.To(graph, entities.Single(), query) : Exposure.Of(graph, entities, query);
    }

    private static OwnershipDetermination OwnershipOn(GraphSnapshot graph, string id, HttpRequest request)
    {
        var (rule, asOf, lists) = Rule(request);
        return OwnershipAnalysis.Run(graph, rule, asOf, lists).Determine(Id(graph, id));
    }

    private static (RuleProfile Rule, DateOnly AsOf, IReadOnlyList<string>? Lists) Rule(HttpRequest request)
    {
        RuleProfile rule;
        try
        {
            rule = RuleProfiles.Get(request.Query["rule"].FirstOrDefault() ?? "ofac");
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException(ex.Message, "rule");
        }

        return (rule, Http.Date(request, "asOf") ?? DateOnly.FromDateTime(DateTime.UtcNow), Http.List(request, "lists"));
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

public sealed record PathsResponse(IReadOnlyList<GraphPath> Paths, bool Truncated);

public sealed record WhatIfResponse<T>(T Before, T After, object? Changes);
