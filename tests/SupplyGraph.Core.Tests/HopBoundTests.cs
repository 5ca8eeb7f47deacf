using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Storage;
using static SupplyGraph.Core.Tests.Support.Fixtures;

namespace SupplyGraph.Core.Tests;

/// <summary>
/// The hop bound towards listed parties, and exposure searches pruned by it: the bound against a plain breadth-first
/// search per node, pruned answers against unpruned ones (hits, order, paths) and against a plain search's distances,
/// and snapshots changed by live deltas (listings and edges added and removed).
/// </summary>
public class HopBoundTests
{
    private static readonly string[] TypeNames = ["OWNS", "SUPPLIES", "PARTNERS_WITH"];

    [Theory]
    [InlineData(1, 80, 120, 3)] // sparse: many nodes with no target in reach
    [InlineData(2, 300, 1200, 10)] // medium, hubs
    [InlineData(3, 60, 600, 1)] // dense, one target
    public void Build_RandomGraph_MatchesPlainBfsFromEveryNode(int seed, int nodes, int edges, int targetCount)
    {
        var (graph, src, dst, _) = RandomGraph(seed, nodes, edges);
        var rng = new Random(seed + 100);
        var targets = Enumerable.Range(0, targetCount).Select(_ => rng.Next(nodes)).ToArray();
        foreach (var direction in new[] { Direction.Out, Direction.In, Direction.Both })
        {
            var bound = HopBound.Build(graph, targets, direction);
            Assert.Equal(nodes, bound.NodeCount);
            for (var n = 0; n < nodes; n++)
            {
                var plain = PlainDistance(nodes, src, dst, n, targets.ToHashSet(), direction);
                Assert.Equal(plain < 0 ? HopBound.Unreachable : Math.Min(plain, HopBound.Cap), bound.Of(n));
            }
        }
    }

    [Fact]
    public void Build_TargetOutsideTheGraph_IsRefused()
    {
        var (graph, _, _, _) = RandomGraph(1, 10, 20);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => HopBound.Build(graph, [3, 10], Direction.Out));
        Assert.Contains("target 10", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_BoundOfAnotherDirection_IsRefused()
    {
        var (graph, _, _, _) = RandomGraph(1, 10, 20);
        var bound = HopBound.Build(graph, [3], Direction.In);
        var e = Assert.Throws<ArgumentException>(() => ExposureSearch.Run(graph, [0], 3, EdgeTypeMask.All, Direction.Out, new AllowAll(),
            BitTargets.Of(10, [3]), new NoConfidence(), [], bound: bound));
        Assert.Contains("In searches", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(11, 400, 1200, 8)] // sparse, few listed: most nodes pruned
    [InlineData(12, 300, 1500, 30)] // denser, more listed
    [InlineData(13, 150, 1200, 4)] // dense with hubs, ties between equally short paths
    public void Run_WithBound_SameHitsOrderAndPathsAsWithout(int seed, int nodes, int edges, int targetCount)
    {
        var (graph, src, dst, types) = RandomGraph(seed, nodes, edges);
        var rng = new Random(seed + 100);
        var targetNodes = Enumerable.Range(0, targetCount).Select(_ => rng.Next(nodes)).ToArray();
        var targets = BitTargets.Of(nodes, targetNodes);
        // Confidences with few distinct values, so that equally short paths tie and the tie-break decides.
        var confidence = new ArrayConfidence([.. Enumerable.Range(0, edges).Select(_ => (float)(0.5 + (0.25 * rng.Next(3))))]);
        var pruned = 0;
        foreach (var direction in new[] { Direction.Out, Direction.In, Direction.Both })
        {
            // Built from a superset of the targets, as a snapshot's bound is built from every listed node.
            var bound = HopBound.Build(graph, [.. targetNodes, rng.Next(nodes), rng.Next(nodes)], direction);
            for (var q = 0; q < 40; q++)
            {
                var sources = Enumerable.Range(0, rng.Next(1, 3)).Select(_ => rng.Next(nodes)).ToArray();
                var hops = rng.Next(1, 7);
                var mask = rng.Next(2) == 0 ? EdgeTypeMask.All : EdgeTypeMask.For(graph, [TypeNames[0], TypeNames[1]]);
                var byConfidence = rng.Next(2) == 0;
                var (plainHits, plainPaths, plainReached) = Search(graph, sources, hops, mask, direction, targets, confidence, byConfidence, null);
                var (hits, paths, reached) = Search(graph, sources, hops, mask, direction, targets, confidence, byConfidence, bound);
                Assert.Equal(plainHits, hits);
                Assert.Equal(plainPaths, paths);
                Assert.True(reached <= plainReached);
                pruned += plainReached - reached;

                // Independent of both: each hit at the distance a plain search over the allowed edges finds.
                for (var h = 0; h < hits.Length; h++)
                {
                    var distance = sources.Min(s => PlainDistance(nodes, src, dst, s, [hits[h]], direction, e => mask.Contains(types[e])) is var d && d >= 0 ? d : int.MaxValue);
                    Assert.Equal(distance, paths[h].Length);
                }

                var expected = targetNodes.Distinct().Count(t => sources.Any(s => PlainDistance(nodes, src, dst, s, [t], direction, e => mask.Contains(types[e])) is >= 0 and var d && d <= hops));
                Assert.Equal(expected, hits.Length);
            }
        }

        Assert.True(pruned > 0, "the bound should have spared some nodes");
    }

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    [InlineData(23)]
    public void Exposure_RandomLiveDeltas_BoundedAnswerEqualsUnbounded(int seed)
    {
        // Listings and edges added and removed through live deltas; after each, the snapshot's own bound (never the
        // previous snapshot's) gives the unbounded answer, for random filters.
        var rng = new Random(seed);
        string[] types = [RelationshipTypes.Supplies, RelationshipTypes.Owns, RelationshipTypes.PartnersWith];
        var g = GraphSnapshot.Create(0, [.. Enumerable.Range(0, 60).Select(i => Company($"n{i}")), List("el"), List("ofac")], []);
        var compared = 0;
        for (var batch = 1; batch <= 40; batch++)
        {
            var changes = new List<Change>();
            var companies = g.Entities.Where(e => !e.Labels.Contains(NodeLabels.List)).Select(e => e.Id).ToList();
            var rels = g.Relationships.Select(r => r.Id).ToList();
            for (var i = 0; i < rng.Next(1, 6); i++)
            {
                var (a, b) = (companies[rng.Next(companies.Count)], companies[rng.Next(companies.Count)]);
                switch (rng.Next(6))
                {
                    case 0 when rels.Count > 0:
                        changes.Add(new DeleteRelationship(rels[rng.Next(rels.Count)]));
                        break;
                    case 1:
                        var since = new DateOnly(2024, 1 + rng.Next(12), 1);
                        changes.Add(Put(Rel(RelationshipTypes.ListedOn, a, rng.Next(2) == 0 ? "el" : "ofac", id: $"l{batch}-{i}", validFrom: since)));
                        break;
                    default:
                        if (a != b)
                        {
                            var r = Rel(types[rng.Next(types.Length)], a, b, id: $"r{batch}-{i}", validTo: rng.Next(4) == 0 ? new DateOnly(2024, 6, 1) : null);
                            changes.Add(Put(r with { Provenance = r.Provenance with { Confidence = 0.5 + (0.25 * rng.Next(3)) } }));
                        }

                        break;
                }
            }

            IReadOnlyList<Change> validated;
            try
            {
                validated = BatchValidator.Validate(g, Batch([.. changes]));
            }
            catch (InvalidInputException)
            {
                continue;
            }

            g = g.Apply(batch, validated);
            // A new snapshot has no bound yet: the first query starts its build and runs unpruned.
            Assert.Null(ListedHops.TryGet(g, Direction.Both));
            for (var q = 0; q < 6; q++)
            {
                var query = new ExposureQuery
                {
                    MaxHops = rng.Next(1, 6),
                    Direction = (Direction)rng.Next(3),
                    Types = rng.Next(3) == 0 ? [types[0], types[1]] : null,
                    AsOf = rng.Next(3) == 0 ? new DateOnly(2024, 1 + rng.Next(12), 15) : null,
                    Lists = rng.Next(3) == 0 ? ["ofac"] : null,
                    MaxResults = rng.Next(4) == 0 ? 2 : 1000,
                };
                string[] sources = [companies[rng.Next(companies.Count)]];
                var plain = Exposure.Of(g, sources, query, bound: null, out _, out _);
                var bounded = Exposure.Of(g, sources, query, ListedHops.Get(g, query.Direction), out _, out _);
                Assert.Equal(Describe(plain), Describe(bounded));
                Assert.Equal(Describe(plain), Describe(Exposure.Of(g, sources, query)));
                compared += plain.Hits.Count;
            }
        }

        Assert.True(g.DeltaSize > 0, "the test should exercise deltas, not only rebuilds");
        Assert.True(compared > 20, $"only {compared} hits compared");
    }

    [Fact]
    public void CountUnpruned_AnEighthOfTheGraphReached_BuildsTheBoundInTheBackground()
    {
        var g = GraphSnapshot.Create(1, [.. Enumerable.Range(0, 79).Select(i => Company($"n{i}")), List("el")],
            [.. Enumerable.Range(0, 78).Select(i => Rel(RelationshipTypes.Supplies, $"n{i}", $"n{i + 1}")), Rel(RelationshipTypes.ListedOn, "n78", "el")]);
        ListedHops.CountUnpruned(g, Direction.Out, 9);
        Assert.Null(ListedHops.TryGet(g, Direction.Out)); // 9 of 80 nodes: not yet

        ListedHops.CountUnpruned(g, Direction.Out, 1);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        HopBound? bound;
        while ((bound = ListedHops.TryGet(g, Direction.Out)) is null && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(10);
        }

        Assert.NotNull(bound);
        Assert.Null(ListedHops.TryGet(g, Direction.In)); // one direction's work does not build another's
        g.TryGetNode("n0", out var first);
        Assert.Equal(78, bound.Of(first));
    }

    private static string Describe(ExposureResult result) =>
        $"{result.Score:R} {result.Truncated} " + string.Join(" | ", result.Hits.Select(h =>
            $"{h.Party.Id} {h.Hops} {h.Confidence:R} " + string.Join(",", h.Path.Hops.Select(p => p.Relationship.Id + (p.Forward ? ">" : "<")))));

    private static (int[] Hits, int[][] Paths, int Reached) Search(CompactGraph graph, int[] sources, int hops, EdgeTypeMask mask, Direction direction,
        BitTargets targets, ArrayConfidence confidence, bool byConfidence, HopBound? bound)
    {
        var hits = new List<int>();
        var reached = byConfidence
            ? ExposureSearch.Run(graph, sources, hops, mask, direction, new AllowAll(), targets, confidence, hits, bound: bound)
            : ExposureSearch.Run(graph, sources, hops, mask, direction, new AllowAll(), targets, new NoConfidence(), hits, bound: bound);
        return ([.. hits], [.. hits.Select(h => ExposureSearch.PathTo(graph, h))], reached);
    }

    private static (CompactGraph Graph, int[] Src, int[] Dst, byte[] Types) RandomGraph(int seed, int nodes, int edges)
    {
        var rng = new Random(seed);
        var src = new int[edges];
        var dst = new int[edges];
        var types = new byte[edges];
        for (var i = 0; i < edges; i++)
        {
            // Skewed sources make hubs; self-loops and parallel edges allowed.
            src[i] = (int)(nodes * Math.Pow(rng.NextDouble(), 2));
            dst[i] = rng.Next(nodes);
            types[i] = (byte)rng.Next(TypeNames.Length);
        }

        return (CompactGraph.Build(nodes, src, dst, types, TypeNames, default), src, dst, types);
    }

    /// <summary>Fewest hops from <paramref name="from"/> to any of <paramref name="targets"/> over a plain edge list, or -1.</summary>
    private static int PlainDistance(int nodes, int[] src, int[] dst, int from, HashSet<int> targets, Direction direction, Func<int, bool>? allowed = null)
    {
        var distance = new int[nodes];
        Array.Fill(distance, -1);
        distance[from] = 0;
        var queue = new Queue<int>([from]);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            if (targets.Contains(node))
            {
                return distance[node];
            }

            for (var e = 0; e < src.Length; e++)
            {
                if (allowed is not null && !allowed(e))
                {
                    continue;
                }

                var next = direction != Direction.In && src[e] == node ? dst[e] : direction != Direction.Out && dst[e] == node ? src[e] : -1;
                if (next >= 0 && distance[next] < 0)
                {
                    distance[next] = distance[node] + 1;
                    queue.Enqueue(next);
                }
            }
        }

        return -1;
    }

    private readonly struct ArrayConfidence(float[] values) : IEdgeConfidence
    {
        public bool Enabled => true;

        public float Of(int edge) => values[edge];
    }
}
