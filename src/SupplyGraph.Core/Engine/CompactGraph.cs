namespace SupplyGraph.Core.Engine;

/// <summary>
/// Immutable topology in compressed sparse row form. An edge's id is its position in the outgoing arrays, so the
/// outgoing side needs no edge-id array; the incoming side keeps one. Neighbour and type share one int
/// (see <see cref="Adjacency"/>). Per edge: 4 (outgoing neighbour+type) + 4 (source) + 4 + 4 (incoming
/// neighbour+type, edge id) = 16 bytes, plus 8 bytes per node for offsets. At most 2^26 nodes.
/// </summary>
public sealed class CompactGraph : IGraphTopology
{
    /// <summary>The most edge types a graph may have (type indexes are bytes; masks are 64-bit).</summary>
    public const int MaxEdgeTypes = 64;

    /// <summary>The most nodes a graph may have (node ids share an int with the type index).</summary>
    public const int MaxNodes = 1 << Adjacency.TypeShift;

    private readonly int[] _outOffsets;
    private readonly int[] _outPacked;
    private readonly int[] _edgeSources;
    private readonly int[] _inOffsets;
    private readonly int[] _inPacked;
    private readonly int[] _inEdges;
    private readonly string[] _typeNames;

    private CompactGraph(int nodeCount, int[] outOffsets, int[] outPacked, int[] edgeSources, int[] inOffsets, int[] inPacked, int[] inEdges, string[] typeNames)
    {
        NodeCount = nodeCount;
        _outOffsets = outOffsets;
        _outPacked = outPacked;
        _edgeSources = edgeSources;
        _inOffsets = inOffsets;
        _inPacked = inPacked;
        _inEdges = inEdges;
        _typeNames = typeNames;
    }

    /// <inheritdoc/>
    public int NodeCount { get; }

    /// <inheritdoc/>
    public int EdgeCount => _outPacked.Length;

    /// <inheritdoc/>
    public IReadOnlyList<string> EdgeTypeNames => _typeNames;

    /// <summary>Bytes held by the topology arrays (for memory reports).</summary>
    public long TopologyBytes =>
        4L * (_outOffsets.Length + _outPacked.Length + _edgeSources.Length + _inOffsets.Length + _inPacked.Length + _inEdges.Length);

    /// <inheritdoc/>
    public Adjacency Out(int node)
    {
        int start = _outOffsets[node], end = _outOffsets[node + 1];
        return new Adjacency(_outPacked.AsSpan(start, end - start), default, start);
    }

    /// <inheritdoc/>
    public Adjacency In(int node)
    {
        int start = _inOffsets[node], end = _inOffsets[node + 1];
        return new Adjacency(_inPacked.AsSpan(start, end - start), _inEdges.AsSpan(start, end - start), 0);
    }

    /// <inheritdoc/>
    public int OutDegree(int node) => _outOffsets[node + 1] - _outOffsets[node];

    /// <inheritdoc/>
    public int InDegree(int node) => _inOffsets[node + 1] - _inOffsets[node];

    /// <inheritdoc/>
    public int EdgeSource(int edge) => _edgeSources[edge];

    /// <inheritdoc/>
    public int EdgeTarget(int edge) => _outPacked[edge] & Adjacency.NodeMask;

    /// <inheritdoc/>
    public int EdgeType(int edge) => (int)((uint)_outPacked[edge] >> Adjacency.TypeShift);

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

        if ((uint)nodeCount > MaxNodes)
        {
            throw new ArgumentException($"at most {MaxNodes} nodes are supported, got {nodeCount}");
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

        var outPacked = new int[edgeCount];
        var edgeSources = new int[edgeCount];
        var cursor = new int[nodeCount];
        Array.Copy(outOffsets, cursor, nodeCount);
        for (var i = 0; i < edgeCount; i++)
        {
            var e = cursor[sources[i]]++;
            outPacked[e] = (types[i] << Adjacency.TypeShift) | targets[i];
            edgeSources[e] = sources[i];
            if (!edgeIdOfInput.IsEmpty)
            {
                edgeIdOfInput[i] = e;
            }
        }

        var inPacked = new int[edgeCount];
        var inEdges = new int[edgeCount];
        Array.Copy(inOffsets, cursor, nodeCount);
        for (var e = 0; e < edgeCount; e++)
        {
            var p = cursor[outPacked[e] & Adjacency.NodeMask]++;
            inPacked[p] = (outPacked[e] & ~Adjacency.NodeMask) | edgeSources[e];
            inEdges[p] = e;
        }

        return new CompactGraph(nodeCount, outOffsets, outPacked, edgeSources, inOffsets, inPacked, inEdges, [.. typeNames]);
    }
}
