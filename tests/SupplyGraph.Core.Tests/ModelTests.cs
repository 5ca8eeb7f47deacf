using SupplyGraph.Core.Import;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Text;

namespace SupplyGraph.Core.Tests;

public class ModelTests
{
    [Theory]
    [InlineData("0.5", 0.5, 0.5)] // a fraction
    [InlineData("50%", 0.5, 0.5)] // a percentage
    [InlineData("25-50%", 0.25, 0.5)] // a percentage range
    [InlineData("0.1-0.2", 0.1, 0.2)] // a fraction range
    [InlineData("100 %", 1.0, 1.0)] // whole ownership, spaced
    public void OwnershipShare_ValidText_Parses(string text, double low, double high)
    {
        Assert.True(OwnershipShare.TryParse(text, out var share, out var error), error);
        Assert.Equal(low, share.Low!.Value, 9);
        Assert.Equal(high, share.High!.Value, 9);
    }

    [Theory]
    [InlineData("150%")] // above 100 %
    [InlineData("50")] // a percentage written as a number reads as 50 (5000 %)
    [InlineData("-0.1")] // negative
    [InlineData("60-40%")] // reversed range
    [InlineData("half")] // not a number
    public void OwnershipShare_InvalidText_IsRejectedWithReason(string text)
    {
        Assert.False(OwnershipShare.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void OwnershipShare_UnknownText_IsUnknownNotZero()
    {
        Assert.True(OwnershipShare.TryParse("unknown", out var share, out _));
        Assert.True(share.IsUnknown);
        Assert.Equal("unknown", share.ToString());
    }

    [Theory]
    [InlineData("Suma Techology Co., Ltd.", "suma-techology-co-ltd")]
    [InlineData("Inspur (HK) Electronics Co., Ltd.", "inspur-hk-electronics-co-ltd")]
    [InlineData("Huawei Technologies Coöperatief U.A.", "huawei-technologies-cooperatief-u-a")]
    [InlineData("Xi'an Huawei", "xian-huawei")]
    public void Slug_Names_BecomeReadableIds(string name, string slug) => Assert.Equal(slug, Slug.From(name));

    [Fact]
    public void Slug_VeryLongName_IsCutAtAWordBoundary()
    {
        var slug = Slug.From(string.Join(' ', Enumerable.Repeat("research institute", 20)));
        Assert.True(slug.Length <= Slug.MaxLength);
        Assert.False(slug.EndsWith('-'));
        Assert.True(Slug.IsValidId(slug));
    }

    [Fact]
    public void FederalRegister_SeveralCitationsOnLines_ParsesEachWithDate()
    {
        var citations = FederalRegister.Parse("84 FR 54004, 10/9/19.\n85 FR 44159, 7/22/20.\n87 FR 62202, 10/13/22");
        Assert.Equal(["84 FR 54004 (2019-10-09)", "85 FR 44159 (2020-07-22)", "87 FR 62202 (2022-10-13)"], citations.Select(c => c.ToString()));
        Assert.Equal(new DateOnly(2019, 10, 9), FederalRegister.Earliest(citations));
    }

    [Theory]
    [InlineData("85 FR 83420, 12/22/2020", "2020-12-22")] // four-digit year
    [InlineData("73 FR 54503, 9/22/08", "2008-09-22")] // two-digit year in the 2000s
    [InlineData("62 FR 35334, 6/30/97", "1997-06-30")] // two-digit year in the 1990s, by the volume's year
    [InlineData("85 FR 12,345,\n3/2/20", "2020-03-02")] // page with a comma, date on the next line
    [InlineData("89 FR 1 preview citation details, 1/2/24", "2024-01-02")] // stray words between page and date
    public void FederalRegister_PublishedQuirks_GiveTheRightDate(string text, string date)
    {
        Assert.Equal(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), FederalRegister.Earliest(FederalRegister.Parse(text)));
    }

    [Fact]
    public void FederalRegister_CitationWithoutDate_KeepsCitationWithNoDate()
    {
        var citations = FederalRegister.Parse("86 FR 67319");
        Assert.Equal("86 FR 67319", Assert.Single(citations).ToString());
        Assert.Null(FederalRegister.Earliest(citations));
    }
}
