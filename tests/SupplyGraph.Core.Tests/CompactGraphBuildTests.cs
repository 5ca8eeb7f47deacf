using SupplyGraph.Core.Engine;

namespace SupplyGraph.Core.Tests;

/// <summary>
/// The two-pass (bucketed) build against a plain stable sort of the same edges: the same adjacency in the same
/// order, the same edge ids, and every edge's source found without a per-edge source array.
/// </summary>
public class CompactGraphBuildTests
{
    [Theory]
    [InlineData(1, 5, 0)] // one node, self loops only
    [InlineData(3, 0, 1)] // no edges at all
    [InlineData(1_000, 4_000, 2)] // one bucket
    [InlineData(50_000, 120_000, 3)] // four buckets, the last one partial, many nodes without edges
    [InlineData(40_000, 30_000, 4)] // sparser than one edge per node: 64-edge blocks span long runs of empty nodes
    [InlineData(300_000, 1_100_000, 5)] // above 2^20 edges: the buckets are sorted in parallel (19 buckets)
    public void Build_RandomGraph_MatchesStableSortByNode(int nodes, int edges, int seed)
    {
        var rng = new Random(seed);
        var src = new int[edges];
        var dst = new int[edges];
        var types = new byte[edges];
        for (var i = 0; i < edges; i++)
        {
            // A hub and a power-law-ish tail, so that some nodes own whole 64-edge blocks and most own none.
            src[i] = rng.Next(10) == 0 ? nodes / 2 : (int)(nodes * Math.Pow(rng.NextDouble(), 3));
            dst[i] = rng.Next(nodes);
            types[i] = (byte)rng.Next(4);
        }

        var edgeIds = new int[edges];
        var g = CompactGraph.Build(nodes, src, dst, types, ["A", "B", "C", "D"], edgeIds);

        // Expected: edges ordered by source, input order within a source; incoming by target, edge id within a target.
        var byEdge = Enumerable.Range(0, edges).OrderBy(i => src[i]).ToArray();
        Assert.Equal(edges, g.EdgeCount);
        for (var e = 0; e < edges; e++)
        {
            var input = byEdge[e];
            Assert.Equal(e, edgeIds[input]);
            Assert.Equal(src[input], g.EdgeSource(e));
            Assert.Equal(dst[input], g.EdgeTarget(e));
            Assert.Equal(types[input], g.EdgeType(e));
        }

        var incoming = Enumerable.Range(0, edges).OrderBy(e => dst[byEdge[e]]).ToArray();
        var at = 0;
        for (var n = 0; n < nodes; n++)
        {
            var adjacency = g.In(n);
            Assert.Equal(adjacency.Count, g.InDegree(n));
            for (var i = 0; i < adjacency.Count; i++, at++)
            {
                var e = incoming[at];
                Assert.Equal(e, adjacency.EdgeId(i));
                Assert.Equal(src[byEdge[e]], adjacency.Neighbor(i));
                Assert.Equal(types[byEdge[e]], adjacency.Type(i));
            }

            var outgoing = g.Out(n);
            for (var i = 0; i < outgoing.Count; i++)
            {
                Assert.Equal(n, g.EdgeSource(outgoing.EdgeId(i)));
            }
        }

        Assert.Equal(edges, at);
    }

    [Fact]
    public void EdgeSource_EdgeOutsideTheGraph_Throws()
    {
        var g = CompactGraph.Build(2, [0], [1], [0], ["A"], default);
        Assert.Throws<ArgumentOutOfRangeException>(() => g.EdgeSource(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => g.EdgeSource(-1));
    }

    [Fact]
    public void TopologyBytes_FourEdgesPerNode_AtMostSixteenPerEdge()
    {
        // The bench graph's shape (4 edges per node): 12 B per edge in the adjacency arrays, 8 B per node of
        // offsets, and the block index of edge sources.
        const int Nodes = 100_000, Edges = 400_000;
        var rng = new Random(5);
        var src = Enumerable.Range(0, Edges).Select(_ => rng.Next(Nodes)).ToArray();
        var dst = Enumerable.Range(0, Edges).Select(_ => rng.Next(Nodes)).ToArray();
        var g = CompactGraph.Build(Nodes, src, dst, new byte[Edges], ["A"], default);
        var perEdge = g.TopologyBytes / (double)Edges;
        Assert.InRange(perEdge, 12, 16);
    }
}
