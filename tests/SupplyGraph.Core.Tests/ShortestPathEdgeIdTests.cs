using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Engine;

namespace SupplyGraph.Core.Tests;

/// <summary>
/// The shortest path on a compact graph reads an incoming entry's edge id only for the entries on its answer when no
/// rule looks at edges (it keeps the entry's position meanwhile): the edges it returns must be the ones the search
/// took, as when each id is read as it goes (a rule that checks edges) and as through the plain interface.
/// </summary>
public sealed class ShortestPathEdgeIdTests
{
    private static readonly string[] TypeNames = ["OWNS", "SUPPLIES", "CONTROLS"];

    [Theory]
    [InlineData(Direction.Out, 0, 2)] // the backward side reads incoming entries
    [InlineData(Direction.In, 2, 0)] // the forward side does
    [InlineData(Direction.Both, 0, 2)] // both sides read both
    public void FindEdges_ParallelEdgesWithOneTypeFiltered_ReturnsTheAllowedEdges(Direction direction, int from, int to)
    {
        // 0 -> 1 and 1 -> 2, each twice: as OWNS and as SUPPLIES, the OWNS entry first in every list. 2 -> 0 puts
        // node 0's incoming entry first, so no incoming entry's position equals its edge id; two more 0 -> 1
        // (CONTROLS) make node 0's side the costlier, so the side that starts at node 2 expands first.
        int[] src = [0, 0, 1, 1, 2, 0, 0];
        int[] dst = [1, 1, 2, 2, 0, 1, 1];
        byte[] types = [0, 1, 0, 1, 2, 2, 2];
        var edgeIds = new int[src.Length];
        var graph = CompactGraph.Build(3, src, dst, types, TypeNames, edgeIds);
        var supplies = EdgeTypeMask.For(graph, ["SUPPLIES"]);
        Assert.NotEqual(edgeIds[3], graph.InOffsets[2] + 1);

        var found = ShortestPath.FindEdges(graph, from, to, supplies, direction, 4, new AllowAll());

        int[] expected = from == 0 ? [edgeIds[1], edgeIds[3]] : [edgeIds[3], edgeIds[1]];
        Assert.Equal(expected, found);
    }

    [Theory]
    [InlineData(11, 30, 200)] // many parallel edges between few nodes
    [InlineData(12, 300, 900)] // sparse: long paths, unreachable pairs
    [InlineData(13, 150, 1500)] // dense, skewed: hubs on both sides
    public void FindEdges_RandomMultigraph_SameEdgesAsReadingEveryId(int seed, int nodes, int edgeCount)
    {
        var rng = new Random(seed);
        var src = new int[edgeCount];
        var dst = new int[edgeCount];
        var types = new byte[edgeCount];
        for (var i = 0; i < edgeCount; i++)
        {
            src[i] = (int)(nodes * Math.Pow(rng.NextDouble(), 2));
            dst[i] = (int)(nodes * Math.Pow(rng.NextDouble(), 2));
            types[i] = (byte)rng.Next(TypeNames.Length);
        }

        var graph = CompactGraph.Build(nodes, src, dst, types, TypeNames, default);
        var throughInterface = new PlainTopology(graph);
        var found = 0;
        for (var q = 0; q < 400; q++)
        {
            int from = rng.Next(nodes), to = rng.Next(nodes);
            var direction = (Direction)rng.Next(3);
            var mask = new EdgeTypeMask((ulong)rng.Next(1, 1 << TypeNames.Length));
            var hops = rng.Next(1, 8);

            var deferred = ShortestPath.FindEdges(graph, from, to, mask, direction, hops, new AllowAll());
            var read = ShortestPath.FindEdges(graph, from, to, mask, direction, hops, new AllowAllReadingEdges());
            var plain = ShortestPath.FindEdges(throughInterface, from, to, mask, direction, hops, new AllowAll());

            Assert.Equal(read, deferred);
            Assert.Equal(plain, deferred);
            if (deferred is { Length: > 0 })
            {
                found++;
                AssertIsPath(graph, deferred, from, to, mask, direction);
            }
        }

        // The rows must exercise real paths, not only misses.
        Assert.True(found > 40, $"only {found} paths found");
    }

    /// <summary>Each edge continues from where the last one ended, in an allowed direction and type.</summary>
    private static void AssertIsPath(CompactGraph graph, int[] edges, int from, int to, EdgeTypeMask mask, Direction direction)
    {
        var at = from;
        foreach (var edge in edges)
        {
            Assert.True(mask.Contains(graph.EdgeType(edge)), $"edge {edge} has a filtered type");
            int source = graph.EdgeSource(edge), target = graph.EdgeTarget(edge);
            if (direction != Direction.In && source == at)
            {
                at = target;
            }
            else if (direction != Direction.Out && target == at)
            {
                at = source;
            }
            else
            {
                Assert.Fail($"edge {edge} ({source} -> {target}) does not continue from {at} going {direction}");
            }
        }

        Assert.Equal(to, at);
    }

    /// <summary>Allows every edge but says it checks them, so the search reads each incoming entry's id as it goes.</summary>
    private readonly struct AllowAllReadingEdges : ITraversalRules
    {
        public bool AllowsEdge(int edge) => edge >= 0 ? true : throw new InvalidOperationException($"asked about edge {edge}");

        public bool ChecksEdges => true;

        public bool AllowsPassingThrough(int node) => true;
    }

    /// <summary>The compact graph behind its interface only: the kernels then read through <see cref="AnyTopologyView"/>.</summary>
    private sealed class PlainTopology(CompactGraph graph) : IGraphTopology
    {
        public int NodeCount => graph.NodeCount;

        public int EdgeCount => graph.EdgeCount;

        public IReadOnlyList<string> EdgeTypeNames => graph.EdgeTypeNames;

        public Adjacency Out(int node) => graph.Out(node);

        public Adjacency In(int node) => graph.In(node);

        public int OutDegree(int node) => graph.OutDegree(node);

        public int InDegree(int node) => graph.InDegree(node);

        public int EdgeSource(int edge) => graph.EdgeSource(edge);

        public int EdgeTarget(int edge) => graph.EdgeTarget(edge);

        public int EdgeType(int edge) => graph.EdgeType(edge);
    }
}
