using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Engine;

namespace SupplyGraph.Core.Analytics;

/// <summary>
/// A breadth-first search over a bounded neighbourhood, keeping for each node reached its distance and the edge it
/// was reached by. The analyses that build a second graph over the neighbourhood (a flow network, a shortest-route
/// DAG) need random access by node, so the nodes get local ids here; the neighbourhood is bounded by the hop limit,
/// so a dictionary from node to local id costs what the search touched, not the graph's size.
/// </summary>
internal sealed class BoundedSearch
{
    private readonly Dictionary<int, int> _local = [];

    /// <summary>Node ids by local id, in visit order (nearest first).</summary>
    public List<int> Nodes { get; } = [];

    /// <summary>Hops from the nearest start, by local id.</summary>
    public List<int> Distance { get; } = [];

    /// <summary>Local id of the node each was reached from (-1 for a start), by local id.</summary>
    public List<int> Parent { get; } = [];

    /// <summary>Edge each was reached by (-1 for a start), by local id.</summary>
    public List<int> ParentEdge { get; } = [];

    public int Count => Nodes.Count;

    public bool TryLocal(int node, out int local) => _local.TryGetValue(node, out local);

    public int Add(int node, int distance, int parent, int edge)
    {
        var local = Nodes.Count;
        _local.Add(node, local);
        Nodes.Add(node);
        Distance.Add(distance);
        Parent.Add(parent);
        ParentEdge.Add(edge);
        return local;
    }

    /// <summary>Edge ids from the start to the node with local id <paramref name="local"/>, start first.</summary>
    public List<int> EdgesTo(int local)
    {
        var edges = new List<int>();
        for (var at = local; Parent[at] >= 0; at = Parent[at])
        {
            edges.Add(ParentEdge[at]);
        }

        edges.Reverse();
        return edges;
    }

    /// <summary>Edge ids from the node with local id <paramref name="local"/> back to the start it was reached from.</summary>
    public List<int> EdgesFrom(int local)
    {
        var edges = new List<int>();
        for (var at = local; Parent[at] >= 0; at = Parent[at])
        {
            edges.Add(ParentEdge[at]);
        }

        return edges;
    }

    /// <summary>
    /// The steps a route may take from <paramref name="node"/>: each neighbour and edge that the direction, the types
    /// and the edge rules allow. With <paramref name="reverse"/>, the steps that lead into the node instead.
    /// </summary>
    public static void Steps<TRules>(IGraphTopology graph, int node, Direction direction, bool reverse, EdgeTypeMask types, TRules rules, List<int> neighbours, List<int> edges)
        where TRules : struct, ITraversalRules
    {
        neighbours.Clear();
        edges.Clear();
        var followOut = direction != (reverse ? Direction.Out : Direction.In);
        var followIn = direction != (reverse ? Direction.In : Direction.Out);
        if (followOut)
        {
            Scan(graph.Out(node), types, rules, neighbours, edges);
        }

        if (followIn)
        {
            Scan(graph.In(node), types, rules, neighbours, edges);
        }
    }

    private static void Scan<TRules>(Adjacency adjacency, EdgeTypeMask types, TRules rules, List<int> neighbours, List<int> edges)
        where TRules : struct, ITraversalRules
    {
        var packed = adjacency.Packed;
        for (var i = 0; i < packed.Length; i++)
        {
            if (!types.Contains((int)((uint)packed[i] >> Adjacency.TypeShift)))
            {
                continue;
            }

            var edge = adjacency.EdgeId(i);
            if (rules.AllowsEdge(edge))
            {
                neighbours.Add(packed[i] & Adjacency.NodeMask);
                edges.Add(edge);
            }
        }
    }
}
