using CsCheck;
using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Analytics;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Tests.Analytics;

public class ChokepointTests(SeedGraphFixture seed) : IClassFixture<SeedGraphFixture>
{
    [Fact]
    public void Chokepoints_IflytekToHighEndChips_AreTheCloudProvidersWithEvidence()
    {
        var result = Chokepoints.Between(seed.Graph, "iflytek", "high-end-ai-chips", ExposureQuery.Default);

        // The chips reach iFlytek as "cloud computing on high-end chips"; the service providers' link carries
        // "third-party services", which does not name the chips, so it is set aside (and said to be).
        var cloud = Assert.Single(result.VertexCut);
        Assert.Equal("third-party-cloud-providers", cloud.Party.Id);
        Assert.Equal(1, result.VertexDisjointRoutes);
        Assert.Equal(["iflytek", "third-party-cloud-providers", "high-end-ai-chips"], cloud.Route.Nodes.Select(n => n.Id));
        Assert.All(cloud.Route.Hops, h => Assert.False(string.IsNullOrEmpty(h.Relationship.Provenance.Quote)));
        Assert.Equal([RelationshipTypes.ProvidesCloudTo, RelationshipTypes.ProvidesAccessTo], cloud.Route.Hops.Select(h => h.Relationship.Type));
        // Set aside: the service providers' links to iFlytek and (on the 4-hop route by way of SenseTime) to SenseTime.
        Assert.Equal(["iflytek", "sensetime"], result.SetAside.Select(r => r.To));
        Assert.All(result.SetAside, r => Assert.Equal(("third-party-service-providers", RelationshipTypes.Supplies, "third-party services"), (r.From, r.Type, r.Items.Single())));
    }

    [Fact]
    public void Chokepoints_IflytekToHighEndChipsAnyItems_AreBothKindsOfThirdPartyProviders()
    {
        var result = Chokepoints.Between(seed.Graph, "iflytek", "high-end-ai-chips", ExposureQuery.Default, anyItems: true);

        // Every relationship followed: the seed document names two kinds of unidentified intermediaries.
        Assert.Equal(["third-party-cloud-providers", "third-party-service-providers"], result.VertexCut.Select(c => c.Party.Id).Order(StringComparer.Ordinal));
        Assert.Equal(2, result.VertexDisjointRoutes);
        Assert.Empty(result.SetAside);
    }

    [Fact]
    public void Chokepoints_PartyToParty_FollowsRelationshipsWhateverTheirItems()
    {
        // Neither end is goods: the service providers' "third-party services" link is a route like any other.
        var result = Chokepoints.Between(seed.Graph, "iflytek", "sensetime", ExposureQuery.Default with { Types = [RelationshipTypes.Supplies, RelationshipTypes.ProvidesCloudTo] });

        Assert.Equal(["third-party-cloud-providers", "third-party-service-providers"], result.VertexCut.Select(c => c.Party.Id).Order(StringComparer.Ordinal));
        Assert.Empty(result.SetAside);
    }

    [Fact]
    public void Chokepoints_ListedAiFirmsToChipsThroughCloudServices_AreTheCloudProvidersAlone()
    {
        var query = ExposureQuery.Default with { Types = [RelationshipTypes.ProvidesCloudTo, RelationshipTypes.ProvidesAccessTo] };

        var result = Chokepoints.ToListed(seed.Graph, "high-end-ai-chips", query);

        Assert.Contains(result.TargetsReached, e => e.Id == "iflytek");
        Assert.Equal(["third-party-cloud-providers"], result.VertexCut.Select(c => c.Party.Id));
        Assert.Equal(1, result.VertexDisjointRoutes);
        Assert.Equal(1, result.EdgeDisjointRoutes);
        Assert.Equal("third-party-cloud-providers", Assert.Single(result.EdgeCut).From);
    }

    [Fact]
    public void Chokepoints_ListedFromChips_TheListedAiFirmsAreCutByTheCloudProviders()
    {
        var result = Chokepoints.ToListed(seed.Graph, "high-end-ai-chips", ExposureQuery.Default);

        Assert.Contains(result.TargetsReached, e => e.Id == "iflytek");
        Assert.Contains(result.TargetsReached, e => e.Id == "sensetime");
        Assert.Equal(["third-party-cloud-providers"], result.VertexCut.Select(c => c.Party.Id));
        Assert.All(result.VertexCut, c => Assert.Equal("high-end-ai-chips", c.Route.Nodes[0].Id));
        Assert.All(result.VertexCut, c => Assert.Contains(c.Route.Nodes[^1].Id, result.TargetsReached.Select(t => t.Id)));
    }

    [Fact]
    public void Chokepoints_SameParty_IsInvalidInputNamingTo()
    {
        var error = Assert.Throws<InvalidInputException>(() => Chokepoints.Between(seed.Graph, "iflytek", "iflytek", ExposureQuery.Default));
        Assert.Equal("to", error.Errors[0].Field);
    }

    [Fact]
    public void Chokepoints_RandomGraphs_CutSizeIsMaxDisjointRoutesAndRemovingTheCutDisconnects()
    {
        RandomGraph.Gen.Sample(g =>
        {
            const int source = 0, target = 1;
            var graph = g.Snapshot();
            var query = ExposureQuery.Default with { Direction = g.Direction, MaxHops = g.NodeCount };
            var result = Chokepoints.Between(graph, RandomGraph.Id(source), RandomGraph.Id(target), query);
            bool IsTarget(int n) => n == target;

            var routes = g.SimpleRoutes(source, IsTarget);
            if (routes.Any(r => r.Length == 2))
            {
                Assert.Null(result.VertexDisjointRoutes);
            }
            else
            {
                Assert.Equal(MaxDisjoint(routes, 0, []), result.VertexDisjointRoutes);
                var cut = result.VertexCut.Select(c => int.Parse(c.Party.Id[1..], System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
                Assert.Equal(result.VertexDisjointRoutes, cut.Count);
                Assert.False(g.Connected(source, IsTarget, cut, new HashSet<int>()));
                Assert.All(result.VertexCut, c => Assert.Contains(c.Party.Id, c.Route.Nodes.Select(n => n.Id)));
            }

            var edgeCut = result.EdgeCut.Select(r => int.Parse(r.Id[1..], System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
            Assert.Equal(result.EdgeDisjointRoutes, edgeCut.Count);
            Assert.False(g.Connected(source, IsTarget, new HashSet<int>(), edgeCut));
            Assert.False(SmallerEdgeCutExists(g, source, IsTarget, edgeCut.Count));
        }, iter: 400);
    }

    /// <summary>Brute force: the most routes that share no intermediary.</summary>
    private static int MaxDisjoint(List<int[]> routes, int from, HashSet<int> used)
    {
        var best = 0;
        for (var i = from; i < routes.Count; i++)
        {
            var inner = routes[i][1..^1];
            if (inner.Any(used.Contains))
            {
                continue;
            }

            var next = new HashSet<int>(used);
            next.UnionWith(inner);
            best = Math.Max(best, 1 + MaxDisjoint(routes, i + 1, next));
        }

        return best;
    }

    /// <summary>Brute force: whether fewer than <paramref name="size"/> relationships can disconnect the source from the targets.</summary>
    private static bool SmallerEdgeCutExists(RandomGraph g, int source, Func<int, bool> isTarget, int size)
    {
        for (var mask = 0; mask < 1 << g.Edges.Length; mask++)
        {
            if (System.Numerics.BitOperations.PopCount((uint)mask) < size
                && !g.Connected(source, isTarget, new HashSet<int>(), Enumerable.Range(0, g.Edges.Length).Where(i => (mask & (1 << i)) != 0).ToHashSet()))
            {
                return true;
            }
        }

        return false;
    }
}
