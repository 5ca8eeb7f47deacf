using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Tests.Import;

/// <summary>GLEIF golden-copy excerpts as published: LEI-CDF, RR-CDF and reporting exceptions, JSON and XML.</summary>
public sealed class GleifReaderTests : IAsyncLifetime
{
    private const string MonoovaFx = "lei-98450051BS9C610A8T78";
    private const string MonoovaGlobal = "lei-2138002YAB7Z9KO21397";
    private const string Moneytech = "lei-984500501A1B1045PB30";
    private readonly FormatStore _store = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private static string File(string name) => FormatStore.Data("ownership", "gleif_rr_cdf_bodspipelines", name);

    [Fact]
    public async Task UpdatePackage_LeiAndRr_MonoovaParentChain()
    {
        await _store.ImportAsync(File("lei-updates-data2.json"), File("rr-updates-data2.json"));

        Assert.Equal("MONOOVA FX PTY LTD", _store.Entity(MonoovaFx).Name);
        var direct = Assert.Single(_store.Out(MonoovaFx, RelationshipTypes.SubsidiaryOf));
        Assert.Equal(MonoovaGlobal, direct.To);
        Assert.Equal(new DateOnly(2018, 6, 30), direct.Validity.From);
        Assert.Equal("2019-06-30/2020-06-30", direct.Properties["accountingPeriod"]);
        Assert.Equal(Moneytech, Assert.Single(_store.Out(MonoovaGlobal, RelationshipTypes.SubsidiaryOf)).To);
        // The ultimate parent controls both.
        Assert.Equal([MonoovaGlobal, MonoovaFx], _store.Out(Moneytech, RelationshipTypes.Controls).Select(r => r.To).Order());
        Assert.Equal("Australia", _store.Entity(Moneytech).Country);
    }

    [Fact]
    public async Task GoldenCopyJson_LeiRrRepex_CompaniesTiesAndExceptions()
    {
        await _store.ImportAsync(File("lei-data.json"), File("rr-data.json"), File("repex-data.json"));

        var named = _store.Graph.Entities.Where(e => !e.HasLabel(NodeLabels.Unidentified)).ToList();
        Assert.Equal(13, named.Count);
        Assert.Equal(10, _store.Graph.Relationships.Count());
        var fund = _store.Entity("lei-001GPB6A9XPE8XJICC14");
        Assert.Equal("Fidelity Advisor Leveraged Company Stock Fund", fund.Name);
        Assert.Contains("FIDELITY ADVISOR SERIES I - Fidelity Advisor Leveraged Company Stock Fund", fund.Aliases);
        Assert.Equal("United States", fund.Country);
        Assert.Equal("001GPB6A9XPE8XJICC14", fund.Identifiers["lei"]);
        Assert.Equal("NO_KNOWN_PERSON", fund.Properties["directParentException"]);
        Assert.Equal("fund-managed-by", Assert.Single(_store.Out(fund.Id, RelationshipTypes.AssociatedWith), r => (string?)r.Properties["gleifType"] == "IS_FUND-MANAGED_BY").Properties["kind"]);
        // Parents whose LEI records are not in the files stand as unidentified companies named by their LEI.
        var parent = _store.Entity("lei-ZZG38T0MDR3QY1ETUA76");
        Assert.True(parent.HasLabel(NodeLabels.Unidentified));
        Assert.Equal("lei-ZZG38T0MDR3QY1ETUA76", Assert.Single(_store.Out("lei-010CMKZ3VON21WF2ZD45", RelationshipTypes.SubsidiaryOf)).To);
        Assert.Equal("lei-010CMKZ3VON21WF2ZD45", Assert.Single(_store.Out("lei-3C7474T6CDKPR9K6YT90", RelationshipTypes.Controls)).To);
    }

    [Fact]
    public async Task GoldenCopyXml_StreamedRecords_SameEntitiesAndTiesAsJson()
    {
        await using var json = new FormatStore();
        await json.ImportAsync(File("lei-data.json"), File("rr-data.json"), File("repex-data.json"));

        await _store.ImportAsync(File("lei-data.xml"), File("rr-data.xml"), File("repex-data.xml"));

        Assert.Equal(13, _store.Graph.Entities.Count(e => !e.HasLabel(NodeLabels.Unidentified)));
        Assert.Equal(10, _store.Graph.Relationships.Count());
        foreach (var e in json.Graph.Entities)
        {
            var x = _store.Entity(e.Id);
            Assert.Equal(e.Name, x.Name);
            Assert.Equal(e.Aliases, x.Aliases);
            Assert.Equal(e.Country, x.Country);
            Assert.Equal(e.Properties.GetValueOrDefault("directParentException"), x.Properties.GetValueOrDefault("directParentException"));
        }

        foreach (var r in json.Graph.Relationships)
        {
            var x = _store.Graph.FindRelationship(r.Id)!;
            Assert.Equal((r.Type, r.From, r.To, r.Validity), (x.Type, x.From, x.To, x.Validity));
        }
    }

    [Fact]
    public async Task RelationshipsBeforeTheirLeiRecords_PlaceholdersFilledInLater()
    {
        await _store.ImportAsync(File("rr-updates-data2.json"));
        Assert.True(_store.Entity(Moneytech).HasLabel(NodeLabels.Unidentified));

        await _store.ImportAsync(File("lei-updates-data2.json"));

        var moneytech = _store.Entity(Moneytech);
        Assert.Equal("MONEYTECH GROUP LIMITED", moneytech.Name);
        Assert.Equal([NodeLabels.Company], moneytech.Labels);
        Assert.Equal(2, _store.Out(Moneytech, RelationshipTypes.Controls).Count);
    }

    [Fact]
    public async Task RecordsWithoutIds_ReportedWithLine_NothingCommitted()
    {
        var file = _store.Folder.File("bad-rr.json", """
            [
              {"Relationship": {"StartNode": {"NodeID": "A"}, "RelationshipType": "IS_DIRECTLY_CONSOLIDATED_BY"}},
              {"LEI": "X", "Entity": {}}
            ]
            """);

        var errors = await _store.RejectedAsync(file);

        Assert.Equal(["bad-rr.json:2: Relationship.EndNode.NodeID: is required", "bad-rr.json:3: Entity.LegalName: is required"], errors.Select(e => e.ToString()));
    }
}
