using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Engine;

/// <summary>
/// Per node, its <c>LISTED_ON</c> edges, so that "is this node listed (on these lists, on this day)?" costs a
/// look at one or two entries instead of a scan of the node's edges. Built once per snapshot.
/// </summary>
public sealed class ListingIndex
{
    private readonly int[] _first;
    private readonly int[] _next;
    private readonly int[] _edges;

    internal ListingIndex(GraphSnapshot graph)
    {
        _first = new int[graph.NodeCount];
        Array.Fill(_first, -1);
        var edges = new List<int>();
        var next = new List<int>();
        var rels = graph.Relationships;
        for (var e = 0; e < rels.Length; e++)
        {
            if (rels[e].Type != RelationshipTypes.ListedOn)
            {
                continue;
            }

            var node = graph.EdgeSource(e);
            edges.Add(e);
            next.Add(_first[node]);
            _first[node] = edges.Count - 1;
        }

        _edges = [.. edges];
        _next = [.. next];
        ListedNodeCount = _first.Count(f => f >= 0);
    }

    /// <summary>How many nodes have at least one listing.</summary>
    public int ListedNodeCount { get; }

    /// <summary>Whether <paramref name="node"/> has any listing at all.</summary>
    /// <param name="node">Node id.</param>
    /// <returns>True when it does.</returns>
    public bool HasAnyListing(int node) => _first[node] >= 0;

    /// <summary>The <c>LISTED_ON</c> edge ids of <paramref name="node"/>.</summary>
    /// <param name="node">Node id.</param>
    /// <returns>Edge ids (usually one or two).</returns>
    public IEnumerable<int> EdgesOf(int node)
    {
        for (var i = _first[node]; i >= 0; i = _next[i])
        {
            yield return _edges[i];
        }
    }

    /// <summary>Whether <paramref name="node"/> is listed under <paramref name="filter"/>.</summary>
    /// <param name="graph">The snapshot this index belongs to.</param>
    /// <param name="node">Node id.</param>
    /// <param name="filter">Day and lists that count.</param>
    /// <returns>True when a listing passes the filter.</returns>
    public bool IsListed(GraphSnapshot graph, int node, in ListingFilter filter)
    {
        for (var i = _first[node]; i >= 0; i = _next[i])
        {
            var e = _edges[i];
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
