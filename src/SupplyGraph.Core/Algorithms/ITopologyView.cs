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
}
