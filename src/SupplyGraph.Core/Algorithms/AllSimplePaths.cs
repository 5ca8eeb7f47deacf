using SupplyGraph.Core.Engine;

namespace SupplyGraph.Core.Algorithms;

/// <summary>
/// Every simple path up to a hop limit, by depth-first search, stopping at a result cap. The search first takes each
/// node's distance to the target (a breadth-first search against the walk's direction, to the hop limit) and steps
/// only to nodes that can still reach the target in the hops left: without it the walk visited every path of up to
/// the limit from the start, and <see cref="Paths.ShortestCanonical"/>'s search for the ties of n1 → n2 in the
/// 10M-entity / 40M-relationship bench graph ran for over five minutes without an answer.
/// </summary>
public static class AllSimplePaths
{
    /// <summary>Simple paths from <paramref name="from"/> to <paramref name="to"/>, shortest first, at most <paramref name="maxResults"/>.</summary>
    /// <typeparam name="TRules">Edge and node rules.</typeparam>
    /// <param name="graph">The graph.</param>
    /// <param name="from">Start node id.</param>
    /// <param name="to">End node id.</param>
    /// <param name="types">Edge types that may be followed.</param>
    /// <param name="direction">Which way edges may be followed.</param>
    /// <param name="maxHops">Most hops.</param>
    /// <param name="maxResults">Stop after this many paths.</param>
    /// <param name="rules">Edge and node rules.</param>
    /// <param name="truncated">Set when the cap stopped the search (more paths may exist).</param>
    /// <returns>Paths as edge-id arrays.</returns>
    public static IReadOnlyList<int[]> Find<TRules>(IGraphTopology graph, int from, int to, EdgeTypeMask types, Direction direction,
        int maxHops, int maxResults, TRules rules, out bool truncated)
        where TRules : struct, ITraversalRules
    {
        var results = new List<int[]>();
        truncated = false;
        if (from == to || maxResults <= 0)
        {
            return results;
        }

        var onPath = new HashSet<int> { from };
        var edges = new Stack<int>();
        var distance = DistancesTo(graph, to, types, direction, maxHops - 1, rules);
        truncated = !Walk(graph, from, to, types, direction, maxHops, maxResults, rules, distance, onPath, edges, results);
        results.Sort((a, b) => a.Length.CompareTo(b.Length));
        return results;
    }

    /// <summary>Returns false when the cap was reached.</summary>
    private static bool Walk<TRules>(IGraphTopology graph, int node, int to, EdgeTypeMask types, Direction direction, int hopsLeft,
        int maxResults, TRules rules, TraversalWorkspace.Side distance, HashSet<int> onPath, Stack<int> edges, List<int[]> results)
        where TRules : struct, ITraversalRules
    {
        if (hopsLeft == 0)
        {
            return true;
        }

        for (var side = 0; side < 2; side++)
        {
            if ((side == 0 && direction == Direction.In) || (side == 1 && direction == Direction.Out))
            {
                continue;
            }

            var adjacency = side == 0 ? graph.Out(node) : graph.In(node);
            var count = adjacency.Count;
            for (var i = 0; i < count; i++)
            {
                adjacency = side == 0 ? graph.Out(node) : graph.In(node);
                var next = adjacency.Neighbor(i);
                var edge = adjacency.EdgeId(i);
                // A simple path is never shorter than the distance, so a node farther than the hops left leads nowhere.
                if ((next != to && DistanceOf(distance, next) >= hopsLeft) || onPath.Contains(next) || !types.Contains(adjacency.Type(i)) || !rules.AllowsEdge(edge))
                {
                    continue;
                }

                edges.Push(edge);
                if (next == to)
                {
                    results.Add([.. edges.Reverse()]);
                    if (results.Count >= maxResults)
                    {
                        return false;
                    }
                }
                else if (rules.AllowsPassingThrough(next))
                {
                    onPath.Add(next);
                    var more = Walk(graph, next, to, types, direction, hopsLeft - 1, maxResults, rules, distance, onPath, edges, results);
                    onPath.Remove(next);
                    if (!more)
                    {
                        return false;
                    }
                }

                edges.Pop();
            }
        }

        return true;
    }

    /// <summary>
    /// Hops from each node to <paramref name="to"/> along the walk's direction, up to <paramref name="limit"/>, following
    /// the same edge types and edge rules: the nodes reached are marked in the returned side (this thread's workspace,
    /// so a query allocates nothing proportional to the graph) with their hops in its depth array. Nodes a path may
    /// not pass through are not excluded, so the figure is a lower bound, which is all the walk needs.
    /// </summary>
    private static TraversalWorkspace.Side DistancesTo<TRules>(IGraphTopology graph, int to, EdgeTypeMask types, Direction direction, int limit, TRules rules)
        where TRules : struct, ITraversalRules
    {
        var side = TraversalWorkspace.Rent(graph.NodeCount).B;
        side.VisitStart(to);
        side.Depth[to] = 0;
        var levelStart = 0;
        for (var d = 1; d <= limit && levelStart < side.Count; d++)
        {
            var levelEnd = side.Count;
            for (var q = levelStart; q < levelEnd; q++)
            {
                var node = side.Queue[q];
                // Against the walk: it follows out-edges when going Out, so a node reaches the target through in-edges here.
                for (var s = 0; s < 2; s++)
                {
                    if ((s == 0 && direction == Direction.In) || (s == 1 && direction == Direction.Out))
                    {
                        continue;
                    }

                    var adjacency = s == 0 ? graph.In(node) : graph.Out(node);
                    for (var i = 0; i < adjacency.Count; i++)
                    {
                        var neighbor = adjacency.Neighbor(i);
                        if (!side.Visited(neighbor) && types.Contains(adjacency.Type(i)) && rules.AllowsEdge(adjacency.EdgeId(i)))
                        {
                            side.VisitLeaf(neighbor);
                            side.Depth[neighbor] = d;
                        }
                    }
                }
            }

            levelStart = levelEnd;
        }

        return side;
    }

    private static int DistanceOf(TraversalWorkspace.Side distance, int node) => distance.Visited(node) ? distance.Depth[node] : int.MaxValue;
}
