namespace SupplyGraph.Core.Engine;

/// <summary>
/// The smallest read view algorithms need: dense node ids <c>0..NodeCount-1</c>, dense edge ids
/// <c>0..EdgeCount-1</c>, typed adjacency per direction.
/// </summary>
public interface IGraphTopology
{
    /// <summary>Number of nodes; node ids are <c>0..NodeCount-1</c>.</summary>
    int NodeCount { get; }

    /// <summary>Number of edges; edge ids are <c>0..EdgeCount-1</c>.</summary>
    int EdgeCount { get; }

    /// <summary>Interned edge type names; an edge's type is an index into this list.</summary>
    IReadOnlyList<string> EdgeTypeNames { get; }

    /// <summary>Outgoing edges of <paramref name="node"/>.</summary>
    /// <param name="node">Node id.</param>
    /// <returns>Targets, types and edge ids.</returns>
    Adjacency Out(int node);

    /// <summary>Incoming edges of <paramref name="node"/>.</summary>
    /// <param name="node">Node id.</param>
    /// <returns>Sources, types and edge ids.</returns>
    Adjacency In(int node);

    /// <summary>Number of outgoing edges of <paramref name="node"/>.</summary>
    /// <param name="node">Node id.</param>
    /// <returns>The out-degree.</returns>
    int OutDegree(int node);

    /// <summary>Number of incoming edges of <paramref name="node"/>.</summary>
    /// <param name="node">Node id.</param>
    /// <returns>The in-degree.</returns>
    int InDegree(int node);

    /// <summary>Start node of <paramref name="edge"/>.</summary>
    /// <param name="edge">Edge id.</param>
    /// <returns>Node id.</returns>
    int EdgeSource(int edge);

    /// <summary>End node of <paramref name="edge"/>.</summary>
    /// <param name="edge">Edge id.</param>
    /// <returns>Node id.</returns>
    int EdgeTarget(int edge);

    /// <summary>Type index of <paramref name="edge"/>.</summary>
    /// <param name="edge">Edge id.</param>
    /// <returns>Index into <see cref="EdgeTypeNames"/>.</returns>
    int EdgeType(int edge);
}

/// <summary>
/// The edges on one side of a node. Each entry packs the neighbour's node id (low 26 bits) and the edge's type
/// index (high 6 bits) into one int, so a scan reads one array; hot loops read <see cref="Packed"/> directly.
/// </summary>
public readonly ref struct Adjacency
{
    /// <summary>Bits of a packed entry that hold the node id.</summary>
    public const int NodeMask = (1 << TypeShift) - 1;

    /// <summary>Shift of the type index within a packed entry.</summary>
    public const int TypeShift = 26;

    private readonly ReadOnlySpan<int> _edgeIds;
    private readonly int _firstEdge;

    /// <summary>Creates an adjacency whose edge ids are either listed or a contiguous run from <paramref name="firstEdge"/>.</summary>
    /// <param name="packed">Packed neighbour and type per edge.</param>
    /// <param name="edgeIds">Edge ids, or empty when they are contiguous.</param>
    /// <param name="firstEdge">First edge id when <paramref name="edgeIds"/> is empty; otherwise free for the view's own use (a position).</param>
    public Adjacency(ReadOnlySpan<int> packed, ReadOnlySpan<int> edgeIds, int firstEdge)
    {
        Packed = packed;
        _edgeIds = edgeIds;
        _firstEdge = firstEdge;
    }

    /// <summary>Packed entries: <c>type &lt;&lt; 26 | neighbour</c>.</summary>
    public ReadOnlySpan<int> Packed { get; }

    /// <summary>Number of edges.</summary>
    public int Count => Packed.Length;

    /// <summary>Edge ids per entry, or empty when they run contiguously from <see cref="FirstEdge"/>.</summary>
    internal ReadOnlySpan<int> EdgeIds => _edgeIds;

    /// <summary>Edge id of the first entry when <see cref="EdgeIds"/> is empty; otherwise what the view put there (see ITopologyView.HasInPositions).</summary>
    internal int FirstEdge => _firstEdge;

    /// <summary>Neighbour node id of the <paramref name="i"/>-th edge.</summary>
    /// <param name="i">Position within this adjacency.</param>
    /// <returns>Node id.</returns>
    public int Neighbor(int i) => Packed[i] & NodeMask;

    /// <summary>Type index of the <paramref name="i"/>-th edge.</summary>
    /// <param name="i">Position within this adjacency.</param>
    /// <returns>Type index.</returns>
    public int Type(int i) => (int)((uint)Packed[i] >> TypeShift);

    /// <summary>Edge id of the <paramref name="i"/>-th edge.</summary>
    /// <param name="i">Position within this adjacency.</param>
    /// <returns>Edge id.</returns>
    public int EdgeId(int i) => _edgeIds.IsEmpty ? _firstEdge + i : _edgeIds[i];
}

/// <summary>Which way to follow edges.</summary>
public enum Direction
{
    /// <summary>From start to end (owner → owned).</summary>
    Out,
    /// <summary>From end to start.</summary>
    In,
    /// <summary>Either way.</summary>
    Both,
}
