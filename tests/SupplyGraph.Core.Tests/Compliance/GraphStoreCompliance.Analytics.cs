using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Storage;
using SupplyGraph.Core.Tests.Support;
using static SupplyGraph.Core.Tests.Support.Fixtures;

namespace SupplyGraph.Core.Tests.Compliance;

/// <summary>
/// Every query kind a host asks (paths of each kind, exposure both ways, ownership under each rule, as-of, what-if,
/// weights), on every store. Besides the expected answers, each fact compares the store's answer with the kernel's
/// over a graph built directly from the same records (an oracle that shares no code with any store's reads).
/// </summary>
public abstract partial class GraphStoreCompliance
{
    /// <summary>
    /// s reaches t three ways: through a and through b (2 hops, weak evidence) and through c, d (3 hops, strong
    /// evidence); e hangs off t, and t is listed.
    /// </summary>
    private static readonly Change[] Diamond =
    [
        Put(Company("s")), Put(Company("a")), Put(Company("b")), Put(Company("c")), Put(Company("d")), Put(Company("t")), Put(Company("e")), Put(List("el")),
        Put(Confident(Rel(RelationshipTypes.Supplies, "s", "a"), 0.3)), Put(Confident(Rel(RelationshipTypes.Supplies, "a", "t"), 0.3)),
        Put(Confident(Rel(RelationshipTypes.Supplies, "s", "b"), 0.4)), Put(Confident(Rel(RelationshipTypes.Supplies, "b", "t"), 0.4)),
        Put(Confident(Rel(RelationshipTypes.Supplies, "s", "c"), 0.99)), Put(Confident(Rel(RelationshipTypes.Supplies, "c", "d"), 0.99)),
        Put(Confident(Rel(RelationshipTypes.Supplies, "d", "t"), 0.99)),
        Put(Rel(RelationshipTypes.DistributesFor, "t", "e", validFrom: new DateOnly(2025, 1, 1))),
        Put(Rel(RelationshipTypes.ListedOn, "t", "el", validFrom: new DateOnly(2020, 3, 1))),
    ];

    private static Relationship Confident(Relationship r, double confidence) =>
        r with { Provenance = r.Provenance with { Confidence = confidence } };

    private static GraphSnapshot Oracle(params Change[] changes) =>
        GraphSnapshot.Create(1, changes.OfType<PutEntity>().Select(p => p.Entity), changes.OfType<PutRelationship>().Select(p => p.Relationship));

    private static IEnumerable<string> Ids(GraphPath path) => path.Nodes.Select(n => n.Id);

    private static string Shape(IEnumerable<GraphPath> paths) => string.Join(" | ", paths.Select(p => string.Join(">", Ids(p))));

    [SkippableFact]
    public async Task Graph_AfterBatches_HoldsEveryRecordAtTheLastSequence()
    {
        await Store.ApplyAsync(new ChangeBatch(Diamond, "diamond"));
        var last = await Store.ApplyAsync(Batch(new DeleteEntity("e", Detach: true)));
        var graph = await Store.GraphAsync();
        Assert.Equal(last.Sequence, graph.Sequence);
        Assert.Equal(7, graph.LiveNodeCount);
        Assert.Equal(8, graph.LiveEdgeCount);
        Assert.Null(graph.FindEntity("e"));
        Assert.Equal(Canonical.Of(Confident(Rel(RelationshipTypes.Supplies, "c", "d"), 0.99)), Canonical.Of(graph.FindRelationship("SUPPLIES:c->d")!));
    }

    [SkippableFact]
    public async Task KShortestPaths_Diamond_ReturnsLooplessPathsShortestFirst()
    {
        await Store.ApplyAsync(new ChangeBatch(Diamond, "diamond"));
        var paths = await Store.KShortestPathsAsync("s", "t", 3, PathQuery.Default);
        Assert.Equal([2, 2, 3], paths.Select(p => p.Length));
        Assert.Equal(["s>a>t", "s>b>t", "s>c>d>t"], paths.Select(p => string.Join(">", Ids(p))).Order(StringComparer.Ordinal));
        Assert.Equal(Shape(Paths.KShortest(Oracle(Diamond), "s", "t", 3, PathQuery.Default)), Shape(paths));
        Assert.Equal(2, (await Store.KShortestPathsAsync("s", "t", 2, PathQuery.Default)).Count);
    }

    [SkippableFact]
    public async Task AllPaths_WithinHops_ReturnsEverySimplePathAndSaysWhenCut()
    {
        await Store.ApplyAsync(new ChangeBatch(Diamond, "diamond"));
        var all = await Store.AllPathsAsync("s", "t", PathQuery.Default with { MaxHops = 3 });
        Assert.False(all.Truncated);
        Assert.Equal(3, all.Paths.Count);
        Assert.Equal(Shape(Paths.AllSimple(Oracle(Diamond), "s", "t", PathQuery.Default with { MaxHops = 3 }, out _)), Shape(all.Paths));
        Assert.Equal(2, (await Store.AllPathsAsync("s", "t", PathQuery.Default with { MaxHops = 2 })).Paths.Count);
        var cut = await Store.AllPathsAsync("s", "t", PathQuery.Default with { MaxHops = 3, MaxResults = 2 });
        Assert.True(cut.Truncated);
        Assert.Equal(2, cut.Paths.Count);
    }

    [SkippableFact]
    public async Task ShortestPath_WeightConfidence_PrefersTheBestEvidencedChain()
    {
        await Store.ApplyAsync(new ChangeBatch(Diamond, "diamond"));
        Assert.Equal(2, (await Store.ShortestPathAsync("s", "t", PathQuery.Default))!.Length);
        var weighted = await Store.ShortestPathAsync("s", "t", PathQuery.Default with { Weight = PathWeights.Confidence });
        Assert.Equal(["s", "c", "d", "t"], Ids(weighted!));
        var k = await Store.KShortestPathsAsync("s", "t", 2, PathQuery.Default with { Weight = PathWeights.Confidence });
        Assert.Equal(["s>c>d>t", "s>b>t"], k.Select(p => string.Join(">", Ids(p))));
    }

    [SkippableFact]
    public async Task ExposureTo_ListedParty_FindsEveryoneWhoReachesIt()
    {
        await Store.ApplyAsync(new ChangeBatch(Diamond, "diamond"));
        var query = ExposureQuery.Default with { MaxHops = 2 };
        var reverse = await Store.ExposureToAsync("t", query);
        Assert.True(reverse.Reverse);
        Assert.Null(reverse.Score);
        Assert.Equal(["a:1", "b:1", "c:2", "d:1", "e:1", "s:2"], reverse.Hits.Select(h => $"{h.Party.Id}:{h.Hops}").Order(StringComparer.Ordinal));
        Assert.All(reverse.Hits, h => Assert.Equal("el", h.Listings.Single().List.Id));
        var oracle = Exposure.To(Oracle(Diamond), "t", query);
        Assert.Equal(oracle.Hits.Select(h => (h.Party.Id, h.Hops, Shape([h.Path]))), reverse.Hits.Select(h => (h.Party.Id, h.Hops, Shape([h.Path]))));

        // As of a day before t-e was valid, e is not exposed; outgoing only from the exposed side, e never is.
        Assert.DoesNotContain("e", (await Store.ExposureToAsync("t", query with { AsOf = new DateOnly(2024, 6, 1) })).Hits.Select(h => h.Party.Id));
        Assert.DoesNotContain("e", (await Store.ExposureToAsync("t", query with { Direction = Direction.Out })).Hits.Select(h => h.Party.Id));
    }

    [SkippableFact]
    public async Task Exposure_ForwardWithFilters_MatchesTheKernelOnTheSameRecords()
    {
        await Store.ApplyAsync(new ChangeBatch(Diamond, "diamond"));
        var oracle = Oracle(Diamond);
        ExposureQuery[] queries =
        [
            ExposureQuery.Default,
            ExposureQuery.Default with { MaxHops = 1 },
            ExposureQuery.Default with { Direction = Direction.Out, Types = [RelationshipTypes.Supplies] },
            ExposureQuery.Default with { AsOf = new DateOnly(2019, 1, 1) }, // before the listing
            ExposureQuery.Default with { Lists = ["other-list"] },
        ];
        foreach (var query in queries)
        {
            var stored = await Store.ExposureAsync(["s", "e"], query);
            var expected = Exposure.Of(oracle, ["s", "e"], query);
            Assert.Equal(expected.Score, stored.Score);
            Assert.Equal(expected.Hits.Select(h => (h.Party.Id, h.Hops, Shape([h.Path]))), stored.Hits.Select(h => (h.Party.Id, h.Hops, Shape([h.Path]))));
        }
    }

    [SkippableTheory]
    [InlineData("ofac", "2025-10-15", BlockStatus.NotBlocked)] // the parent is on the Entity List, not the SDN list
    [InlineData("bis-affiliates", "2025-09-28", BlockStatus.NotBlocked)] // the day before the rule took effect
    [InlineData("bis-affiliates", "2025-10-15", BlockStatus.Blocked)] // in force
    [InlineData("bis-affiliates", "2026-01-01", BlockStatus.NotBlocked)] // suspended
    [InlineData("bis-affiliates", "2026-11-10", BlockStatus.Blocked)] // in force again
    public async Task Ownership_UnderEachRuleAndDay_MatchesTheKernel(string rule, string day, BlockStatus expected)
    {
        Change[] changes =
        [
            Put(Company("parent")), Put(Company("sub")), Put(List("bis-entity-list")), Put(List("ofac-sdn")),
            Put(Rel(RelationshipTypes.ListedOn, "parent", "bis-entity-list", validFrom: new DateOnly(2020, 1, 1))),
            Put(Rel(RelationshipTypes.Owns, "parent", "sub", share: 0.5)),
        ];
        await Store.ApplyAsync(new ChangeBatch(changes, "affiliates"));
        var profile = RuleProfiles.Get(rule);
        var asOf = DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture);
        var stored = await Store.OwnershipAsync("sub", profile, asOf);
        Assert.Equal(expected, stored.Status);
        var analysis = await Store.OwnershipAnalysisAsync(profile, asOf);
        Assert.Equal(expected, analysis.Determine("sub").Status);
        Assert.Equal(OwnershipAnalysis.Run(Oracle(changes), profile, asOf).Determine("sub").Explanation, stored.Explanation);

        // Counting only a list the parent is not on clears the subsidiary under any rule and day.
        Assert.Equal(BlockStatus.NotBlocked, (await Store.OwnershipAnalysisAsync(profile, asOf, ["ofac-sdn"])).Determine("sub").Status);
    }

    [SkippableFact]
    public async Task WhatIf_HypotheticalStake_ChangesTheAnswerButNotTheStore()
    {
        await SeedChainAsync();
        var before = await Store.GetStatisticsAsync();
        var hypothesis = Batch(Put(Company("d")), Put(Rel(RelationshipTypes.Owns, "b", "d", share: 0.7)));
        var (was, now) = await Store.WhatIfAsync(hypothesis);
        var rule = RuleProfiles.Ofac with { Lists = ["el"] };
        var today = new DateOnly(2026, 11, 21);
        Assert.Null(was.FindEntity("d"));
        Assert.Equal(BlockStatus.Blocked, OwnershipAnalysis.Run(now, rule, today).Determine("d").Status);
        Assert.Equal(before.LastSequence, (await Store.GetStatisticsAsync()).LastSequence);
        Assert.Null(await Store.GetEntityAsync("d"));
        Assert.Equal(before.LastSequence, (await Store.GraphAsync()).Sequence);

        // A hypothesis that does not hold against the graph is refused like a real batch.
        await Assert.ThrowsAsync<InvalidInputException>(() => Store.WhatIfAsync(Batch(Put(Rel(RelationshipTypes.Owns, "nowhere", "d", share: 0.7)))));
    }

    [SkippableFact]
    public async Task Paths_UnknownEntity_IsNotFoundOnEveryKind()
    {
        await SeedChainAsync();
        await Assert.ThrowsAsync<EntityNotFoundException>(() => Store.KShortestPathsAsync("x", "nowhere", 2, PathQuery.Default));
        await Assert.ThrowsAsync<EntityNotFoundException>(() => Store.AllPathsAsync("nowhere", "x", PathQuery.Default));
        await Assert.ThrowsAsync<EntityNotFoundException>(() => Store.ExposureToAsync("nowhere", ExposureQuery.Default));
    }
}
