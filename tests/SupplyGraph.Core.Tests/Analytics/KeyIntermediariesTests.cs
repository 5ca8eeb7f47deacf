using CsCheck;
using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Analytics;

namespace SupplyGraph.Core.Tests.Analytics;

public class KeyIntermediariesTests(SeedGraphFixture seed) : IClassFixture<SeedGraphFixture>
{
    [Fact]
    public void KeyIntermediaries_ChipsToListedFirms_PutTheProvidersFirst()
    {
        var result = KeyIntermediaries.Of(seed.Graph, ["high-end-ai-chips"], ExposureQuery.Default with { MaxHops = 2, MaxResults = 5 });

        // Within two hops every route from the chips to a listed party runs through one of the two kinds of providers.
        Assert.Equal(["third-party-cloud-providers", "third-party-service-providers"], result.Top.Select(t => t.Party.Id).Order(StringComparer.Ordinal));
        Assert.Equal(result.TotalRoutes, result.Top.Sum(t => t.Routes));
        // By id: a store that reads its records from the snapshot file makes a new Entity per read, and records with
        // list members are equal only to themselves.
        Assert.All(result.Top, t => Assert.Contains(t.Party.Id, t.Example.Nodes.Select(n => n.Id)));
        Assert.All(result.Top, t => Assert.Equal("high-end-ai-chips", t.Example.Nodes[0].Id));
    }

    [Fact]
    public void KeyIntermediaries_RandomGraphs_CountsMatchBruteForceShortestRoutes()
    {
        var gen = from g in RandomGraph.Gen
                  from listed in Gen.Bool.Array[g.NodeCount]
                  from hops in Gen.Int[1, 5]
                  select (g, listed, hops);
        gen.Sample(x =>
        {
            var (g, listed, hops) = x;
            var graph = g.Snapshot(listed);
            var query = ExposureQuery.Default with { Direction = g.Direction, MaxHops = hops, MaxResults = 100 };
            var result = KeyIntermediaries.Of(graph, [RandomGraph.Id(0)], query);

            bool IsTarget(int n) => n != 0 && listed[n];
            var expected = new Dictionary<int, (double Routes, double Share)>();
            var total = 0;
            foreach (var byTarget in g.SimpleRoutes(0, IsTarget).GroupBy(r => r[^1]))
            {
                var shortest = byTarget.Min(r => r.Length);
                if (shortest - 1 > hops)
                {
                    continue;
                }

                var best = byTarget.Where(r => r.Length == shortest).ToList();
                total += best.Count;
                foreach (var route in best)
                {
                    foreach (var node in route[1..^1])
                    {
                        var (routes, share) = expected.GetValueOrDefault(node);
                        expected[node] = (routes + 1, share + (1.0 / best.Count));
                    }
                }
            }

            Assert.Equal(total, result.TotalRoutes);
            Assert.Equal(expected.Keys.Select(RandomGraph.Id).Order(StringComparer.Ordinal), result.Top.Select(t => t.Party.Id).Order(StringComparer.Ordinal));
            foreach (var t in result.Top)
            {
                var (routes, share) = expected[int.Parse(t.Party.Id[1..], System.Globalization.CultureInfo.InvariantCulture)];
                Assert.Equal(routes, t.Routes);
                Assert.Equal(share, t.Share, 9);
            }
        }, iter: 400);
    }
}
