using SupplyGraph.Core.Import.Formats;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Tests.Support;

namespace SupplyGraph.Core.Tests.Import;

/// <summary>Delimited node and edge lists read with a mapping file; the German and Austrian state-ownership files as published.</summary>
public sealed class DelimitedReaderTests : IAsyncLifetime
{
    private static readonly string MappingFile = Path.Combine(RepoPaths.Root, "docs", "examples", "de-soe.mapping.json");
    private readonly FormatStore _store = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private static string Soe(string name) => FormatStore.Data("ownership", "de_federal_soe_stateo", name);

    [Fact]
    public async Task GermanAndAustrianSoe_OneMapping_OwnershipTreeWithShares()
    {
        var mapping = DelimitedMapping.Load(MappingFile);

        await _store.ImportAsync(ImportFormats.Delimited, mapping, Soe("master1.csv"), Soe("austria.csv"));

        var federation = _store.Entity("stateo-1");
        Assert.Equal(("Bundesrepublik Deutschland", NodeLabels.GovernmentBody), (federation.Name, federation.PrimaryLabel));
        var direct = _store.Out("stateo-1", RelationshipTypes.Owns).ToDictionary(r => r.To);
        Assert.Equal(108, direct.Count);
        Assert.Equal(OwnershipShare.Exact(0.1426), direct["stateo-8"].Share); // Deutsche Telekom AG
        Assert.Equal(OwnershipShare.Exact(0.4719), direct["stateo-10"].Share); // KfW
        Assert.Equal(OwnershipShare.Exact(1.0), direct["stateo-6"].Share); // Bundesdruckerei GmbH
        Assert.Equal(new DateOnly(2014, 12, 31), direct["stateo-8"].Provenance.Date);
        // Austria's rows, Latin-1 in austria.csv and UTF-8 in master1.csv, are one set of nodes.
        Assert.Equal("Österreichische Bundes- und Industriebeteiligungen GmbH (ÖBIB)", _store.Entity("stateo-111").Name);
        Assert.Equal(66, _store.Out("stateo-110", RelationshipTypes.Owns).Count);
        Assert.Equal(692, _store.Graph.Entities.Count(e => e.Id.StartsWith("stateo-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task GermanSoe_IndirectHoldingsByName_LinkedThroughTheTree()
    {
        await _store.ImportAsync(ImportFormats.Delimited, DelimitedMapping.Load(MappingFile), Soe("master1.csv"));

        var owns = _store.Graph.Relationships.Where(r => r.Type == RelationshipTypes.Owns).ToList();
        var byName = owns.Count(r => r.From.StartsWith("stateo-", StringComparison.Ordinal) && !_store.Entity(r.From).HasLabel(NodeLabels.Unidentified));
        Assert.True(byName > 184 + 300, $"only {byName} holdings linked to a row of the file");
        // Arriva Tog A/S names its parent "Arriva (2007) Limited, Sunderland": matched without the seat.
        var arrivaTog = _store.Named("Arriva Tog A/S, Kastrup/Dänemark");
        var parent = _store.Entity(Assert.Single(_store.In(arrivaTog.Id, RelationshipTypes.Owns)).From);
        Assert.StartsWith("Arriva (2007) Limited", parent.Name);
        Assert.False(parent.HasLabel(NodeLabels.Unidentified));
        // Garbled shares as published become unknown, with the text kept.
        Assert.Contains(owns, r => r.Share.IsUnknown && r.Properties.ContainsKey("shareAsPublished"));
    }

    [Fact]
    public async Task EdgeListByNames_ResolvedAgainstStore_DecimalCommaShares()
    {
        await _store.ImportAsync(_store.Folder.File("parties.json", """
            {"entities": [{"id": "alpha", "labels": ["Company"], "name": "Alpha Holding GmbH"}, {"id": "beta", "labels": ["Company"], "name": "Beta AG"}]}
            """));
        var mappingPath = _store.Folder.File("edges.mapping.json", """
            {"delimiter": "\t", "decimalComma": true, "columns": {"from": "Eigentümer", "to": "Beteiligung", "share": "Anteil"}}
            """);
        var edges = _store.Folder.File("edges.tsv", "Eigentümer\tBeteiligung\tAnteil\nAlpha Holding GmbH\tBeta AG\t33,33\n");

        await _store.ImportAsync(ImportFormats.Delimited, DelimitedMapping.Load(mappingPath), edges);

        var owns = Assert.Single(_store.Out("alpha", RelationshipTypes.Owns));
        Assert.Equal(("beta", OwnershipShare.Exact(0.3333)), (owns.To, owns.Share));
    }

    [Fact]
    public async Task BadSharesAndUnknownParents_AllReportedWithLines_NothingCommitted()
    {
        var mappingPath = _store.Folder.File("strict.mapping.json", """
            {"delimiter": ";", "columns": {"id": "id", "name": "name", "parentName": "owner", "share": "pct"}}
            """);
        var file = _store.Folder.File("strict.csv", "id;name;owner;pct\n1;Root;;\n2;Child;Root;120\n3;Other;Nobody Known;50\n");

        var session = new SupplyGraph.Core.Import.ImportSession(_store.Graph) { Mapping = DelimitedMapping.Load(mappingPath) };
        session.AddFile(file);
        var ex = Assert.Throws<InvalidInputException>(() => session.ToBatch("test"));

        Assert.Equal(["strict.csv:3: pct: '120' is not a share within 0–100 %", "strict.csv:4: owner: refers to 'Nobody Known', which is neither in the imported files nor in the graph"],
            ex.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void MappingWithUnknownField_RejectedWithLine()
    {
        var path = _store.Folder.File("typo.mapping.json", "{\n  \"delimiter\": \";\",\n  \"colums\": {}\n}\n");

        var ex = Assert.Throws<InvalidInputException>(() => DelimitedMapping.Load(path));

        Assert.StartsWith("typo.mapping.json:3", Assert.Single(ex.Errors).ToString());
    }
}
