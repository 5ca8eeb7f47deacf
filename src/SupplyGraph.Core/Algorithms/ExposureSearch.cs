using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
/// No targets: the search only reaches nodes (a reach or depth-limited breadth-first search). It then records no
/// path, so <see cref="ExposureSearch.PathTo"/> and <see cref="ExposureSearch.SourceOf"/> have nothing to read after it.
/// </summary>
public readonly struct NoTargets : ITargetSet
{
    /// <inheritdoc/>
    public bool Contains(int node) => false;
}

/// <summary>Confidence of each edge's evidence, for tie-breaks between equally short paths.</summary>
public interface IEdgeConfidence
{
    /// <summary>Whether confidences are known (otherwise the first shortest path found is kept).</summary>
    bool Enabled { get; }

    /// <summary>The confidence of <paramref name="edge"/>.</summary>
    /// <param name="edge">Edge id.</param>
    /// <returns>From 0 to 1.</returns>
    float Of(int edge);
}

/// <summary>No confidences: the first shortest path found is kept.</summary>
public readonly struct NoConfidence : IEdgeConfidence
{
    /// <inheritdoc/>
    public bool Enabled => false;

    /// <inheritdoc/>
    public float Of(int edge) => 1f;
}

/// <summary>The confidences recorded in a snapshot's evidence.</summary>
/// <param name="graph">The snapshot.</param>
public readonly struct SnapshotConfidence(GraphSnapshot graph) : IEdgeConfidence
{
    /// <inheritdoc/>
    public bool Enabled => true;

    /// <inheritdoc/>
    public float Of(int edge) => graph.ConfidenceOf(edge);
}

/// <summary>
/// Breadth-first search from one or more sources up to a hop limit that reports the target nodes it reaches,
/// each with one best path: fewest hops, then the highest product of evidence confidences. Buffers are reused
/// per thread; read paths with <see cref="PathTo"/> before the next search on the same thread.
/// </summary>
public static class ExposureSearch
{
    /// <summary>Queue places between the node being expanded and the node whose adjacency is fetched ahead.</summary>
    private const int Lookahead = 4;

    // Where the look-ahead reads go, so that the JIT keeps them.
    private static int s_touched;

    /// <summary>Runs the search and appends every target reached (sources included when they are targets) to <paramref name="hits"/>.</summary>
    /// <typeparam name="TRules">Edge and node rules.</typeparam>
    /// <typeparam name="TTargets">The targets.</typeparam>
    /// <typeparam name="TConfidence">Edge confidences for tie-breaks.</typeparam>
    /// <param name="graph">The graph.</param>
    /// <param name="sources">Start nodes.</param>
    /// <param name="maxHops">Most hops.</param>
    /// <param name="types">Edge types that may be followed.</param>
    /// <param name="direction">Which way edges may be followed.</param>
    /// <param name="rules">Edge and node rules; nodes that may not be passed through are reported but not expanded.</param>
    /// <param name="targets">What counts as a hit.</param>
    /// <param name="confidence">Confidence per edge for tie-breaks (<see cref="NoConfidence"/> to take the first path found).</param>
    /// <param name="hits">Receives hit node ids in order of distance.</param>
    /// <param name="maxHits">Stop once this many hits are found.</param>
    /// <param name="bound">
    /// Optional: a lower bound of every node's hops to the nearest target, for <paramref name="direction"/>, built on this
    /// graph from a superset of <paramref name="targets"/>. Nodes that cannot reach a target within the hops left are then
    /// neither reached nor expanded: the hits, their order and their paths are the same, the nodes reached fewer.
    /// </param>
    /// <returns>Number of nodes reached.</returns>
    /// <exception cref="ArgumentException"><paramref name="bound"/> is for another direction or a graph of another size.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Run<TRules, TTargets, TConfidence>(IGraphTopology graph, ReadOnlySpan<int> sources, int maxHops, EdgeTypeMask types, Direction direction,
        TRules rules, TTargets targets, TConfidence confidence, List<int> hits, int maxHits = int.MaxValue, HopBound? bound = null)
        where TRules : struct, ITraversalRules
        where TTargets : struct, ITargetSet
        where TConfidence : struct, IEdgeConfidence
    {
        if (bound is not null && (bound.Direction != direction || bound.NodeCount != graph.NodeCount))
        {
            ThrowWrongBound(bound, direction, graph.NodeCount);
        }

        var compact = CompactView.Of(graph);
        return compact is not null
            ? Search(new CompactView(compact), graph.NodeCount, sources, maxHops, types, direction, rules, targets, confidence, hits, maxHits, bound?.Hops)
            : Search(new AnyTopologyView(graph), graph.NodeCount, sources, maxHops, types, direction, rules, targets, confidence, hits, maxHits, bound?.Hops);
    }

    [DoesNotReturn]
    private static void ThrowWrongBound(HopBound bound, Direction direction, int nodeCount) =>
        throw new ArgumentException($"the hop bound is for {bound.Direction} searches over {bound.NodeCount:N0} nodes, the search is {direction} over {nodeCount:N0}", nameof(bound));

    // Optimised at first call: under load, tiering left timed queries in tier-0 and OSR code for hundreds of calls
    // (seen with DOTNET_JitDisasm in the growth harness), and a server's first queries deserve the same code.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Search<TView, TRules, TTargets, TConfidence>(TView graph, int nodeCount, ReadOnlySpan<int> sources, int maxHops, EdgeTypeMask types,
        Direction direction, TRules rules, TTargets targets, TConfidence confidence, List<int> hits, int maxHits, byte[]? bound)
        where TView : struct, ITopologyView
        where TRules : struct, ITraversalRules
        where TTargets : struct, ITargetSet
        where TConfidence : struct, IEdgeConfidence
    {
        var ws = TraversalWorkspace.Rent(nodeCount);
        var side = ws.A;
        foreach (var s in sources)
        {
            if (side.Visited(s))
            {
                continue;
            }

            side.VisitStart(s);
            // Depth and score are read only for confidence tie-breaks: two cache-missing writes per source saved otherwise.
            if (confidence.Enabled)
            {
                side.Depth[s] = 0;
                side.Score[s] = 1f;
            }

            if (targets.Contains(s))
            {
                hits.Add(s);
            }
        }

        // The workspace's arrays and the queue's tail in locals: the scan below runs once per edge.
        var queue = side.Queue;
        var count = side.Count;
        int levelStart = 0;
        var touched = 0;
        for (var depth = 0; depth < maxHops && levelStart < count && hits.Count < maxHits; depth++)
        {
            var levelEnd = count;
            var lastLevel = depth + 1 == maxHops;
            for (var i = levelStart; i < levelEnd; i++)
            {
                // As in ShortestPath: the adjacency of the node a few places ahead is fetched while this one is scanned,
                // and, twice as far ahead, its offsets (a reached node's offsets are first read when it is expanded
                // here; the shortest path reads them when it reaches the node, for the frontier's cost).
                if (i + (2 * Lookahead) < levelEnd)
                {
                    var further = queue[i + (2 * Lookahead)];
                    touched += direction != Direction.In ? graph.OutDegree(further) : graph.InDegree(further);
                }

                if (i + Lookahead < levelEnd)
                {
                    var ahead = queue[i + Lookahead];
                    touched += direction != Direction.In ? graph.TouchOut(ahead) : graph.TouchIn(ahead);
                }

                var node = queue[i];
                if (depth > 0 && !rules.AllowsPassingThrough(node))
                {
                    continue;
                }

                // Later levels only hold nodes within reach of a target (checked when they were reached); a source is checked here.
                if (depth == 0 && bound is not null && bound[node] > maxHops)
                {
                    continue;
                }

                if (direction != Direction.In)
                {
                    count = Scan(graph.Out(node), node, depth, lastLevel, count, side, types, rules, targets, confidence, hits, bound, maxHops - depth - 1);
                }

                if (direction != Direction.Out)
                {
                    count = Scan(graph.In(node), node, depth, lastLevel, count, side, types, rules, targets, confidence, hits, bound, maxHops - depth - 1);
                }
            }

            levelStart = levelEnd;
        }

        side.Count = count;
        side.ExpandedEnd = levelStart;
        s_touched = touched;
        return count;
    }

    /// <summary>Visits the unvisited neighbours of <paramref name="node"/>; returns the new queue tail.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    private static int Scan<TRules, TTargets, TConfidence>(Adjacency adjacency, int node, int depth, bool lastLevel, int count, TraversalWorkspace.Side side,
        EdgeTypeMask types, TRules rules, TTargets targets, TConfidence confidence, List<int> hits, byte[]? bound, int hopsLeft)
        where TRules : struct, ITraversalRules
        where TTargets : struct, ITargetSet
        where TConfidence : struct, IEdgeConfidence
    {
        var packed = adjacency.Packed;
        var edgeIds = adjacency.EdgeIds;
        var firstEdge = adjacency.FirstEdge;
        // Node ids come from the graph (below NodeCount, the workspace's size) and each node is queued once: the
        // bounds checks the JIT cannot prove away here are skipped (refs into the workspace's arrays).
        ref var bits = ref MemoryMarshal.GetArrayDataReference(side.Bits);
        ref var queue = ref MemoryMarshal.GetArrayDataReference(side.Queue);
        ref var link = ref MemoryMarshal.GetArrayDataReference(side.Link);
        var byConfidence = confidence.Enabled;
        // A reach-only search keeps no paths: no parent write per visit (the C loop's BFS writes none either).
        var keepPaths = typeof(TTargets) != typeof(NoTargets) || byConfidence;
        ref var hopsToTarget = ref bound is null ? ref Unsafe.NullRef<byte>() : ref MemoryMarshal.GetArrayDataReference(bound);
        for (var i = 0; i < packed.Length; i++)
        {
            var entry = packed[i];
            var next = entry & Adjacency.NodeMask;
            if (!types.Contains((int)((uint)entry >> Adjacency.TypeShift)))
            {
                continue;
            }

            ref var word = ref Unsafe.Add(ref bits, next >> 6);
            if ((word & (1UL << next)) != 0)
            {
                // Reached again at the same distance: keep the better-evidenced parent.
                if (byConfidence && side.Depth[next] == depth + 1)
                {
                    var e = edgeIds.IsEmpty ? firstEdge + i : edgeIds[i];
                    var score = side.Score[node] * confidence.Of(e);
                    if (score > side.Score[next] && rules.AllowsEdge(e))
                    {
                        side.Score[next] = score;
                        Unsafe.Add(ref link, next) = TraversalWorkspace.Side.LinkOf(e, node);
                    }
                }

                continue;
            }

            // No target within the hops left beyond this node (bound sized to the graph, checked by Run): not reached.
            if (bound is not null && Unsafe.Add(ref hopsToTarget, next) > hopsLeft)
            {
                continue;
            }

            var edge = edgeIds.IsEmpty ? firstEdge + i : edgeIds[i];
            if (!rules.AllowsEdge(edge))
            {
                continue;
            }

            word |= 1UL << next;
            Unsafe.Add(ref queue, count++) = next;

            // Nodes of the last level are never expanded: only hits need the (cache-missing) parent write.
            if (!keepPaths || (lastLevel && !byConfidence && !targets.Contains(next)))
            {
                continue;
            }

            Unsafe.Add(ref link, next) = TraversalWorkspace.Side.LinkOf(edge, node);
            if (byConfidence)
            {
                side.Depth[next] = depth + 1;
                side.Score[next] = side.Score[node] * confidence.Of(edge);
            }

            if (targets.Contains(next))
            {
                hits.Add(next);
            }
        }

        return count;
    }

    /// <summary>Edge ids of the best path from a source to <paramref name="node"/> found by the last <see cref="Run"/> on this thread.</summary>
    /// <param name="graph">The graph the search ran on.</param>
    /// <param name="node">A node the last search reached.</param>
    /// <returns>Edge ids, source first.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int[] PathTo(IGraphTopology graph, int node) => TraversalWorkspace.Rent(0, keepMarks: true).A.PathTo(node);

    /// <summary>Every node the last search on this thread reached, in visit order.</summary>
    /// <param name="expandedEnd">Receives how many of them, from the start, had their edges read (the rest were only reached).</param>
    /// <returns>Node ids.</returns>
    public static int[] Reached(out int expandedEnd)
    {
        var side = TraversalWorkspace.Rent(0, keepMarks: true).A;
        expandedEnd = side.ExpandedEnd;
        return side.Queue.AsSpan(0, side.Count).ToArray();
    }

    /// <summary>The source the last search on this thread reached <paramref name="node"/> from.</summary>
    /// <param name="graph">The graph the search ran on.</param>
    /// <param name="node">A node the last search reached.</param>
    /// <returns>Source node id.</returns>
    public static int SourceOf(IGraphTopology graph, int node)
    {
        var side = TraversalWorkspace.Rent(0, keepMarks: true).A;
        for (var parent = side.ParentNode(node); parent >= 0; parent = side.ParentNode(node))
        {
            node = parent;
        }

        return node;
    }
}
