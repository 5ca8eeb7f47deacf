using Microsoft.AspNetCore.Http.HttpResults;
using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Storage;

namespace SupplyGraph.Server.Apis;

public static class EntitiesApi
{
    public static void MapEntitiesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/entities");
        api.MapGet("/", Search);
        api.MapGet("/{id}", Get);
    }

    private static Results<Ok<IReadOnlyList<EntityMatchResponse>>, ProblemHttpResult> Search(EmbeddedGraphStore store, string? q, int? limit)
    {
        if (string.IsNullOrWhiteSpace(q))
        {
            return TypedResults.Problem("query parameter 'q' is required", statusCode: 400, extensions: new Dictionary<string, object?> { ["field"] = "q" });
        }

        if (limit is < 1 or > 200)
        {
            return TypedResults.Problem("'limit' must be from 1 to 200", statusCode: 400, extensions: new Dictionary<string, object?> { ["field"] = "limit" });
        }

        var graph = store.Snapshot;
        IReadOnlyList<EntityMatchResponse> matches = [.. graph.Find(q, limit ?? 20).Select(m => new EntityMatchResponse(m.Score, m.MatchedName, m.Entity))];
        return TypedResults.Ok(matches);
    }

    private static Results<Ok<EntityResponse>, ProblemHttpResult> Get(EmbeddedGraphStore store, string id)
    {
        var graph = store.Snapshot;
        if (!graph.TryGetNode(id, out var node))
        {
            return TypedResults.Problem($"no entity '{id}'", statusCode: 404, extensions: new Dictionary<string, object?> { ["field"] = "id" });
        }

        var listings = Listings.Of(graph, node).Select(l => new ListingResponse(l.List.Id, l.List.Name, l.Since, l.Relationship)).ToList();
        var relationships = graph.EdgesAt(node, Direction.Both).Select(graph.Relationship).ToList();
        return TypedResults.Ok(new EntityResponse(graph.Entity(node), listings, relationships, graph.Sequence));
    }
}

public sealed record EntityMatchResponse(double Score, string Matched, Entity Entity);

public sealed record ListingResponse(string List, string ListName, DateOnly? Since, Relationship Relationship);

public sealed record EntityResponse(Entity Entity, IReadOnlyList<ListingResponse> Listings, IReadOnlyList<Relationship> Relationships, long Sequence);
