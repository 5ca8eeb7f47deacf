using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;
using static SupplyGraph.Core.Tests.Support.Fixtures;

namespace SupplyGraph.Core.Tests;

public class PathAndExposureTests(SeedGraphFixture seed) : IClassFixture<SeedGraphFixture>
{
    private GraphSnapshot G => seed.Graph;

    [Fact]
    public void Exposure_SugonManufacturing_ReachesTheFourManufacturersListedIn2025()
    {
        // "Which listed parties does Sugon's manufacturing depend on, and since when?"
        var query = new ExposureQuery { Types = [RelationshipTypes.ManufacturesFor], Direction = Direction.In, MaxHops = 2 };
        var result = Exposure.Of(G, ["sugon"], query);
        var sugon = result.Hits[0];
        Assert.Equal(("sugon", 0), (sugon.Party.Id, sugon.Hops));
        Assert.Equal(new DateOnly(2019, 6, 24), sugon.Listings[0].Since);
        var manufacturers = result.Hits.Skip(1).ToList();
        Assert.Equal(["henan-dingxin", "nettrix", "suma-technology", "suma-usi"], manufacturers.Select(h => h.Party.Id).Order());
        Assert.All(manufacturers, h =>
        {
            Assert.Equal(1, h.Hops);
            Assert.Equal(new DateOnly(2025, 3, 28), h.Listings.Single().Since);
            Assert.Equal(RelationshipTypes.ManufacturesFor, h.Path.Hops.Single().Relationship.Type);
        });
        Assert.Equal(1.0, result.Score);
        var group = Assert.Single(result.ByList(), g => g.Key.Since == new DateOnly(2025, 3, 28));
        Assert.Equal(4, group.Count());
    }

    [Fact]
    public void Exposure_AsOfBeforeTheManufacturersWereListed_FindsOnlySugon()
    {
        var query = new ExposureQuery { Types = [RelationshipTypes.ManufacturesFor], Direction = Direction.In, AsOf = new DateOnly(2024, 1, 1) };
        Assert.Equal(["sugon"], Exposure.Of(G, ["sugon"], query).Hits.Select(h => h.Party.Id));
    }

    [Fact]
    public void Exposure_CloudProvider_ReachesListedAiFirmsTwoHopsAway()
    {
        var result = Exposure.Of(G, ["high-end-ai-chips"], new ExposureQuery { MaxHops = 2 });
        var hits = result.Hits.ToDictionary(h => h.Party.Id);
        Assert.Equal(2, hits["iflytek"].Hops);
        Assert.Equal(2, hits["sensetime"].Hops);
        Assert.Equal("third-party-cloud-providers", hits["iflytek"].Path.Nodes[1].Id);
        Assert.InRange(result.Score!.Value, 0.01, 0.99);
    }

    [Fact]
    public void Exposure_ForASetOfSources_UsesTheNearestSource()
    {
        var result = Exposure.Of(G, ["intel", "taiwanese-chipmaker"], new ExposureQuery { MaxHops = 1 });
        var inspur = Assert.Single(result.Hits);
        Assert.Equal("inspur-group", inspur.Party.Id);
        Assert.Equal(2, result.Sources.Count);
    }

    [Fact]
    public void Exposure_Reverse_FindsWhoIsExposedToAListedParent()
    {
        var result = Exposure.To(G, "inspur-group", new ExposureQuery { Types = [RelationshipTypes.SubsidiaryOf, RelationshipTypes.PartnersWith], MaxHops = 1 });
        Assert.True(result.Reverse);
        Assert.Null(result.Score);
        var exposed = result.Hits.Select(h => h.Party.Id).ToHashSet();
        Assert.Contains("intel", exposed);
        Assert.Contains("inspur-software", exposed);
        Assert.Equal(8, exposed.Count);
        Assert.All(result.Hits, h => Assert.Equal("inspur-group", h.Path.Nodes[^1].Id));
    }

    [Fact]
    public void Exposure_NeverPassesThroughTheListNode()
    {
        // Every listed party is one hop from the list node; exposure must not connect them through it.
        var result = Exposure.Of(G, ["intel"], new ExposureQuery { MaxHops = 3 });
        Assert.DoesNotContain(result.Hits, h => h.Path.Nodes.Skip(1).SkipLast(1).Any(n => n.HasLabel(NodeLabels.List)));
        Assert.True(result.Hits.Count < 20);
    }

    [Fact]
    public void WhatIf_ListingTheCloudProviders_AddsThemToIflytekExposure()
    {
        var query = new ExposureQuery { MaxHops = 1 };
        var before = Exposure.Of(G, ["iflytek"], query);
        var hypothetical = WhatIf.Apply(G, Batch(Put(Rel(RelationshipTypes.ListedOn, "third-party-cloud-providers", "bis-entity-list"))));
        var after = Exposure.Of(hypothetical, ["iflytek"], query);
        var diff = WhatIf.Compare(before, after);
        Assert.Equal(["third-party-cloud-providers"], diff.Added.Select(h => h.Party.Id));
        Assert.Empty(diff.Removed);
        Assert.Null(G.FindRelationship("LISTED_ON:third-party-cloud-providers->bis-entity-list"));
    }

    [Fact]
    public void Paths_KShortest_AreSimpleDistinctAndOrdered()
    {
        var paths = Paths.KShortest(G, "nettrix", "suma-usi", 3, PathQuery.Default);
        Assert.Equal(3, paths.Count);
        Assert.Equal(2, paths[0].Length);
        Assert.True(paths.Zip(paths.Skip(1)).All(p => p.First.Length <= p.Second.Length));
        Assert.Equal(3, paths.Select(p => string.Join(",", p.Hops.Select(h => h.Relationship.Id))).Distinct().Count());
        Assert.All(paths, p => Assert.Equal(p.Nodes.Count, p.Nodes.Select(n => n.Id).Distinct().Count()));
    }

    [Fact]
    public void Paths_Weighted_PrefersBetterEvidence()
    {
        // a→b→d on weak evidence (0.2 each) versus a→c→e→d on strong evidence (0.95 each).
        Relationship R(string f, string t, double c) => Rel(RelationshipTypes.Supplies, f, t) with { Provenance = new Provenance("s", Confidence: c) };
        var g = GraphSnapshot.Create(1, [Company("a"), Company("b"), Company("c"), Company("d"), Company("e")],
            [R("a", "b", 0.2), R("b", "d", 0.2), R("a", "c", 0.95), R("c", "e", 0.95), R("e", "d", 0.95)]);
        Assert.Equal(2, Paths.Shortest(g, "a", "d", PathQuery.Default)!.Length);
        var reliable = Paths.Shortest(g, "a", "d", PathQuery.Default with { Weight = PathWeights.Confidence });
        Assert.Equal(["a", "c", "e", "d"], reliable!.Nodes.Select(n => n.Id));
    }

    [Fact]
    public void Paths_AvoidAndRequireFilters_ChangeTheRoute()
    {
        var g = GraphSnapshot.Create(1, [Company("a"), Company("b") with { Country = "China" }, Company("c") with { Country = "Taiwan" }, Company("d"),
            new Entity { Id = "p", Labels = [NodeLabels.Person], Name = "P" }],
            [Rel(RelationshipTypes.Supplies, "a", "b"), Rel(RelationshipTypes.Supplies, "b", "d"), Rel(RelationshipTypes.Supplies, "a", "c"),
             Rel(RelationshipTypes.Supplies, "c", "p"), Rel(RelationshipTypes.Supplies, "p", "d"), Rel(RelationshipTypes.Supplies, "c", "d", id: "cd")]);
        Assert.Equal("b", Paths.Shortest(g, "a", "d", PathQuery.Default)!.Nodes[1].Id);
        Assert.Equal("c", Paths.Shortest(g, "a", "d", PathQuery.Default with { AvoidCountries = ["China"] })!.Nodes[1].Id);
        Assert.Equal("c", Paths.Shortest(g, "a", "d", PathQuery.Default with { RequireCountries = ["Taiwan"] })!.Nodes[1].Id);
        var viaPerson = Paths.Shortest(g, "a", "d", PathQuery.Default with { RequireLabels = [NodeLabels.Person, NodeLabels.Company], AvoidCountries = ["China"] });
        Assert.Equal(2, viaPerson!.Length);
        Assert.Null(Paths.Shortest(g, "a", "d", PathQuery.Default with { RequireLabels = [NodeLabels.Person] }));
    }

    [Fact]
    public void Traversals_WhenCancelled_StopWithOperationCanceled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var query = PathQuery.Default with { Cancellation = cancelled.Token, MaxResults = 1_000_000 };
        Assert.Throws<OperationCanceledException>(() => Paths.AllSimple(G, "sugon", "baai", query with { MaxHops = 6 }, out _));
        Assert.Throws<OperationCanceledException>(() => Paths.KShortest(G, "sugon", "baai", 5, query));
        Assert.Throws<OperationCanceledException>(() => Exposure.Of(G, ["sugon"], new ExposureQuery { Cancellation = cancelled.Token }));
        Assert.NotNull(Paths.Shortest(G, "sugon", "nettrix", PathQuery.Default));
    }

    [Fact]
    public void AllSimplePaths_OnRandomGraphs_MatchBruteForce()
    {
        var rng = new Random(7);
        for (var round = 0; round < 30; round++)
        {
            var n = rng.Next(4, 9);
            var edges = new List<(int, int)>();
            for (var i = 0; i < n * 2; i++)
            {
                var (a, b) = (rng.Next(n), rng.Next(n));
                if (a != b && !edges.Contains((a, b)))
                {
                    edges.Add((a, b));
                }
            }

            var g = GraphSnapshot.Create(1, Enumerable.Range(0, n).Select(i => Company($"n{i}")), edges.Select(e => Rel(RelationshipTypes.Supplies, $"n{e.Item1}", $"n{e.Item2}")));
            var expected = BruteForceSimplePaths(n, edges, 0, n - 1, maxHops: 4);
            var actual = Paths.AllSimple(g, "n0", $"n{n - 1}", PathQuery.Default with { Direction = Direction.Out, MaxHops = 4, MaxResults = 10_000 }, out var truncated);
            Assert.False(truncated);
            Assert.Equal(expected.Order(), actual.Select(p => string.Join(">", p.Nodes.Select(x => x.Id[1..]))).Order());

            var k = KShortestPaths.Find(g, Node(g, "n0"), Node(g, $"n{n - 1}"), 5, EdgeTypeMask.All, Direction.Out, 4, new AllowAll(), null);
            var lengths = expected.Select(p => p.Count(c => c == '>')).Order().Take(5).ToList();
            Assert.Equal(lengths, k.Select(p => p.Length));
        }
    }

    [Fact]
    public void ShortestCanonical_ManyTiedRoutes_IsCanonicalOverEveryTiedPath()
    {
        // Layered graphs: many shortest routes of equal length, confidences from a few values (so products tie and the
        // relationship ids decide), ids in a random order. The answer must be Canonical's over every tied path.
        var rng = new Random(11);
        double[] confidences = [0.5, 0.8, 0.9, 1.0];
        for (var round = 0; round < 40; round++)
        {
            var (layers, width) = (rng.Next(2, 5), rng.Next(2, 5));
            var ids = Enumerable.Range(0, layers * width).Select(i => $"m{i}").ToList();
            var relationships = new List<Relationship>();
            void Link(string a, string b) => relationships.Add(Rel(RelationshipTypes.Supplies, a, b, id: $"r{rng.Next(1_000_000):D6}-{a}-{b}") with
            {
                Provenance = new Provenance("test", "row 1", null, null, confidences[rng.Next(confidences.Length)]),
            });
            for (var w = 0; w < width; w++)
            {
                Link("s", ids[w]);
                Link(ids[((layers - 1) * width) + w], "t");
                for (var l = 0; l + 1 < layers; l++)
                {
                    foreach (var next in Enumerable.Range(0, width).Where(_ => rng.Next(3) > 0))
                    {
                        Link(ids[(l * width) + w], ids[((l + 1) * width) + next]);
                    }
                }
            }

            var g = GraphSnapshot.Create(1, ids.Append("s").Append("t").Select(i => Company(i)), relationships.DistinctBy(r => (r.From, r.To)));
            var query = PathQuery.Default with { Direction = Direction.Out, MaxHops = 10 };
            var shortest = Paths.Shortest(g, "s", "t", query);
            var chosen = Paths.ShortestCanonical(g, "s", "t", query);
            if (shortest is null)
            {
                Assert.Null(chosen);
                continue;
            }

            var ties = Paths.AllSimple(g, "s", "t", query with { MaxHops = shortest.Length, MaxResults = 10_000 }, out _).Where(p => p.Length == shortest.Length).ToList();
            var expected = Paths.Canonical(ties)!;
            Assert.Equal(expected.Hops.Select(h => h.Relationship.Id), chosen!.Hops.Select(h => h.Relationship.Id));
            Assert.Equal(expected.Nodes.Select(n => n.Id), chosen.Nodes.Select(n => n.Id));
        }
    }

    [Fact]
    public void AllSimplePaths_BranchThatCannotReachTarget_IsNotWalked()
    {
        // s → a → t, and beside it s → c0 into a 7-node clique with no way to t: every path through the clique is
        // a dead end, and there are thousands of them within 6 hops.
        var clique = Enumerable.Range(0, 7).Select(i => $"c{i}").ToList();
        var rels = new List<Relationship> { Rel(RelationshipTypes.Supplies, "s", "a"), Rel(RelationshipTypes.Supplies, "a", "t"), Rel(RelationshipTypes.Supplies, "s", "c0") };
        rels.AddRange(from x in clique from y in clique where x != y select Rel(RelationshipTypes.Supplies, x, y));
        var g = GraphSnapshot.Create(1, new[] { "s", "a", "t" }.Concat(clique).Select(id => Company(id)), rels);
        var calls = new int[1];

        var found = AllSimplePaths.Find(g, Node(g, "s"), Node(g, "t"), EdgeTypeMask.All, Direction.Out, 6, 10_000, new CountingRules(calls), out var truncated);

        Assert.False(truncated);
        Assert.Equal(2, Assert.Single(found).Length);
        Assert.InRange(calls[0], 1, 20);
    }

    /// <summary>Allows everything and counts the edges the search asked about.</summary>
    private readonly struct CountingRules(int[] calls) : ITraversalRules
    {
        public bool AllowsEdge(int edge)
        {
            calls[0]++;
            return true;
        }

        public bool ChecksEdges => true;

        public bool AllowsPassingThrough(int node) => true;
    }

    private static int Node(GraphSnapshot g, string id) => g.TryGetNode(id, out var n) ? n : -1;

    private static List<string> BruteForceSimplePaths(int n, List<(int, int)> edges, int from, int to, int maxHops)
    {
        var result = new List<string>();
        void Walk(List<int> path)
        {
            var last = path[^1];
            if (last == to)
            {
                result.Add(string.Join(">", path));
                return;
            }

            if (path.Count > maxHops)
            {
                return;
            }

            foreach (var (a, b) in edges)
            {
                if (a == last && !path.Contains(b))
                {
                    Walk([.. path, b]);
                }
            }
        }

        Walk([from]);
        return result;
    }
}
