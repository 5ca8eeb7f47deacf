using SupplyGraph.Core.Engine;

namespace SupplyGraph.Core.Algorithms;

/// <summary>Which nodes a traversal is looking for (listed parties, or everything).</summary>
public interface ITargetSet
{
    /// <summary>Whether <paramref name="node"/> is a target.</summary>
    /// <param name="node">Node id.</param>
    /// <returns>True when it is.</returns>
    bool Contains(int node);
}

/// <summary>Targets given as a bit set over node ids.</summary>
/// <param name="bits">One bit per node.</param>
public readonly struct BitTargets(ulong[] bits) : ITargetSet
{
    /// <summary>Builds the set from node ids.</summary>
    /// <param name="nodeCount">Number of nodes.</param>
    /// <param name="nodes">Target node ids.</param>
    /// <returns>The set.</returns>
    public static BitTargets Of(int nodeCount, IEnumerable<int> nodes)
    {
        var bits = new ulong[(nodeCount + 63) >> 6];
        foreach (var n in nodes)
        {
            bits[n >> 6] |= 1UL << n;
        }

        return new BitTargets(bits);
    }

    /// <inheritdoc/>
    public bool Contains(int node) => (bits[node >> 6] & (1UL << node)) != 0;
}

/// <summary>
/// Breadth-first search from one or more sources up to a hop limit that reports the target nodes it reaches,
/// each with one best path: fewest hops, then the highest product of evidence confidences. Buffers are reused
/// per thread; read paths with <see cref="PathTo"/> before the next search on the same thread.
/// </summary>
public static class ExposureSearch
{
    /// <summary>Runs the search and appends every target reached (sources included when they are targets) to <paramref name="hits"/>.</summary>
    /// <typeparam name="TRules">Edge and node rules.</typeparam>
    /// <typeparam name="TTargets">The targets.</typeparam>
    /// <param name="graph">The graph.</param>
    /// <param name="sources">Start nodes.</param>
    /// <param name="maxHops">Most hops.</param>
    /// <param name="types">Edge types that may be followed.</param>
    /// <param name="direction">Which way edges may be followed.</param>
    /// <param name="rules">Edge and node rules; nodes that may not be passed through are reported but not expanded.</param>
    /// <param name="targets">What counts as a hit.</param>
    /// <param name="edgeConfidence">Confidence per edge id for tie-breaks, or empty to take the first path found.</param>
    /// <param name="hits">Receives hit node ids in order of distance.</param>
    /// <param name="maxHits">Stop once this many hits are found.</param>
    /// <returns>Number of nodes reached.</returns>
    public static int Run<TRules, TTargets>(IGraphTopology graph, ReadOnlySpan<int> sources, int maxHops, EdgeTypeMask types, Direction direction,
        TRules rules, TTargets targets, ReadOnlySpan<float> edgeConfidence, List<int> hits, int maxHits = int.MaxValue)
        where TRules : struct, ITraversalRules
        where TTargets : struct, ITargetSet
    {
        var ws = TraversalWorkspace.Rent(graph.NodeCount);
        var side = ws.A;
        var queue = side.Queue;
        int tail = 0;
        foreach (var s in sources)
        {
            if (side.Visited(s))
            {
                continue;
            }

            side.Visit(s, -1, -1, 0);
            side.Score[s] = 1f;
            queue[tail++] = s;
            if (targets.Contains(s))
            {
                hits.Add(s);
            }
        }

        int levelStart = 0;
        for (var depth = 0; depth < maxHops && levelStart < tail && hits.Count < maxHits; depth++)
        {
            var levelEnd = tail;
            for (var i = levelStart; i < levelEnd; i++)
            {
                var node = queue[i];
                if (depth > 0 && !rules.AllowsPassingThrough(node))
                {
                    continue;
                }

                if (direction != Direction.In)
                {
                    Scan(graph.Out(node), node, depth, levelEnd, side, ref tail, types, rules, targets, edgeConfidence, hits);
                }

                if (direction != Direction.Out)
                {
                    Scan(graph.In(node), node, depth, levelEnd, side, ref tail, types, rules, targets, edgeConfidence, hits);
                }
            }

            levelStart = levelEnd;
        }

        return tail;
    }

    private static void Scan<TRules, TTargets>(Adjacency adjacency, int node, int depth, int levelEnd, TraversalWorkspace.Side side, ref int tail,
        EdgeTypeMask types, TRules rules, TTargets targets, ReadOnlySpan<float> edgeConfidence, List<int> hits)
        where TRules : struct, ITraversalRules
        where TTargets : struct, ITargetSet
    {
        var neighbors = adjacency.Neighbors;
        var edgeTypes = adjacency.Types;
        var stamp = side.Stamp;
        var generation = side.Generation;
        var byConfidence = !edgeConfidence.IsEmpty;
        for (var i = 0; i < neighbors.Length; i++)
        {
            var next = neighbors[i];
            if (!types.Contains(edgeTypes[i]))
            {
                continue;
            }

            if (stamp[next] == generation)
            {
                // Reached again at the same distance: keep the better-evidenced parent.
                if (byConfidence && side.Depth[next] == depth + 1)
                {
                    var e = adjacency.EdgeId(i);
                    var score = side.Score[node] * edgeConfidence[e];
                    if (score > side.Score[next] && rules.AllowsEdge(e))
                    {
                        side.Score[next] = score;
                        side.ParentNode[next] = node;
                        side.ParentEdge[next] = e;
                    }
                }

                continue;
            }

            var edge = adjacency.EdgeId(i);
            if (!rules.AllowsEdge(edge))
            {
                continue;
            }

            side.Visit(next, node, edge, depth + 1);
            side.Score[next] = byConfidence ? side.Score[node] * edgeConfidence[edge] : 1f;
            side.Queue[tail++] = next;
            if (targets.Contains(next))
            {
                hits.Add(next);
            }
        }
    }

    /// <summary>Edge ids of the best path from a source to <paramref name="node"/> found by the last <see cref="Run"/> on this thread.</summary>
    /// <param name="node">A node the last search reached.</param>
    /// <returns>Edge ids, source first.</returns>
    public static int[] PathTo(int node)
    {
        var side = TraversalWorkspace.Rent(0, keepMarks: true).A;
        var path = new int[side.Depth[node]];
        for (var i = path.Length - 1; i >= 0; i--)
        {
            path[i] = side.ParentEdge[node];
            node = side.ParentNode[node];
        }

        return path;
    }

    /// <summary>The source the last search reached <paramref name="node"/> from.</summary>
    /// <param name="node">A node the last search reached.</param>
    /// <returns>Source node id.</returns>
    public static int SourceOf(int node)
    {
        var side = TraversalWorkspace.Rent(0, keepMarks: true).A;
        while (side.ParentNode[node] >= 0)
        {
            node = side.ParentNode[node];
        }

        return node;
    }

    /// <summary>Hops from the nearest source to <paramref name="node"/> in the last search.</summary>
    /// <param name="node">A node the last search reached.</param>
    /// <returns>Hops.</returns>
    public static int HopsTo(int node) => TraversalWorkspace.Rent(0, keepMarks: true).A.Depth[node];

    /// <summary>Product of evidence confidences along the best path to <paramref name="node"/> in the last search.</summary>
    /// <param name="node">A node the last search reached.</param>
    /// <returns>Confidence.</returns>
    public static float ConfidenceTo(int node) => TraversalWorkspace.Rent(0, keepMarks: true).A.Score[node];
}
