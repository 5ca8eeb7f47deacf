using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Storage;
using SupplyGraph.Server.Extensions;

namespace SupplyGraph.Server.Apis;

public static class EntitiesApi
{
    public static void MapEntitiesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/entities").WithTags("Entities");
        api.MapGet("/", Search).RequireAuthorization(Policies.Read);
        api.MapGet("/{id}", Get).RequireAuthorization(Policies.Read);
        api.MapPut("/{id}", Put).RequireAuthorization(Policies.Write);
        api.MapDelete("/{id}", Delete).RequireAuthorization(Policies.Write);
    }

    private static async Task<Ok<IReadOnlyList<EntityMatchResponse>>> Search(IGraphStore store, HttpRequest request, IOptions<SupplyGraphOptions> options, CancellationToken ct)
    {
        var q = Http.Required(request, "q");
        var limit = Http.Int(request, "limit", 20, options.Value.MaxResults);
        var filter = new FindFilter(request.Query["country"].FirstOrDefault(), request.Query["label"].FirstOrDefault());
        IReadOnlyList<EntityMatchResponse> matches = [.. (await store.FindAsync(q, limit, filter, ct)).Select(m => new EntityMatchResponse(m.Score, m.MatchedName, m.Entity))];
        return TypedResults.Ok(matches);
    }

    private static async Task<Results<Ok<EntityResponse>, ProblemHttpResult>> Get(IGraphStore store, string id, CancellationToken ct)
    {
        var graph = await store.GraphAsync(ct);
        if (!graph.TryGetNode(id, out var node))
        {
            return NotFound(id);
        }

        var listings = Listings.Of(graph, node).Select(l => new ListingResponse(l.List.Id, l.List.Name, l.Since, l.Relationship)).ToList();
        var relationships = graph.EdgesAt(node, Direction.Both).Select(graph.Relationship).ToList();
        return TypedResults.Ok(new EntityResponse(graph.Entity(node), listings, relationships, graph.Sequence));
    }

    private static async Task<Results<Ok<CommitResult>, ProblemHttpResult>> Put(IGraphStore store, string id, HttpRequest request, CancellationToken ct)
    {
        var json = await Http.JsonAsync(request, ct);
        var errors = new List<InputError>();
        var entity = GraphJson.ReadEntity(json, "", new SourceLocation("request body", 0), errors);
        if (entity is not null && entity.Id != id)
        {
            errors.Add(new InputError(new SourceLocation("request body", 0), "id", $"the body's id '{entity.Id}' differs from the URL's '{id}'"));
        }

        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }

        return TypedResults.Ok(await store.ApplyAsync(new ChangeBatch([new PutEntity(entity!)], $"PUT /api/entities/{id}"), cancellationToken: ct));
    }

    private static async Task<Results<Ok<CommitResult>, ProblemHttpResult>> Delete(IGraphStore store, string id, bool? detach, CancellationToken ct)
    {
        if (await store.GetEntityAsync(id, ct) is null)
        {
            return NotFound(id);
        }

        return TypedResults.Ok(await store.ApplyAsync(new ChangeBatch([new DeleteEntity(id, detach ?? false)], $"DELETE /api/entities/{id}"), cancellationToken: ct));
    }

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem($"no entity '{id}'", statusCode: 404, extensions: new Dictionary<string, object?> { ["field"] = "id" });
}

public sealed record EntityMatchResponse(double Score, string Matched, Entity Entity);

public sealed record ListingResponse(string List, string ListName, DateOnly? Since, Relationship Relationship);

public sealed record EntityResponse(Entity Entity, IReadOnlyList<ListingResponse> Listings, IReadOnlyList<Relationship> Relationships, long Sequence);
