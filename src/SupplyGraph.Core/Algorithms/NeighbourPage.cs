using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Algorithms;

/// <summary>Relationships of one type and direction at a node, counted.</summary>
/// <param name="Type">Relationship type.</param>
/// <param name="Direction"><c>out</c> (the node is the start) or <c>in</c>.</param>
/// <param name="Count">How many.</param>
public sealed record RelationshipCount(string Type, string Direction, int Count);

/// <summary>One page of a dense node's relationships, with the counts per type and direction of all of them.</summary>
/// <param name="EntityId">The node.</param>
/// <param name="Counts">Counts per type and direction (all relationships, whatever the page).</param>
/// <param name="Total">Relationships that pass the type filter.</param>
/// <param name="Offset">Where the page starts.</param>
/// <param name="Items">The page: each relationship with the neighbour's id, in type, direction, then relationship-id order.</param>
public sealed record NeighbourPage(string EntityId, IReadOnlyList<RelationshipCount> Counts, int Total, int Offset, IReadOnlyList<(Relationship Relationship, string Neighbour)> Items)
{
    /// <summary>Whether more pages follow.</summary>
    public bool More => Offset + Items.Count < Total;

    /// <summary>
    /// Pages the relationships of <paramref name="entityId"/> (a list node holds thousands): counts first, so that no client
    /// has to load them all to know what is there, then one page in a stable order.
    /// </summary>
    /// <param name="entityId">The node.</param>
    /// <param name="relationships">Its relationships (as the store returns them, both directions).</param>
    /// <param name="type">Only this type in the page, or null for all.</param>
    /// <param name="offset">Relationships to skip.</param>
    /// <param name="limit">Most relationships in the page.</param>
    /// <returns>The page.</returns>
    public static NeighbourPage Of(string entityId, IReadOnlyList<Relationship> relationships, string? type, int offset, int limit)
    {
        var counts = relationships
            .GroupBy(r => (r.Type, Direction: r.From == entityId ? "out" : "in"))
            .Select(g => new RelationshipCount(g.Key.Type, g.Key.Direction, g.Count()))
            .OrderByDescending(c => c.Count).ThenBy(c => c.Type, StringComparer.Ordinal).ThenBy(c => c.Direction, StringComparer.Ordinal)
            .ToList();
        var filtered = relationships.Where(r => type is null || r.Type == type)
            .OrderBy(r => r.Type, StringComparer.Ordinal).ThenBy(r => r.From == entityId ? 0 : 1).ThenBy(r => r.Id, StringComparer.Ordinal)
            .ToList();
        var items = filtered.Skip(offset).Take(limit).Select(r => (r, r.From == entityId ? r.To : r.From)).ToList();
        return new NeighbourPage(entityId, counts, filtered.Count, offset, items);
    }
}
