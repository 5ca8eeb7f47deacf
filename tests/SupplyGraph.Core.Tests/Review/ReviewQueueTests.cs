using Microsoft.Data.Sqlite;
using SupplyGraph.Core.Import;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Resolution;
using SupplyGraph.Core.Review;
using SupplyGraph.Core.Storage;
using SupplyGraph.Core.Tests.Support;
using static SupplyGraph.Core.Tests.Support.Fixtures;

namespace SupplyGraph.Core.Tests.Review;

/// <summary>
/// The review queue end to end on a real SQLite file: an import queues its near matches in its own batch, and the
/// decisions hold when the same file is imported again. The file is <c>near-match.csl.csv</c> (see the README beside it).
/// </summary>
public sealed class ReviewQueueTests : IDisposable
{
    private const string ActeamKey = "csl:Unverified List (UVL) - Bureau of Industry and Security:90001";
    private const string AcKey = "csl:Unverified List (UVL) - Bureau of Industry and Security:90002";
    private readonly TempFolder _folder = new();

    private static string NearMatchFile => Path.Combine(RepoPaths.Root, "tests", "SupplyGraph.Core.Tests", "Review", "near-match.csl.csv");

    public void Dispose() => _folder.Dispose();

    /// <summary>A store holding the two Entity List parties the file's rows nearly name, as the seed has them.</summary>
    private async Task<EmbeddedGraphStore> StoreAsync()
    {
        var store = EmbeddedGraphStore.Open(_folder.Path);
        await store.ApplyAsync(Batch(
            Put(Company("acteam-logistics-ltd", "ACTeam Logistics Ltd.") with { Country = "China" }),
            Put(Company("a-c-international", "A.C. International") with { Country = "China" }),
            Put(List("bis-entity-list"))));
        return store;
    }

    /// <summary>Imports the file the way <c>supplygraph import</c> does: the queue's decisions loaded first.</summary>
    private static async Task<(ImportSession Session, CommitResult Result)> ImportAsync(EmbeddedGraphStore store, params string[] files)
    {
        var session = new ImportSession(store.Snapshot) { Decisions = await DecisionStage.LoadAsync(store) };
        foreach (var file in files)
        {
            session.AddFile(file);
        }

        return (session, await store.ApplyAsync(session.ToBatch("import")));
    }

    private static async Task<ReviewRecord> ItemAsync(IGraphStore store, string recordKey) =>
        (await store.ReviewsAsync(new ReviewQuery(ReviewFilter.All))).Items.Single(i => i.RecordKey == recordKey);

    [Fact]
    public async Task Import_NearMatches_QueuedInTheImportsOwnBatch()
    {
        await using var store = await StoreAsync();

        var (_, result) = await ImportAsync(store, NearMatchFile);

        Assert.Equal(2, result.ReviewsWritten);
        var item = await ItemAsync(store, ActeamKey);
        Assert.Equal(ReviewRecord.IdFor(ActeamKey, "acteam-logistics-ltd"), item.Id);
        Assert.Equal(ReviewStatus.Open, item.Status);
        Assert.Equal(("ACTeam Logitics Ltd.", "ACTeam Logistics Ltd."), (item.Record.Name, item.Candidate.Name));
        Assert.NotNull(store.Snapshot.FindEntity(item.Record.EntityId));
        Assert.Equal(new SourceLocation("near-match.csl.csv", 2), item.At);
        Assert.StartsWith("fuzzy", item.MatchedBy, StringComparison.Ordinal);
        Assert.InRange(item.Score, EntityResolver.ReviewThreshold, 1);
        Assert.Contains(item.Reasons, r => r.Contains("different countries", StringComparison.Ordinal));

        // The items and the entities they compare are one commit.
        var entry = (await store.ChangesSinceAsync(result.Sequence - 1, 1)).Single();
        Assert.Contains(entry.Changes, c => c is PutEntity p && p.Entity.Id == item.Record.EntityId);
        Assert.Equal(2, entry.Changes.OfType<PutReview>().Count());
    }

    [Theory]
    [InlineData("""{"entities": [{"id": "x", "labels": ["Company"]}]}""")] // refused while reading: no name
    [InlineData("""{"entities": [{"id": "x", "labels": ["Compnay"], "name": "X"}]}""")] // refused by the store: a label typo
    public async Task Import_RefusedForAnotherFile_WritesNoReviewItems(string otherFile)
    {
        await using var store = await StoreAsync();
        var bad = _folder.File("bad.json", otherFile);
        var session = new ImportSession(store.Snapshot) { Decisions = await DecisionStage.LoadAsync(store) };
        session.AddFile(NearMatchFile);
        session.AddFile(bad);

        await Assert.ThrowsAsync<InvalidInputException>(() => store.ApplyAsync(session.ToBatch("import")));

        Assert.NotEmpty(session.Reviews);
        Assert.Equal(0, (await store.ReviewsAsync(new ReviewQuery(ReviewFilter.All))).Total);
        Assert.Equal(1, store.Snapshot.Sequence);
    }

    [Fact]
    public async Task Reimport_AfterAccept_JoinsTheCandidateByTheReviewRule()
    {
        await using var store = await StoreAsync();
        await ImportAsync(store, NearMatchFile);
        var item = await ItemAsync(store, ActeamKey);
        await ReviewActions.AcceptAsync(store, item.Id, "analyst", null);
        var entities = store.Snapshot.LiveNodeCount;

        var (session, result) = await ImportAsync(store, NearMatchFile);

        var decision = session.Resolutions[ActeamKey];
        Assert.Equal((ResolutionOutcome.Join, "acteam-logistics-ltd", "review:accepted"), (decision.Outcome, decision.CandidateId, decision.MatchedBy));
        Assert.Equal(0, result.ReviewsWritten);
        Assert.Equal(entities, store.Snapshot.LiveNodeCount);
        Assert.Null(store.Snapshot.FindEntity(item.Record.EntityId));
        Assert.Contains(store.Snapshot.Relationships, r => r.From == "acteam-logistics-ltd" && r.Type == RelationshipTypes.ListedOn
            && r.Properties.GetValueOrDefault("matchedBy") as string == "review:accepted");
    }

    [Fact]
    public async Task Reimport_AfterReject_NeverJoinsThatCandidateNorQueuesItAgain()
    {
        await using var store = await StoreAsync();
        await ImportAsync(store, NearMatchFile);
        var item = await ItemAsync(store, AcKey);
        await ReviewActions.RejectAsync(store, item.Id, "analyst", "another A.C.");

        // Without the record's own entity the candidate is the record's best match again: only the decision keeps them apart.
        await store.ApplyAsync(Batch(new DeleteEntity(item.Record.EntityId, Detach: true)));
        var (session, result) = await ImportAsync(store, NearMatchFile);

        var decision = session.Resolutions[AcKey];
        Assert.NotEqual("a-c-international", decision.CandidateId);
        Assert.Equal(0, result.ReviewsWritten);
        Assert.Equal(ReviewStatus.Rejected, (await store.GetReviewAsync(item.Id))!.Status);
        Assert.Equal(1, (await store.ReviewsAsync(new ReviewQuery(ReviewFilter.Open))).Total);
    }

    [Fact]
    public async Task Reimport_WhileOpen_KeepsTheItemsPlaceInTheQueue()
    {
        await using var store = await StoreAsync();
        await ImportAsync(store, NearMatchFile);
        var before = await store.ReviewsAsync(new ReviewQuery(ReviewFilter.All));

        var (_, result) = await ImportAsync(store, NearMatchFile);

        Assert.Equal(0, result.ReviewsWritten);
        var after = await store.ReviewsAsync(new ReviewQuery(ReviewFilter.All));
        Assert.Equal(before.Items.Select(ReviewJson.ToJson), after.Items.Select(ReviewJson.ToJson));
    }

    [Fact]
    public async Task Store_Version1File_OpensWithAnEmptyQueueAndItsData()
    {
        // A file as the version before the review queue wrote it: its tables, one entity, user_version 1.
        var path = Path.Combine(_folder.Path, EmbeddedGraphStore.FileName);
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = """
                CREATE TABLE entities(id TEXT PRIMARY KEY, body TEXT NOT NULL) WITHOUT ROWID;
                CREATE TABLE relationships(id TEXT PRIMARY KEY, type TEXT NOT NULL, src TEXT NOT NULL, dst TEXT NOT NULL, body TEXT NOT NULL) WITHOUT ROWID;
                CREATE INDEX relationships_src ON relationships(src);
                CREATE INDEX relationships_dst ON relationships(dst);
                CREATE TABLE changes(seq INTEGER PRIMARY KEY AUTOINCREMENT, committed_at TEXT NOT NULL, description TEXT, body TEXT NOT NULL);
                INSERT INTO entities VALUES('old', '{"id":"old","labels":["Company"],"name":"Old Co"}');
                INSERT INTO changes(committed_at, description, body) VALUES('2025-01-01T00:00:00.0000000+00:00', 'v1', '[{"op":"putEntity","entity":{"id":"old","labels":["Company"],"name":"Old Co"}}]');
                PRAGMA user_version = 1;
                """;
            cmd.ExecuteNonQuery();
        }

        await using (var store = EmbeddedGraphStore.Open(_folder.Path))
        {
            Assert.Equal("Old Co", store.Snapshot.FindEntity("old")?.Name);
            Assert.Equal(1, store.Snapshot.Sequence);
            Assert.Equal(0, (await store.ReviewsAsync(new ReviewQuery(ReviewFilter.All))).Total);
            await store.ApplyAsync(Batch(Put(Company("new", "Old Co.")),
                new PutReview(Compliance.GraphStoreCompliance.OpenItemFor("k", Company("new", "Old Co."), Company("old", "Old Co")))));
        }

        using var check = new SqliteConnection($"Data Source={path};Pooling=False");
        check.Open();
        using var version = check.CreateCommand();
        version.CommandText = "PRAGMA user_version";
        // Upgraded through every step to the current version (3: the relationships' end indexes dropped).
        Assert.Equal(3L, version.ExecuteScalar());
        await using var reopened = EmbeddedGraphStore.Open(_folder.Path);
        Assert.Equal(1, (await reopened.ReviewsAsync(new ReviewQuery())).Total);
    }
}
