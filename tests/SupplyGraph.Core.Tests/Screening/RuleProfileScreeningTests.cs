using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Screening;
using static SupplyGraph.Core.Tests.Support.Fixtures;

namespace SupplyGraph.Core.Tests.Screening;

/// <summary>EU and UK profiles next to OFAC: "more than 50 %" against "50 % or more", and control as a test of its own.</summary>
public sealed class RuleProfileScreeningTests
{
    private static readonly DateOnly Day = new(2026, 12, 1);

    /// <summary>A party on the EU and UK lists (the FtM list ids) and on OFAC's, owning exactly half of one company and controlling another.</summary>
    private static GraphSnapshot Graph() => GraphSnapshot.Create(1,
        [
            List("ofac-sdn"), List("ftm-eu-ukr"), List("ftm-gb-rus"),
            Company("oligarch-holding"), Company("half-owned"), Company("controlled"), Company("controlled-twice"), Company("unrelated"),
        ],
        [
            Rel(RelationshipTypes.ListedOn, "oligarch-holding", "ofac-sdn"),
            Rel(RelationshipTypes.ListedOn, "oligarch-holding", "ftm-eu-ukr"),
            Rel(RelationshipTypes.ListedOn, "oligarch-holding", "ftm-gb-rus"),
            Rel(RelationshipTypes.Owns, "oligarch-holding", "half-owned", share: 0.5),
            Rel(RelationshipTypes.Controls, "oligarch-holding", "controlled"),
            Rel(RelationshipTypes.Controls, "controlled", "controlled-twice"),
        ]);

    private static ScreeningRowResult Screen(string name, params string[] rules) =>
        new Screener(Graph(), new ScreeningParameters(0, rules, Day), Day).Screen(new Counterparty(1, 2, null, name, null, new Dictionary<string, string>(), null));

    [Fact]
    public void Profiles_EuAndUk_ShipWithCitationsAndExceed()
    {
        foreach (var id in (string[])["eu", "uk"])
        {
            var p = RuleProfiles.Get(id);
            Assert.True(p.Exceeds);
            Assert.Contains(RelationshipTypes.Controls, p.Control);
            Assert.Contains("Regulation", p.Citation, StringComparison.Ordinal);
        }

        Assert.False(RuleProfiles.Ofac.Exceeds);
    }

    [Fact]
    public void Screen_ExactlyHalf_OfacCoversEuAndUkDoNot()
    {
        var r = Screen("half-owned", "ofac", "eu", "uk");
        Assert.Equal(BlockStatus.Blocked, r.Rules.Single(v => v.Rule == "ofac").Status);
        Assert.Equal((BlockStatus.NotBlocked, "none"), (r.Rules.Single(v => v.Rule == "eu").Status, r.Rules.Single(v => v.Rule == "eu").Test));
        Assert.Equal(BlockStatus.NotBlocked, r.Rules.Single(v => v.Rule == "uk").Status);
    }

    [Fact]
    public void Screen_ControlledThroughTwoSteps_EuFiresControlWithTheChain_OfacDoesNot()
    {
        var r = Screen("controlled-twice", "ofac", "eu");
        Assert.Equal(ScreeningVerdict.Covered, r.Verdict);
        var eu = r.Rules.Single(v => v.Rule == "eu");
        Assert.Equal((BlockStatus.Blocked, "control"), (eu.Status, eu.Test));
        Assert.Equal(["oligarch-holding", "controlled"], eu.Chain.Select(s => s.Owner.Id));
        Assert.Equal(["controlled", "controlled-twice"], eu.Chain.Select(s => s.Owned.Id));
        Assert.Equal(BlockStatus.NotBlocked, r.Rules.Single(v => v.Rule == "ofac").Status);
    }

    [Fact]
    public void Screen_Unrelated_UkNamesWhatItCannotSee()
    {
        var uk = Screen("unrelated", "uk").Rules.Single();
        Assert.Equal(BlockStatus.NotBlocked, uk.Status);
        Assert.All(RuleProfiles.Get("uk").Unrecorded, u => Assert.Contains(u, uk.Unknowns));
        // Of its lists only GB-RUS holds entries here; the others are named as missing data.
        Assert.Contains("no uk-ofsi data is loaded", uk.Unknowns);
        Assert.DoesNotContain("no ftm-gb-rus data is loaded", uk.Unknowns);
    }
}
