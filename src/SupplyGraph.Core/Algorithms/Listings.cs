using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Algorithms;

/// <summary>One listing of an entity: the list, since when, and the relationship that records it.</summary>
/// <param name="List">The list entity.</param>
/// <param name="Since">Earliest date the listing holds (from its validity or evidence), if known.</param>
/// <param name="Relationship">The <c>LISTED_ON</c> relationship with its evidence.</param>
public sealed record Listing(Entity List, DateOnly? Since, Relationship Relationship);

/// <summary>Which lists an entity is on.</summary>
public static class Listings
{
    /// <summary>The listings of node <paramref name="node"/>, earliest first, optionally as of a day.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="node">Node id.</param>
    /// <param name="asOf">Only listings valid on this day, when given.</param>
    /// <returns>The listings.</returns>
    public static IReadOnlyList<Listing> Of(GraphSnapshot graph, int node, DateOnly? asOf = null)
    {
        var result = new List<Listing>();
        var adjacency = graph.Out(node);
        for (var i = 0; i < adjacency.Count; i++)
        {
            var edge = adjacency.EdgeId(i);
            var r = graph.Relationship(edge);
            if (r.Type != RelationshipTypes.ListedOn || (asOf is { } day && !r.Validity.HoldsOn(day)))
            {
                continue;
            }

            result.Add(new Listing(graph.Entity(adjacency.Neighbor(i)), r.Validity.From ?? r.Provenance.Date, r));
        }

        result.Sort((a, b) => Nullable.Compare(a.Since, b.Since));
        return result;
    }
}
