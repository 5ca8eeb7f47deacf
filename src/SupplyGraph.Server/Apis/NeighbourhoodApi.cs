using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
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
        app.MapGet("/api/entities/{id}/neighbourhood", Get).WithTags("Entities").RequireAuthorization(Policies.Read).ProducesProblemFor(400).ProducesProblemFor(404)
            .WithSummary("An entity's neighbours with their relationships and listings")
            .WithDescription("The entity first, then each neighbour with the lists it is on, and the relationships between them, filtered by direction, types and date; truncated when more than limit neighbours exist.");
        app.MapGet("/api/entities/{id}/neighbours", Neighbours).WithTags("Entities").RequireAuthorization(Policies.Read).ProducesProblemFor(400).ProducesProblemFor(404)
            .WithSummary("A dense entity's relationships, counted and paged")
            .WithDescription("Counts of the entity's relationships per type and direction, then one page of them (type, offset, limit) with the neighbour at the other end.");
    }

    /// <summary>A dense node's relationships: counts per type and direction, then one page (<c>?type=T&amp;offset=N&amp;limit=M</c>).</summary>
    private static async Task<Results<Ok<NeighboursPage>, ProblemHttpResult>> Neighbours(
        IGraphStore store,
        string id,
        [FromQuery, Description("Only relationships of this type (e.g. SUPPLIES). Default: all.")] string? type,
        [FromQuery, Description("Skip this many. Default: 0.")] int? offset,
        [FromQuery, Description("At most this many, from 1 to the server's MaxResults. Default: 100.")] int? limit,
        IOptions<SupplyGraphOptions> options,
        CancellationToken ct)
    {
        type = type?.ToUpperInvariant();
        if (type is not null && !RelationshipTypes.IsKnown(type))
        {
            throw new ArgumentException($"unknown relationship type '{type}'", "type");
        }

        var skip = (int)QueryValues.NonNegative(offset, "offset");
        var max = QueryValues.Int(limit, "limit", 100, options.Value.MaxResults);
        if (await store.GetEntityAsync(id, ct) is null)
        {
            return TypedResults.Problem($"no entity '{id}'", statusCode: 404, extensions: new Dictionary<string, object?> { ["field"] = "id" });
        }

        var page = Core.Algorithms.NeighbourPage.Of(id, await store.GetRelationshipsAsync(id, Direction.Both, ct), type, skip, max);
        return TypedResults.Ok(new NeighboursPage(id, page.Counts, page.Total, page.Offset, page.More, [.. page.Items.Select(i => new NeighbourItem(i.Neighbour, i.Relationship))]));
    }

    private static async Task<Results<Ok<NeighbourhoodResponse>, ProblemHttpResult>> Get(
        IGraphStore store,
        string id,
        [FromQuery, Description("out (relationships from it), in (to it) or both. Default: both.")] DirectionParameter? direction,
        [FromQuery, Description("Only these relationship types (repeat or comma-separated). Default: all.")] string[]? types,
        [FromQuery, Description("Only relationships valid on this day (YYYY-MM-DD).")] DateOnly? asOf,
        [FromQuery, Description("At most this many neighbours, from 1 to the server's MaxResults. Default: MaxResults.")] int? limit,
        IOptions<SupplyGraphOptions> options,
        CancellationToken ct)
    {
        var way = direction?.Value ?? Direction.Both;
        var only = QueryValues.List(types)?.Select(t => t.ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
        if (only?.FirstOrDefault(t => !RelationshipTypes.IsKnown(t)) is { } unknown)
        {
            throw new ArgumentException($"unknown relationship type '{unknown}'", "types");
        }

        var most = QueryValues.Int(limit, "limit", options.Value.MaxResults, options.Value.MaxResults);
        if (await store.GetEntityAsync(id, ct) is not { } center)
        {
            return TypedResults.Problem($"no entity '{id}'", statusCode: 404, extensions: new Dictionary<string, object?> { ["field"] = "id" });
        }

        var relationships = new List<Relationship>();
        var ids = new List<string> { center.Id };
        var seen = new HashSet<string>(StringComparer.Ordinal) { center.Id };
        var truncated = false;
        foreach (var r in await store.GetRelationshipsAsync(center.Id, way, ct))
        {
            if ((only is not null && !only.Contains(r.Type)) || (asOf is { } day && !r.Validity.HoldsOn(day)))
            {
                continue;
            }

            var other = r.From == center.Id ? r.To : r.From;
            if (!seen.Contains(other) && ids.Count > most)
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

/// <summary>A dense entity's relationships: counts per type and direction, then one page (ask again with offset + items while more).</summary>
public sealed record NeighboursPage(string Entity, IReadOnlyList<Core.Algorithms.RelationshipCount> Counts, int Total, int Offset, bool More, IReadOnlyList<NeighbourItem> Items);

/// <summary>One relationship of the page and the entity at its other end.</summary>
public sealed record NeighbourItem(string Neighbour, Relationship Relationship);

/// <summary>A list an entity is on, and since when (null: an undated entry).</summary>
public sealed record NeighbourListing(string List, string ListName, DateOnly? Since);

/// <summary>A node of the neighbourhood with its listings.</summary>
public sealed record NeighbourResponse(Entity Entity, IReadOnlyList<NeighbourListing> Listings);

/// <summary>The entity, its neighbours (the entity first) and the relationships between it and them.</summary>
public sealed record NeighbourhoodResponse(string Center, IReadOnlyList<NeighbourResponse> Nodes, IReadOnlyList<Relationship> Relationships, bool Truncated);
