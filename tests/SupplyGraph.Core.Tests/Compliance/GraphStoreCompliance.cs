using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Storage;
using SupplyGraph.Core.Tests.Support;
using static SupplyGraph.Core.Tests.Support.Fixtures;

namespace SupplyGraph.Core.Tests.Compliance;

/// <summary>
/// The facts every <see cref="IGraphStore"/> must satisfy. Each store's test class inherits this and supplies
/// an empty store; the same facts, the same answers. A store that is not available here (no server configured)
/// makes every fact report as skipped, with the reason — never as passed.
/// </summary>
public abstract partial class GraphStoreCompliance : IAsyncLifetime
{
    private IGraphStore? _store;

    protected IGraphStore Store
    {
        get
        {
            RequiredService.SkipIf(_store is null, SkipReason);
            return _store!;
        }
    }

    /// <summary>Why the store is not available, when <see cref="CreateEmptyStoreAsync"/> returns null.</summary>
    protected virtual string SkipReason => "the store is not available here";

    /// <summary>Creates a new, empty store, or null when it cannot be had here.</summary>
    protected abstract Task<IGraphStore?> CreateEmptyStoreAsync();

    public async Task InitializeAsync() => _store = await CreateEmptyStoreAsync();

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    /// <summary>A small supply chain: x owns 60 % of a, a manufactures for b, b is listed; c stands alone.</summary>
    protected async Task<CommitResult> SeedChainAsync() => await Store.ApplyAsync(Batch(
        Put(Company("x", "Xeno Holdings")),
        Put(Company("a", "Alpha Manufacturing Co., Ltd.", "Alpha")),
        Put(Company("b", "Beta Servers")),
        Put(Company("c", "Gamma Cloud")),
        Put(List("el")),
        Put(Rel(RelationshipTypes.Owns, "x", "a", share: 0.6)),
        Put(Rel(RelationshipTypes.ManufacturesFor, "a", "b", quote: "Alpha gave manufacturing capabilities to Beta")),
        Put(Rel(RelationshipTypes.ListedOn, "b", "el", validFrom: new DateOnly(2019, 6, 24)))));

    [SkippableFact]
    public async Task Apply_NewEntities_CanBeReadBack()
    {
        await SeedChainAsync();
        var a = await Store.GetEntityAsync("a");
        Assert.NotNull(a);
        Assert.Equal(Canonical.Of(Company("a", "Alpha Manufacturing Co., Ltd.", "Alpha")), Canonical.Of(a));
        Assert.Null(await Store.GetEntityAsync("missing"));
    }

    [SkippableFact]
    public async Task Apply_RelationshipWithProvenanceAndValidity_RoundTripsExactly()
    {
        var rel = Rel(RelationshipTypes.Owns, "x", "a", share: 0.25, validFrom: new DateOnly(2020, 1, 1), validTo: new DateOnly(2023, 12, 31)) with
        {
            Items = ["shares"],
            Properties = new Dictionary<string, object?> { ["note"] = "via nominee", ["count"] = 3L, ["ratio"] = 0.5, ["flag"] = true },
            Provenance = new Provenance("registry.csv", "line 7", "X holds 25%", new DateOnly(2020, 1, 1), 0.75),
        };
        await Store.ApplyAsync(Batch(Put(Company("x")), Put(Company("a")), Put(rel)));
        var read = await Store.GetRelationshipAsync(rel.Id);
        Assert.NotNull(read);
        Assert.Equal(Canonical.Of(rel), Canonical.Of(read));
    }

    [SkippableFact]
    public async Task Apply_RangedAndUnknownShares_RoundTrip()
    {
        OwnershipShare.TryParse("25-50%", out var ranged, out _);
        await Store.ApplyAsync(Batch(Put(Company("x")), Put(Company("a")), Put(Company("b")),
            Put(Rel(RelationshipTypes.Owns, "x", "a") with { Share = ranged }),
            Put(Rel(RelationshipTypes.Owns, "x", "b"))));
        Assert.Equal(new OwnershipShare(0.25, 0.5), (await Store.GetRelationshipAsync("OWNS:x->a"))!.Share);
        Assert.True((await Store.GetRelationshipAsync("OWNS:x->b"))!.Share.IsUnknown);
    }

    [SkippableFact]
    public async Task Apply_BatchWithMissingEndpoint_ChangesNothing()
    {
        await SeedChainAsync();
        var before = await Store.GetStatisticsAsync();
        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => Store.ApplyAsync(Batch(
            Put(Company("d")),
            Put(Rel(RelationshipTypes.Supplies, "d", "nowhere")))));
        Assert.Contains(ex.Errors, e => e.Field == "to" && e.Message.Contains("nowhere", StringComparison.Ordinal));
        var after = await Store.GetStatisticsAsync();
        Assert.Equal(before.Entities, after.Entities);
        Assert.Equal(before.LastSequence, after.LastSequence);
        Assert.Null(await Store.GetEntityAsync("d"));
    }

    [SkippableFact]
    public async Task Apply_ShareOutsideRange_IsRejected()
    {
        var bad = Rel(RelationshipTypes.Owns, "x", "a") with { Share = new OwnershipShare(0.5, 1.5) };
        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => Store.ApplyAsync(Batch(Put(Company("x")), Put(Company("a")), Put(bad))));
        Assert.Contains(ex.Errors, e => e.Field == "share");
        Assert.Equal(0, (await Store.GetStatisticsAsync()).Entities);
    }

    [SkippableFact]
    public async Task Apply_DeleteEntityWithRelationships_RequiresDetach()
    {
        await SeedChainAsync();
        await Assert.ThrowsAsync<InvalidInputException>(() => Store.ApplyAsync(Batch(new DeleteEntity("a"))));
        Assert.NotNull(await Store.GetEntityAsync("a"));

        var result = await Store.ApplyAsync(Batch(new DeleteEntity("a", Detach: true)));
        Assert.Equal(2, result.RelationshipsDeleted);
        Assert.Null(await Store.GetEntityAsync("a"));
        Assert.Null(await Store.GetRelationshipAsync("OWNS:x->a"));
        Assert.Empty(await Store.GetRelationshipsAsync("x", Direction.Both));
    }

    [SkippableFact]
    public async Task Apply_ReplaceEntity_UpdatesRecord()
    {
        await SeedChainAsync();
        await Store.ApplyAsync(Batch(Put(Company("c", "Gamma Cloud Ltd.", "Gamma") with { Country = "Singapore" })));
        var c = await Store.GetEntityAsync("c");
        Assert.Equal("Gamma Cloud Ltd.", c!.Name);
        Assert.Equal("Singapore", c.Country);
        Assert.Equal(["Gamma"], c.Aliases);
    }

    [SkippableFact]
    public async Task ChangesSince_AfterBatches_ReturnsThemInOrderWithIncreasingSequence()
    {
        var first = await SeedChainAsync();
        var second = await Store.ApplyAsync(Batch(Put(Company("d"))));
        var third = await Store.ApplyAsync(Batch(new DeleteEntity("d")));
        Assert.True(first.Sequence < second.Sequence && second.Sequence < third.Sequence);

        var since = await Store.ChangesSinceAsync(first.Sequence);
        Assert.Equal([second.Sequence, third.Sequence], since.Select(c => c.Sequence));
        Assert.IsType<PutEntity>(Assert.Single(since[0].Changes));
        Assert.Equal("d", Assert.IsType<DeleteEntity>(Assert.Single(since[1].Changes)).Id);
        Assert.Equal(third.Sequence, (await Store.GetStatisticsAsync()).LastSequence);
    }

    [SkippableFact]
    public async Task GetRelationships_ByDirection_ReturnsOnlyThatSide()
    {
        await SeedChainAsync();
        Assert.Equal(["MANUFACTURES_FOR:a->b"], (await Store.GetRelationshipsAsync("a", Direction.Out)).Select(r => r.Id));
        Assert.Equal(["OWNS:x->a"], (await Store.GetRelationshipsAsync("a", Direction.In)).Select(r => r.Id));
        Assert.Equal(2, (await Store.GetRelationshipsAsync("a", Direction.Both)).Count);
    }

    [SkippableFact]
    public async Task Find_NameWithTypoOrAlias_FindsEntity()
    {
        await SeedChainAsync();
        Assert.Equal("a", (await Store.FindAsync("alpha manufacturng")).First().Entity.Id);
        Assert.Equal("a", (await Store.ResolveAsync("ALPHA")).Id);
        await Assert.ThrowsAsync<EntityNotFoundException>(() => Store.ResolveAsync("omega"));
    }

    [SkippableFact]
    public async Task ShortestPath_AcrossDirections_ReturnsChainWithEvidence()
    {
        await SeedChainAsync();
        var path = await Store.ShortestPathAsync("x", "b", PathQuery.Default);
        Assert.NotNull(path);
        Assert.Equal(["x", "a", "b"], path.Nodes.Select(n => n.Id));
        Assert.Equal("Alpha gave manufacturing capabilities to Beta", path.Hops[1].Relationship.Provenance.Quote);
        Assert.All(path.Hops, h => Assert.True(h.Forward));

        var back = await Store.ShortestPathAsync("b", "x", PathQuery.Default);
        Assert.Equal(["b", "a", "x"], back!.Nodes.Select(n => n.Id));
        Assert.All(back.Hops, h => Assert.False(h.Forward));
    }

    [SkippableFact]
    public async Task ShortestPath_WithFilters_RespectsDirectionTypesAndHops()
    {
        await SeedChainAsync();
        Assert.Null(await Store.ShortestPathAsync("b", "x", PathQuery.Default with { Direction = Direction.Out }));
        Assert.Null(await Store.ShortestPathAsync("x", "b", PathQuery.Default with { Types = [RelationshipTypes.Owns] }));
        Assert.Null(await Store.ShortestPathAsync("x", "b", PathQuery.Default with { MaxHops = 1 }));
        Assert.Null(await Store.ShortestPathAsync("x", "c", PathQuery.Default));
    }

    [SkippableFact]
    public async Task ShortestPath_AsOfDate_IgnoresRelationshipsNotYetValid()
    {
        await SeedChainAsync();
        await Store.ApplyAsync(Batch(Put(Rel(RelationshipTypes.Supplies, "c", "b", validFrom: new DateOnly(2025, 1, 1)))));
        Assert.NotNull(await Store.ShortestPathAsync("c", "b", PathQuery.Default with { AsOf = new DateOnly(2025, 6, 1) }));
        Assert.Null(await Store.ShortestPathAsync("c", "b", PathQuery.Default with { AsOf = new DateOnly(2024, 6, 1) }));
    }

    [SkippableFact]
    public async Task ShortestPath_ThroughListNode_IsNotAConnection()
    {
        await SeedChainAsync();
        await Store.ApplyAsync(Batch(Put(Rel(RelationshipTypes.ListedOn, "c", "el"))));
        Assert.Null(await Store.ShortestPathAsync("c", "b", PathQuery.Default));
        var toList = await Store.ShortestPathAsync("c", "el", PathQuery.Default);
        Assert.Equal(1, toList!.Length);
    }

    [SkippableFact]
    public async Task Exposure_ListedPartyTwoHopsAway_IsFoundWithItsPathAndListing()
    {
        await SeedChainAsync();
        var result = await Store.ExposureAsync(["x"], new ExposureQuery { MaxHops = 2 });
        var hit = Assert.Single(result.Hits);
        Assert.Equal(("b", 2), (hit.Party.Id, hit.Hops));
        Assert.Equal(["x", "a", "b"], hit.Path.Nodes.Select(n => n.Id));
        Assert.Equal(new DateOnly(2019, 6, 24), hit.Listings.Single().Since);
        Assert.Equal(0.9 * 0.9 * 0.25, result.Score!.Value, 9);
        Assert.Empty((await Store.ExposureAsync(["x"], new ExposureQuery { MaxHops = 1 })).Hits);
        Assert.Empty((await Store.ExposureAsync(["x"], new ExposureQuery { AsOf = new DateOnly(2019, 1, 1) })).Hits);
    }

    [SkippableFact]
    public async Task Ownership_MajorityOwnedByListedParty_IsBlockedWithChain()
    {
        await SeedChainAsync();
        await Store.ApplyAsync(Batch(Put(Company("d")), Put(Rel(RelationshipTypes.Owns, "b", "d", share: 0.5)), Put(Rel(RelationshipTypes.Owns, "b", "c", share: 0.3))));
        var rule = RuleProfiles.Ofac with { Lists = ["el"] };
        var today = new DateOnly(2026, 11, 21);
        var d = await Store.OwnershipAsync("d", rule, today);
        Assert.Equal(BlockStatus.Blocked, d.Status);
        Assert.Equal("b", Assert.Single(d.Contributions).Owner.Id);
        Assert.Equal(BlockStatus.NotBlocked, (await Store.OwnershipAsync("c", rule, today)).Status);
        Assert.Equal(BlockStatus.NotBlocked, (await Store.OwnershipAsync("d", rule, new DateOnly(2019, 1, 1))).Status);
    }
}
