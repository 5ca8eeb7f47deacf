using System.Runtime.CompilerServices;
using SupplyGraph.Core.Engine;

namespace SupplyGraph.Core.Algorithms;

/// <summary>
/// The <see cref="HopBound"/> of a snapshot towards its listed parties (every node with any listing, so it bounds
/// every list, day and filter), one per direction, built once per snapshot on a pool thread once exposure queries on
/// it have done enough work unpruned.
/// </summary>
/// <remarks>
/// A snapshot never changes, so its bound is never stale: a change (a live delta adding an edge or a listing) makes a
/// new snapshot, which has none until its own is built, and exposure queries on it run unpruned meanwhile. A build
/// reads every node and edge (at 10M nodes / 40M relationships, seconds of CPU, as much as thousands of queries), so it
/// starts only when the unpruned queries on the snapshot have together reached an eighth as many nodes as it has (the
/// rent-or-buy rule: a snapshot replaced after a few questions, as on a server committing often, never pays for one),
/// and in the background, so that no query waits for it.
/// </remarks>
public static class ListedHops
{
    private static readonly ConditionalWeakTable<GraphSnapshot, Slots> s_bySnapshot = [];

    /// <summary>The snapshot's bound for <paramref name="direction"/> if it is built, otherwise null.</summary>
    /// <param name="graph">The snapshot.</param>
    /// <param name="direction">The direction exposure searches follow.</param>
    /// <returns>The bound, or null while it is not built.</returns>
    public static HopBound? TryGet(GraphSnapshot graph, Direction direction) =>
        s_bySnapshot.TryGetValue(graph, out var slots) && slots[(int)direction].Task is { IsCompletedSuccessfully: true } done ? done.Result : null;

    /// <summary>Counts the nodes an unpruned exposure search on <paramref name="graph"/> reached; starts the bound's build in the background once they add up to an eighth of the graph.</summary>
    /// <param name="graph">The snapshot.</param>
    /// <param name="direction">The direction the search followed.</param>
    /// <param name="reached">Nodes it reached.</param>
    public static void CountUnpruned(GraphSnapshot graph, Direction direction, int reached)
    {
        var slot = s_bySnapshot.GetValue(graph, static _ => new Slots())[(int)direction];
        if (slot.Task is null && slot.AddWork(reached) >= graph.NodeCount / 8)
        {
            slot.Start(graph, direction, background: true);
        }
    }

    /// <summary>The snapshot's bound for <paramref name="direction"/>, built now if it is not (for callers that will ask many questions).</summary>
    /// <param name="graph">The snapshot.</param>
    /// <param name="direction">The direction exposure searches follow.</param>
    /// <returns>The bound.</returns>
    public static HopBound Get(GraphSnapshot graph, Direction direction)
    {
        var slot = s_bySnapshot.GetValue(graph, static _ => new Slots())[(int)direction];
        return slot.Start(graph, direction, background: false).GetAwaiter().GetResult();
    }

    /// <summary>Builds the bound of <paramref name="graph"/> towards every node with a listing, now.</summary>
    /// <param name="graph">The snapshot.</param>
    /// <param name="direction">The direction exposure searches follow.</param>
    /// <returns>The bound.</returns>
    public static HopBound Build(GraphSnapshot graph, Direction direction)
    {
        var index = graph.ListingIndex;
        return HopBound.Build(graph, index.HasAnyListing, direction);
    }

    private sealed class Slots
    {
        private readonly Slot[] _slots = [new(), new(), new()];

        public Slot this[int direction] => _slots[direction];
    }

    private sealed class Slot
    {
        private readonly Lock _lock = new();
        private long _work;

        public Task<HopBound>? Task { get; private set; }

        public long AddWork(int nodes) => Interlocked.Add(ref _work, nodes);

        public Task<HopBound> Start(GraphSnapshot graph, Direction direction, bool background)
        {
            lock (_lock)
            {
                // A failed build (out of memory) is not retried by queries that run fine without it.
                if (Task is not null && (!Task.IsFaulted || background))
                {
                    return Task;
                }

                Task = background
                    ? System.Threading.Tasks.Task.Run(() => Build(graph, direction))
                    : System.Threading.Tasks.Task.FromResult(Build(graph, direction));
                return Task;
            }
        }
    }
}
