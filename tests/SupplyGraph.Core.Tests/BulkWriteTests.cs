using SupplyGraph.Core.Model;
using SupplyGraph.Core.Storage;
using SupplyGraph.Core.Tests.Support;
using static SupplyGraph.Core.Tests.Support.Fixtures;

namespace SupplyGraph.Core.Tests;

/// <summary>The embedded store's chunked write (<see cref="EmbeddedGraphStore.ApplyInChunksAsync"/>).</summary>
public sealed class BulkWriteTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task ApplyInChunks_LargeBatch_OneLogEntryPerChunkAndTheGraphOfOneBatch()
    {
        // Relationships come before the entities they join, as a project file may list them: the chunks must still
        // each be a valid graph.
        var batch = RingBatch(230);
        string[] expectedEntities, expectedRelationships;
        await using (var atomic = EmbeddedGraphStore.Open(Path.Combine(_folder.Path, "atomic")))
        {
            await atomic.ApplyAsync(batch);
            expectedEntities = [.. atomic.Snapshot.Entities.Select(Canonical.Of).Order()];
            expectedRelationships = [.. atomic.Snapshot.Relationships.Select(Canonical.Of).Order()];
        }

        var folder = Path.Combine(_folder.Path, "chunked");
        await using (var store = EmbeddedGraphStore.Open(folder))
        {
            var results = await store.ApplyInChunksAsync(batch, 100);

            Assert.Equal([1L, 2, 3, 4, 5], results.Select(r => r.Sequence));
            Assert.Equal(230, results.Sum(r => r.EntitiesWritten));
            Assert.Equal(230, results.Sum(r => r.RelationshipsWritten));
            Assert.Equal(5, store.Snapshot.Sequence);
            Assert.Equal(expectedEntities, store.Snapshot.Entities.Select(Canonical.Of).Order());
            Assert.Equal(expectedRelationships, store.Snapshot.Relationships.Select(Canonical.Of).Order());
            var log = await store.ChangesSinceAsync(0);
            Assert.Equal(["ring (chunk 1 of 5)", "ring (chunk 2 of 5)", "ring (chunk 3 of 5)", "ring (chunk 4 of 5)", "ring (chunk 5 of 5)"], log.Select(e => e.Description));
            Assert.Equal(100, log[0].Changes.Count);
            Assert.All(log[0].Changes.Take(100), c => Assert.IsType<PutEntity>(c));
            Assert.Equal(60, log[^1].Changes.Count);
        }

        // The file alone (log and tables) gives the same graph back.
        await using var reopened = EmbeddedGraphStore.Open(folder);
        Assert.Equal(expectedEntities, reopened.Snapshot.Entities.Select(Canonical.Of).Order());
        Assert.Equal(expectedRelationships, reopened.Snapshot.Relationships.Select(Canonical.Of).Order());
        Assert.Equal(5, reopened.Snapshot.Sequence);
    }

    [Fact]
    public async Task ApplyInChunks_ProblemInTheLastChunk_WritesNothing()
    {
        var changes = RingBatch(250).Changes.ToList();
        changes.Add(Put(Rel(RelationshipTypes.Supplies, "ring-3", "nobody", id: "bad")));
        await using var store = EmbeddedGraphStore.Open(_folder.Path);

        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => store.ApplyInChunksAsync(new ChangeBatch(changes, "ring"), 100));

        Assert.Contains(ex.Errors, e => e.Message.Contains("nobody", StringComparison.Ordinal));
        Assert.Equal(0, store.Snapshot.Sequence);
        Assert.Empty(await store.ChangesSinceAsync(0));
        await using var reopened = EmbeddedGraphStore.Open(_folder.Path);
        Assert.Equal(0, reopened.Snapshot.LiveNodeCount);
    }

    [Fact]
    public async Task ApplyInChunks_AnotherProcessFollows_SeesEveryChunkInOrder()
    {
        await using var writer = EmbeddedGraphStore.Open(_folder.Path);
        await using var follower = EmbeddedGraphStore.Open(_folder.Path, TimeSpan.FromMilliseconds(20));

        await writer.ApplyInChunksAsync(RingBatch(250), 100);

        // The follower is another connection on the file: it catches up from the log, chunk by chunk.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (follower.Snapshot.Sequence < 5 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(5, follower.Snapshot.Sequence);
        Assert.Equal(writer.Snapshot.Relationships.Select(Canonical.Of).Order(), follower.Snapshot.Relationships.Select(Canonical.Of).Order());
    }

    [Fact]
    public async Task ApplyInChunks_BatchDeletingAnEntity_OneChunkAsApplyAsyncWrites()
    {
        // A detached delete takes its relationships with it: the batch cannot be cut without splitting that.
        var batch = Batch(new DeleteEntity("ring-1", Detach: true), Put(Company("x")), Put(Company("y")));
        await using var atomic = EmbeddedGraphStore.Open(Path.Combine(_folder.Path, "atomic"));
        await atomic.ApplyAsync(RingBatch(10));
        await atomic.ApplyAsync(batch);
        await using var store = EmbeddedGraphStore.Open(Path.Combine(_folder.Path, "chunked"));
        await store.ApplyAsync(RingBatch(10));

        var results = await store.ApplyInChunksAsync(batch, 1);

        Assert.Single(results);
        Assert.Equal(10 - 1 + 2, store.Snapshot.LiveNodeCount);
        Assert.Equal(atomic.Snapshot.Entities.Select(Canonical.Of).Order(), store.Snapshot.Entities.Select(Canonical.Of).Order());
        Assert.Equal(atomic.Snapshot.Relationships.Select(Canonical.Of).Order(), store.Snapshot.Relationships.Select(Canonical.Of).Order());
    }

    [Fact]
    public async Task Apply_ReviewWithoutLocation_StoredWithAnEmptyFileNotNull()
    {
        // The row writer binds text as UTF-8 spans: an empty one must be stored as empty text, which the NOT NULL
        // column accepts, not as NULL (a span over no bytes may reach SQLite as a null pointer).
        var item = Compliance.GraphStoreCompliance.OpenItemFor("k1", Company("a"), Company("b")) with { At = null };
        await using var store = EmbeddedGraphStore.Open(Path.Combine(_folder.Path, "reviews"));

        await store.ApplyAsync(Batch(Put(Company("a")), Put(Company("b")), new PutReview(item)));

        Assert.Null((await store.GetReviewAsync(item.Id))!.At);
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={store.FilePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT source_file FROM reviews";
        Assert.Equal("", read.ExecuteScalar());
    }

    [Fact]
    public void WriteOrder_NoEntityDeleted_EntitiesFirstOtherwiseInBatchOrder()
    {
        Change[] changes = [Put(Rel(RelationshipTypes.Supplies, "a", "b", id: "r1")), Put(Company("a")), new DeleteRelationship("r0"), Put(Company("b"))];

        var ordered = ChunkedBatch.WriteOrder(changes);

        Assert.Equal([changes[1], changes[3], changes[0], changes[2]], ordered);
        Change[] withDelete = [.. changes, new DeleteEntity("c")];
        Assert.Same(withDelete, ChunkedBatch.WriteOrder(withDelete));
    }

    /// <summary>A ring of n companies, the relationships listed before the entities.</summary>
    private static ChangeBatch RingBatch(int n)
    {
        var changes = new List<Change>();
        for (var i = 0; i < n; i++)
        {
            changes.Add(Put(Rel(RelationshipTypes.Supplies, $"ring-{i}", $"ring-{(i + 1) % n}", id: $"ring-r{i}")));
        }

        for (var i = 0; i < n; i++)
        {
            changes.Add(Put(Company($"ring-{i}", $"Ring Company {i}")));
        }

        return new ChangeBatch(changes, "ring");
    }
}
