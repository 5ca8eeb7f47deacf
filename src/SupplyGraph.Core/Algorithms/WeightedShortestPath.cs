using SupplyGraph.Core.Engine;

namespace SupplyGraph.Core.Algorithms;

/// <summary>Lightest paths by Dijkstra's algorithm with a binary heap, for non-negative edge weights.</summary>
public static class WeightedShortestPath
{
    /// <summary>Edge ids of a lightest path, or null when <paramref name="to"/> is unreachable.</summary>
    /// <typeparam name="TRules">Edge and node rules.</typeparam>
    /// <param name="graph">The graph.</param>
    /// <param name="from">Start node id.</param>
    /// <param name="to">End node id.</param>
    /// <param name="types">Edge types that may be followed.</param>
    /// <param name="direction">Which way edges may be followed.</param>
    /// <param name="maxHops">Paths with more hops are not considered.</param>
    /// <param name="rules">Edge and node rules.</param>
    /// <param name="weight">Weight of an edge id (non-negative).</param>
    /// <param name="totalWeight">Receives the path's weight.</param>
    /// <returns>Edge ids from start to end, or null.</returns>
    /// <exception cref="ArgumentException">A weight is negative or not a number.</exception>
    public static int[]? FindEdges<TRules>(IGraphTopology graph, int from, int to, EdgeTypeMask types, Direction direction, int maxHops,
        TRules rules, Func<int, double> weight, out double totalWeight)
        where TRules : struct, ITraversalRules
    {
        totalWeight = 0;
        if (from == to)
        {
            return [];
        }

        var ws = TraversalWorkspace.Rent(graph.NodeCount);
        var side = ws.A;
        var settled = ws.B;
        var distance = new Dictionary<int, double> { [from] = 0 };
        var heap = new PriorityQueue<int, double>();
        side.VisitStart(from);
        side.Depth[from] = 0;
        heap.Enqueue(from, 0);
        while (heap.TryDequeue(out var node, out var d))
        {
            if (settled.Visited(node) || d > distance[node])
            {
                continue;
            }

            settled.VisitLeaf(node);
            if (node == to)
            {
                totalWeight = d;
                return side.PathTo(to);
            }

            if (node != from && !rules.AllowsPassingThrough(node))
            {
                continue;
            }

            if (side.Depth[node] >= maxHops)
            {
                continue;
            }

            if (direction != Direction.In)
            {
                Relax(graph.Out(node), node, d, side, settled, distance, heap, types, rules, weight);
            }

            if (direction != Direction.Out)
            {
                Relax(graph.In(node), node, d, side, settled, distance, heap, types, rules, weight);
            }
        }

        return null;
    }

    private static void Relax<TRules>(Adjacency adjacency, int node, double d, TraversalWorkspace.Side side, TraversalWorkspace.Side settled,
        Dictionary<int, double> distance, PriorityQueue<int, double> heap, EdgeTypeMask types, TRules rules, Func<int, double> weight)
        where TRules : struct, ITraversalRules
    {
        for (var i = 0; i < adjacency.Count; i++)
        {
            var next = adjacency.Neighbor(i);
            if (settled.Visited(next) || !types.Contains(adjacency.Type(i)))
            {
                continue;
            }

            var edge = adjacency.EdgeId(i);
            if (!rules.AllowsEdge(edge))
            {
                continue;
            }

            var w = weight(edge);
            if (!(w >= 0))
            {
                throw new ArgumentException($"edge weights must be non-negative numbers; edge {edge} weighs {w}");
            }

            var candidate = d + w;
            if (!distance.TryGetValue(next, out var known) || candidate < known)
            {
                if (!distance.ContainsKey(next))
                {
                    side.Visit(next, edge, node);
                }

                distance[next] = candidate;
                side.Link[next] = TraversalWorkspace.Side.LinkOf(edge, node);
                side.Depth[next] = side.Depth[node] + 1;
                heap.Enqueue(next, candidate);
            }
        }
    }
}
