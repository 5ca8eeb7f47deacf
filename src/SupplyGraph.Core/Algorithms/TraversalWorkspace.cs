using SupplyGraph.Core.Engine;

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
    public static TraversalWorkspace Rent(int nodeCount, bool keepMarks = false)
    {
        var ws = s_current;
        if (ws is null || ws.A.Parent.Length < nodeCount)
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

        /// <summary>The edge each visited node was reached by (-1 for a start node); stale for others.</summary>
        public readonly int[] Parent = new int[nodeCount];

        public readonly int[] Depth = new int[nodeCount];
        public readonly float[] Score = new float[nodeCount];
        public readonly ulong[] Bits = new ulong[(nodeCount + 63) >> 6];

        /// <summary>Number of visited nodes (the queue's tail).</summary>
        public int Count;

        /// <summary>After a level-by-level search: queue positions before this were expanded (their edges read).</summary>
        public int ExpandedEnd;

        public bool Visited(int node) => (Bits[node >> 6] & (1UL << node)) != 0;

        /// <summary>Marks <paramref name="node"/> as reached by <paramref name="parentEdge"/> and appends it to the queue.</summary>
        public void Visit(int node, int parentEdge)
        {
            Bits[node >> 6] |= 1UL << node;
            Parent[node] = parentEdge;
            Queue[Count++] = node;
        }

        /// <summary>Marks <paramref name="node"/> visited without a parent: for nodes that will not be expanded or reported.</summary>
        public void VisitLeaf(int node)
        {
            Bits[node >> 6] |= 1UL << node;
            Queue[Count++] = node;
        }

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

        /// <summary>The node <paramref name="node"/> was reached from: the other end of its parent edge, or -1.</summary>
        public int ParentNode(IGraphTopology graph, int node)
        {
            var e = Parent[node];
            if (e < 0)
            {
                return -1;
            }

            var source = graph.EdgeSource(e);
            return source == node ? graph.EdgeTarget(e) : source;
        }

        /// <summary>Edge ids from a start node to <paramref name="node"/>.</summary>
        public int[] PathTo(IGraphTopology graph, int node)
        {
            var length = 0;
            for (var n = node; Parent[n] >= 0; n = ParentNode(graph, n))
            {
                length++;
            }

            var path = new int[length];
            for (var n = node; length > 0; n = ParentNode(graph, n))
            {
                path[--length] = Parent[n];
            }

            return path;
        }
    }
}
