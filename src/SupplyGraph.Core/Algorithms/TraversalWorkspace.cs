using System.Runtime.CompilerServices;

namespace SupplyGraph.Core.Algorithms;

/// <summary>
/// Per-thread buffers for traversals, reused across queries so that a query allocates nothing proportional to
/// the graph. "Visited" is a bit set (125 KB per million nodes, so it stays in the CPU cache); the visit queue
/// doubles as the list of bits to clear before the next search, so clearing costs what the search touched.
/// Two sides (A and B) serve bidirectional searches.
/// </summary>
internal sealed class TraversalWorkspace
{
    [ThreadStatic]
    private static TraversalWorkspace? s_current;

    private TraversalWorkspace(int nodeCount)
    {
        A = new Side(nodeCount);
        B = new Side(nodeCount);
    }

    public Side A { get; }

    public Side B { get; }

    /// <summary>
    /// The workspace of this thread, sized for at least <paramref name="nodeCount"/> nodes, cleared (or kept, to
    /// read the results of the last search).
    /// </summary>
    // Per query, like the kernels that rent it: optimised at first call (see ExposureSearch.Search), since under tiering
    // its clearing loop ran as tier-0 code for hundreds of queries (half the time of a 1M depth-4 BFS in the bench).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static TraversalWorkspace Rent(int nodeCount, bool keepMarks = false)
    {
        var ws = s_current;
        if (ws is null || ws.A.Queue.Length < nodeCount)
        {
            s_current = ws = new TraversalWorkspace(Math.Max(nodeCount, 16));
        }

        if (!keepMarks)
        {
            ws.A.Reset();
            ws.B.Reset();
        }

        return ws;
    }

    internal sealed class Side(int nodeCount)
    {
        /// <summary>Visited nodes in visit order: the breadth-first queue.</summary>
        public readonly int[] Queue = new int[nodeCount];

        /// <summary>
        /// Per visited node, the edge it was reached by (high 32 bits) and the node at that edge's other end (low 32
        /// bits); -1 for a start node, stale for others. One 8-byte write per visit (one cache line), so a path is
        /// walked without finding each edge's source (a search in the offsets, 3–4 cache misses per edge).
        /// </summary>
        public readonly long[] Link = new long[nodeCount];

        public readonly int[] Depth = new int[nodeCount];
        public readonly float[] Score = new float[nodeCount];
        public readonly ulong[] Bits = new ulong[(nodeCount + 63) >> 6];

        /// <summary>Number of visited nodes (the queue's tail).</summary>
        public int Count;

        /// <summary>After a level-by-level search: queue positions before this were expanded (their edges read).</summary>
        public int ExpandedEnd;

        /// <summary>The link of a start node: no edge, no parent.</summary>
        public const long NoLink = -1L;

        public bool Visited(int node) => (Bits[node >> 6] & (1UL << node)) != 0;

        /// <summary>Packs a parent edge and the node it leads back to.</summary>
        public static long LinkOf(int parentEdge, int parentNode) => ((long)parentEdge << 32) | (uint)parentNode;

        /// <summary>Marks <paramref name="node"/> as reached by <paramref name="parentEdge"/> from <paramref name="parentNode"/> and appends it to the queue.</summary>
        public void Visit(int node, int parentEdge, int parentNode)
        {
            Bits[node >> 6] |= 1UL << node;
            Link[node] = LinkOf(parentEdge, parentNode);
            Queue[Count++] = node;
        }

        /// <summary>Marks <paramref name="node"/> as a start node.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void VisitStart(int node)
        {
            Bits[node >> 6] |= 1UL << node;
            Link[node] = NoLink;
            Queue[Count++] = node;
        }

        /// <summary>Marks <paramref name="node"/> visited without a parent: for nodes that will not be expanded or reported.</summary>
        public void VisitLeaf(int node)
        {
            Bits[node >> 6] |= 1UL << node;
            Queue[Count++] = node;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Reset()
        {
            if (Count > Bits.Length)
            {
                Array.Clear(Bits);
            }
            else
            {
                for (var i = 0; i < Count; i++)
                {
                    Bits[Queue[i] >> 6] = 0;
                }
            }

            Count = 0;
        }

        /// <summary>
        /// The edge <paramref name="node"/> was reached by, or -1 for a start node (below -1: an incoming entry's
        /// position, which <see cref="ShortestPath"/> keeps instead of its edge id and resolves itself).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int ParentEdge(int node) => (int)(Link[node] >> 32);

        /// <summary>The node <paramref name="node"/> was reached from, or -1 for a start node.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int ParentNode(int node) => (int)Link[node];

        /// <summary>Edge ids from a start node to <paramref name="node"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public int[] PathTo(int node)
        {
            var link = Link;
            var length = 0;
            for (var n = node; link[n] >= 0; n = (int)link[n])
            {
                length++;
            }

            var path = new int[length];
            for (var n = node; length > 0; n = (int)link[n])
            {
                path[--length] = (int)(link[n] >> 32);
            }

            return path;
        }
    }
}
