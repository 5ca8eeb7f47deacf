using System.Globalization;
using System.Text;
using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Import;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Storage;
using SupplyGraph.Core.Tests.Support;
using static SupplyGraph.Core.Tests.Support.Fixtures;

namespace SupplyGraph.Core.Tests.Import;

/// <summary>
/// The chunked import of project CSV streamed to the store (<see cref="IGraphStore.ApplyStreamedAsync"/>), at small
/// scale with the store's graph built from its tables as at 40M (<see cref="EmbeddedGraphStore.StreamedHoldLimit"/> 0),
/// against the same files imported the held way.
/// </summary>
public sealed class StreamedCsvImportTests : IDisposable
{
    private const int Entities = 300;
    private const int Relationships = 1_000;
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Import_StreamedFromTables_SameStoreLogAndAnswersAsHeldImport()
    {
        // The relationship file is named first: the streamed import must still write entities first, as a held one does.
        var (entities, relationships) = WriteFiles();
        var held = Path.Combine(_folder.Path, "held");
        var streamed = Path.Combine(_folder.Path, "streamed");
        ImportReport heldReport, streamedReport;
        await using (var store = EmbeddedGraphStore.Open(held))
        {
            heldReport = await Importer.RunAsync(store, [relationships, entities], new ImportOptions { CommitEvery = 128, Held = true });
        }

        await using (var store = EmbeddedGraphStore.Open(streamed))
        {
            store.StreamedHoldLimit = 0;
            streamedReport = await Importer.RunAsync(store, [relationships, entities], new ImportOptions { CommitEvery = 128 });
            await AssertSameAsync(held, store);
        }

        Assert.Equal(ImportOutcome.Committed, streamedReport.Outcome);
        Assert.Equal(heldReport.Sequences, streamedReport.Sequences);
        Assert.Equal(heldReport.Sources.Select(s => (s.Source, s.EntitiesCreated, s.RelationshipsCreated)), streamedReport.Sources.Select(s => (s.Source, s.EntitiesCreated, s.RelationshipsCreated)));
        Assert.Equal(Entities, streamedReport.Total.EntitiesCreated);
        Assert.Equal(Relationships, streamedReport.Total.RelationshipsCreated);

        // Reopened from the snapshot file the import left, with nothing to rebuild.
        await using var reopened = EmbeddedGraphStore.Open(streamed);
        Assert.Equal("snapshot", reopened.OpenedFrom);
        await AssertSameAsync(held, reopened);
    }

    [Fact]
    public async Task Import_StreamedBadRowsAnywhere_RefusedWithFileLineFieldAndNothingChanged()
    {
        var (entities, relationships) = WriteFiles();
        // The last row of each file is bad: a bad confidence, an end that no file defines, a label typo.
        await File.AppendAllTextAsync(relationships, "bad-confidence,SUPPLIES,e1,e2,,test,7,\nbad-end,SUPPLIES,e1,nobody,,test,0.5,\n");
        await File.AppendAllTextAsync(entities, "e-typo,Typo Ltd,Compnay,DE\n");
        var folder = Path.Combine(_folder.Path, "store");
        await using var store = EmbeddedGraphStore.Open(folder);
        store.StreamedHoldLimit = 0;
        await store.ApplyAsync(Batch(Put(Company("before"))));

        var report = await Importer.RunAsync(store, [entities, relationships], new ImportOptions { CommitEvery = 128 });

        Assert.Equal(ImportOutcome.Refused, report.Outcome);
        var problems = report.Sources.SelectMany(s => s.Problems).Select(p => $"{p.Location}|{p.Field}").ToList();
        Assert.Contains($"relationships.csv:{Relationships + 2}|confidence", problems);
        Assert.Contains($"relationships.csv:{Relationships + 3}|to", problems);
        Assert.Contains($"entities.csv:{Entities + 2}|labels", problems);
        Assert.Equal(0, report.Total.EntitiesCreated);
        Assert.Equal(1, store.Snapshot.Sequence);
        Assert.Single(await store.ChangesSinceAsync(0));
        Assert.Equal(1, store.Snapshot.LiveNodeCount);
        await using var reopened = EmbeddedGraphStore.Open(folder);
        Assert.Equal(1, reopened.Snapshot.LiveNodeCount);
    }

    [Fact]
    public async Task Import_StreamedDuplicateRelationshipIdFarApart_NamesBothLines()
    {
        var (entities, relationships) = WriteFiles();
        await File.AppendAllTextAsync(relationships, "r7,SUPPLIES,e3,e4,,test,0.5,\n");
        await using var store = EmbeddedGraphStore.Open(Path.Combine(_folder.Path, "store"));

        var report = await Importer.RunAsync(store, [entities, relationships], new ImportOptions { CommitEvery = 128 });

        var problem = Assert.Single(report.Sources.SelectMany(s => s.Problems));
        Assert.Equal($"relationships.csv:{Relationships + 2}", problem.Location!.ToString());
        Assert.Contains("duplicate relationship id 'r7' (first defined at relationships.csv:8)", problem.Message, StringComparison.Ordinal);
        Assert.Equal(0, store.Snapshot.Sequence);
    }

    [Fact]
    public async Task ApplyStreamed_RelationshipsBeforeEntities_SameLogAsApplyInChunks()
    {
        var changes = new List<Change>();
        for (var i = 0; i < 230; i++)
        {
            changes.Add(Put(Rel(RelationshipTypes.Supplies, $"ring-{i}", $"ring-{(i + 1) % 230}", id: $"ring-r{i}")));
        }

        for (var i = 0; i < 230; i++)
        {
            changes.Add(Put(Company($"ring-{i}", $"Ring Company {i}")));
        }

        var held = Path.Combine(_folder.Path, "held");
        await using (var store = EmbeddedGraphStore.Open(held))
        {
            await store.ApplyInChunksAsync(new ChangeBatch(changes, "ring"), 100);
        }

        await using var streamed = EmbeddedGraphStore.Open(Path.Combine(_folder.Path, "streamed"));
        streamed.StreamedHoldLimit = 0;
        var results = await streamed.ApplyStreamedAsync(new StreamedBatch(each => changes.ForEach(each), "ring"), 100);

        Assert.Equal([1L, 2, 3, 4, 5], results.Select(r => r.Sequence));
        await AssertSameAsync(held, streamed);
    }

    /// <summary>Same records, same log (descriptions and changes, in order), same answers to a path, an exposure and an ownership question.</summary>
    private static async Task AssertSameAsync(string heldFolder, EmbeddedGraphStore actual)
    {
        await using var expected = EmbeddedGraphStore.Open(heldFolder);
        Assert.Equal(expected.Snapshot.Sequence, actual.Snapshot.Sequence);
        Assert.Equal(expected.Snapshot.Entities.Select(Canonical.Of).Order(), actual.Snapshot.Entities.Select(Canonical.Of).Order());
        Assert.Equal(expected.Snapshot.Relationships.Select(Canonical.Of).Order(), actual.Snapshot.Relationships.Select(Canonical.Of).Order());
        var expectedLog = await expected.ChangesSinceAsync(0, 1_000);
        var actualLog = await actual.ChangesSinceAsync(0, 1_000);
        Assert.Equal(expectedLog.Select(e => (e.Sequence, e.Description, Changes(e))), actualLog.Select(e => (e.Sequence, e.Description, Changes(e))));

        foreach (var (from, to) in (IEnumerable<(string, string)>)[("e1", "e2"), ("e5", "e250"), ("ring-1", "ring-7")])
        {
            if (expected.Snapshot.TryGetNode(from, out _))
            {
                var expectedPath = await expected.ShortestPathAsync(from, to, PathQuery.Default);
                var actualPath = await actual.ShortestPathAsync(from, to, PathQuery.Default);
                Assert.Equal(expectedPath?.Nodes.Select(n => n.Id), actualPath?.Nodes.Select(n => n.Id));
            }
        }

        var hits = 0;
        foreach (var source in (IEnumerable<string>)["e1", "e17", "ring-3"])
        {
            if (expected.Snapshot.TryGetNode(source, out _))
            {
                var expectedHits = await expected.ExposureAsync([source], ExposureQuery.Default);
                var actualHits = await actual.ExposureAsync([source], ExposureQuery.Default);
                Assert.Equal(expectedHits.Hits.Select(Hit), actualHits.Hits.Select(Hit));
                hits += expectedHits.Hits.Count;
            }
        }

        // The CSV files list parties, so the walks compare something (the ring has no list).
        Assert.True(hits > 0 || expected.Snapshot.TryGetNode("ring-3", out _), "no exposure hit compared");
    }

    private static string Hit(ExposureHit hit) =>
        string.Create(CultureInfo.InvariantCulture, $"{hit.Party.Id} {hit.Hops} {hit.Confidence:R} {string.Join('/', hit.Path.Nodes.Select(n => n.Id))}");

    private static string Changes(ChangeLogEntry entry) => string.Join('\n', entry.Changes.Select(c => c switch
    {
        PutEntity p => "E " + Canonical.Of(p.Entity),
        PutRelationship p => "R " + Canonical.Of(p.Relationship),
        _ => c.ToString(),
    }));

    /// <summary>
    /// Entities e0… (every tenth a list, so that exposure walks find hits) and relationships r1… among them: supplies,
    /// owns with shares, listings on the lists, dated ones; deterministic.
    /// </summary>
    private (string Entities, string Relationships) WriteFiles()
    {
        var entities = Path.Combine(_folder.Path, "entities.csv");
        var relationships = Path.Combine(_folder.Path, "relationships.csv");
        var e = new StringBuilder("id,name,labels,country\n");
        for (var i = 0; i < Entities; i++)
        {
            e.Append(CultureInfo.InvariantCulture, $"e{i},{(i % 10 == 9 ? "List" : "Company")} {i},{(i % 10 == 9 ? "List" : "Company")},{(i % 3 == 0 ? "CN" : "US")}\n");
        }

        var r = new StringBuilder("id,type,from,to,share,source,confidence,validFrom\n");
        var random = new Random(18);
        for (var k = 1; k <= Relationships; k++)
        {
            var from = random.Next(Entities);
            while (from % 10 == 9)
            {
                from = random.Next(Entities);
            }

            var to = (from + 1 + random.Next(Entities - 1)) % Entities;
            var type = to % 10 == 9 ? "LISTED_ON" : k % 4 == 0 ? "OWNS" : "SUPPLIES";
            var share = type == "OWNS" ? (k % 90 + 5).ToString(CultureInfo.InvariantCulture) + "%" : "";
            var validFrom = k % 7 == 0 ? "2024-0" + (1 + k % 9).ToString(CultureInfo.InvariantCulture) + "-15" : "";
            r.Append(CultureInfo.InvariantCulture, $"r{k},{type},e{from},e{to},{share},test,{0.5 + (k % 50 / 100.0)},{validFrom}\n");
        }

        File.WriteAllText(entities, e.ToString());
        File.WriteAllText(relationships, r.ToString());
        return (entities, relationships);
    }
}
