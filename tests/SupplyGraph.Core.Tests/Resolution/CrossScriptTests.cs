using SupplyGraph.Core.Model;
using SupplyGraph.Core.Resolution;

namespace SupplyGraph.Core.Tests.Resolution;

/// <summary>
/// Cyrillic and Chinese names against their Latin forms (<see cref="ScriptFolding"/>, <see cref="TokenFolding"/>), with
/// names as OpenSanctions and OFAC publish them (shared/data/ftm, shared/data/entity-lists/ofac_nscmic.json).
/// </summary>
public sealed class CrossScriptTests
{
    private static Entity E(string id, string name, string label = NodeLabels.Company, string? country = "Russia", string[]? aliases = null,
        string? born = null) => new()
        {
            Id = id,
            Labels = [label],
            Name = name,
            Aliases = aliases ?? [],
            Country = country,
            Properties = born is null ? Entity.EmptyProperties : new Dictionary<string, object?> { ["birthDate"] = born },
        };

    private static PartyDescription R(string name, string label = NodeLabels.Company, string? country = "Russia", string[]? aliases = null, string? born = null)
    {
        var countries = new HashSet<string>(StringComparer.Ordinal);
        CountryMatcher.Add(countries, country);
        return new PartyDescription { Id = "record", Label = label, Name = name, Aliases = aliases ?? [], Countries = countries, BirthDates = born is null ? [] : [born] };
    }

    [Theory]
    [InlineData("Захаров", "Zakharov")]
    [InlineData("Калашников", "Kalashnikov")]
    [InlineData("Вячеславович", "Vyacheslavovich")]
    [InlineData("Журавлева", "Zhuravleva")]
    [InlineData("ЗАЛА АЭРО", "ZALA AERO")] // case kept on the first Latin letter
    [InlineData("Безпілотні системи", "Bezpilotni sistemi")] // Ukrainian і; и is i
    [InlineData("Zala Aero", "Zala Aero")] // Latin text unchanged
    public void ToLatin_Cyrillic_WritesTheBgnSpelling(string cyrillic, string latin) => Assert.Equal(latin, ScriptFolding.ToLatin(cyrillic));

    [Theory]
    [InlineData("深圳市大疆创新科技有限公司", "深圳市大疆创新科技")] // DJI as NS-CMIC gives it
    [InlineData("曙光信息产业股份有限公司", "曙光信息产业")] // Sugon: the longer legal form goes first
    [InlineData("商湯集團有限公司", "商汤集团")] // SenseTime in traditional characters
    [InlineData("旷视科技有限公司", "旷视科技")]
    public void FoldHan_CompanyName_SimplifiedWithoutLegalForm(string name, string folded) => Assert.Equal(folded, ScriptFolding.FoldHan(name));

    [Theory]
    [InlineData("Mashinostroitelny", "Machinostroitelny")] // sh / ch
    [InlineData("Izhevskiy", "Izhevsky")] // -skiy / -sky
    [InlineData("Izhevskij", "Izhevskii")] // -skij / -skii
    [InlineData("Kontsern", "Koncern")] // ts / c
    [InlineData("Aleksandr", "Alexandr")] // ks / x
    [InlineData("Aeroskan", "Aeroscan")] // k / c
    public void Fold_TransliterationVariants_AreEqual(string a, string b) => Assert.Equal(TokenFolding.Fold(a.ToLowerInvariant()), TokenFolding.Fold(b.ToLowerInvariant()));

    [Fact]
    public void Resolve_CyrillicNameOnly_JoinsItsLatinFormByTransliteration()
    {
        // OpenSanctions' Zala Aero JSC (NK-cPks3aTbes8k4aCerfBAzN) in Latin; the record carries only the Russian name.
        var resolver = new EntityResolver([E("zala", "Joint-Stock Company \"Zala Aero\"", aliases: ["ZALA AERO JSC"])]);
        var d = resolver.Resolve(R("Акционерное общество \"Зала Аэро\""));
        Assert.Equal((ResolutionOutcome.Join, "zala", "transliteration"), (d.Outcome, d.CandidateId, d.MatchedBy));
    }

    [Fact]
    public void Resolve_CyrillicPersonWithLatinSpellingVariant_JoinsWhenBornTheSameDay()
    {
        // NK-aU5ybkbRFJucf8YMwsJvDw: the EU writes Zacharov / Vjačeslavovič, the UK Zakharov / Vyacheslavovich.
        var resolver = new EntityResolver([E("az", "Aleksandr Vjačeslavovič Zacharov", NodeLabels.Person, born: "1965-09-21")]);
        var d = resolver.Resolve(R("Захаров Александр Вячеславович", NodeLabels.Person, born: "1965-09-21"));
        Assert.Equal("az", d.CandidateId);
        Assert.NotEqual(ResolutionOutcome.New, d.Outcome);
    }

    [Fact]
    public void Resolve_SameSurnameInCyrillic_OtherFamilyMember_DoesNotJoin()
    {
        // Nikita (born 1986) and his father Aleksandr Zakharov (1965), both in the Zala Aero cluster.
        var resolver = new EntityResolver([E("az", "Aleksandr Vyacheslavovich Zakharov", NodeLabels.Person, born: "1965-09-21")]);
        var d = resolver.Resolve(R("Захаров Никита Александрович", NodeLabels.Person, born: "1986-10-27"));
        Assert.NotEqual(ResolutionOutcome.Join, d.Outcome);
    }

    [Fact]
    public void Resolve_ChineseNameOnly_JoinsTheEntityThatGaveItAsAlias()
    {
        // NS-CMIC lists SZ DJI Technology with its Chinese name; a record with only that name (traditional 創) is DJI.
        var resolver = new EntityResolver([E("dji", "DJI", country: "China", aliases: ["SZ DJI Technology Co., Ltd.", "深圳市大疆创新科技有限公司"])]);
        var d = resolver.Resolve(R("深圳市大疆創新科技股份有限公司", country: "China"));
        Assert.Equal((ResolutionOutcome.Join, "dji", "alias"), (d.Outcome, d.CandidateId, d.MatchedBy));
    }

    [Fact]
    public void Resolve_TwoRussianLlcs_LegalFormWordsDoNotMakeThemAlike()
    {
        // Both real FtM records: "Obshchestvo s ogranichennoy otvetstvennostyu" is "LLC" and says nothing about who.
        var resolver = new EntityResolver([E("izh", "ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ \"ИЖТЕЛЕКОМ\"")]);
        Assert.Equal(ResolutionOutcome.New, resolver.Resolve(R("Общество с ограниченной ответственностью \"РТЦ\"")).Outcome);
    }

    [Fact]
    public void Resolve_ShortAcronymsThatFoldAlike_AreNotFuzzyMatched()
    {
        // NUDT's alias CSCC and the shipbuilder's alias CSC are different parties (seen in the seed before this rule).
        var resolver = new EntityResolver([E("nudt", "National University of Defense Technology (NUDT)", country: "China", aliases: ["CSCC"])]);
        Assert.Equal(ResolutionOutcome.New, resolver.Resolve(R("China State Shipbuilding Corporation", country: "China", aliases: ["CSC"])).Outcome);
    }
}
