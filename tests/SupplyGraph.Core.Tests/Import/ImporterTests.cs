using SupplyGraph.Core.Import;
using SupplyGraph.Core.Storage;
using SupplyGraph.Core.Tests.Support;

namespace SupplyGraph.Core.Tests.Import;

/// <summary><see cref="Importer"/>: the report's counts, dry runs, and chunked commits against the atomic import of the same files.</summary>
public sealed class ImporterTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Zala => FormatStore.Data("ftm", "opensanctions_zala_aero_cluster.ftm.json");

    private static string Gleif(string name) => FormatStore.Data("ownership", "gleif_rr_cdf_bodspipelines", name);

    [Theory]
    [InlineData("fuzzy 0.97", "fuzzy")]
    [InlineData("alias+fuzzy 0.86", "alias+fuzzy")]
    [InlineData("parenthetical+fuzzy 1.00", "parenthetical+fuzzy")]
    [InlineData("identifier:LEI", "identifier:LEI")]
    [InlineData("review:accepted", "review:accepted")]
    [InlineData("", "unknown")]
    public void Rule_MatchedByWithScore_GroupsWithoutTheScore(string matchedBy, string rule) =>
        Assert.Equal(rule, SourceTally.Rule(matchedBy));

    [Fact]
    public async Task Chunked_RealFtmCluster_SameGraphAndCountsAsAtomic()
    {
        // The Zala Aero cluster links companies before some of them are described: chunks must hold those links back.
        await using var atomic = Open("atomic");
        await using var chunked = Open("chunked");

        var one = await Importer.RunAsync(atomic, [Zala], new ImportOptions());
        var parts = await Importer.RunAsync(chunked, [Zala], new ImportOptions { CommitEvery = 5 });

        Assert.Equal(ImportOutcome.Committed, one.Outcome);
        Assert.Equal(ImportOutcome.Committed, parts.Outcome);
        Assert.Single(one.Sequences);
        Assert.True(parts.Sequences.Count > 3, $"{parts.Sequences.Count} chunks");
        Assert.Equal(Canonical(atomic.Snapshot.Entities.Select(SupplyGraph.Core.Tests.Support.Canonical.Of)),
            Canonical(chunked.Snapshot.Entities.Select(SupplyGraph.Core.Tests.Support.Canonical.Of)));
        Assert.Equal(Canonical(atomic.Snapshot.Relationships.Select(SupplyGraph.Core.Tests.Support.Canonical.Of)),
            Canonical(chunked.Snapshot.Relationships.Select(SupplyGraph.Core.Tests.Support.Canonical.Of)));
        foreach (var count in (Func<ImportSourceReport, int>[])[s => s.Records, s => s.Joined, s => s.Created, s => s.QueuedForReview,
            s => s.EntitiesCreated, s => s.EntitiesUpdated, s => s.RelationshipsCreated, s => s.RelationshipsUpdated])
        {
            Assert.Equal(count(one.Total), count(parts.Total));
        }

        // What the report says was created is what the store gained.
        Assert.Equal(atomic.Snapshot.LiveNodeCount, one.Total.EntitiesCreated);
        Assert.Equal(atomic.Snapshot.LiveEdgeCount, one.Total.RelationshipsCreated);
    }

    [Fact]
    public async Task DryRun_GleifFiles_ReportPerFileAndNothingWritten()
    {
        await using var store = Open("dry");
        var before = await store.GetStatisticsAsync();
        string[] files = [Gleif("lei-data.json"), Gleif("rr-data.json"), Gleif("repex-data.json")];

        var report = await Importer.RunAsync(store, files, new ImportOptions { DryRun = true });

        Assert.Equal(ImportOutcome.DryRun, report.Outcome);
        Assert.Empty(report.Sequences);
        var unchanged = await store.GetStatisticsAsync();
        Assert.Equal((before.Entities, before.Relationships, before.LastSequence), (unchanged.Entities, unchanged.Relationships, unchanged.LastSequence));
        Assert.Equal(files.Select(Path.GetFileName), report.Sources.Select(s => s.Source));
        Assert.All(report.Sources, s => Assert.Equal("gleif", s.Format));
        Assert.All(report.Sources, s => Assert.Equal(s.Records, s.Joined + s.Created + s.QueuedForReview));
        // Each relationship record becomes one relationship, counted where it was read.
        Assert.True(report.Sources[1].RelationshipsCreated > 0);
        Assert.Equal(0, report.Sources[0].RelationshipsCreated);
        Assert.Equal(report.Sources.Sum(s => s.EntitiesCreated), report.Total.EntitiesCreated);

        // The same import committed writes exactly what the dry run said it would.
        var committed = await Importer.RunAsync(store, files, new ImportOptions());
        var after = await store.GetStatisticsAsync();
        Assert.Equal(report.Total.EntitiesCreated, after.Entities - before.Entities);
        Assert.Equal(report.Total.RelationshipsCreated, after.Relationships - before.Relationships);
        Assert.Equal(report.Total.EntitiesCreated, committed.Total.EntitiesCreated);
    }

    [Fact]
    public async Task ProjectChanges_PutsAndDeletes_CountedCreatedUpdatedDeleted()
    {
        await using var store = Open("changes");
        var first = _folder.File("first.json", """
            {"entities": [{"id": "a", "labels": ["Company"], "name": "Alpha"}, {"id": "b", "labels": ["Company"], "name": "Beta"}],
             "relationships": [{"type": "OWNS", "from": "a", "to": "b", "share": "60%", "provenance": {"source": "t"}}]}
            """);
        var second = _folder.File("second.json", """
            {"entities": [{"id": "a", "labels": ["Company"], "name": "Alpha Holding"}, {"id": "c", "labels": ["Company"], "name": "Gamma"}],
             "changes": [{"op": "deleteEntity", "id": "b", "detach": true}]}
            """);
        await Importer.RunAsync(store, [first], new ImportOptions());

        var report = await Importer.RunAsync(store, [second], new ImportOptions());

        var s = Assert.Single(report.Sources);
        Assert.Equal(("project", 0), (s.Format, s.Records));
        Assert.Equal((1, 1, 1), (s.EntitiesCreated, s.EntitiesUpdated, s.EntitiesDeleted));
        Assert.Null(store.Snapshot.FindEntity("b"));
    }

    [Fact]
    public async Task Refused_MissingFileAndBadLine_EachProblemUnderItsSource()
    {
        await using var store = Open("refused");
        var bad = _folder.File("bad.ftm.json", "{\"id\": \"a\", \"schema\": \"Company\", \"properties\": {\"name\": [\"A\"]}}\n{\"id\": \"b\", \"schema\": \n");
        var missing = Path.Combine(_folder.Path, "missing.json");

        var report = await Importer.RunAsync(store, [bad, missing], new ImportOptions());

        Assert.Equal(ImportOutcome.Refused, report.Outcome);
        Assert.Equal(0, (await store.GetStatisticsAsync()).LastSequence);
        var problem = Assert.Single(report.Sources.Single(s => s.Source == "bad.ftm.json").Problems);
        Assert.Equal(2, problem.Location!.Line);
        Assert.Equal("file not found", Assert.Single(report.Sources.Single(s => s.Source == missing).Problems).Message);
        Assert.Equal(2, report.Total.Refused);
    }

    private EmbeddedGraphStore Open(string name) => EmbeddedGraphStore.Open(Path.Combine(_folder.Path, name));

    private static List<string> Canonical(IEnumerable<string> items) => [.. items.Order(StringComparer.Ordinal)];
}
