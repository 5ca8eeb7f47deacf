using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Algorithms;

/// <summary>Filters for exposure queries: by default 4 hops, both directions, every list, not through list nodes.</summary>
public sealed record ExposureQuery : TraversalQuery
{
    /// <summary>Creates the default query (4 hops).</summary>
    public ExposureQuery() => MaxHops = 4;

    /// <summary>The default query.</summary>
    public static ExposureQuery Default { get; } = new();

    /// <summary>List entity ids whose listings count; null for every list.</summary>
    public IReadOnlyList<string>? Lists { get; init; }

    /// <summary>Most hits returned (nearest first).</summary>
    public int MaxResults { get; init; } = 1000;
}

/// <summary>A party reached by an exposure query, with its best path.</summary>
/// <param name="Party">For a forward query the listed party reached; for a reverse query the exposed entity.</param>
/// <param name="Hops">Hops on the best path (0: a source is itself listed).</param>
/// <param name="Confidence">Product of the evidence confidences along the path.</param>
/// <param name="Weight">This hit's share of the score: <c>Confidence × 2^−Hops</c>.</param>
/// <param name="Listings">For a forward query the party's listings; for a reverse one the listed party's.</param>
/// <param name="Path">The best path: from the source to the listed party (forward), from the exposed entity to the listed party (reverse).</param>
public sealed record ExposureHit(Entity Party, int Hops, double Confidence, double Weight, IReadOnlyList<Listing> Listings, GraphPath Path);

/// <summary>The answer to an exposure query.</summary>
/// <param name="Sources">The entities the query started from.</param>
/// <param name="Hits">Hits, nearest first.</param>
/// <param name="Score">
/// For a forward query, <c>1 − Π(1 − weight)</c> over the hits: 0 for no listed party in reach, 1 when a source is
/// itself listed; each listed party counts as much as its evidence is sure, halved for every hop, and the hits
/// combine like independent chances. Null for a reverse query.
/// </param>
/// <param name="Truncated">True when <see cref="ExposureQuery.MaxResults"/> cut the hits.</param>
/// <param name="Reverse">True for "who is exposed to this listed party".</param>
public sealed record ExposureResult(IReadOnlyList<Entity> Sources, IReadOnlyList<ExposureHit> Hits, double? Score, bool Truncated, bool Reverse)
{
    /// <summary>Hits grouped by list and listing date, earliest first (forward queries).</summary>
    /// <returns>Groups keyed by list id and date.</returns>
    public IEnumerable<IGrouping<(string List, DateOnly? Since), ExposureHit>> ByList() =>
        Hits.SelectMany(h => h.Listings.Select(l => (Key: (List: l.List.Id, l.Since), Hit: h)))
            .GroupBy(x => x.Key, x => x.Hit)
            .OrderBy(g => g.Key.List, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Since);
}

/// <summary>Exposure of entities to listed parties, and the reverse.</summary>
public static class Exposure
{
    /// <summary>Which listed parties <paramref name="sourceIds"/> reach within the query's hops.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="sourceIds">One entity, or a set such as "my suppliers".</param>
    /// <param name="query">Filters.</param>
    /// <returns>Listed parties reached, nearest first, each with one best path, and the exposure score.</returns>
    /// <exception cref="EntityNotFoundException">An id is unknown.</exception>
    /// <remarks>
    /// Once the snapshot's <see cref="ListedHops"/> bound is built (on a pool thread, after enough queries), the search
    /// skips the nodes from which no listed party is within the hops left: the same answer, less work.
    /// </remarks>
    public static ExposureResult Of(GraphSnapshot graph, IReadOnlyList<string> sourceIds, ExposureQuery query)
    {
        var bound = ListedHops.TryGet(graph, query.Direction);
        var result = Search(graph, sourceIds, query, bound, footprint: false, out var reachedCount, out _, out _);
        if (bound is null)
        {
            ListedHops.CountUnpruned(graph, query.Direction, reachedCount);
        }

        return result;
    }

    /// <summary>
    /// As <see cref="Of(GraphSnapshot, IReadOnlyList{string}, ExposureQuery)"/>, also returning every node the search reached and
    /// the nodes whose edges it read (the sources and every reached node it passed through before the last hop). Live
    /// queries watch these nodes for changes, so this search is never pruned by a bound: a new edge at a node the bound
    /// would have skipped can bring a new hit.
    /// </summary>
    internal static ExposureResult Of(GraphSnapshot graph, IReadOnlyList<string> sourceIds, ExposureQuery query, out int[] reached, out HashSet<int> expanded) =>
        Of(graph, sourceIds, query, bound: null, out reached, out expanded);

    /// <summary>The forward query, pruned by <paramref name="bound"/> when it is given (built from every listed node of <paramref name="graph"/>).</summary>
    internal static ExposureResult Of(GraphSnapshot graph, IReadOnlyList<string> sourceIds, ExposureQuery query, HopBound? bound, out int[] reached, out HashSet<int> expanded)
    {
        var result = Search(graph, sourceIds, query, bound, footprint: true, out _, out var all, out var passed);
        (reached, expanded) = (all!, passed!);
        return result;
    }

    /// <summary>The forward query; the reached and expanded nodes are listed only when <paramref name="footprint"/> asks (live queries).</summary>
    private static ExposureResult Search(GraphSnapshot graph, IReadOnlyList<string> sourceIds, ExposureQuery query, HopBound? bound, bool footprint,
        out int reachedCount, out int[]? reached, out HashSet<int>? expanded)
    {
        var sources = NodesOf(graph, sourceIds);
        var filter = ListingFilter.Create(graph, query.AsOf, query.Lists);
        var hits = new List<int>();
        reachedCount = ExposureSearch.Run(graph, sources, query.MaxHops, EdgeTypeMask.For(graph, query.Types), query.Direction, new SnapshotRules(graph, query),
            new ListedTargets(graph, filter), new SnapshotConfidence(graph), hits, query.MaxResults + 1, bound);
        (reached, expanded) = (null, null);
        if (footprint)
        {
            reached = ExposureSearch.Reached(out var expandedEnd);
            var rules = new SnapshotRules(graph, query);
            expanded = [.. sources];
            for (var i = 0; i < expandedEnd; i++)
            {
                if (rules.AllowsPassingThrough(reached[i]))
                {
                    expanded.Add(reached[i]);
                }
            }
        }

        var truncated = hits.Count > query.MaxResults;
        var result = new List<ExposureHit>(Math.Min(hits.Count, query.MaxResults));
        foreach (var node in hits.Take(query.MaxResults))
        {
            var source = ExposureSearch.SourceOf(graph, node);
            var path = ShortestPath.ToPath(graph, source, ExposureSearch.PathTo(graph, node));
            result.Add(Hit(graph.Entity(node), path, Listings.Of(graph, node, query.AsOf).Where(l => Counts(l, query)).ToList()));
        }

        result.Sort(NearestThenById);
        var score = 1 - result.Aggregate(1.0, (keep, h) => keep * (1 - h.Weight));
        return new ExposureResult([.. sources.Select(graph.Entity)], result, score, truncated, Reverse: false);
    }

    /// <summary>Who is exposed to the listed party <paramref name="listedId"/>: every entity that reaches it within the query's hops.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="listedId">The listed party.</param>
    /// <param name="query">Filters (the direction is as seen from the exposed entity).</param>
    /// <returns>Exposed entities, nearest first, each with its best path to the listed party.</returns>
    public static ExposureResult To(GraphSnapshot graph, string listedId, ExposureQuery query)
    {
        var source = NodesOf(graph, [listedId])[0];
        var reversed = query.Direction switch { Direction.Out => Direction.In, Direction.In => Direction.Out, _ => Direction.Both };
        var hits = new List<int>();
        var notLists = new NotLabelled(graph, graph.LabelMask([NodeLabels.List]), source);
        ExposureSearch.Run(graph, [source], query.MaxHops, EdgeTypeMask.For(graph, query.Types), reversed, new SnapshotRules(graph, query),
            notLists, new SnapshotConfidence(graph), hits, query.MaxResults + 1);
        var truncated = hits.Count > query.MaxResults;
        var listings = Listings.Of(graph, source, query.AsOf).Where(l => Counts(l, query)).ToList();
        var result = new List<ExposureHit>();
        foreach (var node in hits.Take(query.MaxResults))
        {
            var edges = ExposureSearch.PathTo(graph, node);
            Array.Reverse(edges);
            result.Add(Hit(graph.Entity(node), ShortestPath.ToPath(graph, node, edges), listings));
        }

        result.Sort(NearestThenById);
        return new ExposureResult([graph.Entity(source)], result, null, truncated, Reverse: true);
    }

    /// <summary>
    /// Hits at the same distance in id order: the search meets them in the order of the relationships in memory, which
    /// differs between a process that loaded the store and one that applied the same records as changes, and the same
    /// question must list the same answer in both.
    /// </summary>
    private static int NearestThenById(ExposureHit a, ExposureHit b)
    {
        var byHops = a.Hops.CompareTo(b.Hops);
        return byHops != 0 ? byHops : string.CompareOrdinal(a.Party.Id, b.Party.Id);
    }

    private static ExposureHit Hit(Entity party, GraphPath path, IReadOnlyList<Listing> listings)
    {
        var confidence = path.Confidence;
        return new ExposureHit(party, path.Length, confidence, confidence * Math.Pow(2, -path.Length), listings, path);
    }

    private static bool Counts(Listing listing, ExposureQuery query) => query.Lists is not { Count: > 0 } lists || lists.Contains(listing.List.Id);

    private static int[] NodesOf(GraphSnapshot graph, IReadOnlyList<string> ids) =>
        [.. ids.Select(id => graph.TryGetNode(id, out var n) ? n : throw new EntityNotFoundException(id, []))];

    private readonly struct ListedTargets(GraphSnapshot graph, ListingFilter filter) : ITargetSet
    {
        private readonly ListingIndex _index = graph.ListingIndex;

        public bool Contains(int node) => _index.HasAnyListing(node) && _index.IsListed(graph, node, filter);
    }

    private readonly struct NotLabelled(GraphSnapshot graph, ulong labels, int except) : ITargetSet
    {
        public bool Contains(int node) => node != except && !graph.NodeHasAnyLabel(node, labels);
    }
}
