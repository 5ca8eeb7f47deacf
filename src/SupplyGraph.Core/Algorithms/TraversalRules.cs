using SupplyGraph.Core.Engine;

namespace SupplyGraph.Core.Algorithms;

/// <summary>
/// Which edges a traversal may follow and which nodes it may pass through. Algorithms are generic over a
/// struct implementing this, so the check compiles into the inner loop without a virtual call.
/// </summary>
public interface ITraversalRules
{
    /// <summary>Whether edge <paramref name="edge"/> may be followed (type masks are checked separately).</summary>
    /// <param name="edge">Edge id.</param>
    /// <returns>True when allowed.</returns>
    bool AllowsEdge(int edge);

    /// <summary>
    /// Whether <see cref="AllowsEdge"/> looks at the edge at all. When false, every edge is allowed, and a kernel may
    /// leave an incoming entry's edge id unread until that entry is on an answer's path (an extra cache miss per
    /// reached node otherwise).
    /// </summary>
    bool ChecksEdges { get; }

    /// <summary>Whether a path may pass through <paramref name="node"/> (start and end are always allowed).</summary>
    /// <param name="node">Node id.</param>
    /// <returns>True when allowed.</returns>
    bool AllowsPassingThrough(int node);
}

/// <summary>No restrictions beyond edge types.</summary>
public readonly struct AllowAll : ITraversalRules
{
    /// <inheritdoc/>
    public bool AllowsEdge(int edge) => true;

    /// <inheritdoc/>
    public bool ChecksEdges => false;

    /// <inheritdoc/>
    public bool AllowsPassingThrough(int node) => true;
}

/// <summary>The rules of a <see cref="TraversalQuery"/> over a <see cref="GraphSnapshot"/>: dates, labels, countries.</summary>
public readonly struct SnapshotRules : ITraversalRules
{
    private readonly GraphSnapshot _graph;
    private readonly bool _hasDay;
    private readonly int _day;
    private readonly ulong _avoidLabels;
    private readonly ulong _requireLabels;
    private readonly bool[]? _avoidCountries;
    private readonly bool[]? _requireCountries;
    private readonly bool _checksNodes;
    private readonly CancellationToken _cancellation;

    /// <summary>Compiles the query's filters against the graph's label and country tables.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="query">The filters.</param>
    public SnapshotRules(GraphSnapshot graph, TraversalQuery query)
    {
        _graph = graph;
        _hasDay = query.AsOf is not null;
        _day = query.AsOf?.DayNumber ?? 0;
        _avoidLabels = graph.LabelMask(query.AvoidLabels);
        _requireLabels = query.RequireLabels.Count == 0 ? 0 : graph.LabelMask(query.RequireLabels);
        _avoidCountries = graph.CountryFlags(query.AvoidCountries);
        _requireCountries = graph.CountryFlags(query.RequireCountries);
        _checksNodes = _avoidLabels != 0 || query.RequireLabels.Count > 0 || _avoidCountries is not null || _requireCountries is not null;
        RequiresUnknownLabel = query.RequireLabels.Count > 0 && _requireLabels == 0;
        _cancellation = query.Cancellation;
    }

    /// <summary>True when the query requires labels no node carries: nothing may be passed through.</summary>
    private bool RequiresUnknownLabel { get; }

    /// <inheritdoc/>
    public bool AllowsEdge(int edge) => !_hasDay || _graph.EdgeHoldsOn(edge, _day);

    /// <inheritdoc/>
    public bool ChecksEdges => _hasDay;

    /// <inheritdoc/>
    public bool AllowsPassingThrough(int node)
    {
        // Every traversal asks this of each node it would pass through: the natural place to notice cancellation.
        _cancellation.ThrowIfCancellationRequested();
        if (!_checksNodes)
        {
            return true;
        }

        if (RequiresUnknownLabel || (_avoidLabels != 0 && _graph.NodeHasAnyLabel(node, _avoidLabels)))
        {
            return false;
        }

        if (_requireLabels != 0 && !_graph.NodeHasAnyLabel(node, _requireLabels))
        {
            return false;
        }

        var country = _graph.NodeCountry(node);
        return (_avoidCountries is null || !_avoidCountries[country]) && (_requireCountries is null || _requireCountries[country]);
    }
}

/// <summary>Another rule set with some edges and nodes removed (Yen's algorithm removes them per spur).</summary>
/// <typeparam name="TRules">The underlying rules.</typeparam>
internal readonly struct BlockingRules<TRules>(TRules inner, HashSet<int> blockedEdges, HashSet<int> blockedNodes) : ITraversalRules
    where TRules : struct, ITraversalRules
{
    public bool AllowsEdge(int edge) => !blockedEdges.Contains(edge) && inner.AllowsEdge(edge);

    public bool ChecksEdges => blockedEdges.Count > 0 || inner.ChecksEdges;

    public bool AllowsPassingThrough(int node) => !blockedNodes.Contains(node) && inner.AllowsPassingThrough(node);
}
