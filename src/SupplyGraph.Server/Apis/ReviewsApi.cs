using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
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
        api.MapGet("/", List).RequireAuthorization(Policies.Read);
        api.MapGet("/{id}", Get).RequireAuthorization(Policies.Read);
        api.MapPost("/{id}/accept", Accept).RequireAuthorization(Policies.Write);
        api.MapPost("/{id}/reject", Reject).RequireAuthorization(Policies.Write);
        api.MapPost("/{id}/split", Split).RequireAuthorization(Policies.Write);
        app.MapPost("/api/merges", Merge).RequireAuthorization(Policies.Write).WithTags("Reviews");
    }

    private static async Task<Ok<ReviewPageResponse>> List(IGraphStore store, HttpRequest request, IOptions<SupplyGraphOptions> options, CancellationToken ct)
    {
        var filter = request.Query["status"].FirstOrDefault()?.ToLowerInvariant() switch
        {
            null or "open" => ReviewFilter.Open,
            "decided" => ReviewFilter.Decided,
            "all" => ReviewFilter.All,
            _ => throw new ArgumentException("'status' must be open, decided or all", "status"),
        };
        var offsetText = request.Query["offset"].FirstOrDefault();
        var offset = offsetText is null ? 0 : int.TryParse(offsetText, out var o) && o >= 0 ? o : throw new ArgumentException("'offset' must be a whole number ≥ 0", "offset");
        var query = new ReviewQuery(filter, offset, Http.Int(request, "limit", 50, options.Value.MaxResults));
        var page = await store.ReviewsAsync(query, ct);
        return TypedResults.Ok(new ReviewPageResponse(page.Items, page.Total, offset, offset + page.Items.Count < page.Total));
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
