using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Screening;
using SupplyGraph.Core.Storage;
using SupplyGraph.Server.Extensions;

namespace SupplyGraph.Server.Apis;

/// <summary>
/// Watchlists kept by the server per API key: a reader lists, saves, replaces and deletes its own; another key's list
/// answers 404 as if it did not exist. The page watches each list live through the hub (verdict badges, exposure).
/// Body: <c>{"name": "…", "rule": "bis-affiliates", "hops": 2, "parties": ["meituan", "Megvii"]}</c>, parties as ids,
/// names or aliases, each resolved when saved.
/// </summary>
public static class WatchlistsApi
{
    /// <summary>Most parties on one list (each is a live subscription on the page).</summary>
    public const int MaxParties = 100;

    public static void MapWatchlistsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/watchlists").WithTags("Watchlists").RequireAuthorization(Policies.Read);
        api.MapGet("/", (WatchlistStore lists, ClaimsPrincipal user) => TypedResults.Ok(lists.List(ApiKeyHandler.Owner(user))))
            .WithSummary("The key's own watchlists")
            .WithDescription("Every watchlist saved with this key (a named key by its name, an unnamed one by a hash of the key); another key's lists are not listed.");
        api.MapGet("/{id}", (WatchlistStore lists, string id, ClaimsPrincipal user) =>
            lists.Get(ApiKeyHandler.Owner(user), id) is { } list ? Results.Ok(list) : NotFound(id))
            .Produces<Watchlist>().ProducesProblemFor(404)
            .WithSummary("One of the key's watchlists")
            .WithDescription("The list with its parties; another key's list is 404 as if it did not exist.");
        api.MapPost("/", async (WatchlistStore lists, IGraphStore store, HttpRequest request, ClaimsPrincipal user, IOptions<SupplyGraphOptions> options, CancellationToken ct) =>
        {
            var list = await ReadAsync(store, request, $"wl-{Guid.NewGuid():N}"[..15], options.Value, ct);
            lists.Save(ApiKeyHandler.Owner(user), list);
            return Results.Created($"/api/watchlists/{list.Id}", list);
        }).AcceptsJson<WatchlistRequest>().Produces<Watchlist>(StatusCodes.Status201Created)
            .WithSummary("Save a new watchlist for this key")
            .WithDescription("Parties are resolved when saved (an unknown or ambiguous one is 400 naming parties[i]); the page watches each list live through the hub.");
        api.MapPut("/{id}", async (WatchlistStore lists, IGraphStore store, string id, HttpRequest request, ClaimsPrincipal user, IOptions<SupplyGraphOptions> options, CancellationToken ct) =>
        {
            var owner = ApiKeyHandler.Owner(user);
            if (lists.Get(owner, id) is null)
            {
                return NotFound(id);
            }

            var list = await ReadAsync(store, request, id, options.Value, ct);
            lists.Save(owner, list);
            return Results.Ok(list);
        }).AcceptsJson<WatchlistRequest>().Produces<Watchlist>().ProducesProblemFor(404)
            .WithSummary("Replace one of the key's watchlists")
            .WithDescription("Same body as POST; another key's list is 404.");
        api.MapDelete("/{id}", (WatchlistStore lists, string id, ClaimsPrincipal user) =>
        {
            var owner = ApiKeyHandler.Owner(user);
            return lists.Get(owner, id) is { } list && lists.Delete(owner, id) ? Results.Ok(list) : NotFound(id);
        }).Produces<Watchlist>().ProducesProblemFor(404)
            .WithSummary("Delete one of the key's watchlists")
            .WithDescription("Answers the deleted list; another key's list is 404.");
    }

    private static async Task<Watchlist> ReadAsync(IGraphStore store, HttpRequest request, string id, SupplyGraphOptions options, CancellationToken ct)
    {
        var body = await Http.JsonAsync(request, ct);
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("", "the body must be a JSON object with name, rule, hops and parties");
        }

        var name = Text(body, "name")?.Trim() is { Length: > 0 and <= 200 } n ? n : throw Invalid("name", "'name' is required: 1 to 200 characters");
        var rule = Text(body, "rule") ?? "ofac";
        if (!RuleProfiles.Defaults.Any(p => p.Id == rule))
        {
            throw Invalid("rule", $"unknown rule '{StrictJson.Printable(rule)}'; known: {string.Join(", ", RuleProfiles.Defaults.Select(p => p.Id))}");
        }

        var hops = 2;
        if (body.TryGetProperty("hops", out var h))
        {
            hops = h.ValueKind == JsonValueKind.Number && h.TryGetInt32(out var v) && v >= 1 && v <= options.MaxHops
                ? v : throw Invalid("hops", $"'hops' must be a whole number from 1 to {options.MaxHops}");
        }

        if (!body.TryGetProperty("parties", out var parties) || parties.ValueKind != JsonValueKind.Array || parties.GetArrayLength() is 0 or > MaxParties)
        {
            throw Invalid("parties", $"'parties' must be an array of 1 to {MaxParties} parties (ids, names or aliases)");
        }

        var watched = new List<WatchedParty>();
        var i = 0;
        foreach (var p in parties.EnumerateArray())
        {
            var field = $"parties[{i++}]";
            if (p.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(p.GetString()))
            {
                throw Invalid(field, $"'{field}' must be a party's id, name or alias");
            }

            try
            {
                var entity = await store.ResolveAsync(p.GetString()!, ct);
                if (!watched.Any(w => w.Id == entity.Id))
                {
                    watched.Add(new WatchedParty(entity.Id, entity.Name));
                }
            }
            catch (EntityNotFoundException ex)
            {
                throw Invalid(field, ex.Message);
            }
        }

        return new Watchlist(id, name, rule, hops, watched, DateTimeOffset.UtcNow);
    }

    private static string? Text(JsonElement body, string name) =>
        body.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Null => null,
            _ => throw Invalid(name, $"'{name}' must be a string"),
        } : null;

    private static InvalidInputException Invalid(string field, string message) => new(new InputError(new SourceLocation("request body", 0), field, message));

    private static IResult NotFound(string id) => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "not found",
        detail: $"this key has no watchlist '{StrictJson.Printable(id)}'", extensions: new Dictionary<string, object?> { ["field"] = "id" });
}
