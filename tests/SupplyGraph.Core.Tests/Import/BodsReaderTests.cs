using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Tests.Import;

/// <summary>Beneficial Ownership Data Standard statements as published (0.4 examples) and in the 0.2/0.3 shape.</summary>
public sealed class BodsReaderTests : IAsyncLifetime
{
    private readonly FormatStore _store = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private static string Example(string name) => FormatStore.Data("ownership", "bods_examples", "examples", name);

    [Fact]
    public async Task AllExamples_OneImport_EveryFileReads()
    {
        var files = Directory.GetFiles(FormatStore.Data("ownership", "bods_examples", "examples"), "*.json").Order().ToArray();

        await _store.ImportAsync(files);

        Assert.Equal(19, files.Length);
        // The examples repeat records across files (one recordId, one relationship): 41 shareholdings as written, 29 distinct.
        Assert.Equal(29, _store.CountRelationships(RelationshipTypes.Owns));
        Assert.True(_store.Count(NodeLabels.Person) >= 10, $"{_store.Count(NodeLabels.Person)} persons");
        // The Finnish state-owned gas grid: 76.5 % via Suomen Kaasuverkko, 23.5 % by the ministry, 100 % indirectly by the state.
        var gasgrid = _store.In(_store.Named("Gasgrid Finland Oy").Id, RelationshipTypes.Owns).ToDictionary(r => _store.Entity(r.From).Name, r => r.Share);
        Assert.Equal(OwnershipShare.Exact(0.765), gasgrid["Suomen Kaasuverkko Oy"]);
        Assert.Equal(OwnershipShare.Exact(0.235), gasgrid["Valtiovarainministerio"]);
        Assert.Equal(OwnershipShare.Exact(1.0), gasgrid["Suomen tasavalta"]);
    }

    [Fact]
    public async Task EntityOwningEntity_MinimumAndExclusiveMaximum_ShareRange()
    {
        await _store.ImportAsync(Example("bods-package-entity-owning-entity.json"));

        var owns = Assert.Single(_store.In(_store.Named("JENEX LIMITED").Id, RelationshipTypes.Owns));
        Assert.Equal(_store.Named("MVJ LIMITED").Id, owns.From);
        Assert.Equal(new OwnershipShare(0.75, 1.0), owns.Share);
        Assert.Equal("03209885", _store.Named("JENEX LIMITED").Identifiers["gb-coh"]);
    }

    [Fact]
    public async Task PepDeclaration_SharesAndVotingRanges_OwnsAndControls()
    {
        await _store.ImportAsync(Example("simple-pep-declaration.json"));

        var company = _store.Named("Platinum Emerald and Plutonim Mining Limited").Id;
        var owner = _store.Named("Michael Hubbard");
        Assert.Equal(NodeLabels.Person, owner.PrimaryLabel);
        var owns = Assert.Single(_store.Out(owner.Id, RelationshipTypes.Owns));
        Assert.Equal((company, new OwnershipShare(0.25, 0.5)), (owns.To, owns.Share));
        var controls = Assert.Single(_store.Out(owner.Id, RelationshipTypes.Controls));
        Assert.Equal(("votingRights", "25%-50%"), (controls.Properties["interest"], controls.Properties["share"]));
    }

    [Fact]
    public async Task JointOwnership_ArrangementBetweenOwners_ExactShares()
    {
        await _store.ImportAsync(Example("joint-ownership.json"));

        var arrangement = _store.Named("Joint shareholding");
        Assert.Equal(NodeLabels.Party, arrangement.PrimaryLabel);
        Assert.Equal(OwnershipShare.Exact(1.0), Assert.Single(_store.Out(arrangement.Id, RelationshipTypes.Owns)).Share);
        Assert.Equal(["Natalie Coleman", "Roberto Lopez"], _store.In(arrangement.Id, RelationshipTypes.Owns).Select(r => _store.Entity(r.From).Name).Order());
        Assert.All(_store.In(arrangement.Id, RelationshipTypes.Owns), r => Assert.Equal(OwnershipShare.Exact(0.5), r.Share));
    }

    [Fact]
    public async Task ExemptListedCompany_UnspecifiedInterestedParty_ReasonOnSubject()
    {
        await _store.ImportAsync(Example("listed-company-exempt-from-disclosure.json"));

        Assert.Equal("subjectExemptFromDisclosure", _store.Named("Listed Company OS-17").Properties["unspecifiedInterestedParty"]);
        Assert.Empty(_store.Graph.Relationships);
    }

    [Fact]
    public async Task Version03Statements_DescribedByReferences_SameMapping()
    {
        var file = _store.Folder.File("bods-03.json", """
            [
              {"statementID": "oc-1", "statementType": "ownershipOrControlStatement", "statementDate": "2020-01-01",
               "subject": {"describedByEntityStatement": "e-1"}, "interestedParty": {"describedByPersonStatement": "p-1"},
               "interests": [{"type": "shareholding", "share": {"exact": 40}, "startDate": "2019-05-01"},
                             {"type": "appointmentOfBoard"}]},
              {"statementID": "e-1", "statementType": "entityStatement", "entityType": "registeredEntity", "name": "Example Holdings Ltd",
               "incorporatedInJurisdiction": {"code": "GB"}, "identifiers": [{"scheme": "XI-LEI", "id": "213800ABCDEFGHIJKL12"}]},
              {"statementID": "p-1", "statementType": "personStatement", "personType": "knownPerson", "names": [{"fullName": "Jane Roe"}],
               "nationalities": [{"code": "FR"}]}
            ]
            """);

        await _store.ImportAsync(file);

        var company = _store.Entity("lei-213800ABCDEFGHIJKL12");
        Assert.Equal(("Example Holdings Ltd", "United Kingdom"), (company.Name, company.Country));
        var jane = _store.Named("Jane Roe");
        var owns = Assert.Single(_store.Out(jane.Id, RelationshipTypes.Owns));
        Assert.Equal((company.Id, OwnershipShare.Exact(0.4), new DateOnly(2019, 5, 1)), (owns.To, owns.Share, owns.Validity.From));
        Assert.Equal(company.Id, Assert.Single(_store.Out(jane.Id, RelationshipTypes.Controls)).To);
    }

    [Fact]
    public async Task DanglingRecordIdsAndBadShares_AllReported_NothingCommitted()
    {
        var file = _store.Folder.File("bad-bods.json", """
            [
              {"statementId": "s1", "recordId": "e1", "recordType": "entity", "recordDetails": {"name": "A Ltd"}},
              {"statementId": "s2", "recordId": "r1", "recordType": "relationship",
               "recordDetails": {"subject": "e1", "interestedParty": "ghost", "interests": [{"type": "shareholding", "share": {"exact": 30}}]}},
              {"statementId": "s3", "recordId": "r2", "recordType": "relationship",
               "recordDetails": {"subject": "e1", "interestedParty": "e1", "interests": [{"type": "shareholding", "share": {"minimum": 60, "maximum": 40}}]}}
            ]
            """);

        var errors = (await _store.RejectedAsync(file)).Select(e => e.ToString()).ToList();

        Assert.Equal(2, errors.Count);
        Assert.Contains("bad-bods.json:3: interestedParty: refers to 'bods:ghost', which is neither in the imported files nor in the graph", errors);
        Assert.Contains("bad-bods.json:5: interests[0].share: share range '60-40%' has its low end above its high end", errors);
    }
}
