namespace SupplyGraph.Core.Algorithms;

/// <summary>Whether an entity is covered by a 50 % rule.</summary>
public enum BlockStatus : byte
{
    /// <summary>Not covered.</summary>
    NotBlocked = 0,

    /// <summary>Covered only if unknown or ranged stakes are at the high end: needs review.</summary>
    PossiblyBlocked = 1,

    /// <summary>Covered: listed, or owned 50 % or more in the aggregate by covered parties.</summary>
    Blocked = 2,
}

/// <summary>
/// The 50 % rule as a fixpoint over ownership edges, starting from the listed parties only. A covered owner's
/// stake counts in full (not multiplied along the chain), stakes of different covered owners add up, stakes held
/// through uncovered intermediaries count zero, and each edge is read once per side, so cycles are safe.
/// Run twice: with the low end of every stake and only definitely covered owners (Blocked), and with the high end
/// (unknown = 100 %) and possibly covered owners too (PossiblyBlocked).
/// </summary>
public static class BlockingFixpoint
{
    private const double Epsilon = 1e-9;

    /// <summary>Runs the rule over an ownership graph whose edges point from owner to owned.</summary>
    /// <param name="ownership">Owner → owned edges, and their edge ids into the share arrays.</param>
    /// <param name="shareLow">Low end of each edge's stake (0 when unknown).</param>
    /// <param name="shareHigh">High end of each edge's stake (1 when unknown).</param>
    /// <param name="seeds">Listed parties.</param>
    /// <param name="threshold">Aggregate from which an entity is covered (0.5).</param>
    /// <param name="mayBeCovered">Whether a node may become covered (e.g. only non-US entities); null for all.</param>
    /// <param name="status">Receives the status per node (cleared first).</param>
    /// <param name="aggregateLow">Receives the definite aggregate per node.</param>
    /// <param name="aggregateHigh">Receives the possible aggregate per node.</param>
    public static void Run(IOwnershipEdges ownership, ReadOnlySpan<double> shareLow, ReadOnlySpan<double> shareHigh, ReadOnlySpan<int> seeds,
        double threshold, Func<int, bool>? mayBeCovered, Span<BlockStatus> status, Span<double> aggregateLow, Span<double> aggregateHigh)
    {
        status.Clear();
        aggregateLow.Clear();
        aggregateHigh.Clear();
        int[]? written = null;
        var writtenCount = 0;
        Run(ownership, shareLow, shareHigh, seeds, threshold, mayBeCovered, status, aggregateLow, aggregateHigh, ref written, ref writtenCount);
    }

    /// <summary>
    /// As <see cref="Run(IOwnershipEdges, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{int}, double, Func{int, bool}?, Span{BlockStatus}, Span{double}, Span{double})"/>,
    /// into <paramref name="buffers"/>, clearing only the entries the previous run into them wrote.
    /// </summary>
    /// <remarks>
    /// Clearing the three per-node outputs was most of a run on a large graph with few covered parties: 50 ms of 114 ms at
    /// 10M nodes for 169k covered (170 MB written). With exact shares (one array for both ends) a run writes only the
    /// covered parties and the parties they hold stakes in, and remembers them; otherwise the next run clears everything.
    /// </remarks>
    /// <param name="ownership">Owner → owned edges, and their edge ids into the share arrays.</param>
    /// <param name="shareLow">Low end of each edge's stake (0 when unknown).</param>
    /// <param name="shareHigh">High end of each edge's stake (1 when unknown).</param>
    /// <param name="seeds">Listed parties.</param>
    /// <param name="threshold">Aggregate from which an entity is covered (0.5).</param>
    /// <param name="mayBeCovered">Whether a node may become covered (e.g. only non-US entities); null for all.</param>
    /// <param name="buffers">Receive the status and both aggregates per node.</param>
    public static void Run(IOwnershipEdges ownership, ReadOnlySpan<double> shareLow, ReadOnlySpan<double> shareHigh, ReadOnlySpan<int> seeds,
        double threshold, Func<int, bool>? mayBeCovered, FixpointBuffers buffers)
    {
        ArgumentNullException.ThrowIfNull(buffers);
        buffers.ClearWritten();
        int[]? written = buffers.Written;
        var writtenCount = 0;
        var exact = Run(ownership, shareLow, shareHigh, seeds, threshold, mayBeCovered, buffers.Status, buffers.Low, buffers.High, ref written, ref writtenCount);
        buffers.Remember(exact ? written : null, writtenCount);
    }

    /// <summary>Both passes into cleared outputs; with exact shares, appends every node it writes to <paramref name="written"/> when that is not null. Returns whether the shares were exact.</summary>
    private static bool Run(IOwnershipEdges ownership, ReadOnlySpan<double> shareLow, ReadOnlySpan<double> shareHigh, ReadOnlySpan<int> seeds,
        double threshold, Func<int, bool>? mayBeCovered, Span<BlockStatus> status, Span<double> aggregateLow, Span<double> aggregateHigh,
        ref int[]? written, ref int writtenCount)
    {
        var exact = shareLow.Length == shareHigh.Length && System.Runtime.CompilerServices.Unsafe.AreSame(
            ref System.Runtime.InteropServices.MemoryMarshal.GetReference(shareLow), ref System.Runtime.InteropServices.MemoryMarshal.GetReference(shareHigh));
        if (!exact)
        {
            written = null;
        }

        // The work list grows with the covered set, not with the graph: at 10M nodes a queue of one int per node was
        // a fresh 40 MB (page faults, large-object GCs) per run, for 169k covered.
        var queue = new int[Math.Max(1024, seeds.Length * 4)];

        // Pass 1: definite, low ends, definitely covered owners only.
        var tail = 0;
        foreach (var s in seeds)
        {
            if (status[s] != BlockStatus.Blocked)
            {
                status[s] = BlockStatus.Blocked;
                Push(ref queue, ref tail, s);
            }
        }

        // With exact shares (one array for both ends) pass 2 would cover no one more and each possible aggregate is
        // the definite one: pass 1 writes both, where it touches (a copy of the whole array cost more than the pass
        // at 1M nodes), and pass 2 is skipped.
        var mirror = exact ? aggregateHigh : default;
        tail = ownership is OwnershipCsr csr
            ? Propagate(new OwnershipCsr.View(csr), shareLow, threshold, mayBeCovered, status, aggregateLow, mirror, ref queue, tail, ref written, ref writtenCount)
            : Propagate(new AnyOwnershipView(ownership), shareLow, threshold, mayBeCovered, status, aggregateLow, mirror, ref queue, tail, ref written, ref writtenCount);

        if (exact)
        {
            // Covered parties (their status); seeds among them may hold no aggregate.
            if (written is not null)
            {
                foreach (var node in queue.AsSpan(0, tail))
                {
                    PushWritten(ref written, ref writtenCount, node);
                }
            }

            return true;
        }

        // Pass 2: possible, high ends, every owner that is or may be covered.
        var marked = new bool[status.Length];
        tail = 0;
        for (var n = 0; n < status.Length; n++)
        {
            if (status[n] == BlockStatus.Blocked)
            {
                marked[n] = true;
                Push(ref queue, ref tail, n);
            }
        }

        for (var head = 0; head < tail; head++)
        {
            var owner = queue[head];
            foreach (var (owned, edge) in ownership.Owned(owner))
            {
                if (marked[owned])
                {
                    continue;
                }

                aggregateHigh[owned] += shareHigh[edge];
                if (aggregateHigh[owned] >= threshold - Epsilon && (mayBeCovered is null || mayBeCovered(owned)))
                {
                    marked[owned] = true;
                    status[owned] = BlockStatus.PossiblyBlocked;
                    Push(ref queue, ref tail, owned);
                }
            }
        }

        // A covered entity's aggregate is only reported as far as it was counted; complete both for explanations.
        for (var n = 0; n < status.Length; n++)
        {
            aggregateHigh[n] = Math.Max(aggregateHigh[n], aggregateLow[n]);
        }

        return false;
    }

    /// <summary>
    /// Pass 1 from the seeds in <paramref name="queue"/>: definitely covered owners and low ends, each aggregate also
    /// written to <paramref name="mirror"/> unless it is empty; returns the new tail.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static int Propagate<TEdges>(TEdges ownership, ReadOnlySpan<double> shareLow, double threshold, Func<int, bool>? mayBeCovered,
        Span<BlockStatus> status, Span<double> aggregateLow, Span<double> mirror, ref int[] queue, int tail, ref int[]? written, ref int writtenCount)
        where TEdges : struct, IOwnershipEdges
    {
        var mirrored = !mirror.IsEmpty;
        var remember = written is not null;
        for (var head = 0; head < tail; head++)
        {
            var owner = queue[head];
            foreach (var (owned, edge) in ownership.Owned(owner))
            {
                if (status[owned] == BlockStatus.Blocked)
                {
                    continue;
                }

                // First stake counted into this aggregate: remembered, so that the next run clears it (and only it).
                if (remember && aggregateLow[owned] == 0)
                {
                    PushWritten(ref written, ref writtenCount, owned);
                }

                var aggregate = aggregateLow[owned] += shareLow[edge];
                if (mirrored)
                {
                    mirror[owned] = aggregate;
                }
                if (aggregate >= threshold - Epsilon && (mayBeCovered is null || mayBeCovered(owned)))
                {
                    status[owned] = BlockStatus.Blocked;
                    Push(ref queue, ref tail, owned);
                }
            }
        }

        return tail;
    }

    private static void PushWritten(ref int[]? written, ref int count, int node)
    {
        if (written is not null)
        {
            Push(ref written, ref count, node);
        }
    }

    private static void Push(ref int[] queue, ref int tail, int node)
    {
        if (tail == queue.Length)
        {
            Array.Resize(ref queue, queue.Length * 2);
        }

        queue[tail++] = node;
    }
}

/// <summary>
/// The outputs of <see cref="BlockingFixpoint"/> for repeated runs over graphs of up to one size: each run clears only
/// what the previous one wrote.
/// </summary>
public sealed class FixpointBuffers
{
    private int _writtenCount = -1;

    /// <summary>Creates cleared buffers.</summary>
    /// <param name="nodeCount">Number of nodes.</param>
    public FixpointBuffers(int nodeCount)
    {
        Status = new BlockStatus[nodeCount];
        Low = new double[nodeCount];
        High = new double[nodeCount];
    }

    /// <summary>Status per node, after a run.</summary>
    public BlockStatus[] Status { get; }

    /// <summary>Definite aggregate per node, after a run.</summary>
    public double[] Low { get; }

    /// <summary>Possible aggregate per node, after a run.</summary>
    public double[] High { get; }

    /// <summary>Nodes the last run wrote (when <see cref="_writtenCount"/> is not -1), reused as the next run's list.</summary>
    internal int[] Written { get; private set; } = new int[1024];

    /// <summary>Clears the outputs: the entries the last run wrote, or all when it did not say or wrote many.</summary>
    internal void ClearWritten()
    {
        if (_writtenCount < 0 || _writtenCount > Status.Length / 8)
        {
            Array.Clear(Status);
            Array.Clear(Low);
            Array.Clear(High);
        }
        else
        {
            foreach (var node in Written.AsSpan(0, _writtenCount))
            {
                Status[node] = BlockStatus.NotBlocked;
                Low[node] = 0;
                High[node] = 0;
            }
        }

        _writtenCount = -1;
    }

    /// <summary>Records what a run wrote; null when it may have written anything.</summary>
    internal void Remember(int[]? written, int count)
    {
        if (written is not null)
        {
            Written = written;
        }

        _writtenCount = written is null ? -1 : count;
    }
}

/// <summary>Ownership edges by owner: which entities an owner holds stakes in, and the edge id of each stake.</summary>
public interface IOwnershipEdges
{
    /// <summary>Stakes held by <paramref name="owner"/>.</summary>
    /// <param name="owner">Owner node id.</param>
    /// <returns>Owned node and edge id pairs.</returns>
    OwnedEnumerable Owned(int owner);
}

/// <summary>Stakes of one owner, as two parallel spans (no allocation).</summary>
/// <param name="owned">Owned node ids.</param>
/// <param name="edges">Edge ids into the share arrays.</param>
public readonly ref struct OwnedEnumerable(ReadOnlySpan<int> owned, ReadOnlySpan<int> edges)
{
    private readonly ReadOnlySpan<int> _owned = owned;
    private readonly ReadOnlySpan<int> _edges = edges;

    /// <summary>Struct enumerator.</summary>
    /// <returns>The enumerator.</returns>
    public Enumerator GetEnumerator() => new(_owned, _edges);

    /// <summary>Enumerates (owned, edge) pairs.</summary>
    public ref struct Enumerator(ReadOnlySpan<int> owned, ReadOnlySpan<int> edges)
    {
        private readonly ReadOnlySpan<int> _owned = owned;
        private readonly ReadOnlySpan<int> _edges = edges;
        private int _i = -1;

        /// <summary>The current pair.</summary>
        public readonly (int Owned, int Edge) Current => (_owned[_i], _edges[_i]);

        /// <summary>Moves to the next pair.</summary>
        /// <returns>False at the end.</returns>
        public bool MoveNext() => ++_i < _owned.Length;
    }
}

/// <summary>Ownership edges in compressed sparse row form, built once from (owner, owned) pairs.</summary>
public sealed class OwnershipCsr : IOwnershipEdges
{
    private readonly int[] _offsets;
    private readonly int[] _owned;
    private readonly int[] _edges;

    /// <summary>Number of stakes.</summary>
    public int StakeCount => _owned.Length;

    /// <summary>Builds the CSR; edge ids are the positions in the input.</summary>
    /// <param name="nodeCount">Number of nodes.</param>
    /// <param name="owners">Owner per stake.</param>
    /// <param name="owned">Owned per stake.</param>
    public OwnershipCsr(int nodeCount, ReadOnlySpan<int> owners, ReadOnlySpan<int> owned)
    {
        _offsets = new int[nodeCount + 1];
        foreach (var o in owners)
        {
            _offsets[o + 1]++;
        }

        for (var n = 0; n < nodeCount; n++)
        {
            _offsets[n + 1] += _offsets[n];
        }

        _owned = new int[owners.Length];
        _edges = new int[owners.Length];
        var cursor = _offsets[..^1];
        for (var i = 0; i < owners.Length; i++)
        {
            var p = cursor[owners[i]]++;
            _owned[p] = owned[i];
            _edges[p] = i;
        }
    }

    /// <inheritdoc/>
    public OwnedEnumerable Owned(int owner)
    {
        int start = _offsets[owner], end = _offsets[owner + 1];
        return new OwnedEnumerable(_owned.AsSpan(start, end - start), _edges.AsSpan(start, end - start));
    }

    /// <summary>The same reads as a struct, so the fixpoint's loop inlines them instead of an interface call per owner.</summary>
    internal readonly struct View(OwnershipCsr csr) : IOwnershipEdges
    {
        private readonly int[] _offsets = csr._offsets;
        private readonly int[] _owned = csr._owned;
        private readonly int[] _edges = csr._edges;

        public OwnedEnumerable Owned(int owner)
        {
            int start = _offsets[owner], end = _offsets[owner + 1];
            return new OwnedEnumerable(new ReadOnlySpan<int>(_owned, start, end - start), new ReadOnlySpan<int>(_edges, start, end - start));
        }
    }
}
