using System.ComponentModel;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Review;
using SupplyGraph.Core.Storage;
using SupplyGraph.Server.Extensions;

namespace SupplyGraph.Server.Apis;

/// <summary>
/// The review queue: items an import would not join on its own, and the decisions on them. Reading needs the reader
/// role, deciding the editor role; every decision is one batch in the change log (<see cref="ReviewActions"/>).
/// </summary>
public static class ReviewsApi
{
    public static void MapReviewsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/reviews").WithTags("Reviews");
        api.MapGet("/", List).RequireAuthorization(Policies.Read).ProducesProblemFor(400)
            .WithSummary("The review queue, a page at a time")
            .WithDescription("Items an import would not join on its own (a record that may be an existing entity), open, decided or all; ask again with offset + items while more.");
        api.MapGet("/{id}", Get).RequireAuthorization(Policies.Read).ProducesProblemFor(404)
            .WithSummary("One review item")
            .WithDescription("Both sides as they were when queued, the score and reasons, and the decisions so far.");
        api.MapPost("/{id}/accept", Accept).RequireAuthorization(Policies.Write).AcceptsJson<DecisionRequest>(optional: true).ProducesProblemFor(404).ProducesProblemFor(409)
            .WithSummary("Accept a review item: join the record to the candidate")
            .WithDescription("One batch in the change log: the graph change and the decision together. The body (note, by) is optional.");
        api.MapPost("/{id}/reject", Reject).RequireAuthorization(Policies.Write).AcceptsJson<DecisionRequest>(optional: true).ProducesProblemFor(404).ProducesProblemFor(409)
            .WithSummary("Reject a review item: keep the record as its own entity")
            .WithDescription("One batch in the change log: the graph change and the decision together. The body (note, by) is optional.");
        api.MapPost("/{id}/split", Split).RequireAuthorization(Policies.Write).AcceptsJson<DecisionRequest>(optional: true).ProducesProblemFor(404).ProducesProblemFor(409)
            .WithSummary("Undo an accepted item or a merge: two entities again")
            .WithDescription("Restores the absorbed entity and moves its relationships back. One batch in the change log. The body (note, by) is optional.");
        app.MapPost("/api/merges", Merge).RequireAuthorization(Policies.Write).WithTags("Reviews").AcceptsJson<MergeRequest>().ProducesProblemFor(404).ProducesProblemFor(409)
            .WithSummary("Merge any two entities into one")
            .WithDescription("keep stays, absorb is merged into it (relationships moved, names kept as aliases); recorded as a review item that can be split later.");
    }

    private static async Task<Ok<ReviewPageResponse>> List(
        IGraphStore store,
        [FromQuery, Description("open, decided or all. Default: open.")] string? status,
        [FromQuery, Description("Skip this many. Default: 0.")] int? offset,
        [FromQuery, Description("At most this many, from 1 to the server's MaxResults. Default: 50.")] int? limit,
        IOptions<SupplyGraphOptions> options,
        CancellationToken ct)
    {
        var filter = status?.ToLowerInvariant() switch
        {
            null or "open" => ReviewFilter.Open,
            "decided" => ReviewFilter.Decided,
            "all" => ReviewFilter.All,
            _ => throw new ArgumentException("'status' must be open, decided or all", "status"),
        };
        var skip = (int)QueryValues.NonNegative(offset, "offset");
        var query = new ReviewQuery(filter, skip, QueryValues.Int(limit, "limit", 50, options.Value.MaxResults));
        var page = await store.ReviewsAsync(query, ct);
        return TypedResults.Ok(new ReviewPageResponse(page.Items, page.Total, skip, skip + page.Items.Count < page.Total));
    }

    private static async Task<Ok<ReviewRecord>> Get(IGraphStore store, string id, CancellationToken ct) =>
        await store.GetReviewAsync(id, ct) is { } review ? TypedResults.Ok(review) : throw new ReviewNotFoundException(id);

    private static async Task<Ok<ReviewOutcome>> Accept(IGraphStore store, string id, HttpRequest request, ClaimsPrincipal user, CancellationToken ct)
    {
        var body = await DecisionBody.ReadAsync(request, [], ct);
        return TypedResults.Ok(await ReviewActions.AcceptAsync(store, id, body.By ?? By(user), body.Note, ct));
    }

    private static async Task<Ok<ReviewOutcome>> Reject(IGraphStore store, string id, HttpRequest request, ClaimsPrincipal user, CancellationToken ct)
    {
        var body = await DecisionBody.ReadAsync(request, [], ct);
        return TypedResults.Ok(await ReviewActions.RejectAsync(store, id, body.By ?? By(user), body.Note, ct));
    }

    private static async Task<Ok<ReviewOutcome>> Split(IGraphStore store, string id, HttpRequest request, ClaimsPrincipal user, CancellationToken ct)
    {
        var body = await DecisionBody.ReadAsync(request, [], ct);
        return TypedResults.Ok(await ReviewActions.SplitAsync(store, id, body.By ?? By(user), body.Note, ct));
    }

    /// <summary>Any two entities as one: <c>{"keep": ID, "absorb": ID, "note": ...}</c>; the answer's item can be split later.</summary>
    private static async Task<Ok<ReviewOutcome>> Merge(IGraphStore store, HttpRequest request, ClaimsPrincipal user, CancellationToken ct)
    {
        var body = await DecisionBody.ReadAsync(request, ["keep", "absorb"], ct);
        return TypedResults.Ok(await ReviewActions.MergeAsync(store, body.Ids["keep"], body.Ids["absorb"], body.By ?? By(user), body.Note, ct));
    }

    /// <summary>Who decided, when the body does not say: the caller's role and how it signed in.</summary>
    private static string By(ClaimsPrincipal user) =>
        $"{user.FindFirstValue(ClaimTypes.Role) ?? "unknown"} ({user.Identity?.Name ?? "anonymous"})";

    /// <summary>The optional body of a decision: <c>note</c> and <c>by</c>, plus the entity ids a merge names.</summary>
    private sealed record DecisionBody(string? Note, string? By, Dictionary<string, string> Ids)
    {
        public static async Task<DecisionBody> ReadAsync(HttpRequest request, string[] required, CancellationToken ct)
        {
            var ids = new Dictionary<string, string>(StringComparer.Ordinal);
            if (required.Length == 0 && request.ContentLength is null or 0 && !request.Headers.TransferEncoding.Any())
            {
                return new DecisionBody(null, null, ids);
            }

            var json = await Http.JsonAsync(request, ct);
            var at = new SourceLocation("request body", 0);
            var errors = new List<InputError>();
            if (json.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidInputException(new InputError(at, "", "expected a JSON object"));
            }

            string[] allowed = [.. required, "note", "by"];
            foreach (var p in json.EnumerateObject())
            {
                if (Array.IndexOf(allowed, p.Name) < 0)
                {
                    errors.Add(new InputError(at, StrictJson.Printable(p.Name), $"unknown field '{StrictJson.Printable(p.Name)}'; allowed: {string.Join(", ", allowed)}"));
                }
                else if (p.Value.ValueKind != JsonValueKind.String || p.Value.GetString()!.Trim().Length == 0)
                {
                    errors.Add(new InputError(at, p.Name, "expected non-empty text"));
                }
            }

            foreach (var field in required)
            {
                if (json.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String && v.GetString()!.Trim().Length > 0)
                {
                    ids[field] = v.GetString()!;
                }
                else if (!json.TryGetProperty(field, out _))
                {
                    errors.Add(new InputError(at, field, "is required (an entity id)"));
                }
            }

            return errors.Count > 0
                ? throw new InvalidInputException(errors)
                : new DecisionBody(Text(json, "note"), Text(json, "by"), ids);
        }

        private static string? Text(JsonElement json, string field) => json.TryGetProperty(field, out var v) ? v.GetString() : null;
    }
}

/// <summary>A page of the review queue: ask again with <c>offset + items</c> while <c>More</c>.</summary>
public sealed record ReviewPageResponse(IReadOnlyList<ReviewRecord> Items, int Total, int Offset, bool More);
