using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Storage;

/// <summary>
/// Every analytics question a host asks, answered the same way on every store: the in-memory kernels over the
/// store's graph (<see cref="IGraphStore.GraphAsync"/>). On Neo4j that graph is a projection kept current from the
/// change log, which answers exposure and paths in the embedded engine's time instead of a variable-length Cypher
/// match's (bench/README.md, "Neo4j mode").
/// </summary>
public static class GraphStoreQueries
{
    /// <summary>Up to <paramref name="k"/> loopless paths, shortest first (Yen).</summary>
    /// <param name="store">The store.</param>
    /// <param name="from">Start entity id.</param>
    /// <param name="to">End entity id.</param>
    /// <param name="k">Most paths.</param>
    /// <param name="query">Filters, hop limit and weight.</param>
    /// <param name="cancellationToken">Cancels the load of a remote store's graph.</param>
    /// <returns>The paths, shortest (or lightest) first.</returns>
    /// <exception cref="EntityNotFoundException">An id is unknown.</exception>
    public static async Task<IReadOnlyList<GraphPath>> KShortestPathsAsync(this IGraphStore store, string from, string to, int k, PathQuery query, CancellationToken cancellationToken = default) =>
        Paths.KShortest(await store.GraphAsync(cancellationToken).ConfigureAwait(false), from, to, k, query);

    /// <summary>Every simple path within the query's hops, up to <see cref="PathQuery.MaxResults"/>.</summary>
    /// <param name="store">The store.</param>
    /// <param name="from">Start entity id.</param>
    /// <param name="to">End entity id.</param>
    /// <param name="query">Filters, hop limit and most paths.</param>
    /// <param name="cancellationToken">Cancels the load of a remote store's graph.</param>
    /// <returns>The paths, and whether the limit cut them.</returns>
    /// <exception cref="EntityNotFoundException">An id is unknown.</exception>
    public static async Task<PathSet> AllPathsAsync(this IGraphStore store, string from, string to, PathQuery query, CancellationToken cancellationToken = default)
    {
        var paths = Paths.AllSimple(await store.GraphAsync(cancellationToken).ConfigureAwait(false), from, to, query, out var truncated);
        return new PathSet(paths, truncated);
    }

    /// <summary>Reverse exposure: the entities that reach <paramref name="listedId"/> within the query's hops.</summary>
    /// <param name="store">The store.</param>
    /// <param name="listedId">The listed party.</param>
    /// <param name="query">Filters.</param>
    /// <param name="cancellationToken">Cancels the load of a remote store's graph.</param>
    /// <returns>The exposed entities, nearest first.</returns>
    /// <exception cref="EntityNotFoundException">The id is unknown.</exception>
    public static async Task<ExposureResult> ExposureToAsync(this IGraphStore store, string listedId, ExposureQuery query, CancellationToken cancellationToken = default) =>
        Exposure.To(await store.GraphAsync(cancellationToken).ConfigureAwait(false), listedId, query);

    /// <summary>The 50 %-rule analysis of the whole graph under a profile, as of a day, counting only some lists.</summary>
    /// <param name="store">The store.</param>
    /// <param name="rule">The profile.</param>
    /// <param name="asOf">The day.</param>
    /// <param name="lists">List ids whose listings count; null for the profile's.</param>
    /// <param name="cancellationToken">Cancels the load of a remote store's graph.</param>
    /// <returns>The analysis; ask it to <see cref="OwnershipAnalysis.Determine"/> an entity.</returns>
    public static async Task<OwnershipAnalysis> OwnershipAnalysisAsync(this IGraphStore store, RuleProfile rule, DateOnly asOf, IReadOnlyList<string>? lists = null, CancellationToken cancellationToken = default) =>
        OwnershipAnalysis.Run(await store.GraphAsync(cancellationToken).ConfigureAwait(false), rule, asOf, lists);

    /// <summary>The graph now and the graph as it would be after <paramref name="batch"/>; nothing is written.</summary>
    /// <param name="store">The store.</param>
    /// <param name="batch">The hypothetical changes.</param>
    /// <param name="cancellationToken">Cancels the load of a remote store's graph.</param>
    /// <returns>Both graphs, for any query to compare.</returns>
    /// <exception cref="InvalidInputException">The batch is invalid against the graph now.</exception>
    public static async Task<(GraphSnapshot Before, GraphSnapshot After)> WhatIfAsync(this IGraphStore store, ChangeBatch batch, CancellationToken cancellationToken = default)
    {
        var before = await store.GraphAsync(cancellationToken).ConfigureAwait(false);
        return (before, WhatIf.Apply(before, batch));
    }
}
