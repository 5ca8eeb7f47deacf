using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SupplyGraph.Core.Engine;

namespace SupplyGraph.Core.Algorithms;

/// <summary>The arrays of a <see cref="CompactGraph"/>, read directly (see <see cref="ITopologyView"/>).</summary>
internal readonly struct CompactView(CompactGraph graph) : ITopologyView
{
    private readonly int[] _outOffsets = graph.OutOffsets;
    private readonly int[] _outPacked = graph.OutPacked;
    private readonly int[] _inOffsets = graph.InOffsets;
    private readonly int[] _inPacked = graph.InPacked;
    private readonly int[] _inEdges = graph.InEdges;

    /// <summary>The plain arrays behind <paramref name="graph"/>, when it has them: a compact graph, or a snapshot without a delta.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CompactGraph? Of(IGraphTopology graph) => graph as CompactGraph ?? (graph as GraphSnapshot)?.PlainTopology;

    public Adjacency Out(int node)
    {
        int start = _outOffsets[node], end = _outOffsets[node + 1];
        // Offsets are ascending and within the arrays by construction: the span is made without a range check.
        return new Adjacency(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_outPacked), start), end - start), default, start);
    }

    public Adjacency In(int node)
    {
        int start = _inOffsets[node], end = _inOffsets[node + 1];
        return new Adjacency(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_inPacked), start), end - start),
            MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_inEdges), start), end - start), start);
    }

    public int OutDegree(int node) => _outOffsets[node + 1] - _outOffsets[node];

    public int InDegree(int node) => _inOffsets[node + 1] - _inOffsets[node];

    public int TouchOut(int node) => Touch(_outOffsets, _outPacked, node);

    public int TouchIn(int node) => Touch(_inOffsets, _inPacked, node);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Touch(int[] offsets, int[] packed, int node)
    {
        // Node ids are below the offsets' length by construction; a node with no edges may start at the array's end.
        var start = Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(offsets), node);
        return (uint)start < (uint)packed.Length ? Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(packed), start) : 0;
    }

    public bool HasInPositions => true;

    public int InEdge(int position) => _inEdges[position];
}
