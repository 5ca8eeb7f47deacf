using SupplyGraph.Core.Import;

namespace SupplyGraph.Core.Tests.Import;

/// <summary>The "(a.k.a. …)" / "(f.k.a. …)" repair of Entity List names, on entries as the published JSON has them.</summary>
public sealed class KnownAsNameTests
{
    [Fact]
    public void Split_CutOffFragmentContinuedInAddress_TakesTheAliasFromTheAddress()
    {
        var k = KnownAsName.Split("Aletra General Trading (a.k.a.", "Erman & Sultan Trading Co.), Sabkha Street, Shop No. 8, Dubai, U.A.E.")!;
        Assert.Equal("Aletra General Trading", k.Name);
        Assert.Equal(["Erman & Sultan Trading Co."], k.Aliases);
        Assert.Equal("Sabkha Street, Shop No. 8, Dubai, U.A.E.", k.Address);
    }

    [Fact]
    public void Split_CutOffWithNamesOnBothSides_KeepsEachAliasAndDropsTheEmptiedAddress()
    {
        var k = KnownAsName.Split("OOO Shipyard 'Zaliv' (f.k.a., AO Shipyard 'Zaliv'", "JSC Shipyard 'Zaliv;' JSC Zaliv Shipyard; and OJSC ZALIV SHIPYARD)")!;
        Assert.Equal("OOO Shipyard 'Zaliv'", k.Name);
        Assert.Equal(["AO Shipyard 'Zaliv'", "JSC Shipyard 'Zaliv", "JSC Zaliv Shipyard", "OJSC ZALIV SHIPYARD"], k.Aliases);
        Assert.Null(k.Address);
    }

    [Fact]
    public void Split_CutOffWithARealAddress_LeavesTheAddressAlone()
    {
        var k = KnownAsName.Split("Lukoil, OAO (a.k.a. Lukoil", "Address: 11 Sretenski boulevard, Moscow 101000, Russia")!;
        Assert.Equal(("Lukoil, OAO", "Address: 11 Sretenski boulevard, Moscow 101000, Russia"), (k.Name, k.Address));
        Assert.Equal(["Lukoil"], k.Aliases);
    }

    [Fact]
    public void Split_ClosedParenthetical_QuotedAlias()
    {
        var k = KnownAsName.Split("Mesbah Energy Company (a.k.a. “MEC”)", null)!;
        Assert.Equal(("Mesbah Energy Company", "MEC"), (k.Name, Assert.Single(k.Aliases)));
    }

    [Theory]
    [InlineData("Semiconductor Manufacturing International Corporation (SMIC)")] // an abbreviation, not a.k.a.
    [InlineData("Sabanican Pad Co.")]
    public void Split_NoKnownAsPart_IsNull(string name) => Assert.Null(KnownAsName.Split(name, null));

    [Fact]
    public void IsCutOff_OnlyAnUnclosedFragment()
    {
        Assert.True(KnownAsName.IsCutOff("Sabanican Company (a.k.a."));
        Assert.False(KnownAsName.IsCutOff("Gaz-Oil, OOO (f.k.a., Zakrytoe Aktsionernoe Obshchestvo Gaz Oil)"));
    }
}
