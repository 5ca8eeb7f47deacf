namespace SupplyGraph.Core.Engine;

/// <summary>
/// Immutable topology in compressed sparse row form. An edge's id is its position in the outgoing arrays,
/// so the outgoing side needs no edge-id array; the incoming side keeps one. Per edge: 4 (target) + 1 (type)
/// + 4 (source) + 4 + 4 + 1 (incoming source, edge id, type) = 18 bytes, plus 8 bytes per node for offsets.
/// </summary>
public sealed class CompactGraph : IGraphTopology
{
    /// <summary>The most edge types a graph may have (type indexes are bytes; masks are 64-bit).</summary>
    public const int MaxEdgeTypes = 64;

    private readonly int[] _outOffsets;
    private readonly int[] _outTargets;
    private readonly byte[] _outTypes;
    private readonly int[] _edgeSources;
    private readonly int[] _inOffsets;
    private readonly int[] _inSources;
    private readonly int[] _inEdges;
    private readonly byte[] _inTypes;
    private readonly string[] _typeNames;

    private CompactGraph(int nodeCount, int[] outOffsets, int[] outTargets, byte[] outTypes, int[] edgeSources,
        int[] inOffsets, int[] inSources, int[] inEdges, byte[] inTypes, string[] typeNames)
    {
        NodeCount = nodeCount;
        _outOffsets = outOffsets;
        _outTargets = outTargets;
        _outTypes = outTypes;
        _edgeSources = edgeSources;
        _inOffsets = inOffsets;
        _inSources = inSources;
        _inEdges = inEdges;
        _inTypes = inTypes;
        _typeNames = typeNames;
    }

    /// <inheritdoc/>
    public int NodeCount { get; }

    /// <inheritdoc/>
    public int EdgeCount => _outTargets.Length;

    /// <inheritdoc/>
    public IReadOnlyList<string> EdgeTypeNames => _typeNames;

    /// <summary>Bytes held by the topology arrays (for memory reports).</summary>
    public long TopologyBytes =>
        4L * (_outOffsets.Length + _outTargets.Length + _edgeSources.Length + _inOffsets.Length + _inSources.Length + _inEdges.Length)
        + _outTypes.Length + _inTypes.Length;

    /// <inheritdoc/>
    public Adjacency Out(int node)
    {
        int start = _outOffsets[node], end = _outOffsets[node + 1];
        return new Adjacency(_outTargets.AsSpan(start, end - start), _outTypes.AsSpan(start, end - start), default, start);
    }

    /// <inheritdoc/>
    public Adjacency In(int node)
    {
        int start = _inOffsets[node], end = _inOffsets[node + 1];
        return new Adjacency(_inSources.AsSpan(start, end - start), _inTypes.AsSpan(start, end - start), _inEdges.AsSpan(start, end - start), 0);
    }

    /// <inheritdoc/>
    public int EdgeSource(int edge) => _edgeSources[edge];

    /// <inheritdoc/>
    public int EdgeTarget(int edge) => _outTargets[edge];

    /// <inheritdoc/>
    public int EdgeType(int edge) => _outTypes[edge];

    /// <summary>
    /// Builds the topology from an edge list by counting sort (linear time, stable within a node).
    /// </summary>
    /// <param name="nodeCount">Number of nodes.</param>
    /// <param name="sources">Start node per input edge.</param>
    /// <param name="targets">End node per input edge.</param>
    /// <param name="types">Type index per input edge.</param>
    /// <param name="typeNames">Type names, indexed by type index.</param>
    /// <param name="edgeIdOfInput">Receives, per input edge, its edge id in the built graph; may be empty.</param>
    /// <returns>The graph.</returns>
    /// <exception cref="ArgumentException">Lengths differ, too many types, or a node id is out of range.</exception>
    public static CompactGraph Build(int nodeCount, ReadOnlySpan<int> sources, ReadOnlySpan<int> targets,
        ReadOnlySpan<byte> types, IReadOnlyList<string> typeNames, Span<int> edgeIdOfInput)
    {
        var edgeCount = sources.Length;
        if (targets.Length != edgeCount || types.Length != edgeCount || (!edgeIdOfInput.IsEmpty && edgeIdOfInput.Length != edgeCount))
        {
            throw new ArgumentException("edge arrays differ in length");
        }

        if (typeNames.Count > MaxEdgeTypes)
        {
            throw new ArgumentException($"at most {MaxEdgeTypes} edge types are supported, got {typeNames.Count}");
        }

        var outOffsets = new int[nodeCount + 1];
        var inOffsets = new int[nodeCount + 1];
        for (var i = 0; i < edgeCount; i++)
        {
            int s = sources[i], t = targets[i];
            if ((uint)s >= (uint)nodeCount || (uint)t >= (uint)nodeCount)
            {
                throw new ArgumentException($"edge {i} refers to a node outside 0..{nodeCount - 1}");
            }

            outOffsets[s + 1]++;
            inOffsets[t + 1]++;
        }

        for (var n = 0; n < nodeCount; n++)
        {
            outOffsets[n + 1] += outOffsets[n];
            inOffsets[n + 1] += inOffsets[n];
        }

        var outTargets = new int[edgeCount];
        var outTypes = new byte[edgeCount];
        var edgeSources = new int[edgeCount];
        var cursor = new int[nodeCount];
        Array.Copy(outOffsets, cursor, nodeCount);
        for (var i = 0; i < edgeCount; i++)
        {
            var e = cursor[sources[i]]++;
            outTargets[e] = targets[i];
            outTypes[e] = types[i];
            edgeSources[e] = sources[i];
            if (!edgeIdOfInput.IsEmpty)
            {
                edgeIdOfInput[i] = e;
            }
        }

        var inSources = new int[edgeCount];
        var inEdges = new int[edgeCount];
        var inTypes = new byte[edgeCount];
        Array.Copy(inOffsets, cursor, nodeCount);
        for (var e = 0; e < edgeCount; e++)
        {
            var p = cursor[outTargets[e]]++;
            inSources[p] = edgeSources[e];
            inEdges[p] = e;
            inTypes[p] = outTypes[e];
        }

        return new CompactGraph(nodeCount, outOffsets, outTargets, outTypes, edgeSources, inOffsets, inSources, inEdges, inTypes, [.. typeNames]);
    }
}
