using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Storage;
using SupplyGraph.Core.Tests.Support;
using static SupplyGraph.Core.Tests.Support.Fixtures;

namespace SupplyGraph.Core.Tests;

/// <summary>
/// Compaction of a large base (<see cref="EmbeddedGraphStore.RebuildFromRecordsLimit"/> lowered to -1 so that every base,
/// the empty one too, counts as large): built from the tables in the background, never from every record as objects.
/// </summary>
public sealed class StoreCompactionTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Commit_DeltaPastThresholdOnLargeBase_CompactedFromTablesWithSameGraph()
    {
        var reference = Path.Combine(_folder.Path, "reference");
        var folder = Path.Combine(_folder.Path, "large");
        await using var expected = EmbeddedGraphStore.Open(reference);
        await using var store = EmbeddedGraphStore.Open(folder);
        store.RebuildFromRecordsLimit = -1;
        // A folder where the snapshot file goes: the first compaction cannot write it, so what the commits did alone shows.
        var blocker = Directory.CreateDirectory(Path.Combine(folder, SnapshotFile.FileName));
        var batches = Batches().ToList();
        foreach (var batch in batches.Take(6))
        {
            await expected.ApplyAsync(batch);
            await store.ApplyAsync(batch);
        }

        // 1,200 changes, past the threshold of 1,000: no rebuild from the records (the delta is all there).
        await store.SnapshotWrite;
        Assert.Equal(1_200, store.Snapshot.DeltaSize);
        Assert.Equal(expected.Snapshot.Relationships.Select(Canonical.Of).Order(), store.Snapshot.Relationships.Select(Canonical.Of).Order());

        // Once the file can be written, the next commit's compaction builds the base from the tables and maps it.
        blocker.Delete();
        await expected.ApplyAsync(batches[6]);
        await store.ApplyAsync(batches[6]);
        await store.SnapshotWrite;
        Assert.Equal(0, store.Snapshot.DeltaSize);
        Assert.IsType<MappedRecords<Entity>>(store.Snapshot.Base.Nodes);
        Assert.Equal(expected.Snapshot.Sequence, store.Snapshot.Sequence);
        Assert.Equal(expected.Snapshot.Entities.Select(Canonical.Of).Order(), store.Snapshot.Entities.Select(Canonical.Of).Order());
        Assert.Equal(expected.Snapshot.Relationships.Select(Canonical.Of).Order(), store.Snapshot.Relationships.Select(Canonical.Of).Order());
        Assert.Equal(EdgeIds(expected.Snapshot, "c-7"), EdgeIds(store.Snapshot, "c-7"));

        // Commits go on over the new base, and the file alone gives the same graph back.
        foreach (var batch in batches.Skip(7).Append(Batch(new DeleteRelationship("r-3"), Put(Company("late")))))
        {
            await expected.ApplyAsync(batch);
            await store.ApplyAsync(batch);
        }

        await store.SnapshotWrite;
        await using var reopened = EmbeddedGraphStore.Open(folder);
        Assert.Equal(expected.Snapshot.Relationships.Select(Canonical.Of).Order(), reopened.Snapshot.Relationships.Select(Canonical.Of).Order());
        Assert.Equal(expected.Snapshot.Entities.Select(Canonical.Of).Order(), reopened.Snapshot.Entities.Select(Canonical.Of).Order());
        Assert.Equal(EdgeIds(expected.Snapshot, "c-7"), EdgeIds(reopened.Snapshot, "c-7"));
    }

    private static IEnumerable<string> EdgeIds(GraphSnapshot graph, string entityId)
    {
        Assert.True(graph.TryGetNode(entityId, out var node));
        return graph.EdgesAt(node, Direction.Both).Select(e => graph.Relationship(e).Id).Order();
    }

    private static IEnumerable<ChangeBatch> Batches()
    {
        var entities = new List<Change>();
        for (var i = 0; i < 200; i++)
        {
            entities.Add(Put(Company($"c-{i}", $"Company {i}")));
        }

        yield return new ChangeBatch(entities, "companies");
        for (var b = 0; b < 8; b++)
        {
            var relationships = new List<Change>();
            for (var i = 0; i < 200; i++)
            {
                var k = (b * 200) + i;
                relationships.Add(Put(Rel(RelationshipTypes.Supplies, $"c-{k % 200}", $"c-{(k * 7 + 1) % 200}", id: $"r-{k}")));
            }

            yield return new ChangeBatch(relationships, $"supplies {b}");
        }
    }
}
