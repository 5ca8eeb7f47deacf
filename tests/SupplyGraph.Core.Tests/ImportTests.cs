using SupplyGraph.Core.Import;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Storage;
using SupplyGraph.Core.Tests.Support;

namespace SupplyGraph.Core.Tests;

/// <summary>Bad input fails naming file, line and field, and the store is unchanged.</summary>
public sealed class ImportTests : IAsyncLifetime, IDisposable
{
    private const string Good = """
        {
          "entities": [
            {"id": "alpha", "labels": ["Company"], "name": "Alpha Co."},
            {"id": "beta", "labels": ["Company"], "name": "Beta Ltd."}
          ],
          "relationships": [
            {"type": "OWNS", "from": "alpha", "to": "beta", "share": "60%", "provenance": {"source": "registry", "quote": "Alpha holds 60%"}}
          ]
        }
        """;

    private readonly TempFolder _folder = new();
    private EmbeddedGraphStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = EmbeddedGraphStore.Open(Path.Combine(_folder.Path, "data"));
        await ImportAsync(_folder.File("good.json", Good));
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    public void Dispose() => _folder.Dispose();

    private async Task<CommitResult> ImportAsync(params string[] files)
    {
        var session = new ImportSession(_store.Snapshot);
        foreach (var f in files)
        {
            session.AddFile(f);
        }

        return await _store.ApplyAsync(session.ToBatch("test import"));
    }

    /// <summary>Imports a file expected to fail, checks the store did not change, and returns the problems.</summary>
    private async Task<IReadOnlyList<InputError>> RejectedAsync(string name, string content)
    {
        var before = (await _store.GetStatisticsAsync(), Canonical.Of(_store.Snapshot.FindEntity("alpha")!));
        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => ImportAsync(_folder.File(name, content)));
        var after = (await _store.GetStatisticsAsync(), Canonical.Of(_store.Snapshot.FindEntity("alpha")!));
        Assert.Equal(before.Item1.Entities, after.Item1.Entities);
        Assert.Equal(before.Item1.Relationships, after.Item1.Relationships);
        Assert.Equal(before.Item1.LastSequence, after.Item1.LastSequence);
        Assert.Equal(before.Item2, after.Item2);
        Assert.Empty(await _store.ChangesSinceAsync(before.Item1.LastSequence));

        // What is on disk, read by a second store on the same file, is unchanged too.
        await using var reopened = EmbeddedGraphStore.Open(Path.Combine(_folder.Path, "data"));
        Assert.Equal(before.Item1.Entities, reopened.Snapshot.LiveNodeCount);
        Assert.Equal(before.Item1.LastSequence, reopened.Snapshot.Sequence);
        return ex.Errors;
    }

    [Fact]
    public async Task Import_GoodFile_CommitsShareAsFraction()
    {
        var r = _store.Snapshot.FindRelationship("OWNS:alpha->beta");
        Assert.Equal(OwnershipShare.Exact(0.6), r!.Share);
        Assert.Equal(1, (await _store.GetStatisticsAsync()).LastSequence);
    }

    [Fact]
    public async Task Import_MalformedJson_NamesFileAndLine()
    {
        var errors = await RejectedAsync("broken.json", "{\n  \"entities\": [\n    {\"id\": \"gamma\", \"labels\": [\"Company\"] \"name\": \"Gamma\"}\n  ]\n}");
        var e = Assert.Single(errors);
        Assert.Equal(new SourceLocation("broken.json", 3), e.Location);
        Assert.Contains("malformed JSON", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_LabelTypo_IsRefusedWithSuggestion()
    {
        var errors = await RejectedAsync("labels.json", """
            {
              "entities": [
                {"id": "gamma", "labels": ["Company", "CloudProvider"], "name": "Gamma"},
                {"id": "delta", "labels": ["Compnay"], "name": "Delta"}
              ]
            }
            """);
        var e = Assert.Single(errors);
        Assert.Equal(new SourceLocation("labels.json", 4), e.Location);
        Assert.EndsWith("labels", e.Field, StringComparison.Ordinal);
        Assert.Contains("unknown label 'Compnay'; did you mean 'Company'? known labels: Company, ResearchInstitute", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Compnay", "Company")]
    [InlineData("COMPANY", "Company")]
    [InlineData("GovermentBody", "GovernmentBody")]
    [InlineData("Persn", "Person")]
    [InlineData("Company", null)]
    [InlineData("CloudProvider", null)]
    [InlineData("Host", null)]
    [InlineData("Listed", null)]
    public void NodeLabels_TypoOf_CatchesTyposButKeepsRoles(string label, string? expected) =>
        Assert.Equal(expected, NodeLabels.TypoOf(label));

    [Fact]
    public async Task Import_ImpossibleCitationDate_IsAnErrorWithLine()
    {
        var errors = await RejectedAsync("list.json", """
            {
              "list_id": "test-list",
              "source_file": "list.pdf",
              "entities": [
                {"name": "Good Listed Co., Ltd.", "country": "China", "federal_register": "89 FR 1234, 1/2/24"},
                {"name": "Bad Date Co., Ltd.", "country": "China", "federal_register": "87 FR 62202, 13/45/22"}
              ]
            }
            """);
        var e = Assert.Single(errors);
        Assert.Equal(new SourceLocation("list.json", 6), e.Location);
        Assert.Equal("entities[1].federal_register", e.Field);
        Assert.Contains("'13/45/22'", e.Message, StringComparison.Ordinal);
        Assert.Contains("87 FR 62202, 13/45/22", e.Message, StringComparison.Ordinal);
        Assert.Null(_store.Snapshot.FindEntity("test-list"));
    }

    [Fact]
    public async Task Import_UnknownRelationshipType_NamesLineAndField()
    {
        var errors = await RejectedAsync("types.json", """
            {
              "entities": [{"id": "gamma", "labels": ["Company"], "name": "Gamma"}],
              "relationships": [
                {"type": "SUPPLIES", "from": "gamma", "to": "alpha", "provenance": {"source": "s"}},
                {"type": "BEFRIENDS", "from": "gamma", "to": "beta", "provenance": {"source": "s"}}
              ]
            }
            """);
        var e = Assert.Single(errors);
        Assert.Equal(new SourceLocation("types.json", 5), e.Location);
        Assert.Equal("relationships[1].type", e.Field);
        Assert.Contains("BEFRIENDS", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.5")] // a fraction above 1
    [InlineData("\"150%\"")] // a percentage above 100
    [InlineData("-0.2")] // negative
    public async Task Import_ShareOutsideRange_NamesLineAndField(string share)
    {
        var errors = await RejectedAsync("share.json", $$$"""
            {
              "relationships": [
                {"type": "OWNS", "from": "beta", "to": "alpha", "share": {{{share}}}, "provenance": {"source": "s"}}
              ]
            }
            """);
        var e = Assert.Single(errors);
        Assert.Equal(new SourceLocation("share.json", 3), e.Location);
        Assert.Equal("relationships[0].share", e.Field);
        Assert.Contains("0–100 %", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_ReferenceToMissingEntity_NamesLineAndField()
    {
        var errors = await RejectedAsync("missing.json", """
            {
              "relationships": [
                {"type": "SUPPLIES", "from": "alpha", "to": "nobody", "provenance": {"source": "s"}}
              ]
            }
            """);
        var e = Assert.Single(errors);
        Assert.Equal(new SourceLocation("missing.json", 3), e.Location);
        Assert.Equal("to", e.Field);
        Assert.Contains("nobody", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_DuplicateId_NamesBothLines()
    {
        var errors = await RejectedAsync("dup.json", """
            {
              "entities": [
                {"id": "gamma", "labels": ["Company"], "name": "Gamma"},
                {"id": "gamma", "labels": ["Company"], "name": "Gamma again"}
              ]
            }
            """);
        var e = Assert.Single(errors);
        Assert.Equal(new SourceLocation("dup.json", 4), e.Location);
        Assert.Equal("id", e.Field);
        Assert.Contains("dup.json:3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_UnknownFieldAndMissingProvenance_AreBothReported()
    {
        var errors = await RejectedAsync("fields.json", """
            {
              "entities": [{"id": "gamma", "labels": ["Company"], "nmae": "Gamma"}],
              "relationships": [{"type": "SUPPLIES", "from": "alpha", "to": "beta"}]
            }
            """);
        Assert.Contains(errors, e => e.Field == "entities[0].nmae" && e.Location!.Line == 2);
        Assert.Contains(errors, e => e.Field == "entities[0].name" && e.Message == "is required");
        Assert.Contains(errors, e => e.Field == "relationships[0].provenance" && e.Location!.Line == 3);
    }

    [Fact]
    public async Task Import_CsvRowWithWrongFieldCount_NamesLine()
    {
        var errors = await RejectedAsync("rels.csv", "type,from,to,share,source\nOWNS,alpha,beta,10%,registry\nSUPPLIES,alpha,beta\n");
        var e = Assert.Single(errors);
        Assert.Equal(new SourceLocation("rels.csv", 3), e.Location);
        Assert.Contains("expected 5 fields", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_CsvShareOutOfRange_NamesLineAndColumn()
    {
        var errors = await RejectedAsync("rels.csv", "type,from,to,share,source,quote\nOWNS,alpha,beta,\"120%\",registry,\"a, quoted\nline\"\n");
        var e = Assert.Single(errors);
        Assert.Equal(new SourceLocation("rels.csv", 2), e.Location);
        Assert.Equal("share", e.Field);
    }

    [Fact]
    public async Task Import_CsvUnterminatedQuote_IsMalformed()
    {
        var errors = await RejectedAsync("ents.csv", "id,labels,name\ngamma,Company,\"Gamma\n");
        Assert.Contains("never closed", Assert.Single(errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_OneBadFileAmongGood_ChangesNothing()
    {
        var good = _folder.File("more.json", """{"entities": [{"id": "gamma", "labels": ["Company"], "name": "Gamma"}]}""");
        var bad = _folder.File("bad.csv", "type,from,to,source\nOWNS,gamma,nobody,x\n");
        await Assert.ThrowsAsync<InvalidInputException>(() => ImportAsync(good, bad));
        Assert.Null(_store.Snapshot.FindEntity("gamma"));
    }

    [Fact]
    public async Task Import_Csv_EntitiesAndRelationshipsWithProperties()
    {
        var ents = _folder.File("ents.csv", "id,labels,name,aliases,country,identifiers,prop.founded\ngamma,Company|CloudProvider,Gamma Cloud,Gamma|GC,Singapore,lei=5493001KJTIIGC8Y1R12,2015\n");
        var rels = _folder.File("rels.csv", "type,from,to,share,source,quote,date,confidence,validFrom\nOWNS,alpha,gamma,25-50%,registry,\"holds between a quarter, and a half\",2021-03-01,0.8,2021-03-01\n");
        await ImportAsync(ents, rels);
        var gamma = _store.Snapshot.FindEntity("gamma")!;
        Assert.Equal(["Company", "CloudProvider"], gamma.Labels);
        Assert.Equal("5493001KJTIIGC8Y1R12", gamma.Identifiers["lei"]);
        Assert.Equal(2015L, gamma.Properties["founded"]);
        var r = _store.Snapshot.FindRelationship("OWNS:alpha->gamma")!;
        Assert.Equal(new OwnershipShare(0.25, 0.5), r.Share);
        Assert.Equal("holds between a quarter, and a half", r.Provenance.Quote);
        Assert.Equal(new DateOnly(2021, 3, 1), r.Validity.From);
        Assert.Equal(0.8, r.Provenance.Confidence);
    }

    [Fact]
    public async Task Import_SameFileTwice_IsIdempotent()
    {
        var first = await _store.GetStatisticsAsync();
        await ImportAsync(_folder.File("good-again.json", Good));
        var second = await _store.GetStatisticsAsync();
        Assert.Equal(first.Entities, second.Entities);
        Assert.Equal(first.Relationships, second.Relationships);
    }
}
