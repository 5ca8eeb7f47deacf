using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Algorithms;

/// <summary>One-call path queries on a snapshot, by entity id, with evidence on every hop.</summary>
public static class Paths
{
    /// <summary>The shortest path: fewest hops, or lightest when the query has a weight.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="fromId">Start entity id.</param>
    /// <param name="toId">End entity id.</param>
    /// <param name="query">Filters and weight.</param>
    /// <returns>The path, or null when there is none within the filters.</returns>
    /// <exception cref="EntityNotFoundException">An id is unknown.</exception>
    public static GraphPath? Shortest(GraphSnapshot graph, string fromId, string toId, PathQuery query)
    {
        var (from, to) = Nodes(graph, fromId, toId);
        var rules = new SnapshotRules(graph, query);
        var types = EdgeTypeMask.For(graph, query.Types);
        var edges = query.Weight is { } weight
            ? WeightedShortestPath.FindEdges(graph, from, to, types, query.Direction, query.MaxHops, rules, e => weight(graph.Relationship(e)), out _)
            : ShortestPath.FindEdges(graph, from, to, types, query.Direction, query.MaxHops, rules);
        return edges is null ? null : ShortestPath.ToPath(graph, from, edges);
    }

    /// <summary>
    /// The one shortest path every store agrees on: among the fewest-hop paths, the best-evidenced (highest product of
    /// confidences), then the one whose relationship ids come first in ordinal order.
    /// </summary>
    /// <param name="graph">The graph.</param>
    /// <param name="fromId">Start entity id.</param>
    /// <param name="toId">End entity id.</param>
    /// <param name="query">Filters (weights are not used).</param>
    /// <returns>The path, or null.</returns>
    public static GraphPath? ShortestCanonical(GraphSnapshot graph, string fromId, string toId, PathQuery query)
    {
        var (from, to) = Nodes(graph, fromId, toId);
        var types = EdgeTypeMask.For(graph, query.Types);
        var rules = new SnapshotRules(graph, query with { Weight = null });
        var first = ShortestPath.FindEdges(graph, from, to, types, query.Direction, query.MaxHops, rules);
        if (first is null || first.Length <= 1)
        {
            return first is null ? null : ShortestPath.ToPath(graph, from, first);
        }

        // The ties compared as edge ids, each relationship read once, and only the chosen one made a path: making every
        // tied path (up to 10,000) read each hop's records again — at 5M records opened from the snapshot file, where a
        // record read is a file read and a parse, that was 7 s for one query. The order is Canonical's.
        var read = new Dictionary<int, Relationship>();
        Relationship Hop(int e) => read.TryGetValue(e, out var r) ? r : read[e] = graph.Relationship(e);
        double Score(int[] p)
        {
            var confidence = 1.0;
            foreach (var e in p)
            {
                confidence *= Hop(e).Provenance.Confidence;
            }

            return Math.Round(confidence, 12);
        }

        string Key(int[] p) => string.Join('\u0001', p.Select(e => Hop(e).Id));

        var ties = AllSimplePaths.Find(graph, from, to, types, query.Direction, first.Length, 10_000, rules, out _);
        int[]? best = null;
        var (bestScore, bestKey) = (double.NegativeInfinity, "");
        foreach (var path in ties.Where(p => p.Length == first.Length).Append(first))
        {
            // The ids only break a tie of confidence: a path of lower confidence never builds its key.
            var score = Score(path);
            if (best is not null && score < bestScore)
            {
                continue;
            }

            var key = Key(path);
            if (best is null || score > bestScore || string.CompareOrdinal(key, bestKey) < 0)
            {
                (best, bestScore, bestKey) = (path, score, key);
            }
        }

        return ShortestPath.ToPath(graph, from, best!);
    }

    /// <summary>Picks the best-evidenced path, then the one whose relationship ids come first.</summary>
    /// <param name="paths">Paths of equal length.</param>
    /// <returns>The chosen path, or null when there are none.</returns>
    public static GraphPath? Canonical(IEnumerable<GraphPath> paths) =>
        paths.OrderByDescending(p => Math.Round(p.Confidence, 12))
            .ThenBy(p => string.Join('\u0001', p.Hops.Select(h => h.Relationship.Id)), StringComparer.Ordinal)
            .FirstOrDefault();

    /// <summary>The <paramref name="k"/> shortest simple paths (Yen), shortest first.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="fromId">Start entity id.</param>
    /// <param name="toId">End entity id.</param>
    /// <param name="k">How many paths.</param>
    /// <param name="query">Filters and weight.</param>
    /// <returns>The paths.</returns>
    public static IReadOnlyList<GraphPath> KShortest(GraphSnapshot graph, string fromId, string toId, int k, PathQuery query)
    {
        var (from, to) = Nodes(graph, fromId, toId);
        Func<int, double>? weight = query.Weight is { } w ? e => w(graph.Relationship(e)) : null;
        return [.. KShortestPaths.Find(graph, from, to, Math.Min(k, query.MaxResults), EdgeTypeMask.For(graph, query.Types), query.Direction, query.MaxHops,
            new SnapshotRules(graph, query), weight).Select(p => ShortestPath.ToPath(graph, from, p))];
    }

    /// <summary>Every simple path up to <see cref="TraversalQuery.MaxHops"/>, shortest first, capped at <see cref="PathQuery.MaxResults"/>.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="fromId">Start entity id.</param>
    /// <param name="toId">End entity id.</param>
    /// <param name="query">Filters and cap.</param>
    /// <param name="truncated">Set when the cap stopped the search.</param>
    /// <returns>The paths.</returns>
    public static IReadOnlyList<GraphPath> AllSimple(GraphSnapshot graph, string fromId, string toId, PathQuery query, out bool truncated)
    {
        var (from, to) = Nodes(graph, fromId, toId);
        var found = AllSimplePaths.Find(graph, from, to, EdgeTypeMask.For(graph, query.Types), query.Direction, query.MaxHops, query.MaxResults,
            new SnapshotRules(graph, query), out truncated);
        return [.. found.Select(p => ShortestPath.ToPath(graph, from, p))];
    }

    private static (int From, int To) Nodes(GraphSnapshot graph, string fromId, string toId) =>
        (graph.TryGetNode(fromId, out var a) ? a : throw new EntityNotFoundException(fromId, []),
         graph.TryGetNode(toId, out var b) ? b : throw new EntityNotFoundException(toId, []));
}
