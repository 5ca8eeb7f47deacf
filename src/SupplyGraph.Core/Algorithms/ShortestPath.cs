using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Algorithms;

/// <summary>Shortest paths by breadth-first search over the compact adjacency arrays.</summary>
public static class ShortestPath
{
    /// <summary>Finds a path with the fewest hops from <paramref name="from"/> to <paramref name="to"/>.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="from">Start node id.</param>
    /// <param name="to">End node id.</param>
    /// <param name="query">Filters.</param>
    /// <returns>The path, or null when there is none within <see cref="PathQuery.MaxHops"/>.</returns>
    public static GraphPath? Find(GraphSnapshot graph, int from, int to, PathQuery query)
    {
        var edges = FindEdges(graph, from, to, query);
        return edges is null ? null : ToPath(graph, from, edges);
    }

    /// <summary>Finds the edge ids of a shortest path, or null.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="from">Start node id.</param>
    /// <param name="to">End node id.</param>
    /// <param name="query">Filters.</param>
    /// <returns>Edge ids from start to end, or null.</returns>
    public static int[]? FindEdges(GraphSnapshot graph, int from, int to, PathQuery query)
    {
        if (from == to)
        {
            return [];
        }

        var ws = TraversalWorkspace.Rent(graph.NodeCount);
        var types = EdgeTypeMask.For(graph, query.Types);
        var avoid = graph.LabelMask(query.AvoidLabels);
        var asOf = query.AsOf?.DayNumber;
        var queue = ws.Queue;
        int head = 0, tail = 0;
        queue[tail++] = from;
        ws.Visit(from);
        ws.Depth[from] = 0;
        while (head < tail)
        {
            var node = queue[head++];
            var depth = ws.Depth[node];
            if (depth >= query.MaxHops || (node != from && avoid != 0 && graph.NodeHasAnyLabel(node, avoid)))
            {
                continue;
            }

            if (query.Direction != Direction.In && Expand(graph, graph.Out(node), node, depth, to, types, asOf, ws, ref tail))
            {
                return Trace(ws, from, to);
            }

            if (query.Direction != Direction.Out && Expand(graph, graph.In(node), node, depth, to, types, asOf, ws, ref tail))
            {
                return Trace(ws, from, to);
            }
        }

        return null;
    }

    private static bool Expand(GraphSnapshot graph, Adjacency adjacency, int node, int depth, int target, EdgeTypeMask types,
        int? asOf, TraversalWorkspace ws, ref int tail)
    {
        var neighbors = adjacency.Neighbors;
        var edgeTypes = adjacency.Types;
        for (var i = 0; i < neighbors.Length; i++)
        {
            var next = neighbors[i];
            if (ws.Visited(next) || !types.Contains(edgeTypes[i]))
            {
                continue;
            }

            var edge = adjacency.EdgeId(i);
            if (asOf is { } day && !graph.EdgeHoldsOn(edge, day))
            {
                continue;
            }

            ws.Visit(next);
            ws.ParentEdge[next] = edge;
            ws.ParentNode[next] = node;
            ws.Depth[next] = depth + 1;
            if (next == target)
            {
                return true;
            }

            ws.Queue[tail++] = next;
        }

        return false;
    }

    private static int[] Trace(TraversalWorkspace ws, int from, int to)
    {
        var length = ws.Depth[to];
        var edges = new int[length];
        var node = to;
        for (var i = length - 1; i >= 0; i--)
        {
            edges[i] = ws.ParentEdge[node];
            node = ws.ParentNode[node];
        }

        return edges;
    }

    /// <summary>Turns edge ids into a path with entities and evidence.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="from">Start node id.</param>
    /// <param name="edges">Edge ids in order.</param>
    /// <returns>The path.</returns>
    public static GraphPath ToPath(GraphSnapshot graph, int from, IReadOnlyList<int> edges)
    {
        var nodes = new List<Entity>(edges.Count + 1) { graph.Entity(from) };
        var hops = new List<PathHop>(edges.Count);
        var at = from;
        foreach (var e in edges)
        {
            var forward = graph.EdgeSource(e) == at;
            at = forward ? graph.EdgeTarget(e) : graph.EdgeSource(e);
            hops.Add(new PathHop(graph.Relationship(e), forward));
            nodes.Add(graph.Entity(at));
        }

        return new GraphPath(nodes, hops);
    }
}
