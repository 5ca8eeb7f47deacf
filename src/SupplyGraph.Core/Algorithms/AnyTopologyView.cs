using SupplyGraph.Core.Engine;

namespace SupplyGraph.Core.Algorithms;

/// <summary>Any <see cref="IGraphTopology"/>, through its interface (see <see cref="ITopologyView"/>).</summary>
internal readonly struct AnyTopologyView(IGraphTopology graph) : ITopologyView
{
    public Adjacency Out(int node) => graph.Out(node);

    public Adjacency In(int node) => graph.In(node);

    public int OutDegree(int node) => graph.OutDegree(node);

    public int InDegree(int node) => graph.InDegree(node);

    public int TouchOut(int node) => 0;

    public int TouchIn(int node) => 0;

    public bool HasInPositions => false;

    public int InEdge(int position) => throw new NotSupportedException("incoming entries have no positions here");
}
