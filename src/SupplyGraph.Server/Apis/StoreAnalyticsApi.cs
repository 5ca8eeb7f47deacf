using Microsoft.Extensions.Options;
using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Storage;
using SupplyGraph.Server.Extensions;

namespace SupplyGraph.Server.Apis;

/// <summary>
/// Paths, exposure and ownership through the store contract, for stores other than the embedded one (Neo4j): the
/// same routes and answer shapes. What the contract does not offer — k paths, all paths, reverse exposure,
/// what-if — answers 501 and names the embedded store.
/// </summary>
public static class StoreAnalyticsApi
{
    public static void MapStoreAnalyticsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Analytics").RequireAuthorization(Policies.Read);
        // Through the gate like the embedded routes: one time budget, and the token ends the Neo4j request too.
        api.MapGet("/paths", (IGraphStore s, HttpContext h, IOptions<SupplyGraphOptions> o, QueryGate g) => g.RunAsync(h, "maxHops", (_, _, ct) => PathsAsync(s, h.Request, o, ct)));
        api.MapGet("/exposure", (IGraphStore s, HttpContext h, IOptions<SupplyGraphOptions> o, QueryGate g) => g.RunAsync(h, "maxHops", (_, _, ct) => ExposureAsync(s, h.Request, o, ct)));
        api.MapGet("/ownership/{id}", (IGraphStore s, string id, HttpContext h, QueryGate g) => g.RunAsync(h, "maxHops", (_, _, ct) => OwnershipAsync(s, id, h.Request, ct)));
        api.MapPost("/what-if/{kind}", (string kind) => NotHere($"what-if {kind}"));
        api.MapPost("/what-if/{kind}/{id}", (string kind, string id) => NotHere($"what-if {kind}"));
    }

    private static IResult NotHere(string what) =>
        TypedResults.Problem($"{what} needs the embedded store; this server uses Neo4j", statusCode: StatusCodes.Status501NotImplemented);

    private static async Task<IResult> PathsAsync(IGraphStore store, HttpRequest request, IOptions<SupplyGraphOptions> options, CancellationToken ct)
    {
        if (Http.Int(request, "k", 1, 100) != 1 || request.Query["all"].FirstOrDefault() is "true")
        {
            return NotHere("k shortest and all paths");
        }

        var from = (await store.ResolveAsync(Http.Required(request, "from"), ct)).Id;
        var to = (await store.ResolveAsync(Http.Required(request, "to"), ct)).Id;
        var query = Http.Filters(request, PathQuery.Default, options.Value);
        var path = await store.ShortestPathAsync(from, to, query, ct);
        return TypedResults.Ok(new PathsResponse(path is null ? [] : [path], false));
    }

    private static async Task<IResult> ExposureAsync(IGraphStore store, HttpRequest request, IOptions<SupplyGraphOptions> options, CancellationToken ct)
    {
        if (request.Query["reverse"].FirstOrDefault() is "true")
        {
            return NotHere("reverse exposure");
        }

        var entities = new List<string>();
        foreach (var e in request.Query["entity"].Where(e => !string.IsNullOrEmpty(e)))
        {
            entities.Add((await store.ResolveAsync(e!, ct)).Id);
        }

        if (entities.Count == 0)
        {
            throw new ArgumentException("query parameter 'entity' is required (repeat it for a set)", "entity");
        }

        var query = Http.Filters(request, ExposureQuery.Default, options.Value) with
        {
            Lists = Http.List(request, "lists"),
            MaxResults = Http.Int(request, "limit", options.Value.MaxResults, options.Value.MaxResults),
        };
        return TypedResults.Ok(await store.ExposureAsync(entities, query, ct));
    }

    private static async Task<IResult> OwnershipAsync(IGraphStore store, string id, HttpRequest request, CancellationToken ct)
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

        var entity = (await store.ResolveAsync(id, ct)).Id;
        return TypedResults.Ok(await store.OwnershipAsync(entity, rule, Http.Date(request, "asOf") ?? DateOnly.FromDateTime(DateTime.UtcNow), ct));
    }
}
