using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;
using static SupplyGraph.Core.Tests.Support.Fixtures;

namespace SupplyGraph.Core.Tests;

public class OwnershipTests
{
    private static readonly DateOnly Today = new(2026, 11, 21);

    private static Relationship Listed(string id, string list = "ofac-sdn", DateOnly? since = null) =>
        Rel(RelationshipTypes.ListedOn, id, list, validFrom: since ?? new DateOnly(2020, 1, 1));

    private static GraphSnapshot Graph(IEnumerable<string> ids, params Relationship[] relationships) =>
        GraphSnapshot.Create(1, [.. ids.Select(id => Company(id)), List("ofac-sdn"), List("bis-entity-list"), List("bis-meu")], relationships);

    private static BlockStatus Status(GraphSnapshot graph, string id, RuleProfile? rule = null, DateOnly? asOf = null) =>
        OwnershipAnalysis.Run(graph, rule ?? RuleProfiles.Ofac, asOf ?? Today).Determine(id).Status;

    [Fact]
    public void OfacFaq_ChainOfFiftyPercentStakes_BlocksEveryLevel()
    {
        // FAQ: X owns 50 % of A, A owns 50 % of B: A and B are blocked (holdings count in full, not 25 %).
        var g = Graph(["x", "a", "b"], Listed("x"), Rel(RelationshipTypes.Owns, "x", "a", share: 0.5), Rel(RelationshipTypes.Owns, "a", "b", share: 0.5));
        var analysis = OwnershipAnalysis.Run(g, RuleProfiles.Ofac, Today);
        Assert.Equal(BlockStatus.Blocked, analysis.Determine("a").Status);
        var b = analysis.Determine("b");
        Assert.Equal(BlockStatus.Blocked, b.Status);
        Assert.Equal(0.5, b.AggregateLow, 9);
        Assert.Equal(["x", "a"], b.Chains.Single().Select(s => s.Owner.Id));
        Assert.Equal("a", Assert.Single(b.Contributions).Owner.Id);
    }

    [Fact]
    public void OfacFaq_QuarterStakesThroughUnblockedCompanies_DoNotBlock()
    {
        // FAQ: X owns 25 % of A and of B; A and B each own 50 % of C: A, B and C are not blocked.
        var g = Graph(["x", "a", "b", "c"], Listed("x"),
            Rel(RelationshipTypes.Owns, "x", "a", share: 0.25), Rel(RelationshipTypes.Owns, "x", "b", share: 0.25),
            Rel(RelationshipTypes.Owns, "a", "c", share: 0.5), Rel(RelationshipTypes.Owns, "b", "c", share: 0.5));
        Assert.Equal(BlockStatus.NotBlocked, Status(g, "a"));
        Assert.Equal(BlockStatus.NotBlocked, Status(g, "b"));
        var c = OwnershipAnalysis.Run(g, RuleProfiles.Ofac, Today).Determine("c");
        Assert.Equal(BlockStatus.NotBlocked, c.Status);
        Assert.Equal(0, c.AggregateLow);
        Assert.Empty(c.Contributions);
    }

    [Fact]
    public void OfacFaq_DirectAndIndirectStakesOfBlockedOwners_AddUp()
    {
        // FAQ: X owns 10 % of B directly, and blocked A owns 40 % of B: B is blocked (50 % in the aggregate).
        var g = Graph(["x", "a", "b"], Listed("x"), Listed("a"),
            Rel(RelationshipTypes.Owns, "x", "b", share: 0.1), Rel(RelationshipTypes.Owns, "a", "b", share: 0.4));
        var b = OwnershipAnalysis.Run(g, RuleProfiles.Ofac, Today).Determine("b");
        Assert.Equal(BlockStatus.Blocked, b.Status);
        Assert.Equal(0.5, b.AggregateLow, 9);
        Assert.Equal(["a", "x"], b.Contributions.Select(c => c.Owner.Id).Order());
    }

    [Fact]
    public void Ofac_ControlWithoutOwnership_DoesNotCount()
    {
        var g = Graph(["x", "a"], Listed("x"), Rel(RelationshipTypes.Controls, "x", "a"));
        Assert.Equal(BlockStatus.NotBlocked, Status(g, "a"));
    }

    [Fact]
    public void Ofac_CrossHoldingCycle_TerminatesAndBlocksBoth()
    {
        var g = Graph(["x", "a", "b"], Listed("x"),
            Rel(RelationshipTypes.Owns, "x", "a", share: 0.5), Rel(RelationshipTypes.Owns, "a", "b", share: 0.6), Rel(RelationshipTypes.Owns, "b", "a", share: 0.3));
        var analysis = OwnershipAnalysis.Run(g, RuleProfiles.Ofac, Today);
        Assert.Equal(BlockStatus.Blocked, analysis.Determine("a").Status);
        Assert.Equal(BlockStatus.Blocked, analysis.Determine("b").Status);
    }

    [Fact]
    public void Ofac_UnknownOrRangedStakes_GivePossiblyBlocked()
    {
        OwnershipShare.TryParse("40-60%", out var ranged, out _);
        var g = Graph(["x", "a", "b", "c"], Listed("x"),
            Rel(RelationshipTypes.Owns, "x", "a"),
            Rel(RelationshipTypes.Owns, "x", "b") with { Share = ranged },
            Rel(RelationshipTypes.Owns, "b", "c", share: 0.9));
        var analysis = OwnershipAnalysis.Run(g, RuleProfiles.Ofac, Today);
        Assert.Equal(BlockStatus.PossiblyBlocked, analysis.Determine("a").Status);
        var b = analysis.Determine("b");
        Assert.Equal(BlockStatus.PossiblyBlocked, b.Status);
        Assert.Equal((0.4, 0.6), (b.AggregateLow, b.AggregateHigh));
        Assert.True(b.NearThreshold);
        Assert.Contains("possibly blocked", b.Explanation, StringComparison.Ordinal);
        // C is held 90 % by B, which is only possibly blocked: C is possibly blocked too, never silently blocked.
        Assert.Equal(BlockStatus.PossiblyBlocked, analysis.Determine("c").Status);
    }

    [Fact]
    public void Ofac_FortyFivePercent_IsNotBlockedButFlaggedNearThreshold()
    {
        var g = Graph(["x", "a"], Listed("x"), Rel(RelationshipTypes.Owns, "x", "a", share: 0.45));
        var a = OwnershipAnalysis.Run(g, RuleProfiles.Ofac, Today).Determine("a");
        Assert.Equal(BlockStatus.NotBlocked, a.Status);
        Assert.True(a.NearThreshold);
        Assert.Contains("near the threshold", a.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Ofac_StakeSoldBeforeAsOfDate_DoesNotCount()
    {
        var g = Graph(["x", "a"], Listed("x"), Rel(RelationshipTypes.Owns, "x", "a", share: 0.6, validTo: new DateOnly(2024, 12, 31)));
        Assert.Equal(BlockStatus.Blocked, Status(g, "a", asOf: new DateOnly(2024, 6, 1)));
        Assert.Equal(BlockStatus.NotBlocked, Status(g, "a", asOf: new DateOnly(2025, 6, 1)));
    }

    [Theory]
    [InlineData("2025-09-28", BlockStatus.NotBlocked)] // the day before the rule took effect
    [InlineData("2025-10-15", BlockStatus.Blocked)] // in force
    [InlineData("2026-01-01", BlockStatus.NotBlocked)] // suspended 2025-11-10 to 2026-11-09
    [InlineData("2026-11-09", BlockStatus.NotBlocked)] // last day of the suspension
    [InlineData("2026-11-10", BlockStatus.Blocked)] // in force again
    public void BisAffiliates_RuleDates_DecideWhetherAffiliatesAreCovered(string day, BlockStatus expected)
    {
        var g = Graph(["parent", "sub"], Listed("parent", "bis-entity-list"), Rel(RelationshipTypes.Owns, "parent", "sub", share: 0.5));
        var asOf = DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(expected, Status(g, "sub", RuleProfiles.BisAffiliates, asOf));
        Assert.Equal(BlockStatus.Blocked, Status(g, "parent", RuleProfiles.BisAffiliates, asOf));
    }

    [Fact]
    public void BisAffiliates_UsEntity_IsNotCovered()
    {
        var g = GraphSnapshot.Create(1, [Company("parent"), Company("us-sub") with { Country = "United States" }, List("bis-entity-list")],
            [Listed("parent", "bis-entity-list"), Rel(RelationshipTypes.Owns, "parent", "us-sub", share: 1.0)]);
        var d = OwnershipAnalysis.Run(g, RuleProfiles.BisAffiliates, Today).Determine("us-sub");
        Assert.Equal(BlockStatus.NotBlocked, d.Status);
        Assert.Contains("outside the United States", d.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void BisAffiliates_OwnersOnEntityListAndMeu_CarryTheEntityListDown()
    {
        var g = Graph(["el-owner", "meu-owner", "jv", "jv-sub"],
            Listed("el-owner", "bis-entity-list"), Listed("meu-owner", "bis-meu"),
            Rel(RelationshipTypes.Owns, "el-owner", "jv", share: 0.3), Rel(RelationshipTypes.Owns, "meu-owner", "jv", share: 0.3),
            Rel(RelationshipTypes.Owns, "jv", "jv-sub", share: 0.8));
        var analysis = OwnershipAnalysis.Run(g, RuleProfiles.BisAffiliates, Today);
        var jv = analysis.Determine("jv");
        Assert.Equal(BlockStatus.Blocked, jv.Status);
        Assert.Equal("bis-entity-list", jv.InheritedList);
        Assert.Equal("bis-entity-list", analysis.Determine("jv-sub").InheritedList);
    }

    [Fact]
    public void BisAffiliates_SubsidiaryWithoutShare_IsPossiblyCovered()
    {
        var g = Graph(["parent", "sub"], Listed("parent", "bis-entity-list"), Rel(RelationshipTypes.SubsidiaryOf, "sub", "parent"));
        Assert.Equal(BlockStatus.PossiblyBlocked, Status(g, "sub", RuleProfiles.BisAffiliates));
    }

    [Fact]
    public void LookThrough_ChainsMultiplyAndPathsAdd()
    {
        // A holds 60 % of B, B 50 % of C, and A 10 % of C directly: A holds 0.6 × 0.5 + 0.1 = 40 % of C.
        var g = Graph(["a", "b", "c"], Rel(RelationshipTypes.Owns, "a", "b", share: 0.6), Rel(RelationshipTypes.Owns, "b", "c", share: 0.5),
            Rel(RelationshipTypes.Owns, "a", "c", share: 0.1));
        var down = LookThrough.Downstream(g, "a").ToDictionary(s => s.Entity.Id);
        Assert.Equal(0.6, down["b"].Low, 9);
        Assert.Equal(0.4, down["c"].Low, 9);
        var up = LookThrough.Upstream(g, "c").ToDictionary(s => s.Entity.Id);
        Assert.Equal(0.4, up["a"].Low, 9);
        Assert.Equal(0.5, up["b"].Low, 9);
    }

    [Fact]
    public void LookThrough_CrossHolding_ConvergesToTheGeometricSum()
    {
        // A holds 50 % of B; B and C hold 50 % of each other: A in B = 0.5 + 0.5·0.5·(A in B) ⇒ 2/3.
        var g = Graph(["a", "b", "c"], Rel(RelationshipTypes.Owns, "a", "b", share: 0.5), Rel(RelationshipTypes.Owns, "b", "c", share: 0.5),
            Rel(RelationshipTypes.Owns, "c", "b", share: 0.5));
        var down = LookThrough.Downstream(g, "a").ToDictionary(s => s.Entity.Id);
        Assert.Equal(2.0 / 3.0, down["b"].Low, 9);
        Assert.Equal(1.0 / 3.0, down["c"].Low, 9);
    }

    [Fact]
    public void WhatIf_StakeSold_FlipsTheDetermination()
    {
        var g = Graph(["x", "a", "b"], Listed("x"), Rel(RelationshipTypes.Owns, "x", "a", share: 0.5), Rel(RelationshipTypes.Owns, "a", "b", share: 0.5));
        var hypothetical = WhatIf.Apply(g, Batch(new DeleteRelationship("OWNS:x->a")));
        var flips = WhatIf.Compare(OwnershipAnalysis.Run(g, RuleProfiles.Ofac, Today), OwnershipAnalysis.Run(hypothetical, RuleProfiles.Ofac, Today));
        Assert.Equal(["a", "b"], flips.Select(f => f.Entity.Id));
        Assert.All(flips, f => Assert.Equal((BlockStatus.Blocked, BlockStatus.NotBlocked), (f.Before, f.After)));
        Assert.Equal(BlockStatus.Blocked, Status(g, "b"));
    }
}
