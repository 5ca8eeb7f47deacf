
namespace SupplyGraph.Core.Engine;

/// <summary>
/// Per node, its <c>LISTED_ON</c> edges: those of the base (an array chain built with the base) that were not
/// deleted, and those added since. "Is this node listed (on these lists, on this day)?" looks at one or two entries.
/// </summary>
public sealed class ListingIndex
{
    private readonly GraphSnapshot _graph;

    internal ListingIndex(GraphSnapshot graph) => _graph = graph;

    /// <summary>Whether <paramref name="node"/> has any listing at all.</summary>
    /// <param name="node">Node id.</param>
    /// <returns>True when it does.</returns>
    public bool HasAnyListing(int node)
    {
        var b = _graph.Base;
        return (node < b.ListingHead.Length && b.ListingHead[node] >= 0) || (!_graph.Delta.IsEmpty && _graph.Delta.Listings.ContainsKey(node));
    }

    /// <summary>The <c>LISTED_ON</c> edge ids of <paramref name="node"/>.</summary>
    /// <param name="node">Node id.</param>
    /// <returns>Edge ids (usually one or two).</returns>
    public IEnumerable<int> EdgesOf(int node)
    {
        var b = _graph.Base;
        var d = _graph.Delta;
        if (node < b.ListingHead.Length)
        {
            for (var i = b.ListingHead[node]; i >= 0; i = b.ListingNext[i])
            {
                if (d.IsEmpty || !d.DeletedEdges.Contains(b.ListingEdges[i]))
                {
                    yield return b.ListingEdges[i];
                }
            }
        }

        if (!d.IsEmpty && d.Listings.TryGetValue(node, out var added))
        {
            foreach (var e in added)
            {
                if (!d.DeletedEdges.Contains(e))
                {
                    yield return e;
                }
            }
        }
    }

    /// <summary>Whether <paramref name="node"/> is listed under <paramref name="filter"/>.</summary>
    /// <param name="graph">The snapshot this index belongs to.</param>
    /// <param name="node">Node id.</param>
    /// <param name="filter">Day and lists that count.</param>
    /// <returns>True when a listing passes the filter.</returns>
    public bool IsListed(GraphSnapshot graph, int node, in ListingFilter filter)
    {
        foreach (var e in EdgesOf(node))
        {
            if ((!filter.HasDay || graph.EdgeHoldsOn(e, filter.DayNumber)) && (filter.Lists is null || Array.IndexOf(filter.Lists, graph.EdgeTarget(e)) >= 0))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>Which listings count: on a day (optional) and on some lists (optional).</summary>
/// <param name="HasDay">Whether <paramref name="DayNumber"/> applies.</param>
/// <param name="DayNumber">The day, as <see cref="DateOnly.DayNumber"/>.</param>
/// <param name="Lists">Node ids of the list nodes that count, or null for all lists.</param>
public readonly record struct ListingFilter(bool HasDay, int DayNumber, int[]? Lists)
{
    /// <summary>Builds a filter from a day and list ids.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="asOf">The day, or null for any.</param>
    /// <param name="lists">List entity ids, or null/empty for every list.</param>
    /// <returns>The filter.</returns>
    public static ListingFilter Create(GraphSnapshot graph, DateOnly? asOf, IReadOnlyCollection<string>? lists)
    {
        int[]? nodes = null;
        if (lists is { Count: > 0 })
        {
            nodes = [.. lists.Select(id => graph.TryGetNode(id, out var node) ? node : -1)];
        }

        return new ListingFilter(asOf is not null, asOf?.DayNumber ?? 0, nodes);
    }
}
