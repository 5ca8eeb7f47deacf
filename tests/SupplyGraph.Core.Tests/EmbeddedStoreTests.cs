using SupplyGraph.Core.Model;
using SupplyGraph.Core.Storage;
using SupplyGraph.Core.Tests.Support;
using static SupplyGraph.Core.Tests.Support.Fixtures;

namespace SupplyGraph.Core.Tests;

public sealed class EmbeddedStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Reopen_AfterBatches_RestoresTheSameGraph()
    {
        string[] entities, relationships;
        long sequence;
        await using (var store = EmbeddedGraphStore.Open(_folder.Path))
        {
            await store.ApplyAsync(Batch(Put(Company("a", "Alpha", "A1")), Put(Company("b")), Put(Company("c")),
                Put(Rel(RelationshipTypes.Owns, "a", "b", share: 0.5, validFrom: new DateOnly(2020, 1, 1))),
                Put(Rel(RelationshipTypes.Supplies, "b", "c"))));
            await store.ApplyAsync(Batch(new DeleteEntity("c", Detach: true), Put(Company("d") with { Country = "China" })));
            entities = [.. store.Snapshot.Entities.ToArray().Select(Canonical.Of).Order()];
            relationships = [.. store.Snapshot.Relationships.ToArray().Select(Canonical.Of).Order()];
            sequence = store.Snapshot.Sequence;
        }

        await using var reopened = EmbeddedGraphStore.Open(_folder.Path);
        Assert.Equal(entities, reopened.Snapshot.Entities.ToArray().Select(Canonical.Of).Order());
        Assert.Equal(relationships, reopened.Snapshot.Relationships.ToArray().Select(Canonical.Of).Order());
        Assert.Equal(sequence, reopened.Snapshot.Sequence);
        Assert.Equal(2, (await reopened.ChangesSinceAsync(0)).Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task DeleteEntityDetached_OnAFreshStore_TakesItsRelationshipsOutOfTheGraphAndTheFile(bool relationshipsFirst)
    {
        var ring = new List<Change>();
        for (var i = 0; i < 10; i++)
        {
            ring.Add(Put(Company($"ring-{i}")));
        }

        for (var i = 0; i < 10; i++)
        {
            ring.Insert(relationshipsFirst ? i : ring.Count, Put(Rel(RelationshipTypes.Supplies, $"ring-{i}", $"ring-{(i + 1) % 10}", id: $"ring-r{i}")));
        }

        string[] afterDelete;
        await using (var store = EmbeddedGraphStore.Open(_folder.Path))
        {
            await store.ApplyAsync(new ChangeBatch(ring, "ring"));
            await store.ApplyAsync(Batch(new DeleteEntity("ring-1", Detach: true)));

            afterDelete = [.. store.Snapshot.Relationships.ToArray().Select(r => r.Id).Order(StringComparer.Ordinal)];
            Assert.DoesNotContain("ring-r0", afterDelete);
            Assert.DoesNotContain("ring-r1", afterDelete);
            Assert.Equal(8, afterDelete.Length);
            Assert.Null(store.Snapshot.FindEntity("ring-1"));
        }

        await using var reopened = EmbeddedGraphStore.Open(_folder.Path);
        Assert.Equal(afterDelete, reopened.Snapshot.Relationships.ToArray().Select(r => r.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Readers_DuringBatches_SeeWholeBatchesOnly()
    {
        // Every batch adds a pair of entities joined by a relationship: any snapshot has an even entity
        // count and exactly half as many relationships. A half-applied batch would break that.
        await using var store = EmbeddedGraphStore.Open(_folder.Path);
        using var stop = new CancellationTokenSource();
        var violations = 0;
        var reads = 0;
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var g = store.Snapshot;
                if (g.LiveNodeCount % 2 != 0 || g.LiveEdgeCount * 2 != g.LiveNodeCount || g.Sequence * 2 != g.LiveNodeCount)
                {
                    Interlocked.Increment(ref violations);
                }

                Interlocked.Increment(ref reads);
            }
        })).ToArray();

        while (Volatile.Read(ref reads) == 0)
        {
            await Task.Delay(1);
        }

        for (var i = 0; i < 40; i++)
        {
            await store.ApplyAsync(Batch(Put(Company($"p{i}")), Put(Company($"q{i}")), Put(Rel(RelationshipTypes.Supplies, $"p{i}", $"q{i}"))));
        }

        await stop.CancelAsync();
        await Task.WhenAll(readers);
        Assert.Equal(0, violations);
        Assert.True(reads > 1);
        Assert.Equal(80, store.Snapshot.LiveNodeCount);
    }

    [Fact]
    public async Task Follow_BatchesOfTwoStoresOnOneFile_EachSeesBothInSequenceOrder()
    {
        await using var first = EmbeddedGraphStore.Open(_folder.Path);
        await using var second = EmbeddedGraphStore.Open(_folder.Path);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var feed = Collect(first, 3, stop.Token);

        await first.ApplyAsync(Batch(Put(Company("a"))));
        await second.ApplyAsync(Batch(Put(Company("b"))));
        await Assert.ThrowsAsync<InvalidInputException>(() => second.ApplyAsync(Batch(new DeleteEntity("zzz"))));
        await first.ApplyAsync(Batch(Put(Company("c"))));

        Assert.Equal([1L, 2L, 3L], (await feed).Select(e => e.Sequence));

        // The first store's own snapshot also has the second store's batch, without a write of its own.
        await second.ApplyAsync(Batch(Put(Company("d"))));
        while (first.Snapshot.Sequence < 4)
        {
            await Task.Delay(20, stop.Token);
        }

        Assert.NotNull(first.Snapshot.FindEntity("b"));
        Assert.NotNull(first.Snapshot.FindEntity("d"));
    }

    [Fact]
    public async Task Apply_ReadModifyWriteFromTwoStores_LosesNoUpdate()
    {
        await using var first = EmbeddedGraphStore.Open(_folder.Path);
        await using var second = EmbeddedGraphStore.Open(_folder.Path);
        await first.ApplyAsync(Batch(Put(Company("counter"))));

        // Each increment reads the counter and writes it plus one; both stores at once, interleaved.
        static Task Increment(EmbeddedGraphStore store, int times) => Task.Run(async () =>
        {
            for (var i = 0; i < times; i++)
            {
                await store.ApplyAsync(graph =>
                {
                    var entity = graph.FindEntity("counter")!;
                    var count = entity.Properties.TryGetValue("count", out var c) ? Convert.ToInt64(c, System.Globalization.CultureInfo.InvariantCulture) : 0L;
                    var properties = new Dictionary<string, object?>(entity.Properties, StringComparer.Ordinal) { ["count"] = count + 1 };
                    return Batch(new PutEntity(entity with { Properties = properties }));
                });
            }
        });
        await Task.WhenAll(Increment(first, 200), Increment(second, 200));

        await using var reopened = EmbeddedGraphStore.Open(_folder.Path);
        Assert.Equal(400L, Convert.ToInt64(reopened.Snapshot.FindEntity("counter")!.Properties["count"], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Apply_BatchesQueuedBehindAnotherProcess_CommitTogetherAndAnInvalidOneFailsAlone()
    {
        await using var first = EmbeddedGraphStore.Open(_folder.Path);
        await using var other = EmbeddedGraphStore.Open(_folder.Path);
        await first.ApplyAsync(Batch(Put(Company("hub"))));

        // The other store holds the file's write lock while this one's batches arrive: they queue, and go in
        // together once it is released.
        using var release = new SemaphoreSlim(0);
        var blocker = await HoldWriteLockAsync(other, release);

        var writes = new List<Task<CommitResult>>();
        for (var i = 0; i < 20; i++)
        {
            var n = i;
            writes.Add(Task.Run(() => n == 7
                ? first.ApplyAsync(Batch(Put(Rel(RelationshipTypes.Supplies, "hub", "nobody"))))
                : first.ApplyAsync(Batch(Put(Company($"c{n}")), Put(Rel(RelationshipTypes.Supplies, $"c{n}", "hub", id: $"r{n}"))))));
        }

        using var cancelled = new CancellationTokenSource();
        var dropped = Task.Run(() => first.ApplyAsync(Batch(Put(Company("dropped"))), cancellationToken: cancelled.Token));
        await Task.Delay(200);
        await cancelled.CancelAsync();
        release.Release();
        await blocker;

        await Assert.ThrowsAsync<InvalidInputException>(() => writes[7]);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dropped);
        var sequences = new List<long>();
        for (var i = 0; i < writes.Count; i++)
        {
            if (i != 7)
            {
                sequences.Add((await writes[i]).Sequence);
            }
        }

        // After the other process's batch, with no gap where the invalid or the cancelled one was.
        Assert.Equal(Enumerable.Range(3, 19).Select(i => (long)i), sequences.Order());
        await using var reopened = EmbeddedGraphStore.Open(_folder.Path);
        Assert.Equal(1 + 1 + 19, reopened.Snapshot.LiveNodeCount);
        Assert.Equal(19, reopened.Snapshot.LiveEdgeCount);
        Assert.Null(reopened.Snapshot.FindEntity("dropped"));
        Assert.Equal(21L, reopened.Snapshot.Sequence);
        Assert.Equal(first.Snapshot.Sequence, reopened.Snapshot.Sequence);
        Assert.Equal(19, first.Snapshot.LiveEdgeCount);
    }

    // The other store takes the file's write lock and keeps it until release is signalled; returns once it holds it.
    // ApplyAsync writes on the calling thread once it holds the store: the holder gets its own.
    private static async Task<Task<CommitResult?>> HoldWriteLockAsync(EmbeddedGraphStore other, SemaphoreSlim release)
    {
        using var inside = new SemaphoreSlim(0);
        var holder = Task.Run(() => other.ApplyAsync(graph =>
        {
            inside.Release();
            release.Wait();
            return Batch(Put(Company("other")));
        }));
        await inside.WaitAsync();
        return holder;
    }

    [Fact]
    public async Task Apply_GroupWhoseCallerThrowsAfterCommit_AnswersEveryCallerOfTheGroup()
    {
        await using var first = EmbeddedGraphStore.Open(_folder.Path);
        await using var other = EmbeddedGraphStore.Open(_folder.Path);
        using var release = new SemaphoreSlim(0);
        var blocker = await HoldWriteLockAsync(other, release);

        // Five batches queue behind the other store; each caller's progress throws once its batch is committed.
        var writes = Enumerable.Range(0, 5).Select(i => Task.Run(() => first.ApplyAsync(Batch(Put(Company($"g{i}"))),
            new CancelAt(null, "committed", 0)))).ToList();
        await Task.Delay(200);
        release.Release();
        await blocker;

        // Every caller gets an answer (a result or the exception), none waits for ever.
        await Task.WhenAll(writes.Select(w => w.ContinueWith(_ => { }, TaskScheduler.Default))).WaitAsync(TimeSpan.FromSeconds(60));
        await using var reopened = EmbeddedGraphStore.Open(_folder.Path);
        Assert.Equal(6, reopened.Snapshot.LiveNodeCount);
    }

    private static async Task<List<ChangeLogEntry>> Collect(EmbeddedGraphStore store, int count, CancellationToken cancellationToken)
    {
        var entries = new List<ChangeLogEntry>();
        await foreach (var entry in store.FollowAsync(0, cancellationToken))
        {
            entries.Add(entry);
            if (entries.Count == count)
            {
                break;
            }
        }

        return entries;
    }

    [Fact]
    public async Task Apply_CancelledBeforeCommit_ChangesNothing()
    {
        await using var store = EmbeddedGraphStore.Open(_folder.Path);
        using var cts = new CancellationTokenSource();
        var changes = Enumerable.Range(0, 12_000).Select(i => (Change)Put(Company($"n{i}"))).ToArray();
        var progress = new CancelAt(cts, "writing", 5_000);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.ApplyAsync(Batch(changes), progress, cts.Token));
        Assert.Equal(0, store.Snapshot.LiveNodeCount);
        await using var reopened = EmbeddedGraphStore.Open(_folder.Path);
        Assert.Equal(0, reopened.Snapshot.LiveNodeCount);
    }

    /// <summary>At a stage, cancels <c>cts</c>; without one, throws (a caller's callback failing).</summary>
    private sealed class CancelAt(CancellationTokenSource? cts, string stage, int done) : IProgress<ApplyProgress>
    {
        public void Report(ApplyProgress value)
        {
            if (value.Stage == stage && value.Done >= done)
            {
                if (cts is null)
                {
                    throw new InvalidOperationException("progress callback failed");
                }

                cts.Cancel();
            }
        }
    }
}
