using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Live;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Storage;
using static SupplyGraph.Core.Tests.Support.Fixtures;

namespace SupplyGraph.Core.Tests;

public class LiveQueryTests
{
    /// <summary>a —SUPPLIES→ b —SUPPLIES→ c; d and e far away; list "el".</summary>
    private static GraphSnapshot Start() => GraphSnapshot.Create(1,
        [Company("a"), Company("b"), Company("c"), Company("d"), Company("e"), List("el")],
        [Rel(RelationshipTypes.Supplies, "a", "b"), Rel(RelationshipTypes.Supplies, "b", "c"), Rel(RelationshipTypes.Supplies, "d", "e")]);

    private static (GraphSnapshot Graph, IReadOnlyList<LiveUpdate> Updates) Commit(LiveQueryRegistry registry, GraphSnapshot graph, params Change[] changes)
    {
        var validated = BatchValidator.Validate(graph, Batch(changes));
        var after = graph.Apply(graph.Sequence + 1, validated);
        return (after, registry.OnCommit(new ChangeLogEntry(after.Sequence, DateTimeOffset.UtcNow, null, validated), after));
    }

    [Fact]
    public void Exposure_ListingInsideReach_PushesTheAddedHit()
    {
        var g = Start();
        var registry = new LiveQueryRegistry(g);
        var first = registry.Subscribe("s1", new ExposureWatch(["a"], new ExposureQuery { MaxHops = 2 }));
        Assert.True(first.Full);
        Assert.Empty(first.Exposure!.Hits);

        var (g2, updates) = Commit(registry, g, Put(Rel(RelationshipTypes.ListedOn, "c", "el")));
        var update = Assert.Single(updates);
        Assert.False(update.Full);
        Assert.Equal(2, update.Sequence);
        Assert.Equal("c", Assert.Single(update.Exposure!.Hits).Party.Id);
        Assert.Equal(0.0, update.Exposure.ScoreBefore);

        var (_, removal) = Commit(registry, g2, new DeleteRelationship("SUPPLIES:b->c"));
        Assert.Equal(["c"], Assert.Single(removal).Exposure!.Removed);
    }

    [Fact]
    public void Exposure_ChangeOutsideFootprint_PushesNothing()
    {
        var g = Start();
        var registry = new LiveQueryRegistry(g);
        registry.Subscribe("s1", new ExposureWatch(["a"], new ExposureQuery { MaxHops = 2 }));
        var (g2, updates) = Commit(registry, g, Put(Rel(RelationshipTypes.ListedOn, "e", "el")), Put(Company("f")));
        Assert.Empty(updates);

        // A change inside the footprint that leaves the answer unchanged pushes nothing either.
        var (_, same) = Commit(registry, g2, Put(Company("b", "Beta renamed")));
        Assert.Empty(same);
    }

    [Fact]
    public void Exposure_ListingElsewhere_DoesNotEvenReevaluate()
    {
        // a's search reaches the list node through c's listing, but never reads the list node's edges.
        var g = Start();
        var registry = new LiveQueryRegistry(g);
        var (g2, _) = Commit(registry, g, Put(Rel(RelationshipTypes.ListedOn, "c", "el")));
        registry.Subscribe("s1", new ExposureWatch(["a"], new ExposureQuery { MaxHops = 3, Direction = Direction.Out }));
        var before = registry.Evaluations;
        var (g3, none) = Commit(registry, g2, Put(Rel(RelationshipTypes.ListedOn, "e", "el")));
        Assert.Empty(none);
        Assert.Equal(before, registry.Evaluations);

        // An edge into a reached node from outside does not matter to an outward search either.
        var (g4, _) = Commit(registry, g3, Put(Rel(RelationshipTypes.Supplies, "d", "c")));
        Assert.Equal(before, registry.Evaluations);

        // An edge out of an expanded node does.
        Commit(registry, g4, Put(Rel(RelationshipTypes.Supplies, "b", "d")));
        Assert.Equal(before + 1, registry.Evaluations);
    }

    [Fact]
    public void Exposure_SourceListedThenDelisted_PushesBoth()
    {
        var g = Start();
        var registry = new LiveQueryRegistry(g);
        registry.Subscribe("s1", new ExposureWatch(["a"], new ExposureQuery { MaxHops = 4, Direction = Direction.Out }));
        var (g2, listed) = Commit(registry, g, Put(Rel(RelationshipTypes.ListedOn, "a", "el", id: "toggle")), Put(Rel(RelationshipTypes.Supplies, "d", "e", id: "noise")));
        Assert.Equal(("a", 0), (Assert.Single(Assert.Single(listed).Exposure!.Hits).Party.Id, Assert.Single(listed).Exposure!.Hits[0].Hops));
        var (_, delisted) = Commit(registry, g2, new DeleteRelationship("toggle"));
        Assert.Equal(["a"], Assert.Single(delisted).Exposure!.Removed);
    }

    [Fact]
    public void Exposure_NewEdgeExtendingReach_IsSeen()
    {
        var g = Start();
        var registry = new LiveQueryRegistry(g);
        registry.Subscribe("s1", new ExposureWatch(["a"], new ExposureQuery { MaxHops = 3 }));
        var (g2, none) = Commit(registry, g, Put(Rel(RelationshipTypes.ListedOn, "e", "el")));
        Assert.Empty(none);
        var (_, updates) = Commit(registry, g2, Put(Rel(RelationshipTypes.Supplies, "c", "e")));
        Assert.Equal("e", Assert.Single(Assert.Single(updates).Exposure!.Hits).Party.Id);
    }

    [Fact]
    public void Ownership_StakeBoughtByListedParty_FlipsToBlocked()
    {
        var g = GraphSnapshot.Create(1, [Company("x"), Company("y"), Company("z"), List("ofac-sdn")], [Rel(RelationshipTypes.ListedOn, "x", "ofac-sdn")]);
        var registry = new LiveQueryRegistry(g);
        var first = registry.Subscribe("o1", new OwnershipWatch("y", RuleProfiles.Ofac));
        Assert.Equal(BlockStatus.NotBlocked, first.Ownership!.Determination.Status);
        var (g2, unrelated) = Commit(registry, g, Put(Rel(RelationshipTypes.Owns, "x", "z", share: 0.9)));
        Assert.Empty(unrelated);
        var (_, updates) = Commit(registry, g2, Put(Rel(RelationshipTypes.Owns, "x", "y", share: 0.5)));
        var update = Assert.Single(updates);
        Assert.Equal((BlockStatus.NotBlocked, BlockStatus.Blocked), (update.Ownership!.StatusBefore!.Value, update.Ownership.Determination.Status));
    }

    [Fact]
    public void Entity_RelationshipAddedOrDeleted_PushesTheNewState()
    {
        var g = Start();
        var registry = new LiveQueryRegistry(g);
        registry.Subscribe("e1", new EntityWatch("c"));
        var (g2, added) = Commit(registry, g, Put(Rel(RelationshipTypes.Supplies, "c", "d")));
        Assert.Equal(2, Assert.Single(added).Entity!.Relationships.Count);
        var (_, deleted) = Commit(registry, g2, new DeleteEntity("c", Detach: true));
        var state = Assert.Single(deleted).Entity!;
        Assert.Null(state.Entity);
        Assert.Empty(state.Relationships);
    }

    [Fact]
    public void Exposure_AcrossACompaction_StillDiffsCorrectly()
    {
        var g = Start();
        var registry = new LiveQueryRegistry(g);
        registry.Subscribe("s1", new ExposureWatch(["a"], new ExposureQuery { MaxHops = 2 }));
        var validated = BatchValidator.Validate(g, Batch(new DeleteEntity("d", Detach: true), Put(Rel(RelationshipTypes.ListedOn, "c", "el"))));
        var compacted = g.Apply(2, validated).Compact();
        var update = Assert.Single(registry.OnCommit(new ChangeLogEntry(2, DateTimeOffset.UtcNow, null, validated), compacted));
        Assert.Equal("c", Assert.Single(update.Exposure!.Hits).Party.Id);

        // The footprint now refers to the new base's node ids: an unrelated change pushes nothing.
        var (_, none) = Commit(registry, compacted, Put(Company("zz")));
        Assert.Empty(none);
    }

    [Fact]
    public void Subscribe_UnknownEntity_Throws()
    {
        var registry = new LiveQueryRegistry(Start());
        Assert.Throws<EntityNotFoundException>(() => registry.Subscribe("s", new ExposureWatch(["nobody"], new ExposureQuery())));
        Assert.Equal(0, registry.Count);
    }
}
