using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Tests.Import;

/// <summary>OpenSanctions FollowTheMoney JSON lines as published: the Zala Aero cluster and an EU FSF sample.</summary>
public sealed class FtmReaderTests : IAsyncLifetime
{
    private const string Zakharov = "NK-aU5ybkbRFJucf8YMwsJvDw";
    private const string ZalaAero = "NK-cPks3aTbes8k4aCerfBAzN";
    private const string Cst = "NK-abdzbEBkqyT29GyREbiURZ";
    private static readonly string Zala = FormatStore.Data("ftm", "opensanctions_zala_aero_cluster.ftm.json");
    private readonly FormatStore _store = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task ZalaCluster_AsPublished_PartiesOwnershipsSanctionsAndTies()
    {
        await _store.ImportAsync(Zala);

        Assert.Equal(6, _store.Count(NodeLabels.Person));
        Assert.Equal(11, _store.Count(NodeLabels.Company));
        Assert.Equal(14, _store.CountRelationships(RelationshipTypes.Owns));
        Assert.Equal(41, _store.CountRelationships(RelationshipTypes.ListedOn));
        Assert.Equal(3, _store.CountRelationships(RelationshipTypes.Leads));
        Assert.Equal(4, _store.CountRelationships(RelationshipTypes.AssociatedWith));
    }

    [Fact]
    public async Task ZalaAero_OwnedByZakharov_WithPeriodAndShareCount()
    {
        await _store.ImportAsync(Zala);

        var zala = _store.Entity(ZalaAero);
        Assert.Equal(NodeLabels.Company, zala.PrimaryLabel);
        Assert.Equal("9715478507", zala.Identifiers["inn"]);
        Assert.Equal("1247700258651", zala.Identifiers["ogrn"]);
        Assert.Equal("Russia", zala.Country);
        var owns = Assert.Single(_store.In(ZalaAero, RelationshipTypes.Owns));
        Assert.Equal(Zakharov, owns.From);
        Assert.True(owns.Share.IsUnknown);
        Assert.Equal("10000", owns.Properties["sharesCount"]);
        Assert.Equal(new Validity(new DateOnly(2024, 3, 22), new DateOnly(2024, 6, 24)), owns.Validity);
    }

    [Fact]
    public async Task Cst_OwnersShares_ExactFractionsAndRoles()
    {
        await _store.ImportAsync(Zala);

        var owners = _store.In(Cst, RelationshipTypes.Owns);
        var kalashnikov = owners.Where(o => o.From == "NK-nR5AXM9AVPq4pQaSPSaVam").ToList();
        Assert.Contains(kalashnikov, o => o.Share == OwnershipShare.Exact(0.49));
        Assert.Contains(kalashnikov, o => o.Share.IsUnknown && (string?)o.Properties["role"] == "subsidiary of");
        Assert.Contains(owners, o => o.From == Zakharov && o.Share == OwnershipShare.Exact(0.51) && o.Validity.To is null);
    }

    [Fact]
    public async Task Sanctions_PerProgram_ListNodesWithDates()
    {
        await _store.ImportAsync(Zala);

        var cst = _store.Out(Cst, RelationshipTypes.ListedOn);
        var zakharov = _store.Out(Zakharov, RelationshipTypes.ListedOn);
        Assert.Equal(41, cst.Count + zakharov.Count);
        // The CSL's Entity List record lands on the seed's Entity List node id.
        var el = Assert.Single(cst, r => r.To == "bis-entity-list");
        Assert.Equal(new DateOnly(2023, 11, 2), el.Validity.From);
        var ua = Assert.Single(cst, r => r.Properties["ftmId"] as string == "ua-nsdc-6c8c31da8d3db74b085a9217f3322ba118141a63");
        Assert.Equal(new Validity(new DateOnly(2021, 10, 30), new DateOnly(2024, 10, 30)), ua.Validity);
        Assert.Equal("ftm-ua-sa1644", ua.To);
        Assert.Equal(NodeLabels.List, _store.Entity("ftm-eu-ukr").PrimaryLabel);
    }

    [Fact]
    public async Task FamilyDirectorshipAndAddresses_TiesAndFoldedProperties()
    {
        await _store.ImportAsync(Zala);

        var family = _store.In(Zakharov, RelationshipTypes.AssociatedWith);
        Assert.Equal(4, family.Count);
        Assert.All(family, f => Assert.Equal("family", f.Properties["kind"]));
        var leads = Assert.Single(_store.Out(Zakharov, RelationshipTypes.Leads), l => l.To == Cst);
        Assert.Equal("Leader or official of", leads.Properties["role"]);
        Assert.Contains("Мария Александровна Осетрова", _store.Entity("NK-2Tbri3s6GgNtAwsSXh4qpL").Aliases);
        Assert.True(_store.Entity(Cst).Properties.ContainsKey("addresses"));
    }

    [Fact]
    public async Task EuFsfSample_OrganizationsAndPersons_Imported()
    {
        await _store.ImportAsync(FormatStore.Data("ftm", "opensanctions_eu_fsf_sample.ftm.json"));

        Assert.Equal(4, _store.Count(NodeLabels.Person));
        var tobacco = _store.Entity("NK-2GdmHtZTeNXjNVrBGEXZNj");
        Assert.Equal(NodeLabels.Party, tobacco.PrimaryLabel);
        Assert.Equal("808000714", tobacco.Identifiers["registration-number"]);
        Assert.Equal("Belarus", tobacco.Country);
    }

    [Fact]
    public async Task BrokenLinesAndDanglingReferences_AllReported_NothingCommitted()
    {
        var file = _store.Folder.File("bad.ftm.json",
            """{"id": "a", "schema": "Company", "properties": {"name": ["A Co"]}}""" + "\n"
            + "{not json\n"
            + """{"id": "o1", "schema": "Ownership", "properties": {"owner": ["a"], "asset": ["nobody"], "percentage": ["50"]}}""" + "\n"
            + """{"id": "o2", "schema": "Ownership", "properties": {"owner": ["a"], "asset": ["a"], "percentage": ["150"]}}""" + "\n");

        var errors = (await _store.RejectedAsync(file)).Select(e => e.ToString()).ToList();

        Assert.Equal(3, errors.Count);
        Assert.StartsWith("bad.ftm.json:2: malformed JSON", errors[0]);
        Assert.Contains("bad.ftm.json:4: properties.percentage: '150' is not a percentage between 0 and 100", errors);
        Assert.Contains("bad.ftm.json:3: properties.asset: refers to 'ftm:nobody', which is neither in the imported files nor in the graph", errors);
    }
}
