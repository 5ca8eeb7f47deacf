using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SupplyGraph.Core.Engine;

namespace SupplyGraph.Core.Algorithms;

/// <summary>
/// Fewest-hop paths by bidirectional breadth-first search over the compact adjacency arrays. Each step expands
/// one whole level of the side whose frontier has fewer edges to scan (not fewer nodes: on power-law graphs one
/// hub outweighs thousands of leaves), and stops at the first node both sides have reached.
/// </summary>
public static class ShortestPath
{
    /// <summary>Queue places between the node being expanded and the node whose adjacency is fetched ahead.</summary>
    private const int Lookahead = 4;

    // Where the look-ahead reads go, so that the JIT keeps them.
    private static int s_touched;

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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int[]? FindEdges<TRules>(IGraphTopology graph, int from, int to, EdgeTypeMask types, Direction direction, int maxHops, TRules rules)
        where TRules : struct, ITraversalRules
    {
        if (from == to)
        {
            return [];
        }

        var compact = CompactView.Of(graph);
        return compact is not null
            ? Search(new CompactView(compact), graph.NodeCount, from, to, types, direction, maxHops, rules)
            : Search(new AnyTopologyView(graph), graph.NodeCount, from, to, types, direction, maxHops, rules);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int[]? Search<TView, TRules>(TView graph, int nodeCount, int from, int to, EdgeTypeMask types, Direction direction, int maxHops, TRules rules)
        where TView : struct, ITopologyView
        where TRules : struct, ITraversalRules => direction switch
        {
            Direction.Out => Search<TView, TRules, OutSide, InSide>(graph, nodeCount, from, to, types, maxHops, rules),
            Direction.In => Search<TView, TRules, InSide, OutSide>(graph, nodeCount, from, to, types, maxHops, rules),
            _ => Search<TView, TRules, BothSides, BothSides>(graph, nodeCount, from, to, types, maxHops, rules),
        };

    /// <summary>Which adjacency a side of the search reads, as a type: each compiled kernel then reads one list and one degree without a branch.</summary>
    private interface ISideDirection
    {
        static abstract bool ReadsOut { get; }

        static abstract bool ReadsIn { get; }
    }

    private readonly struct OutSide : ISideDirection
    {
        public static bool ReadsOut => true;

        public static bool ReadsIn => false;
    }

    private readonly struct InSide : ISideDirection
    {
        public static bool ReadsOut => false;

        public static bool ReadsIn => true;
    }

    private readonly struct BothSides : ISideDirection
    {
        public static bool ReadsOut => true;

        public static bool ReadsIn => true;
    }

    // Optimised at first call, as ExposureSearch's kernel.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int[]? Search<TView, TRules, TForward, TBackward>(TView graph, int nodeCount, int from, int to, EdgeTypeMask types, int maxHops, TRules rules)
        where TView : struct, ITopologyView
        where TRules : struct, ITraversalRules
        where TForward : struct, ISideDirection
        where TBackward : struct, ISideDirection
    {
        var ws = TraversalWorkspace.Rent(nodeCount);
        TraversalWorkspace.Side f = ws.A, b = ws.B;
        f.VisitStart(from);
        b.VisitStart(to);
        int fStart = 0, fEnd = 1, bStart = 0, bEnd = 1, fDepth = 0, bDepth = 0;
        long fCost = Degree<TView, TForward>(graph, from), bCost = Degree<TView, TBackward>(graph, to);
        while (fStart < fEnd && bStart < bEnd && fDepth + bDepth < maxHops)
        {
            int meet;
            if (fCost <= bCost)
            {
                meet = ExpandLevel<TView, TRules, TForward>(graph, f, b, ref fStart, ref fEnd, out fCost, types, rules, from, to);
                fDepth++;
            }
            else
            {
                meet = ExpandLevel<TView, TRules, TBackward>(graph, b, f, ref bStart, ref bEnd, out bCost, types, rules, from, to);
                bDepth++;
            }

            if (meet >= 0)
            {
                return Join(graph, f, b, meet);
            }
        }

        return null;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Degree<TView, TDirection>(TView graph, int node)
        where TView : struct, ITopologyView
        where TDirection : struct, ISideDirection =>
        (TDirection.ReadsOut ? graph.OutDegree(node) : 0L) + (TDirection.ReadsIn ? graph.InDegree(node) : 0L);

    /// <summary>Expands one whole level of <paramref name="side"/>; returns a node also reached by <paramref name="other"/>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ExpandLevel<TView, TRules, TDirection>(TView graph, TraversalWorkspace.Side side, TraversalWorkspace.Side other,
        ref int start, ref int end, out long nextCost, EdgeTypeMask types, TRules rules, int from, int to)
        where TView : struct, ITopologyView
        where TRules : struct, ITraversalRules
        where TDirection : struct, ISideDirection
    {
        var levelEnd = end;
        var queue = side.Queue;
        var count = side.Count;
        var meet = -1;
        long cost = 0;
        // As in ExposureSearch: node ids are below the workspace's size and each node is queued once per side, so
        // the workspace is written through refs without bounds checks; held here, once per level, not per node.
        ref var bits = ref MemoryMarshal.GetArrayDataReference(side.Bits);
        ref var otherBits = ref MemoryMarshal.GetArrayDataReference(other.Bits);
        ref var tail = ref MemoryMarshal.GetArrayDataReference(queue);
        ref var link = ref MemoryMarshal.GetArrayDataReference(side.Link);
        var touched = 0;
        for (var i = start; i < levelEnd && meet < 0; i++)
        {
            // The node a few places ahead: its adjacency's cache line is fetched while this one is scanned (the loop
            // otherwise waits for each node's line in turn).
            if (i + Lookahead < levelEnd)
            {
                var ahead = queue[i + Lookahead];
                touched += TDirection.ReadsOut ? graph.TouchOut(ahead) : graph.TouchIn(ahead);
            }

            var node = queue[i];
            if (TDirection.ReadsOut)
            {
                count = Scan<TView, TRules, TDirection>(graph, graph.Out(node), node, count, ref bits, ref otherBits, ref tail, ref link, ref cost, types, rules, from, to, out meet);
            }

            if (TDirection.ReadsIn && meet < 0)
            {
                count = Scan<TView, TRules, TDirection>(graph, graph.In(node), node, count, ref bits, ref otherBits, ref tail, ref link, ref cost, types, rules, from, to, out meet);
            }
        }

        side.Count = count;
        nextCost = cost;
        s_touched = touched;
        if (meet >= 0)
        {
            return meet;
        }

        start = levelEnd;
        end = count;
        return -1;
    }

    /// <summary>Visits the unvisited neighbours of <paramref name="node"/>; returns the new queue tail and, in <paramref name="meet"/>, a node the other side has reached (or -1).</summary>
    // Too large to be inlined into both callers: without AggressiveOptimization it ran as tier-0 code (with the
    // shortest path's whole inner loop) for hundreds of queries, as DOTNET_JitDisasmSummary showed in the bench.
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    private static int Scan<TView, TRules, TDirection>(TView graph, Adjacency adjacency, int node, int count, ref ulong bits, ref ulong otherBits, ref int queue, ref long link,
        ref long nextCost, EdgeTypeMask types, TRules rules, int from, int to, out int meet)
        where TView : struct, ITopologyView
        where TRules : struct, ITraversalRules
        where TDirection : struct, ISideDirection
    {
        var packed = adjacency.Packed;
        var edgeIds = adjacency.EdgeIds;
        var firstEdge = adjacency.FirstEdge;
        // An incoming entry's edge id sits in another array (another cache miss per reached node); when no rule looks
        // at edges, the link keeps the entry's position instead (as a token below -1) and Join reads the id of the few
        // entries on the answer's path.
        var deferIds = graph.HasInPositions && !rules.ChecksEdges;
        for (var i = 0; i < packed.Length; i++)
        {
            var entry = packed[i];
            var next = entry & Adjacency.NodeMask;
            ref var word = ref Unsafe.Add(ref bits, next >> 6);
            if ((word & (1UL << next)) != 0 || !types.Contains((int)((uint)entry >> Adjacency.TypeShift)))
            {
                continue;
            }

            int edge;
            if (edgeIds.IsEmpty)
            {
                edge = firstEdge + i;
            }
            else if (deferIds)
            {
                edge = PositionToken(firstEdge + i);
            }
            else
            {
                edge = edgeIds[i];
            }

            if ((!deferIds && !rules.AllowsEdge(edge)) || (next != from && next != to && !rules.AllowsPassingThrough(next)))
            {
                continue;
            }

            word |= 1UL << next;
            Unsafe.Add(ref link, next) = TraversalWorkspace.Side.LinkOf(edge, node);
            Unsafe.Add(ref queue, count++) = next;
            if ((Unsafe.Add(ref otherBits, next >> 6) & (1UL << next)) != 0)
            {
                meet = next;
                return count;
            }

            nextCost += Degree<TView, TDirection>(graph, next);
        }

        meet = -1;
        return count;
    }

    /// <summary>An incoming entry's position as a link's edge: below -1, which is the start nodes' mark.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int PositionToken(int position) => -2 - position;

    /// <summary>The edge id behind a link's edge: itself, or the id of the incoming entry a position token names.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int EdgeOf<TView>(TView graph, int linkEdge)
        where TView : struct, ITopologyView => linkEdge >= 0 ? linkEdge : graph.InEdge(-2 - linkEdge);

    /// <summary>Edge ids from the forward side's start to the meeting node, then on to the backward side's start.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int[] Join<TView>(TView graph, TraversalWorkspace.Side f, TraversalWorkspace.Side b, int meet)
        where TView : struct, ITopologyView
    {
        int head = 0, tail = 0;
        for (var node = meet; f.ParentNode(node) >= 0; node = f.ParentNode(node))
        {
            head++;
        }

        for (var node = meet; b.ParentNode(node) >= 0; node = b.ParentNode(node))
        {
            tail++;
        }

        var path = new int[head + tail];
        var at = head;
        for (var node = meet; f.ParentNode(node) >= 0; node = f.ParentNode(node))
        {
            path[--at] = EdgeOf(graph, f.ParentEdge(node));
        }

        at = head;
        for (var node = meet; b.ParentNode(node) >= 0; node = b.ParentNode(node))
        {
            path[at++] = EdgeOf(graph, b.ParentEdge(node));
        }

        return path;
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
