using SupplyGraph.Core.Engine;

namespace SupplyGraph.Core.Algorithms;

/// <summary>
/// Fewest-hop paths by bidirectional breadth-first search over the compact adjacency arrays: each step expands
/// the smaller frontier by one whole level, so a search touches far fewer edges than a one-sided one.
/// </summary>
public static class ShortestPath
{
    /// <summary>Edge ids of a fewest-hop path from <paramref name="from"/> to <paramref name="to"/>, or null.</summary>
    /// <typeparam name="TRules">Edge and node rules.</typeparam>
    /// <param name="graph">The graph.</param>
    /// <param name="from">Start node id.</param>
    /// <param name="to">End node id.</param>
    /// <param name="types">Edge types that may be followed.</param>
    /// <param name="direction">Out: follow edges start → end; In: end → start; Both: either.</param>
    /// <param name="maxHops">Most hops.</param>
    /// <param name="rules">Edge and node rules.</param>
    /// <returns>Edge ids from start to end (empty when <paramref name="from"/> = <paramref name="to"/>), or null.</returns>
    public static int[]? FindEdges<TRules>(IGraphTopology graph, int from, int to, EdgeTypeMask types, Direction direction, int maxHops, TRules rules)
        where TRules : struct, ITraversalRules
    {
        if (from == to)
        {
            return [];
        }

        var ws = TraversalWorkspace.Rent(graph.NodeCount);
        TraversalWorkspace.Side f = ws.A, b = ws.B;
        f.Visit(from, -1, -1, 0);
        b.Visit(to, -1, -1, 0);
        f.Queue[0] = from;
        b.Queue[0] = to;
        int fStart = 0, fEnd = 1, bStart = 0, bEnd = 1, fDepth = 0, bDepth = 0;
        var backward = direction switch { Direction.Out => Direction.In, Direction.In => Direction.Out, _ => Direction.Both };
        while (fStart < fEnd && bStart < bEnd && fDepth + bDepth < maxHops)
        {
            int meet;
            if (fEnd - fStart <= bEnd - bStart)
            {
                meet = ExpandLevel(graph, f, b, ref fStart, ref fEnd, fDepth, direction, types, rules, from, to);
                fDepth++;
            }
            else
            {
                meet = ExpandLevel(graph, b, f, ref bStart, ref bEnd, bDepth, backward, types, rules, from, to);
                bDepth++;
            }

            if (meet >= 0)
            {
                return Join(f, b, meet);
            }
        }

        return null;
    }

    /// <summary>Expands one whole level of <paramref name="side"/>; returns a node also reached by <paramref name="other"/>, or -1.</summary>
    private static int ExpandLevel<TRules>(IGraphTopology graph, TraversalWorkspace.Side side, TraversalWorkspace.Side other,
        ref int start, ref int end, int depth, Direction direction, EdgeTypeMask types, TRules rules, int from, int to)
        where TRules : struct, ITraversalRules
    {
        var levelEnd = end;
        var tail = end;
        for (var i = start; i < levelEnd; i++)
        {
            var node = side.Queue[i];
            if (direction != Direction.In)
            {
                var meet = Scan(graph.Out(node), node, side, other, ref tail, depth, types, rules, from, to);
                if (meet >= 0)
                {
                    return meet;
                }
            }

            if (direction != Direction.Out)
            {
                var meet = Scan(graph.In(node), node, side, other, ref tail, depth, types, rules, from, to);
                if (meet >= 0)
                {
                    return meet;
                }
            }
        }

        start = levelEnd;
        end = tail;
        return -1;
    }

    private static int Scan<TRules>(Adjacency adjacency, int node, TraversalWorkspace.Side side, TraversalWorkspace.Side other,
        ref int tail, int depth, EdgeTypeMask types, TRules rules, int from, int to)
        where TRules : struct, ITraversalRules
    {
        var neighbors = adjacency.Neighbors;
        var edgeTypes = adjacency.Types;
        var stamp = side.Stamp;
        var generation = side.Generation;
        for (var i = 0; i < neighbors.Length; i++)
        {
            var next = neighbors[i];
            if (stamp[next] == generation || !types.Contains(edgeTypes[i]))
            {
                continue;
            }

            var edge = adjacency.EdgeId(i);
            if (!rules.AllowsEdge(edge) || (next != from && next != to && !rules.AllowsPassingThrough(next)))
            {
                continue;
            }

            side.Visit(next, node, edge, depth + 1);
            if (other.Visited(next))
            {
                return next;
            }

            side.Queue[tail++] = next;
        }

        return -1;
    }

    private static int[] Join(TraversalWorkspace.Side f, TraversalWorkspace.Side b, int meet)
    {
        var edges = new int[f.Depth[meet] + b.Depth[meet]];
        var i = f.Depth[meet];
        for (var node = meet; f.ParentEdge[node] >= 0; node = f.ParentNode[node])
        {
            edges[--i] = f.ParentEdge[node];
        }

        i = f.Depth[meet];
        for (var node = meet; b.ParentEdge[node] >= 0; node = b.ParentNode[node])
        {
            edges[i++] = b.ParentEdge[node];
        }

        return edges;
    }

    /// <summary>Finds a fewest-hop path between two entities of a snapshot, honouring every filter of the query.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="from">Start node id.</param>
    /// <param name="to">End node id.</param>
    /// <param name="query">Filters (its <see cref="PathQuery.Weight"/> is ignored here; see <see cref="Paths"/>).</param>
    /// <returns>The path, or null.</returns>
    public static GraphPath? Find(GraphSnapshot graph, int from, int to, PathQuery query)
    {
        var edges = FindEdges(graph, from, to, EdgeTypeMask.For(graph, query.Types), query.Direction, query.MaxHops, new SnapshotRules(graph, query));
        return edges is null ? null : ToPath(graph, from, edges);
    }

    /// <summary>Turns edge ids into a path with entities and evidence.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="from">Start node id.</param>
    /// <param name="edges">Edge ids in order.</param>
    /// <returns>The path.</returns>
    public static GraphPath ToPath(GraphSnapshot graph, int from, IReadOnlyList<int> edges)
    {
        var nodes = new List<Model.Entity>(edges.Count + 1) { graph.Entity(from) };
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
