namespace SupplyGraph.Core.Engine;

/// <summary>
/// Immutable topology in compressed sparse row form. An edge's id is its position in the outgoing arrays, so the
/// outgoing side needs no edge-id array; the incoming side keeps one. Neighbour and type share one int
/// (see <see cref="Adjacency"/>). Per edge: 4 (outgoing neighbour+type) + 4 + 4 (incoming neighbour+type, edge id)
/// = 12 bytes, plus 8 bytes per node for offsets and 4 bytes per 64 edges for the index that finds an edge's
/// source (14 B per edge at the bench graph's 4 edges per node). At most 2^26 nodes.
/// </summary>
/// <remarks>
/// An edge's source is not stored per edge (it was, at 4 B per edge): it is the node whose outgoing range holds the
/// edge, found from the source of the edge's 64-edge block with a short search in the offsets, which stay in cache
/// lines the block's first edge already touched. It is read once per path edge, never per scanned edge.
/// </remarks>
public sealed class CompactGraph : IGraphTopology
{
    /// <summary>The most edge types a graph may have (type indexes are bytes; masks are 64-bit).</summary>
    public const int MaxEdgeTypes = 64;

    /// <summary>The most nodes a graph may have (node ids share an int with the type index).</summary>
    public const int MaxNodes = 1 << Adjacency.TypeShift;

    private const int BlockShift = 6;

    private readonly int[] _outOffsets;
    private readonly int[] _outPacked;
    private readonly int[] _blockSources;
    private readonly int[] _inOffsets;
    private readonly int[] _inPacked;
    private readonly int[] _inEdges;
    private readonly string[] _typeNames;

    private CompactGraph(int nodeCount, int[] outOffsets, int[] outPacked, int[] inOffsets, int[] inPacked, int[] inEdges, string[] typeNames)
    {
        NodeCount = nodeCount;
        _outOffsets = outOffsets;
        _outPacked = outPacked;
        _inOffsets = inOffsets;
        _inPacked = inPacked;
        _inEdges = inEdges;
        _typeNames = typeNames;
        _blockSources = BlockSources(nodeCount, outOffsets, outPacked.Length);
    }

    /// <summary>The topology from arrays as <see cref="OutOffsets"/> and the others returned them (a snapshot file).</summary>
    /// <exception cref="InvalidDataException">The arrays do not fit together.</exception>
    internal static CompactGraph FromArrays(int nodeCount, int[] outOffsets, int[] outPacked, int[] inOffsets, int[] inPacked, int[] inEdges, string[] typeNames)
    {
        var edgeCount = outPacked.Length;
        if ((uint)nodeCount > MaxNodes || outOffsets.Length != nodeCount + 1 || inOffsets.Length != nodeCount + 1 || inPacked.Length != edgeCount
            || inEdges.Length != edgeCount || outOffsets[0] != 0 || outOffsets[nodeCount] != edgeCount || inOffsets[0] != 0 || inOffsets[nodeCount] != edgeCount)
        {
            throw new InvalidDataException("the topology arrays do not fit together");
        }

        return new CompactGraph(nodeCount, outOffsets, outPacked, inOffsets, inPacked, inEdges, typeNames);
    }

    /// <inheritdoc/>
    public int NodeCount { get; }

    /// <inheritdoc/>
    public int EdgeCount => _outPacked.Length;

    /// <inheritdoc/>
    public IReadOnlyList<string> EdgeTypeNames => _typeNames;

    /// <summary>Outgoing range start per node, and one more entry: the edge count.</summary>
    internal int[] OutOffsets => _outOffsets;

    /// <summary>Outgoing packed neighbour and type, by edge id.</summary>
    internal int[] OutPacked => _outPacked;

    /// <summary>Incoming range start per node, and one more entry.</summary>
    internal int[] InOffsets => _inOffsets;

    /// <summary>Incoming packed neighbour and type.</summary>
    internal int[] InPacked => _inPacked;

    /// <summary>Edge id of each incoming entry.</summary>
    internal int[] InEdges => _inEdges;

    /// <summary>Bytes held by the topology arrays (for memory reports).</summary>
    public long TopologyBytes =>
        4L * (_outOffsets.Length + _outPacked.Length + _blockSources.Length + _inOffsets.Length + _inPacked.Length + _inEdges.Length);

    /// <inheritdoc/>
    public Adjacency Out(int node)
    {
        int start = _outOffsets[node], end = _outOffsets[node + 1];
        return new Adjacency(_outPacked.AsSpan(start, end - start), default, start);
    }

    /// <inheritdoc/>
    public Adjacency In(int node)
    {
        int start = _inOffsets[node], end = _inOffsets[node + 1];
        return new Adjacency(_inPacked.AsSpan(start, end - start), _inEdges.AsSpan(start, end - start), 0);
    }

    /// <inheritdoc/>
    public int OutDegree(int node) => _outOffsets[node + 1] - _outOffsets[node];

    /// <inheritdoc/>
    public int InDegree(int node) => _inOffsets[node + 1] - _inOffsets[node];

    /// <inheritdoc/>
    public int EdgeSource(int edge)
    {
        if ((uint)edge >= (uint)_outPacked.Length)
        {
            ThrowEdgeOutOfRange(edge);
        }

        // The source is the last node whose range starts at or before the edge, between the sources of this block's
        // first edge and the next block's first edge.
        var block = edge >> BlockShift;
        int lo = _blockSources[block], hi = _blockSources[block + 1];
        var offsets = _outOffsets;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) >>> 1;
            if (offsets[mid] <= edge)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return lo;
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowEdgeOutOfRange(int edge) => throw new ArgumentOutOfRangeException(nameof(edge), edge, "no such edge");

    /// <summary>Per 64-edge block, the source of its first edge; one more entry holding the last node.</summary>
    private static int[] BlockSources(int nodeCount, int[] outOffsets, int edgeCount)
    {
        var blocks = (edgeCount + (1 << BlockShift) - 1) >> BlockShift;
        var result = new int[blocks + 1];
        var block = 0;
        for (var n = 0; n < nodeCount && block < blocks; n++)
        {
            var end = outOffsets[n + 1];
            while (block < blocks && block << BlockShift < end)
            {
                result[block++] = n;
            }
        }

        result[blocks] = Math.Max(0, nodeCount - 1);
        return result;
    }

    /// <inheritdoc/>
    public int EdgeTarget(int edge) => _outPacked[edge] & Adjacency.NodeMask;

    /// <inheritdoc/>
    public int EdgeType(int edge) => (int)((uint)_outPacked[edge] >> Adjacency.TypeShift);

    /// <summary>
    /// Builds the topology from an edge list by counting sort (linear time, stable within a node).
    /// </summary>
    /// <param name="nodeCount">Number of nodes.</param>
    /// <param name="sources">Start node per input edge.</param>
    /// <param name="targets">End node per input edge.</param>
    /// <param name="types">Type index per input edge.</param>
    /// <param name="typeNames">Type names, indexed by type index.</param>
    /// <param name="edgeIdOfInput">Receives, per input edge, its edge id in the built graph; may be empty.</param>
    /// <returns>The graph.</returns>
    /// <exception cref="ArgumentException">Lengths differ, too many types, or a node id is out of range.</exception>
    public static CompactGraph Build(int nodeCount, ReadOnlySpan<int> sources, ReadOnlySpan<int> targets,
        ReadOnlySpan<byte> types, IReadOnlyList<string> typeNames, Span<int> edgeIdOfInput)
    {
        var edgeCount = sources.Length;
        if (targets.Length != edgeCount || types.Length != edgeCount || (!edgeIdOfInput.IsEmpty && edgeIdOfInput.Length != edgeCount))
        {
            throw new ArgumentException("edge arrays differ in length");
        }

        if ((uint)nodeCount > MaxNodes)
        {
            throw new ArgumentException($"at most {MaxNodes} nodes are supported, got {nodeCount}");
        }

        if (typeNames.Count > MaxEdgeTypes)
        {
            throw new ArgumentException($"at most {MaxEdgeTypes} edge types are supported, got {typeNames.Count}");
        }

        for (var i = 0; i < edgeCount; i++)
        {
            if ((uint)sources[i] >= (uint)nodeCount || (uint)targets[i] >= (uint)nodeCount)
            {
                throw new ArgumentException($"edge {i} refers to a node outside 0..{nodeCount - 1}");
            }
        }

        // Outgoing side: edges grouped by source, in input order within a source.
        var outOffsets = new int[nodeCount + 1];
        var outPacked = new int[edgeCount];
        var keys = new int[edgeCount];
        var values = new int[edgeCount];
        int[] order = edgeIdOfInput.IsEmpty ? [] : new int[edgeCount];
        var buckets = BucketCounts(nodeCount, sources);
        var cursor = BucketStarts(buckets);
        for (var i = 0; i < edgeCount; i++)
        {
            var p = cursor[sources[i] >> BucketShift]++;
            keys[p] = sources[i];
            values[p] = (types[i] << Adjacency.TypeShift) | targets[i];
            if (order.Length > 0)
            {
                order[p] = i;
            }
        }

        SortBuckets(nodeCount, buckets, keys, values, order, outOffsets, outPacked, order.Length > 0 ? order : null);
        if (!edgeIdOfInput.IsEmpty)
        {
            // SortBuckets left, at each edge id, the input position it came from.
            for (var e = 0; e < edgeCount; e++)
            {
                edgeIdOfInput[order[e]] = e;
            }
        }

        // Incoming side: the same, keyed by target, in edge id order within a target.
        var inOffsets = new int[nodeCount + 1];
        var inPacked = new int[edgeCount];
        var inEdges = new int[edgeCount];
        var edgeIds = order.Length > 0 ? order : new int[edgeCount];
        Array.Clear(buckets);
        for (var e = 0; e < edgeCount; e++)
        {
            buckets[(outPacked[e] & Adjacency.NodeMask) >> BucketShift]++;
        }

        cursor = BucketStarts(buckets);
        for (var n = 0; n < nodeCount; n++)
        {
            for (int e = outOffsets[n], end = outOffsets[n + 1]; e < end; e++)
            {
                var target = outPacked[e] & Adjacency.NodeMask;
                var p = cursor[target >> BucketShift]++;
                keys[p] = target;
                values[p] = (outPacked[e] & ~Adjacency.NodeMask) | n;
                edgeIds[p] = e;
            }
        }

        SortBuckets(nodeCount, buckets, keys, values, edgeIds, inOffsets, inPacked, inEdges);
        return new CompactGraph(nodeCount, outOffsets, outPacked, inOffsets, inPacked, inEdges, [.. typeNames]);
    }

    /// <summary>
    /// Nodes per bucket of the two-pass sort: a bucket's counters (64 KB) and its slice of the output (about 256 KB
    /// at 4 edges per node) stay in a core's L2 cache. A one-pass counting sort writes each edge to a random place
    /// in arrays of hundreds of MB: one cache miss per edge, which made the build grow 4× for 3× the edges.
    /// </summary>
    private const int BucketShift = 14;

    private static int[] BucketCounts(int nodeCount, ReadOnlySpan<int> keys)
    {
        var counts = new int[(nodeCount >> BucketShift) + 1];
        foreach (var k in keys)
        {
            counts[k >> BucketShift]++;
        }

        return counts;
    }

    private static int[] BucketStarts(int[] counts)
    {
        var starts = new int[counts.Length];
        for (int b = 0, sum = 0; b < counts.Length; b++)
        {
            starts[b] = sum;
            sum += counts[b];
        }

        return starts;
    }

    /// <summary>Below this many edges the buckets are sorted on one thread (a thread's start-up would cost more).</summary>
    private const int MinParallelEdges = 1 << 20;

    /// <summary>
    /// Second pass: within each bucket (entries already grouped by bucket, in input order), a counting sort by key
    /// into <paramref name="offsets"/> and <paramref name="packed"/>; <paramref name="ids"/> follows the same
    /// permutation into <paramref name="sortedIds"/> (which may be <paramref name="ids"/> itself). Buckets touch
    /// disjoint ranges of every array, so they are sorted in parallel, each thread with its own counters.
    /// </summary>
    private static void SortBuckets(int nodeCount, int[] bucketCounts, int[] keys, int[] values, int[] ids, int[] offsets, int[] packed, int[]? sortedIds)
    {
        var starts = BucketStarts(bucketCounts);
        var inPlace = sortedIds is not null && ReferenceEquals(sortedIds, ids);
        var maxBucket = bucketCounts.Length == 0 ? 0 : bucketCounts.Max();
        var buckets = Math.Min(bucketCounts.Length, ((nodeCount - 1) >> BucketShift) + 1);
        if (nodeCount == 0)
        {
            return;
        }

        if (keys.Length < MinParallelEdges || Environment.ProcessorCount < 2)
        {
            var local = new int[(1 << BucketShift) + 1];
            var scratch = inPlace ? new int[maxBucket] : null;
            for (var b = 0; b < buckets; b++)
            {
                SortBucket(b, nodeCount, starts[b], bucketCounts[b], keys, values, ids, offsets, packed, sortedIds, local, scratch);
            }

            return;
        }

        Parallel.For(0, buckets, () => (Local: new int[(1 << BucketShift) + 1], Scratch: inPlace ? new int[maxBucket] : null), (b, _, state) =>
        {
            SortBucket(b, nodeCount, starts[b], bucketCounts[b], keys, values, ids, offsets, packed, sortedIds, state.Local, state.Scratch);
            return state;
        }, _ => { });
    }

    private static void SortBucket(int b, int nodeCount, int start, int count, int[] keys, int[] values, int[] ids, int[] offsets, int[] packed, int[]? sortedIds,
        int[] local, int[]? scratch)
    {
        var end = start + count;
        var first = b << BucketShift;
        var width = Math.Min(1 << BucketShift, nodeCount - first);
        Array.Clear(local, 0, width + 1);
        for (var p = start; p < end; p++)
        {
            local[keys[p] - first + 1]++;
        }

        for (var n = 0; n < width; n++)
        {
            local[n + 1] += local[n];
            offsets[first + n + 1] = start + local[n + 1];
        }

        offsets[first] = start;
        if (scratch is not null)
        {
            Array.Copy(ids, start, scratch, 0, end - start);
        }

        for (var p = start; p < end; p++)
        {
            var at = start + local[keys[p] - first]++;
            packed[at] = values[p];
            if (sortedIds is not null)
            {
                sortedIds[at] = scratch is not null ? scratch[p - start] : ids[p];
            }
        }
    }
}
