using Microsoft.AspNetCore.Http.HttpResults;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Storage;
using SupplyGraph.Server.Extensions;

namespace SupplyGraph.Server.Apis;

public static class RelationshipsApi
{
    public static void MapRelationshipsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/relationships").WithTags("Relationships");
        api.MapGet("/{id}", Get).RequireAuthorization(Policies.Read).ProducesProblemFor(404)
            .WithSummary("One relationship with its evidence")
            .WithDescription("The relationship: type, ends, share or items, provenance (source, quote, date, confidence) and validity.");
        api.MapPost("/", Create).RequireAuthorization(Policies.Write).AcceptsJson<Relationship>().ProducesProblemFor(409)
            .WithSummary("Add a relationship")
            .WithDescription("The body is one relationship in the import JSON format; 409 when its id exists (PUT replaces). One batch in the change log.");
        api.MapPut("/{id}", Replace).RequireAuthorization(Policies.Write).AcceptsJson<Relationship>()
            .WithSummary("Create or replace a relationship")
            .WithDescription("The body is one relationship in the import JSON format; the URL's id is its id. One batch in the change log.");
        api.MapDelete("/{id}", Delete).RequireAuthorization(Policies.Write).ProducesProblemFor(404)
            .WithSummary("Delete a relationship")
            .WithDescription("Deletes the relationship. One batch in the change log.");
    }

    private static async Task<Results<Ok<Relationship>, ProblemHttpResult>> Get(IGraphStore store, string id, CancellationToken ct) =>
        await store.GetRelationshipAsync(id, ct) is { } r ? TypedResults.Ok(r) : NotFound(id);

    private static async Task<Results<Created<CommitResult>, ProblemHttpResult>> Create(IGraphStore store, HttpRequest request, CancellationToken ct)
    {
        var relationship = await ReadAsync(request, null, ct);
        if (await store.GetRelationshipAsync(relationship.Id, ct) is not null)
        {
            return TypedResults.Problem($"relationship '{relationship.Id}' exists; PUT /api/relationships/{{id}} replaces it", statusCode: 409,
                extensions: new Dictionary<string, object?> { ["field"] = "id" });
        }

        var result = await store.ApplyAsync(new ChangeBatch([new PutRelationship(relationship)], "POST /api/relationships"), cancellationToken: ct);
        return TypedResults.Created($"/api/relationships/{Uri.EscapeDataString(relationship.Id)}", result);
    }

    private static async Task<Ok<CommitResult>> Replace(IGraphStore store, string id, HttpRequest request, CancellationToken ct)
    {
        var relationship = await ReadAsync(request, id, ct);
        return TypedResults.Ok(await store.ApplyAsync(new ChangeBatch([new PutRelationship(relationship)], $"PUT /api/relationships/{id}"), cancellationToken: ct));
    }

    private static async Task<Results<Ok<CommitResult>, ProblemHttpResult>> Delete(IGraphStore store, string id, CancellationToken ct) =>
        await store.GetRelationshipAsync(id, ct) is null
            ? NotFound(id)
            : TypedResults.Ok(await store.ApplyAsync(new ChangeBatch([new DeleteRelationship(id)], $"DELETE /api/relationships/{id}"), cancellationToken: ct));

    private static async Task<Relationship> ReadAsync(HttpRequest request, string? id, CancellationToken ct)
    {
        var json = await Http.JsonAsync(request, ct);
        var errors = new List<InputError>();
        var relationship = GraphJson.ReadRelationship(json, "", new SourceLocation("request body", 0), errors);
        if (relationship is not null && id is not null)
        {
            relationship = relationship with { Id = id };
        }

        return errors.Count > 0 ? throw new InvalidInputException(errors) : relationship!;
    }

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem($"no relationship '{id}'", statusCode: 404, extensions: new Dictionary<string, object?> { ["field"] = "id" });
}
