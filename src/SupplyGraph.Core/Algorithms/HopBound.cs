using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SupplyGraph.Core.Engine;

namespace SupplyGraph.Core.Algorithms;

/// <summary>
/// Per node, a lower bound of the hops to the nearest target following one direction: the exact fewest hops over
/// every edge of the graph, whatever its type, dates or confidence, from one multi-source breadth-first search
/// from the targets against that direction. One byte per node.
/// </summary>
/// <remarks>
/// Filters only remove edges, so a filtered distance is never below this one, and a k-hop search may leave
/// unexpanded any node whose depth plus bound exceeds k: no target within k lies beyond it. Such a search finds the
/// same targets at the same distances through the same parents (the nodes it keeps are visited in the same order,
/// a subsequence of the unpruned one), but reaches fewer other nodes. A bound holds for the graph and the targets
/// it was built from; adding an edge or a target can make it too high, so a changed graph needs a new one.
/// </remarks>
public sealed class HopBound
{
    /// <summary>The bound of a node from which no target can be reached at all.</summary>
    public const byte Unreachable = byte.MaxValue;

    /// <summary>Distances at and above this are stored as this (still a lower bound).</summary>
    public const byte Cap = byte.MaxValue - 1;

    private readonly byte[] _hops;

    private HopBound(byte[] hops, Direction direction, int targetCount)
    {
        _hops = hops;
        Direction = direction;
        TargetCount = targetCount;
    }

    /// <summary>The direction searches follow for which this bound holds.</summary>
    public Direction Direction { get; }

    /// <summary>Number of targets it was built from.</summary>
    public int TargetCount { get; }

    /// <summary>Number of nodes covered; nodes at and beyond it have no bound.</summary>
    public int NodeCount => _hops.Length;

    /// <summary>The hops array, indexed by node (for kernels).</summary>
    internal byte[] Hops => _hops;

    /// <summary>The bound of <paramref name="node"/>: 0 for a target, <see cref="Unreachable"/> when no target is reachable.</summary>
    /// <param name="node">Node id.</param>
    /// <returns>Fewest hops to a target over every edge, capped at <see cref="Cap"/>; 0 for a node the bound does not cover.</returns>
    public int Of(int node) => (uint)node < (uint)_hops.Length ? _hops[node] : 0;

    /// <summary>Builds the bound for searches that follow <paramref name="direction"/> from a source towards the targets.</summary>
    /// <param name="graph">The graph (every edge counts).</param>
    /// <param name="isTarget">Whether a node is a target; asked once per node.</param>
    /// <param name="direction">The direction the searches follow.</param>
    /// <returns>The bound.</returns>
    public static HopBound Build(IGraphTopology graph, Func<int, bool> isTarget, Direction direction)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(isTarget);
        var n = graph.NodeCount;
        var queue = new int[n];
        var tail = 0;
        for (var node = 0; node < n; node++)
        {
            if (isTarget(node))
            {
                queue[tail++] = node;
            }
        }

        return Build(graph, queue, tail, direction);
    }

    /// <summary>Builds the bound from a list of targets (see <see cref="Build(IGraphTopology, Func{int, bool}, Direction)"/>).</summary>
    /// <param name="graph">The graph (every edge counts).</param>
    /// <param name="targets">Target node ids (duplicates allowed).</param>
    /// <param name="direction">The direction the searches follow.</param>
    /// <returns>The bound.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A target is not a node of the graph.</exception>
    public static HopBound Build(IGraphTopology graph, ReadOnlySpan<int> targets, Direction direction)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var queue = new int[graph.NodeCount];
        var tail = 0;
        var seen = new ulong[(graph.NodeCount + 63) >> 6];
        foreach (var t in targets)
        {
            if ((uint)t >= (uint)graph.NodeCount)
            {
                throw new ArgumentOutOfRangeException(nameof(targets), $"target {t} is not a node of a graph of {graph.NodeCount:N0}");
            }

            if ((seen[t >> 6] & (1UL << t)) == 0)
            {
                seen[t >> 6] |= 1UL << t;
                queue[tail++] = t;
            }
        }

        return Build(graph, queue, tail, direction);
    }

    private static HopBound Build(IGraphTopology graph, int[] queue, int targets, Direction direction)
    {
        var hops = new byte[graph.NodeCount];
        hops.AsSpan().Fill(Unreachable);
        foreach (var t in queue.AsSpan(0, targets))
        {
            hops[t] = 0;
        }

        // Distances towards the targets along the search's direction are distances from them against it.
        var against = direction switch { Direction.Out => Direction.In, Direction.In => Direction.Out, _ => Direction.Both };
        var compact = CompactView.Of(graph);
        if (compact is not null)
        {
            Spread(new CompactView(compact), queue, targets, hops, against);
        }
        else
        {
            Spread(new AnyTopologyView(graph), queue, targets, hops, against);
        }

        return new HopBound(hops, direction, targets);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Spread<TView>(TView graph, int[] queue, int tail, byte[] hops, Direction direction)
        where TView : struct, ITopologyView
    {
        for (var head = 0; head < tail; head++)
        {
            var node = queue[head];
            var next = (byte)Math.Min(hops[node] + 1, Cap);
            if (direction != Direction.In)
            {
                tail = Visit(graph.Out(node), next, hops, queue, tail);
            }

            if (direction != Direction.Out)
            {
                tail = Visit(graph.In(node), next, hops, queue, tail);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Visit(Adjacency adjacency, byte next, byte[] hops, int[] queue, int tail)
    {
        // Every node is queued at most once (when its bound is first set), so the queue of one slot per node holds them.
        ref var hop = ref MemoryMarshal.GetArrayDataReference(hops);
        foreach (var entry in adjacency.Packed)
        {
            var neighbour = entry & Adjacency.NodeMask;
            ref var h = ref Unsafe.Add(ref hop, neighbour);
            if (h == Unreachable)
            {
                h = next;
                queue[tail++] = neighbour;
            }
        }

        return tail;
    }
}
