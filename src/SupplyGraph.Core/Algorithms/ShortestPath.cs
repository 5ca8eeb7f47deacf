using SupplyGraph.Core.Engine;

namespace SupplyGraph.Core.Algorithms;

/// <summary>
/// Fewest-hop paths by bidirectional breadth-first search over the compact adjacency arrays. Each step expands
/// one whole level of the side whose frontier has fewer edges to scan (not fewer nodes: on power-law graphs one
/// hub outweighs thousands of leaves), and stops at the first node both sides have reached.
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
        var backward = direction switch { Direction.Out => Direction.In, Direction.In => Direction.Out, _ => Direction.Both };
        f.Visit(from, -1);
        b.Visit(to, -1);
        int fStart = 0, fEnd = 1, bStart = 0, bEnd = 1, fDepth = 0, bDepth = 0;
        long fCost = Degree(graph, from, direction), bCost = Degree(graph, to, backward);
        while (fStart < fEnd && bStart < bEnd && fDepth + bDepth < maxHops)
        {
            int meet;
            if (fCost <= bCost)
            {
                meet = ExpandLevel(graph, f, b, ref fStart, ref fEnd, out fCost, direction, types, rules, from, to);
                fDepth++;
            }
            else
            {
                meet = ExpandLevel(graph, b, f, ref bStart, ref bEnd, out bCost, backward, types, rules, from, to);
                bDepth++;
            }

            if (meet >= 0)
            {
                return Join(graph, f, b, meet);
            }
        }

        return null;
    }

    private static long Degree(IGraphTopology graph, int node, Direction direction) => direction switch
    {
        Direction.Out => graph.OutDegree(node),
        Direction.In => graph.InDegree(node),
        _ => (long)graph.OutDegree(node) + graph.InDegree(node),
    };

    /// <summary>Expands one whole level of <paramref name="side"/>; returns a node also reached by <paramref name="other"/>, or -1.</summary>
    private static int ExpandLevel<TRules>(IGraphTopology graph, TraversalWorkspace.Side side, TraversalWorkspace.Side other,
        ref int start, ref int end, out long nextCost, Direction direction, EdgeTypeMask types, TRules rules, int from, int to)
        where TRules : struct, ITraversalRules
    {
        nextCost = 0;
        var levelEnd = end;
        for (var i = start; i < levelEnd; i++)
        {
            var node = side.Queue[i];
            if (direction != Direction.In)
            {
                var meet = Scan(graph, graph.Out(node), side, other, ref nextCost, direction, types, rules, from, to);
                if (meet >= 0)
                {
                    return meet;
                }
            }

            if (direction != Direction.Out)
            {
                var meet = Scan(graph, graph.In(node), side, other, ref nextCost, direction, types, rules, from, to);
                if (meet >= 0)
                {
                    return meet;
                }
            }
        }

        start = levelEnd;
        end = side.Count;
        return -1;
    }

    private static int Scan<TRules>(IGraphTopology graph, Adjacency adjacency, TraversalWorkspace.Side side, TraversalWorkspace.Side other,
        ref long nextCost, Direction direction, EdgeTypeMask types, TRules rules, int from, int to)
        where TRules : struct, ITraversalRules
    {
        var packed = adjacency.Packed;
        var bits = side.Bits;
        for (var i = 0; i < packed.Length; i++)
        {
            var entry = packed[i];
            var next = entry & Adjacency.NodeMask;
            if ((bits[next >> 6] & (1UL << next)) != 0 || !types.Contains((int)((uint)entry >> Adjacency.TypeShift)))
            {
                continue;
            }

            var edge = adjacency.EdgeId(i);
            if (!rules.AllowsEdge(edge) || (next != from && next != to && !rules.AllowsPassingThrough(next)))
            {
                continue;
            }

            side.Visit(next, edge);
            if (other.Visited(next))
            {
                return next;
            }

            nextCost += Degree(graph, next, direction);
        }

        return -1;
    }

    private static int[] Join(IGraphTopology graph, TraversalWorkspace.Side f, TraversalWorkspace.Side b, int meet)
    {
        var head = f.PathTo(graph, meet);
        var rest = new List<int>();
        for (var node = meet; b.Parent[node] >= 0; node = b.ParentNode(graph, node))
        {
            rest.Add(b.Parent[node]);
        }

        return [.. head, .. rest];
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
