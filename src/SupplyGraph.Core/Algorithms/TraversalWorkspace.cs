namespace SupplyGraph.Core.Algorithms;

/// <summary>
/// Per-thread buffers for traversals, reused across queries so that a query allocates nothing proportional to
/// the graph. Visited marks are generation stamps: bumping the generation clears them in O(1).
/// </summary>
internal sealed class TraversalWorkspace
{
    [ThreadStatic]
    private static TraversalWorkspace? s_current;

    private int _generation;

    private TraversalWorkspace(int nodeCount)
    {
        Stamp = new int[nodeCount];
        ParentEdge = new int[nodeCount];
        ParentNode = new int[nodeCount];
        Depth = new int[nodeCount];
        Queue = new int[nodeCount];
    }

    public int[] Stamp { get; }

    public int[] ParentEdge { get; }

    public int[] ParentNode { get; }

    public int[] Depth { get; }

    public int[] Queue { get; }

    /// <summary>The workspace of this thread, sized for at least <paramref name="nodeCount"/> nodes, with marks cleared.</summary>
    public static TraversalWorkspace Rent(int nodeCount)
    {
        var ws = s_current;
        if (ws is null || ws.Stamp.Length < nodeCount)
        {
            s_current = ws = new TraversalWorkspace(Math.Max(nodeCount, 16));
        }

        ws.NextGeneration();
        return ws;
    }

    public int Generation => _generation;

    public bool Visited(int node) => Stamp[node] == _generation;

    public void Visit(int node) => Stamp[node] = _generation;

    private void NextGeneration()
    {
        if (++_generation == int.MaxValue)
        {
            Array.Clear(Stamp);
            _generation = 1;
        }
    }
}
