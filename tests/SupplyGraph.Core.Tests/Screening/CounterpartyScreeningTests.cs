using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Screening;

namespace SupplyGraph.Core.Tests.Screening;

/// <summary>The 50-name file (tests/data/screening/README.md says where each name comes from) screened against real data.</summary>
public sealed class CounterpartyScreeningTests(ScreeningGraphFixture fixture) : IClassFixture<ScreeningGraphFixture>
{
    private static readonly DateOnly Day = new(2026, 12, 1);

    private IReadOnlyList<ScreeningRowResult> Screen(int k, DateOnly day, params string[] rules) =>
        fixture.Results.GetOrAdd($"{k}|{day}|{string.Join(',', rules)}", _ =>
            new Screener(fixture.Store.Snapshot, new ScreeningParameters(k, rules, day), day).ScreenAll(CounterpartyFile.Read(ScreeningGraphFixture.CounterpartyFile)));

    private IReadOnlyList<ScreeningRowResult> ScreenAgain(int k, DateOnly day, params string[] rules) =>
        new Screener(fixture.Store.Snapshot, new ScreeningParameters(k, rules, day), day).ScreenAll(CounterpartyFile.Read(ScreeningGraphFixture.CounterpartyFile));

    /// <summary>Each row: its verdict, the entity it resolved to (or was proposed for, when ambiguous) and the resolver's rule.</summary>
    public static TheoryData<int, ScreeningVerdict, string?, string> Expected => new()
    {
        // Listed parties by their list names.
        { 1, ScreeningVerdict.Listed, "sugon", "name" },
        { 2, ScreeningVerdict.Listed, "iflytek", "name" },
        { 3, ScreeningVerdict.Listed, "semiconductor-manufacturing-international-corporation-smic", "name" },
        { 4, ScreeningVerdict.Listed, "hangzhou-hikvision-digital-technology-co-ltd", "name" },
        { 5, ScreeningVerdict.Listed, "dahua-technology", "name" },
        { 6, ScreeningVerdict.Listed, "megvii", "alias" },
        { 7, ScreeningVerdict.Listed, "nettrix", "name" },
        { 8, ScreeningVerdict.Listed, "china-aviation-engine-group-co-ltd", "name" },
        { 9, ScreeningVerdict.Listed, "aerospace-ch-uav-co-ltd", "name" },
        { 10, ScreeningVerdict.Listed, "aecc-aviation-power-co-ltd", "name" },
        { 11, ScreeningVerdict.Listed, "zala-aero-group", "name" },
        { 12, ScreeningVerdict.Listed, "abdul-satar-ghoura", "name" },
        { 13, ScreeningVerdict.Listed, "afghan-german-construction-company", "name" },
        // Aliases the lists give: Qihoo 360 for 360 Security Technology, Dawning Information Industry for Sugon.
        { 14, ScreeningVerdict.Listed, "360-security-technology-inc", "alias" },
        { 15, ScreeningVerdict.Listed, "sugon", "alias" },
        // Subsidiaries listed in their own right.
        { 16, ScreeningVerdict.Listed, "inspur-software", "name" },
        { 17, ScreeningVerdict.Listed, "inspur-group", "name" },
        { 18, ScreeningVerdict.Listed, "bespilotnye-sistemy-llc", "name" },
        // Owned by a listed person until 2022-11-22 (the FtM stakes end then): clear today, by identifier or name.
        { 19, ScreeningVerdict.Clear, "NK-9Xa4Kg7Y7nfccE7VcZt6Q6", "identifier:inn" },
        { 20, ScreeningVerdict.Clear, "NK-56Edov9bas9puzaChH5pBy", "name" },
        { 21, ScreeningVerdict.Clear, "ru-inn-5920040846", "identifier:inn" },
        // Unlisted GLEIF companies, four by LEI.
        { 22, ScreeningVerdict.Clear, "lei-001GPB6A9XPE8XJICC14", "identifier:lei" },
        { 23, ScreeningVerdict.Clear, "lei-004L5FPTUREIWK9T2N63", "identifier:lei" },
        { 24, ScreeningVerdict.Clear, "lei-00EHHQ2ZHDCFXJCPCL46", "name" },
        { 25, ScreeningVerdict.Clear, "lei-00KLB2PFTM3060S2N216", "identifier:lei" },
        { 26, ScreeningVerdict.Clear, "lei-213800FERQ5LE3H7WJ58", "identifier:lei" },
        { 27, ScreeningVerdict.Clear, "lei-1595D0QCK7Y15293JK84", "name" },
        // German state-owned companies the graph does not hold.
        { 28, ScreeningVerdict.NoMatch, null, "" },
        { 30, ScreeningVerdict.NoMatch, null, "" },
        // "Inspur" names a whole group: the resolver proposes the parent and will not decide.
        { 29, ScreeningVerdict.Ambiguous, "inspur-group", "alias" },
        // Unlisted parties next to listed ones.
        { 31, ScreeningVerdict.Exposed, "intel", "name" },
        { 32, ScreeningVerdict.Exposed, "wang-zhongyuan", "name" },
        { 33, ScreeningVerdict.Exposed, "NK-2Tbri3s6GgNtAwsSXh4qpL", "name" },
        // Same names: the listed Zakharov (his date of birth) and a namesake born 1971; Svetlana Zakharova and a namesake.
        { 34, ScreeningVerdict.Listed, "NK-aU5ybkbRFJucf8YMwsJvDw", "alias" },
        { 35, ScreeningVerdict.NoMatch, null, "" },
        { 36, ScreeningVerdict.Exposed, "NK-DQ98GPMgdVH8DSZd8g9Xtc", "name" },
        { 37, ScreeningVerdict.NoMatch, null, "" },
        { 38, ScreeningVerdict.Exposed, "NK-JseaPJctnK9o8wrmz8xmoT", "name" },
        // The Entity List has Abdul Satar Ghoura under Afghanistan and Pakistan: both countries are his.
        { 39, ScreeningVerdict.Listed, "abdul-satar-ghoura", "name" },
        // Misspellings: the list's own typo, the corrected name, and typos of ours ("Sugonn" is too short to be sure).
        { 40, ScreeningVerdict.Listed, "suma-technology", "alias" },
        { 41, ScreeningVerdict.Listed, "suma-technology", "name" },
        { 42, ScreeningVerdict.NoMatch, null, "" },
        { 43, ScreeningVerdict.Listed, "hangzhou-hikvision-digital-technology-co-ltd", "fuzzy" },
        { 44, ScreeningVerdict.Listed, "megvii", "fuzzy" },
        { 45, ScreeningVerdict.Listed, "nettrix", "fuzzy" },
        { 46, ScreeningVerdict.Listed, "zala-aero-group", "fuzzy" },
        { 47, ScreeningVerdict.Listed, "sensetime", "alias" },
        { 48, ScreeningVerdict.Listed, "inspur-information", "name" },
        { 49, ScreeningVerdict.Listed, "semiconductor-manufacturing-international-beijing-corporation", "name" },
        // A listed name with a country the list does not give: a person decides.
        { 50, ScreeningVerdict.Ambiguous, "dahua-technology", "name" },
    };

    [Theory]
    [MemberData(nameof(Expected))]
    public void Screen_FiftyRealNames_EachRowHasItsResult(int row, ScreeningVerdict verdict, string? entity, string matchedBy)
    {
        var r = Screen(2, Day, "ofac", "bis-affiliates", "eu", "uk")[row - 1];
        Assert.Equal(row, r.Input.Row);
        Assert.Equal(verdict, r.Verdict);
        Assert.Equal(entity, r.Match.EntityId);
        Assert.StartsWith(matchedBy, r.Match.MatchedBy, StringComparison.Ordinal);
        if (verdict == ScreeningVerdict.Ambiguous)
        {
            // Never guessed: nothing of the candidate is reported as the row's.
            Assert.Empty(r.Listings);
            Assert.Empty(r.Rules);
            Assert.Empty(r.Exposure);
            Assert.NotEmpty(r.Match.Reasons);
        }

        if (verdict == ScreeningVerdict.Listed)
        {
            Assert.All(r.Listings, l => Assert.True(l.List.HasLabel(NodeLabels.List)));
            Assert.Contains(r.Rules, v => v.Test == "listed" || v.Status == BlockStatus.NotBlocked);
        }

        foreach (var hit in r.Exposure)
        {
            AssertEvidencedChain(hit, entity!);
        }

        Assert.Equal(verdict == ScreeningVerdict.Exposed, r.Listings.Count == 0 && r.Exposure.Count > 0 && r.Rules.All(v => v.Status == BlockStatus.NotBlocked));
    }

    [Fact]
    public void Screen_FiftyRealNames_Summary()
    {
        var results = Screen(2, Day, "ofac", "bis-affiliates", "eu", "uk");
        var s = ScreeningSummary.Of(results);
        Assert.Equal(50, s.Rows);
        Assert.Equal(Expected.Count(e => (ScreeningVerdict)e[1] is not (ScreeningVerdict.Clear or ScreeningVerdict.NoMatch)), s.Flagged);
    }

    [Fact]
    public void Screen_UnlistedNeighbours_NearestChainIsTheEvidencedHop()
    {
        var results = Screen(2, Day, "ofac");
        Assert.Equal(("inspur-group", RelationshipTypes.PartnersWith), Nearest(results[30]));
        Assert.Equal(("baai", RelationshipTypes.Leads), Nearest(results[31]));
        Assert.Equal(("NK-aU5ybkbRFJucf8YMwsJvDw", RelationshipTypes.AssociatedWith), Nearest(results[32]));
    }

    [Fact]
    public void Screen_SameNameOtherBirthDate_IsNoMatchAndSaysWhy()
    {
        var results = Screen(1, Day, "ofac");
        Assert.Contains(results[34].Match.Reasons, r => r.Contains("different dates of birth", StringComparison.Ordinal));
        Assert.Contains(results[36].Match.Reasons, r => r.Contains("different dates of birth", StringComparison.Ordinal));
    }

    [Fact]
    public void Screen_AsOf2022_EuCoversTheCompanyZakharovOwned75Percent_UkDoesNotYet()
    {
        // The FtM stake (75 %, 2020-01-10 to 2022-11-22) and his EU listing (undated) hold on 2022-06-01; his UK
        // listing dates from 2023-12-06.
        var r = Screen(0, new DateOnly(2022, 6, 1), "ofac", "eu", "uk")[18];
        Assert.Equal(ScreeningVerdict.Covered, r.Verdict);
        var eu = r.Rules.Single(v => v.Rule == "eu");
        Assert.Equal((BlockStatus.Blocked, "ownership"), (eu.Status, eu.Test));
        var step = Assert.Single(eu.Chain);
        Assert.Equal(("NK-aU5ybkbRFJucf8YMwsJvDw", "NK-9Xa4Kg7Y7nfccE7VcZt6Q6", 0.75), (step.Owner.Id, step.Owned.Id, step.Share.Low!.Value));
        Assert.Equal("opensanctions_zala_aero_cluster.ftm.json", step.Relationship.Provenance.Source);
        Assert.Contains(eu.Unknowns, u => u.Contains("board", StringComparison.Ordinal));
        var uk = r.Rules.Single(v => v.Rule == "uk");
        Assert.Equal((BlockStatus.NotBlocked, "none"), (uk.Status, uk.Test));
        Assert.Contains(uk.Unknowns, u => u.Contains("voting rights", StringComparison.Ordinal));
        Assert.Contains(r.Rules.Single(v => v.Rule == "ofac").Unknowns, u => u.Contains("ofac-sdn", StringComparison.Ordinal));
    }

    [Fact]
    public void Screen_TwiceOnOneSnapshot_SameEvidenceHashes()
    {
        var a = Screen(2, Day, "ofac", "eu");
        var b = ScreenAgain(2, Day, "ofac", "eu");
        Assert.Equal(a.Select(r => r.EvidenceHash), b.Select(r => r.EvidenceHash));
        Assert.Equal(50, a.Select(r => r.EvidenceHash).Count());
    }

    private static (string, string) Nearest(ScreeningRowResult r) => (r.Exposure[0].Party.Id, r.Exposure[0].Path.Hops[0].Relationship.Type);

    /// <summary>A hit's path runs from the row's entity to the listed party, each hop joining its two ends and carrying a source.</summary>
    private static void AssertEvidencedChain(ExposureHit hit, string from)
    {
        var path = hit.Path;
        Assert.Equal(from, path.Nodes[0].Id);
        Assert.Equal(hit.Party.Id, path.Nodes[^1].Id);
        Assert.NotEmpty(hit.Listings);
        for (var i = 0; i < path.Hops.Count; i++)
        {
            var r = path.Hops[i].Relationship;
            var (a, b) = path.Hops[i].Forward ? (r.From, r.To) : (r.To, r.From);
            Assert.Equal((path.Nodes[i].Id, path.Nodes[i + 1].Id), (a, b));
            Assert.False(string.IsNullOrWhiteSpace(r.Provenance.Source));
        }
    }
}
