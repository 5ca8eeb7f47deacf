using SupplyGraph.Core.Model;
using SupplyGraph.Core.Tests.Support;

namespace SupplyGraph.Core.Tests.Import;

/// <summary>The trade.gov Consolidated Screening List as published: CSV download and API JSON.</summary>
public sealed class CslReaderTests : IAsyncLifetime
{
    private static readonly string Sample = FormatStore.Data("csl", "consolidated_sample_2025.csv");
    private readonly FormatStore _store = new();

    public async Task InitializeAsync() => await _store.ImportAsync(Path.Combine(RepoPaths.Seed, "00-lists.json"));

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task Csv2025Sample_AsPublished_EveryRowListedOnItsSourceList()
    {
        var lists = _store.Count(NodeLabels.List);
        await _store.ImportAsync(Sample);

        Assert.Equal(13, _store.CountRelationships(RelationshipTypes.ListedOn));
        Assert.Equal(4, _store.Count(NodeLabels.Person));
        Assert.Equal(3, _store.Count(NodeLabels.Company));
        Assert.Equal(6, _store.Count(NodeLabels.Party));
        // Ten source lists, five of them already in the seed (Entity List, MEU, DPL, ITAR debarred, ISN).
        Assert.Equal(lists + 5, _store.Count(NodeLabels.List));
        Assert.Equal(3, _store.In("csl-ssi", RelationshipTypes.ListedOn).Count);
        Assert.Equal("Treasury Department", _store.Entity("csl-sdn").Properties["agency"]);
    }

    [Fact]
    public async Task EntityListRow_AltNamesAndDates_AliasesAndSeededListWithValidity()
    {
        await _store.ImportAsync(Sample);

        var cetc = _store.Named("China Electronics Technology Group Corporation 13th Research Institute (CETC 13)");
        Assert.Contains("Hebei Semiconductor Research Institute", cetc.Aliases);
        Assert.Contains("CETC Research Institute 13", cetc.Aliases); // "; and CETC Research Institute 13" as published
        Assert.Equal("China", cetc.Country);
        var listed = Assert.Single(_store.Out(cetc.Id, RelationshipTypes.ListedOn));
        Assert.Equal("bis-entity-list", listed.To);
        Assert.Equal(new DateOnly(2018, 8, 1), listed.Validity.From);
        Assert.Equal("83 FR 37423; 87 FR 77505", listed.Provenance.Quote);
    }

    [Fact]
    public async Task DeniedPersonRow_EndDate_BecomesValidTo()
    {
        await _store.ImportAsync(Sample);

        var listed = Assert.Single(_store.Out(_store.Named("I. ASH").Id, RelationshipTypes.ListedOn));
        Assert.Equal("bis-dpl", listed.To);
        Assert.Equal(new Validity(new DateOnly(2002, 3, 4), new DateOnly(2056, 6, 29)), listed.Validity);
    }

    [Fact]
    public async Task SsiRow_IdsAndPrograms_IdentifiersAndProperties()
    {
        await _store.ImportAsync(Sample);

        var bank = _store.Named("SME BANK");
        Assert.Equal(NodeLabels.Company, bank.PrimaryLabel);
        Assert.Contains("JSC SME BANK", bank.Aliases);
        Assert.Equal("1027739108649", bank.Identifiers["public-registration-number"]);
        Assert.Equal("RUDVRUMM", bank.Identifiers["swift-bic"]);
        Assert.Equal("Russia", bank.Country);
        Assert.Equal(["UKRAINE-EO13662"], (IReadOnlyList<object?>)bank.Properties["programs"]!);
        var rim = _store.Named("RIM, Ryong Nam");
        Assert.Equal(NodeLabels.Person, rim.PrimaryLabel);
        Assert.Equal("836238033, KP", rim.Identifiers["passport"]);
        Assert.Equal("1978-12-05", rim.Properties["datesOfBirth"]);
        Assert.Equal("KP", rim.Properties["nationalities"]);
    }

    [Fact]
    public async Task ReImport_SameCsv_NoNewEntitiesOrRelationships()
    {
        await _store.ImportAsync(Sample);
        var (entities, relationships) = (_store.Graph.Entities.Count(), _store.Graph.Relationships.Count());

        await _store.ImportAsync(Sample);

        Assert.Equal(entities, _store.Graph.Entities.Count());
        Assert.Equal(relationships, _store.Graph.Relationships.Count());
    }

    [Fact]
    public async Task ApiJson_ArraysAndObjects_ImportLikeTheCsv()
    {
        var file = _store.Folder.File("csl-api.json", """
            {"total": 2, "results": [
              {"id": "18283", "source": "Sectoral Sanctions Identifications List (SSI) - Treasury Department", "entity_number": "18283",
               "type": "Entity", "programs": ["UKRAINE-EO13662"], "name": "SME BANK",
               "addresses": [{"address": "79 ul. Sadovnicheskaya", "city": "Moscow", "postal_code": "115035", "country": "RU"}],
               "alt_names": ["JSC SME BANK", "MSP BANK AO"], "start_date": "2014-09-12",
               "ids": [{"type": "SWIFT/BIC", "number": "RUDVRUMM", "country": null}]},
              {"id": "x1", "source": "Entity List (EL) - Bureau of Industry and Security", "entity_number": null, "type": null,
               "name": "Example Trading Co.", "addresses": [], "alt_names": [], "start_date": "2020-01-01"}
            ]}
            """);

        await _store.ImportAsync(file);

        var bank = _store.Named("SME BANK");
        Assert.Equal(["JSC SME BANK", "MSP BANK AO"], bank.Aliases);
        Assert.Equal("RUDVRUMM", bank.Identifiers["swift-bic"]);
        Assert.Equal("Russia", bank.Country);
        Assert.Equal(new DateOnly(2014, 9, 12), Assert.Single(_store.Out(bank.Id, RelationshipTypes.ListedOn)).Validity.From);
        Assert.Equal("bis-entity-list", Assert.Single(_store.Out(_store.Named("Example Trading Co.").Id, RelationshipTypes.ListedOn)).To);
    }

    [Fact]
    public async Task RowsWithoutNameOrSource_EachReportedWithLine_NothingCommitted()
    {
        var file = _store.Folder.File("bad.csv", "_id,source,entity_number,type,name,alt_names\n"
            + "1,Entity List (EL) - Bureau of Industry and Security,,,,\n"
            + "2,,,,Somebody,\n"
            + "3,Entity List (EL) - Bureau of Industry and Security,,,Fine Co.,\n");

        var errors = await _store.RejectedAsync(file);

        Assert.Equal(["bad.csv:2: name: is required", "bad.csv:3: source: is required"], errors.Select(e => e.ToString()));
    }
}
