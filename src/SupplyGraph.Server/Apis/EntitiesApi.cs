using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
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
        api.MapGet("/", Search).RequireAuthorization(Policies.Read).ProducesProblemFor(400)
            .WithSummary("Find entities by name, alias or identifier")
            .WithDescription("Fuzzy search over names, aliases and identifiers, best first, each with its score (1 = exact) and the name it matched; filter by country and label.");
        api.MapGet("/{id}", Get).RequireAuthorization(Policies.Read).ProducesProblemFor(404)
            .WithSummary("One entity with its listings and relationships")
            .WithDescription("The entity, the lists it is on (with since when and the evidence), every relationship at it in either direction, and the graph's sequence number.");
        api.MapPut("/{id}", Put).RequireAuthorization(Policies.Write).AcceptsJson<Entity>()
            .WithSummary("Create or replace an entity")
            .WithDescription("The body is one entity in the import JSON format; its id must be the URL's. One batch in the change log.");
        api.MapDelete("/{id}", Delete).RequireAuthorization(Policies.Write).ProducesProblemFor(404).ProducesProblemFor(400)
            .WithSummary("Delete an entity")
            .WithDescription("Deletes the entity; with detach=true its relationships too (without it, an entity that still has relationships is refused). One batch in the change log.");
    }

    private static async Task<Ok<IReadOnlyList<EntityMatchResponse>>> Search(
        IGraphStore store,
        [FromQuery, Description("What to look for: a name, alias or identifier, misspelt or not.")] string q,
        [FromQuery, Description("At most this many matches, from 1 to the server's MaxResults. Default: 20.")] int? limit,
        [FromQuery, Description("Only entities in this country (case-insensitive).")] string? country,
        [FromQuery, Description("Only entities with this label (Company, Institute, GovernmentBody, Person, Technology, List).")] string? label,
        IOptions<SupplyGraphOptions> options,
        CancellationToken ct)
    {
        q = QueryValues.Required(q, "q");
        var max = QueryValues.Int(limit, "limit", 20, options.Value.MaxResults);
        var filter = new FindFilter(country, label);
        IReadOnlyList<EntityMatchResponse> matches = [.. (await store.FindAsync(q, max, filter, ct)).Select(m => new EntityMatchResponse(m.Score, m.MatchedName, m.Entity))];
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

    private static async Task<Results<Ok<CommitResult>, ProblemHttpResult>> Delete(IGraphStore store, string id, [FromQuery, Description("Delete its relationships too. Default: false.")] bool? detach, CancellationToken ct)
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

/// <summary>A search hit: how well it matched (1 = exact), the name it matched, the entity.</summary>
public sealed record EntityMatchResponse(double Score, string Matched, Entity Entity);

/// <summary>A list the entity is on, since when, and the relationship that records it.</summary>
public sealed record ListingResponse(string List, string ListName, DateOnly? Since, Relationship Relationship);

/// <summary>An entity, its listings, its relationships (either direction) and the graph's sequence number.</summary>
public sealed record EntityResponse(Entity Entity, IReadOnlyList<ListingResponse> Listings, IReadOnlyList<Relationship> Relationships, long Sequence);
