namespace SupplyGraph.Core.Algorithms;

/// <summary>
/// Per-thread buffers for traversals, reused across queries so that a query allocates nothing proportional to
/// the graph. Visited marks are generation stamps: bumping the generation clears them in O(1).
/// Two sides (A and B) serve bidirectional searches.
/// </summary>
internal sealed class TraversalWorkspace
{
    [ThreadStatic]
    private static TraversalWorkspace? s_current;

    private int _generation;

    private TraversalWorkspace(int nodeCount)
    {
        A = new Side(nodeCount);
        B = new Side(nodeCount);
    }

    public Side A { get; }

    public Side B { get; }

    public int Generation => _generation;

    /// <summary>
    /// The workspace of this thread, sized for at least <paramref name="nodeCount"/> nodes, with marks cleared
    /// (or kept, to read the results of the last search).
    /// </summary>
    public static TraversalWorkspace Rent(int nodeCount, bool keepMarks = false)
    {
        var ws = s_current;
        if (ws is null || ws.A.Stamp.Length < nodeCount)
        {
            s_current = ws = new TraversalWorkspace(Math.Max(nodeCount, 16));
        }

        if (!keepMarks)
        {
            ws.NextGeneration();
        }

        return ws;
    }

    private void NextGeneration()
    {
        if (++_generation == int.MaxValue)
        {
            Array.Clear(A.Stamp);
            Array.Clear(B.Stamp);
            _generation = 1;
        }

        A.Generation = B.Generation = _generation;
    }

    internal sealed class Side(int nodeCount)
    {
        public int Generation;
        public readonly int[] Stamp = new int[nodeCount];
        public readonly int[] ParentEdge = new int[nodeCount];
        public readonly int[] ParentNode = new int[nodeCount];
        public readonly int[] Depth = new int[nodeCount];
        public readonly int[] Queue = new int[nodeCount];
        public readonly float[] Score = new float[nodeCount];

        public bool Visited(int node) => Stamp[node] == Generation;

        public void Visit(int node, int parentNode, int parentEdge, int depth)
        {
            Stamp[node] = Generation;
            ParentNode[node] = parentNode;
            ParentEdge[node] = parentEdge;
            Depth[node] = depth;
        }
    }
}
