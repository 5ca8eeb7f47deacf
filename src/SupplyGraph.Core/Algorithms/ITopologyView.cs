using SupplyGraph.Core.Engine;

namespace SupplyGraph.Core.Algorithms;

/// <summary>
/// The adjacency reads of a traversal kernel. Kernels are generic over a struct implementing this, so that on a
/// <see cref="CompactGraph"/> (<see cref="CompactView"/>) each expanded node costs two array reads, inlined, rather
/// than an interface call through <see cref="IGraphTopology"/> (<see cref="AnyTopologyView"/>, for snapshots with
/// a delta and other graphs).
/// </summary>
internal interface ITopologyView
{
    /// <summary>Outgoing edges of <paramref name="node"/>.</summary>
    Adjacency Out(int node);

    /// <summary>Incoming edges of <paramref name="node"/>.</summary>
    Adjacency In(int node);

    /// <summary>Number of outgoing edges of <paramref name="node"/>.</summary>
    int OutDegree(int node);

    /// <summary>Number of incoming edges of <paramref name="node"/>.</summary>
    int InDegree(int node);

    /// <summary>
    /// Reads the first outgoing entry of <paramref name="node"/> (or nothing), so that its cache line is on its way
    /// before the node is expanded a few queue places later; the value means nothing.
    /// </summary>
    int TouchOut(int node);

    /// <summary>As <see cref="TouchOut"/>, for the incoming entries.</summary>
    int TouchIn(int node);

    /// <summary>
    /// Whether <see cref="In"/>'s <see cref="Adjacency.FirstEdge"/> is the position of its first entry in one array of
    /// every incoming entry, which <see cref="InEdge"/> turns into an edge id.
    /// </summary>
    bool HasInPositions { get; }

    /// <summary>The edge id of the incoming entry at <paramref name="position"/> (only when <see cref="HasInPositions"/>).</summary>
    int InEdge(int position);
}
