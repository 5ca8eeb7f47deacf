using System.Text.Json;
using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Import;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Resolution;
using SupplyGraph.Core.Storage;
using SupplyGraph.Core.Tests.Support;

namespace SupplyGraph.Core.Tests;

/// <summary>The seed graph, loaded once from <c>graph-seed/</c> into a real store file.</summary>
public sealed class SeedGraphFixture : IAsyncLifetime
{
    private readonly TempFolder _folder = new();

    public EmbeddedGraphStore Store { get; private set; } = null!;

    public GraphSnapshot Graph => Store.Snapshot;

    public async Task InitializeAsync()
    {
        Store = EmbeddedGraphStore.Open(_folder.Path);
        await GraphSeed.LoadAsync(Store, RepoPaths.Seed);
    }

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        _folder.Dispose();
    }
}

public class SeedGraphTests(SeedGraphFixture seed) : IClassFixture<SeedGraphFixture>
{
    private Entity Resolve(string reference) => seed.Graph.Resolve(reference);

    private IReadOnlyList<Listing> ListingsOf(string id)
    {
        Assert.True(seed.Graph.TryGetNode(id, out var node), id);
        return Listings.Of(seed.Graph, node);
    }

    private Listing EntityListing(string id) => ListingsOf(id).First(l => l.List.Id == "bis-entity-list");

    [Fact]
    public void EntityList_AllEntries_BecomeListedOnRelationships()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RepoPaths.Seed, "20-bis-entity-list.json")));
        var entries = doc.RootElement.GetProperty("entities").GetArrayLength();
        Assert.Equal(3409, entries);
        var fromList = seed.Graph.Relationships.ToArray()
            .Count(r => r.Type == RelationshipTypes.ListedOn && r.To == "bis-entity-list" && r.Provenance.Source.StartsWith("20-bis-entity-list.json", StringComparison.Ordinal));
        Assert.Equal(entries, fromList);
    }

    [Fact]
    public void Iflytek_SeededEntityAndListEntry_AreOneNodeListedSince20191009()
    {
        var iflytek = Resolve("iflytek");
        Assert.Equal("iflytek", iflytek.Id);
        var listing = Assert.Single(ListingsOf("iflytek"));
        Assert.Equal("bis-entity-list", listing.List.Id);
        Assert.Equal(new DateOnly(2019, 10, 9), listing.Since);
        Assert.Equal("IFLYTEK", listing.Relationship.Properties["entryName"]);
        Assert.DoesNotContain(seed.Graph.Entities.ToArray(), e => e.Id != "iflytek" && e.Name.Equals("IFLYTEK", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("sensetime", "2019-10-09")] // listed as Beijing Sensetime Technology Development Co., Ltd.
    [InlineData("megvii", "2019-10-09")]
    [InlineData("sugon", "2019-06-24")]
    [InlineData("huawei", "2019-05-21")]
    [InlineData("inspur-group", "2023-03-06")]
    [InlineData("nettrix", "2025-03-28")]
    [InlineData("suma-technology", "2025-03-28")] // listed as "Suma Techology Co., Ltd." (sic)
    [InlineData("baai", "2025-03-28")]
    [InlineData("test-flying-academy", "2023-06-14")]
    public void SeededEntity_OnTheList_IsOneNodeWithTheListingDate(string id, string since)
    {
        Assert.Equal(DateOnly.Parse(since, System.Globalization.CultureInfo.InvariantCulture), EntityListing(id).Since);
    }

    [Fact]
    public void TestFlyingAcademy_ListedUnderTwoCountries_IsOneNodeWithTwoEntries()
    {
        var listings = ListingsOf("test-flying-academy");
        Assert.Equal(2, listings.Count);
        Assert.Equal(["China", "South Africa"], listings.Select(l => (string)l.Relationship.Properties["country"]!).Order());
    }

    [Fact]
    public void Inspur_SixSubsidiaries_ListedTwoYearsAfterTheParent()
    {
        Assert.True(seed.Graph.TryGetNode("inspur-group", out var parent));
        var subsidiaries = seed.Graph.EdgesAt(parent, Direction.In)
            .Select(seed.Graph.Relationship)
            .Where(r => r.Type == RelationshipTypes.SubsidiaryOf)
            .Select(r => r.From)
            .ToList();
        Assert.Equal(6, subsidiaries.Count);
        Assert.All(subsidiaries, s => Assert.Equal(new DateOnly(2025, 3, 28), EntityListing(s).Since));
        Assert.Equal(new DateOnly(2023, 3, 6), EntityListing("inspur-group").Since);
    }

    [Fact]
    public void Sugon_Manufacturers_AreTheFourNamedCompanies()
    {
        Assert.True(seed.Graph.TryGetNode("sugon", out var sugon));
        var manufacturers = seed.Graph.EdgesAt(sugon, Direction.In)
            .Select(seed.Graph.Relationship)
            .Where(r => r.Type == RelationshipTypes.ManufacturesFor)
            .Select(r => r.From)
            .Order();
        Assert.Equal(["henan-dingxin", "nettrix", "suma-technology", "suma-usi"], manufacturers);
    }

    [Fact]
    public void Path_SugonToNettrix_IsOneHopWithTheDocumentQuote()
    {
        Assert.True(seed.Graph.TryGetNode("sugon", out var a));
        Assert.True(seed.Graph.TryGetNode("nettrix", out var b));
        var path = ShortestPath.Find(seed.Graph, a, b, PathQuery.Default);
        var hop = Assert.Single(path!.Hops);
        Assert.Equal(RelationshipTypes.ManufacturesFor, hop.Relationship.Type);
        Assert.False(hop.Forward);
        Assert.Equal("002_c5c72e4055b27f40.txt", hop.Relationship.Provenance.Source);
        Assert.Contains("gave manufacturing capabilities to Sugon", hop.Relationship.Provenance.Quote, StringComparison.Ordinal);
    }

    [Fact]
    public void Path_ListedAiFirmToHighEndChips_GoesThroughTheCloudProvider()
    {
        Assert.True(seed.Graph.TryGetNode("sensetime", out var a));
        Assert.True(seed.Graph.TryGetNode("high-end-ai-chips", out var b));
        var path = ShortestPath.Find(seed.Graph, a, b, PathQuery.Default with { Types = [RelationshipTypes.ProvidesCloudTo, RelationshipTypes.ProvidesAccessTo] });
        Assert.Equal(["sensetime", "third-party-cloud-providers", "high-end-ai-chips"], path!.Nodes.Select(n => n.Id));
    }

    [Fact]
    public void Smic_EntityListNsCmicAnd1260HEntries_AreOneNodeFoundFirst()
    {
        var hit = seed.Graph.Find("SMIC")[0];
        Assert.Equal("Semiconductor Manufacturing International Corporation (SMIC)", hit.Entity.Name);
        Assert.Equal(["bis-entity-list", "dow-1260h", "ofac-nscmic"], ListingsOf(hit.Entity.Id).Select(l => l.List.Id).Order());
        // NS-CMIC and the DoD write the name without "(SMIC)"; no second node carries it.
        Assert.Single(seed.Graph.Entities.ToArray(), e => NameVariants.Key(e.Name) is "semiconductor manufacturing international smic" or "semiconductor manufacturing international");
    }

    [Theory]
    [InlineData("hangzhou-hikvision-digital-technology-co-ltd", "bis-entity-list dow-1260h ofac-nscmic")]
    [InlineData("dji", "bis-entity-list dow-1260h ofac-nscmic")] // SZ DJI Technology (OFAC), Shenzhen DJI Technology (DoD)
    [InlineData("sugon", "bis-entity-list dow-1260h ofac-nscmic")] // Dawning Information Industry on the other two
    [InlineData("inspur-group", "bis-entity-list dow-1260h ofac-nscmic")]
    [InlineData("cloudwalk-technology", "bis-entity-list dow-1260h ofac-nscmic")]
    [InlineData("netposa", "bis-entity-list dow-1260h ofac-nscmic")]
    [InlineData("huawei", "bis-entity-list ofac-nscmic")] // Huawei Technologies; the DoD lists Huawei Investment & Holding
    [InlineData("china-electronics-technology-group-corporation", "dow-1260h ofac-nscmic")] // CETC: the Entity List has its institutes
    [InlineData("aviation-industry-corporation-of-china-ltd", "dow-1260h ofac-nscmic")] // AVIC
    public void WellKnownParty_OnSeveralLists_IsOneNode(string id, string lists) =>
        Assert.Equal(lists.Split(' '), ListingsOf(id).Select(l => l.List.Id).Distinct().Order());

    [Fact]
    public void HuaweiHolding_AnotherUscc_IsNotHuaweiTechnologies()
    {
        // OFAC gives Huawei Technologies the alias "HUAWEI INVESTMENT & HOLDING CO LTD"; the two USCCs keep them apart.
        var huawei = seed.Graph.FindEntity("huawei")!;
        Assert.Equal("914403001922038216", huawei.Identifiers["uscc"]);
        var holding = seed.Graph.Relationships.ToArray().Single(r => r.To == "ofac-nscmic" && r.Properties.GetValueOrDefault("entryName") is "Huawei Investment & Holding Co., Ltd.");
        Assert.NotEqual("huawei", holding.From);
        Assert.Equal("91440300746645251H", seed.Graph.FindEntity(holding.From)!.Identifiers["uscc"]);
    }

    [Fact]
    public void ListedOn_EntriesJoinedFromOtherLists_CarryTheRuleAndTheListsDates()
    {
        var smic = seed.Graph.Find("SMIC")[0].Entity.Id;
        var byList = ListingsOf(smic).ToDictionary(l => l.List.Id, l => l.Relationship);
        Assert.Null(byList["bis-entity-list"].Properties.GetValueOrDefault("matchedBy")); // the entry that created the node
        Assert.Equal("parenthetical", byList["ofac-nscmic"].Properties["matchedBy"]);
        Assert.Equal(new DateOnly(2021, 6, 3), byList["ofac-nscmic"].Validity.From); // "Listing Date (CMIC): 03 Jun 2021"
        Assert.Equal("2021-08-02", byList["ofac-nscmic"].Properties["effectiveDate"]);
        Assert.Equal("alias", byList["dow-1260h"].Properties["matchedBy"]);
        Assert.Equal(new DateOnly(2026, 6, 10), byList["dow-1260h"].Validity.From);
    }

    [Theory]
    [InlineData("21-bis-meu.json", "bis-meu")]
    [InlineData("22-ofac-nscmic.json", "ofac-nscmic")]
    [InlineData("23-dow-1260h.json", "dow-1260h")]
    public void OtherList_AllEntries_BecomeListedOnRelationships(string file, string list)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RepoPaths.Seed, file)));
        var entries = doc.RootElement.GetProperty("entities").GetArrayLength();
        var listed = seed.Graph.Relationships.ToArray().Count(r => r.Type == RelationshipTypes.ListedOn && r.To == list && r.Provenance.Source.StartsWith(file, StringComparison.Ordinal));
        Assert.Equal(entries, listed);
    }

    [Fact]
    public void SameList_EntriesUnderDifferentNames_NeverShareANode()
    {
        // A list names a party once per country heading: two entries of one list on one node must bear one name.
        var clashes = seed.Graph.Relationships.ToArray()
            .Where(r => r.Type == RelationshipTypes.ListedOn && r.Properties.ContainsKey("entryName"))
            .GroupBy(r => (r.From, r.To))
            .Where(g => g.Select(r => NameVariants.Key((string)r.Properties["entryName"]!)).Distinct().Count() > 1)
            .Select(g => $"{g.Key.From} on {g.Key.To}")
            .ToList();
        Assert.Empty(clashes);
    }

    [Fact]
    public void EntityList_CutOffKnownAsNames_BecomeAliases()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RepoPaths.Seed, "20-bis-entity-list.json")));
        var published = doc.RootElement.GetProperty("entities").EnumerateArray().Count(e => KnownAsName.IsCutOff(e.GetProperty("name").GetString()!));
        Assert.True(published >= 10, $"the published list has {published} cut-off names");

        Assert.DoesNotContain(seed.Graph.Entities.ToArray(), e => KnownAsName.IsCutOff(e.Name));
        Assert.DoesNotContain(seed.Graph.Relationships.ToArray(), r => r.Properties.GetValueOrDefault("entryName") is string n && KnownAsName.IsCutOff(n));
        var aletra = seed.Graph.Find("Aletra General Trading")[0].Entity;
        Assert.Equal("Aletra General Trading", aletra.Name);
        Assert.Contains("Erman & Sultan Trading Co.", aletra.Aliases);
        Assert.Equal("Sabkha Street, Shop No. 8, Dubai, U.A.E.", aletra.Properties["address"]);
    }

    [Fact]
    public void Find_SumaTechnology_FindsThePublishedTypo()
    {
        var hit = seed.Graph.Find("suma technology")[0];
        Assert.Equal("suma-technology", hit.Entity.Id);
        Assert.Contains("Suma Techology Co., Ltd.", hit.Entity.Aliases);
    }

    [Fact]
    public void DocumentRelationships_Quotes_AppearVerbatimInTheirDocuments()
    {
        var seeds = Path.Combine(RepoPaths.Shared, "seeds");
        var texts = Directory.GetFiles(seeds, "*.txt").ToDictionary(f => Path.GetFileName(f), File.ReadAllText);
        var fromDocuments = seed.Graph.Relationships.ToArray().Where(r => r.Provenance.Source.EndsWith(".txt", StringComparison.Ordinal)).ToList();
        Assert.True(fromDocuments.Count >= 40);
        Assert.All(fromDocuments, r =>
        {
            Assert.True(texts.ContainsKey(r.Provenance.Source), r.Provenance.Source);
            Assert.Contains(r.Provenance.Quote!, texts[r.Provenance.Source!], StringComparison.Ordinal);
        });
    }

    [Fact]
    public void UnnamedParties_AreMarkedUnidentified()
    {
        foreach (var id in new[] { "third-party-cloud-providers", "taiwanese-chipmaker", "tfasa-linked-companies" })
        {
            Assert.True(seed.Graph.FindEntity(id)!.HasLabel(NodeLabels.Unidentified), id);
        }
    }
}
