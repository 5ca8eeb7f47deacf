using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Storage;
using SupplyGraph.Server.Extensions;

namespace SupplyGraph.Server.Apis;

/// <summary>
/// An entity's neighbours with their relationships and listings, for the dashboard's canvas: one call per expanded
/// node instead of one per neighbour. Read through the store contract, so it answers the same on either backend.
/// </summary>
public static class NeighbourhoodApi
{
    public static void MapNeighbourhoodApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/entities/{id}/neighbourhood", Get).WithTags("Entities").RequireAuthorization(Policies.Read);
        app.MapGet("/api/entities/{id}/neighbours", Neighbours).WithTags("Entities").RequireAuthorization(Policies.Read);
    }

    /// <summary>A dense node's relationships: counts per type and direction, then one page (<c>?type=T&amp;offset=N&amp;limit=M</c>).</summary>
    private static async Task<IResult> Neighbours(IGraphStore store, string id, HttpRequest request, IOptions<SupplyGraphOptions> options, CancellationToken ct)
    {
        var type = request.Query["type"].FirstOrDefault()?.ToUpperInvariant();
        if (type is not null && !RelationshipTypes.IsKnown(type))
        {
            throw new ArgumentException($"unknown relationship type '{type}'", "type");
        }

        var offset = int.TryParse(request.Query["offset"].FirstOrDefault() ?? "0", out var o) && o >= 0 ? o : throw new ArgumentException("'offset' must be a whole number ≥ 0", "offset");
        var limit = Http.Int(request, "limit", 100, options.Value.MaxResults);
        if (await store.GetEntityAsync(id, ct) is null)
        {
            return TypedResults.Problem($"no entity '{id}'", statusCode: 404, extensions: new Dictionary<string, object?> { ["field"] = "id" });
        }

        var page = Core.Algorithms.NeighbourPage.Of(id, await store.GetRelationshipsAsync(id, Direction.Both, ct), type, offset, limit);
        return TypedResults.Ok(new
        {
            entity = id,
            counts = page.Counts,
            total = page.Total,
            offset = page.Offset,
            more = page.More,
            items = page.Items.Select(i => new { neighbour = i.Neighbour, relationship = i.Relationship }),
        });
    }

    private static async Task<Results<Ok<NeighbourhoodResponse>, ProblemHttpResult>> Get(IGraphStore store, string id, HttpRequest request, IOptions<SupplyGraphOptions> options, CancellationToken ct)
    {
        var direction = request.Query["direction"].FirstOrDefault()?.ToLowerInvariant() switch
        {
            null or "both" => Direction.Both,
            "out" => Direction.Out,
            "in" => Direction.In,
            _ => throw new ArgumentException("'direction' must be out, in or both", "direction"),
        };
        var types = Http.List(request, "types")?.Select(t => t.ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
        if (types?.FirstOrDefault(t => !RelationshipTypes.IsKnown(t)) is { } unknown)
        {
            throw new ArgumentException($"unknown relationship type '{unknown}'", "types");
        }

        var asOf = Http.Date(request, "asOf");
        var limit = Http.Int(request, "limit", options.Value.MaxResults, options.Value.MaxResults);
        if (await store.GetEntityAsync(id, ct) is not { } center)
        {
            return TypedResults.Problem($"no entity '{id}'", statusCode: 404, extensions: new Dictionary<string, object?> { ["field"] = "id" });
        }

        var relationships = new List<Relationship>();
        var ids = new List<string> { center.Id };
        var seen = new HashSet<string>(StringComparer.Ordinal) { center.Id };
        var truncated = false;
        foreach (var r in await store.GetRelationshipsAsync(center.Id, direction, ct))
        {
            if ((types is not null && !types.Contains(r.Type)) || (asOf is { } day && !r.Validity.HoldsOn(day)))
            {
                continue;
            }

            var other = r.From == center.Id ? r.To : r.From;
            if (!seen.Contains(other) && ids.Count > limit)
            {
                truncated = true;
                continue;
            }

            relationships.Add(r);
            if (seen.Add(other))
            {
                ids.Add(other);
            }
        }

        var listNames = new Dictionary<string, string>(StringComparer.Ordinal);
        var nodes = new List<NeighbourResponse>(ids.Count);
        foreach (var nodeId in ids)
        {
            if (await store.GetEntityAsync(nodeId, ct) is not { } entity)
            {
                continue;
            }

            // Listings decide how a node is drawn: the listed party's own LISTED_ON edges, held on the as-of day.
            var listings = new List<NeighbourListing>();
            if (!entity.Labels.Contains("List"))
            {
                foreach (var l in await store.GetRelationshipsAsync(nodeId, Direction.Out, ct))
                {
                    if (l.Type == RelationshipTypes.ListedOn && (asOf is not { } day || l.Validity.HoldsOn(day)))
                    {
                        if (!listNames.TryGetValue(l.To, out var listName))
                        {
                            listName = listNames[l.To] = (await store.GetEntityAsync(l.To, ct))?.Name ?? l.To;
                        }

                        listings.Add(new NeighbourListing(l.To, listName, l.Validity.From ?? l.Provenance.Date));
                    }
                }
            }

            nodes.Add(new NeighbourResponse(entity, listings));
        }

        return TypedResults.Ok(new NeighbourhoodResponse(center.Id, nodes, relationships, truncated));
    }
}

/// <summary>A list an entity is on, and since when (null: an undated entry).</summary>
public sealed record NeighbourListing(string List, string ListName, DateOnly? Since);

/// <summary>A node of the neighbourhood with its listings.</summary>
public sealed record NeighbourResponse(Entity Entity, IReadOnlyList<NeighbourListing> Listings);

/// <summary>The entity, its neighbours (the entity first) and the relationships between it and them.</summary>
public sealed record NeighbourhoodResponse(string Center, IReadOnlyList<NeighbourResponse> Nodes, IReadOnlyList<Relationship> Relationships, bool Truncated);
