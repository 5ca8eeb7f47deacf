using SupplyGraph.Core.Model;
using SupplyGraph.Core.Resolution;

namespace SupplyGraph.Core.Tests.Resolution;

/// <summary>Each stage and guard of <see cref="EntityResolver"/> on its own.</summary>
public sealed class EntityResolverTests
{
    private static Entity E(string id, string name, string label = NodeLabels.Company, string? country = "China", string[]? aliases = null,
        Dictionary<string, string>? ids = null, string? born = null) => new()
        {
            Id = id,
            Labels = [label],
            Name = name,
            Aliases = aliases ?? [],
            Country = country,
            Identifiers = ids ?? new Dictionary<string, string>(),
            Properties = born is null ? Entity.EmptyProperties : new Dictionary<string, object?> { ["birthDate"] = born },
        };

    private static PartyDescription R(string name, string label = NodeLabels.Company, string? country = "China", string[]? aliases = null,
        Dictionary<string, string>? ids = null, string? born = null)
    {
        var countries = new HashSet<string>(StringComparer.Ordinal);
        CountryMatcher.Add(countries, country);
        return new PartyDescription
        {
            Id = "record",
            Label = label,
            Name = name,
            Aliases = aliases ?? [],
            Countries = countries,
            Identifiers = ids ?? new Dictionary<string, string>(),
            BirthDates = born is null ? [] : [born],
        };
    }

    [Fact]
    public void Resolve_SameLei_JoinsOnIdentifier()
    {
        var resolver = new EntityResolver([E("a", "Alpha Holdings", ids: new() { ["lei"] = "5493001KJTIIGC8Y1R12" })]);
        var d = resolver.Resolve(R("Completely Other Name", ids: new() { ["lei"] = "5493001kjtiigc8y1r12" }));
        Assert.Equal((ResolutionOutcome.Join, "a", "identifier:lei"), (d.Outcome, d.CandidateId, d.MatchedBy));
    }

    [Fact]
    public void Resolve_SameNameDifferentIdentifierOfOneScheme_NeverJoins()
    {
        var resolver = new EntityResolver([E("a", "Alpha Trading LLC", ids: new() { ["registration-id"] = "C122790" })]);
        Assert.Equal(ResolutionOutcome.New, resolver.Resolve(R("Alpha Trading LLC", ids: new() { ["registration-id"] = "C999999" })).Outcome);
    }

    [Fact]
    public void Resolve_SameNameDifferentBirthDates_NeverJoins()
    {
        var resolver = new EntityResolver([E("ali-muhammad", "Ali Muhammad", NodeLabels.Person, "Pakistan", born: "1985-08-30")]);
        var d = resolver.Resolve(R("Ali MUHAMMAD", NodeLabels.Person, "Pakistan", born: "1979-08-01"));
        Assert.Equal(ResolutionOutcome.New, d.Outcome);
        Assert.Contains(d.Reasons, r => r.Contains("dates of birth", StringComparison.Ordinal));
    }

    [Fact]
    public void Resolve_SameNameSameYearOfBirth_Joins()
    {
        var resolver = new EntityResolver([E("p", "Ali Muhammad", NodeLabels.Person, "Pakistan", born: "1979")]);
        Assert.Equal(ResolutionOutcome.Join, resolver.Resolve(R("Ali Muhammad", NodeLabels.Person, "Pakistan", born: "1979-08-01")).Outcome);
    }

    [Fact]
    public void Resolve_PersonVersusCompanySameName_NeverJoins()
    {
        var resolver = new EntityResolver([E("c", "Rim Ryong Nam")]);
        Assert.Equal(ResolutionOutcome.New, resolver.Resolve(R("Rim Ryong Nam", NodeLabels.Person)).Outcome);
    }

    [Fact]
    public void Resolve_SameNameDifferentCountries_GoesToReview()
    {
        var resolver = new EntityResolver([E("kj", "Kingsemi", country: "Japan")]);
        var d = resolver.Resolve(R("Kingsemi", country: "China"));
        Assert.Equal((ResolutionOutcome.Review, "kj"), (d.Outcome, d.CandidateId));
    }

    [Fact]
    public void Resolve_HongKongVersusChina_IsNoConflict()
    {
        var resolver = new EntityResolver([E("a", "Amaze International", country: "China")]);
        Assert.Equal(ResolutionOutcome.Join, resolver.Resolve(R("Amaze International", country: "Hong Kong")).Outcome);
    }

    [Fact]
    public void Resolve_RecordWithoutCountry_IsNoConflict()
    {
        var resolver = new EntityResolver([E("a", "Amaze International", country: "China")]);
        Assert.Equal(ResolutionOutcome.Join, resolver.Resolve(R("Amaze International", country: null)).Outcome);
    }

    [Fact]
    public void Resolve_AliasOnEitherSide_JoinsOnAlias()
    {
        var resolver = new EntityResolver([E("s", "Sugon", aliases: ["Dawning Information Industry Co., Ltd."])]);
        var d = resolver.Resolve(R("Zhongke Shuguang", aliases: ["Dawning Information Industry"]));
        Assert.Equal((ResolutionOutcome.Join, "s", "alias"), (d.Outcome, d.CandidateId, d.MatchedBy));
    }

    [Fact]
    public void Resolve_ParentheticalAcronym_JoinsOnAlias()
    {
        var resolver = new EntityResolver([E("smic", "Semiconductor Manufacturing International Corporation (SMIC)")]);
        var d = resolver.Resolve(R("SEMICONDUCTOR MANUFACTURING INTERNATIONAL CORPORATION", aliases: ["SMIC"]));
        Assert.Equal((ResolutionOutcome.Join, "smic", "parenthetical"), (d.Outcome, d.CandidateId, d.MatchedBy));
    }

    [Fact]
    public void Resolve_PlaceInParentheses_IsNotTheParent()
    {
        var resolver = new EntityResolver([E("smic", "Semiconductor Manufacturing International Corporation (SMIC)")]);
        Assert.NotEqual(ResolutionOutcome.Join, resolver.Resolve(R("Semiconductor Manufacturing International (Beijing) Corporation")).Outcome);
    }

    [Fact]
    public void Resolve_CitySuffix_JoinsOnSuffix()
    {
        var resolver = new EntityResolver([E("w", "Wuhan Mafangshan Technology Co., Ltd.")]);
        var d = resolver.Resolve(R("Wuhan Mafangshan Technology Co., Ltd., Wuhan, Hubei"));
        Assert.Equal((ResolutionOutcome.Join, "w", "suffix"), (d.Outcome, d.CandidateId, d.MatchedBy));
    }

    [Fact]
    public void Resolve_CompoundName_JoinsTheChildAndReportsTheSplit()
    {
        var resolver = new EntityResolver([
            E("huawei", "Huawei Technologies Co., Ltd. (Huawei)", aliases: ["Ningbo Huawei Computer & Net Co., Ltd."]),
            E("ningbo", "Ningbo Huawei Computer & Net Co., Ltd."),
        ]);
        var d = resolver.Resolve(R("Huawei Technologies Co., Ltd. (Huawei). Affiliated Entity: Ningbo Huawei Computer & Net Co., Ltd."));
        Assert.Equal((ResolutionOutcome.Join, "ningbo", "compound"), (d.Outcome, d.CandidateId, d.MatchedBy));
        Assert.Equal("Huawei Technologies Co., Ltd. (Huawei)", d.Split!.Parent);
    }

    [Fact]
    public void Resolve_EncodingLoss_JoinsOnName()
    {
        var resolver = new EntityResolver([E("p", "People's Liberation Army Navy")]);
        Assert.Equal(ResolutionOutcome.Join, resolver.Resolve(R("People?s Liberation Army Navy")).Outcome);
    }

    [Fact]
    public void Resolve_Transliteration_JoinsFuzzily()
    {
        var resolver = new EntityResolver([E("m", "Mashinostroitelnoye Konstruktorskoye Byuro", country: "Russia")]);
        var d = resolver.Resolve(R("Machinostroitelnoye Konstruktorskoye Buro", country: "Russia"));
        Assert.Equal("m", d.CandidateId);
        Assert.StartsWith("fuzzy", d.MatchedBy, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_SiblingWithAnotherNumber_NeverJoinsAutomatically()
    {
        var resolver = new EntityResolver([E("a", "China Electronics Technology Group Corporation 43 Research Institute")]);
        Assert.NotEqual(ResolutionOutcome.Join, resolver.Resolve(R("China Electronics Technology Group Corporation 58 Research Institute")).Outcome);
    }

    [Fact]
    public void Resolve_UnrelatedName_IsNew()
    {
        var resolver = new EntityResolver([E("a", "Alpha Holdings")]);
        Assert.Equal(ResolutionOutcome.New, resolver.Resolve(R("Zeta Shipping")).Outcome);
    }

    [Fact]
    public void CompoundName_SubordinateInstitution_SplitsChildFromParent()
    {
        var split = CompoundName.Split("China Aerospace Science and Industry Corporation Second Academy. Subordinate Institution - 283 Factory");
        Assert.Equal(("283 Factory", "China Aerospace Science and Industry Corporation Second Academy"), (split!.Child, split.Parent));
    }

    [Fact]
    public void Resolve_AcronymAliasCorroboratedByAFullName_Joins()
    {
        // The DoD 1260H list writes "Shenzhen DJI Technology Co., Ltd." (DJI); the Entity List names the node DJI.
        var resolver = new EntityResolver([E("dji", "DJI", aliases: ["Shenzhen DJI Innovation Technology Co., Ltd.", "SZ DJI Technology Co., Ltd.", "Shenzhen DJI Sciences and Technologies Ltd."])]);
        var d = resolver.Resolve(R("Shenzhen DJI Technology Co., Ltd.", aliases: ["DJI"]));
        Assert.Equal((ResolutionOutcome.Join, "dji"), (d.Outcome, d.CandidateId));
        Assert.StartsWith("alias+fuzzy", d.MatchedBy, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_AcronymAliasWithoutAnyCloseFullName_IsOnlyReviewed()
    {
        var resolver = new EntityResolver([E("cec", "CEC", aliases: ["Custom Electronics Company"])]);
        var d = resolver.Resolve(R("China Electronics Corporation", aliases: ["CEC"]));
        Assert.Equal((ResolutionOutcome.Review, "cec"), (d.Outcome, d.CandidateId));
    }

    [Fact]
    public void Resolve_AliasNamingTwoEntitiesEqually_IsReviewedNotJoined()
    {
        // OFAC gives AVIC Xi'an Aircraft Industry Group both MEU names: AVIC Aircraft Co. Ltd. and Xian Aircraft Industrial.
        var resolver = new EntityResolver([E("avic-aircraft", "AVIC Aircraft Co. Ltd."), E("xian-aircraft", "Xian Aircraft Industrial Company Limited")]);
        var d = resolver.Resolve(R("AVIC Xi'an Aircraft Industry Group Company Ltd.", aliases: ["AVIC AIRCRAFT CO., LTD.", "XI'AN AIRCRAFT INDUSTRIAL CORP."]));
        Assert.Equal(ResolutionOutcome.Review, d.Outcome);
    }

    [Fact]
    public void Resolve_OwnNameBeatsASharedAlias()
    {
        // "China Telecom" is an alias of both; the record's own name is an alias of only one of them.
        var resolver = new EntityResolver([
            E("ctc", "China Telecom Corporation Limited", aliases: ["China Telecom"]),
            E("group", "China Telecommunications Corporation", aliases: ["China Telecom", "China Telecom Group Co., Ltd."]),
        ]);
        var d = resolver.Resolve(R("China Telecom Group Co., Ltd.", aliases: ["China Telecom"]));
        Assert.Equal((ResolutionOutcome.Join, "group"), (d.Outcome, d.CandidateId));
    }
}
