using System.Diagnostics;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Storage;
using SupplyGraph.Core.Tests.Support;
using static SupplyGraph.Core.Tests.Support.Fixtures;

namespace SupplyGraph.Core.Tests;

/// <summary>
/// The projection a remote store answers from, driven here by a real embedded store's log: loaded once, then kept
/// current with another writer's batches by following the log, and with this process's own at once.
/// </summary>
public sealed class GraphProjectionTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Projection_OtherWritersBatches_ArriveInOrderWithoutAReload()
    {
        await using var store = EmbeddedGraphStore.Open(_folder.Path, TimeSpan.FromMilliseconds(20));
        await store.ApplyAsync(Batch(Put(Company("a")), Put(Company("b"))));
        var loads = 0;
        await using var projection = new GraphProjection(store, _ =>
        {
            loads++;
            return Task.FromResult(store.Snapshot);
        });
        Assert.Equal(2, (await projection.CurrentAsync()).LiveNodeCount);

        // Another process's store object on the same file writes; the projection follows the log to it.
        await using (var other = EmbeddedGraphStore.Open(_folder.Path))
        {
            await other.ApplyAsync(Batch(Put(Company("c"))));
            await other.ApplyAsync(Batch(Put(Rel(RelationshipTypes.Supplies, "a", "c"))));
            var last = await other.ApplyAsync(Batch(new DeleteEntity("b")));
            var graph = await WaitForAsync(projection, last.Sequence);
            Assert.Equal(last.Sequence, graph.Sequence);
            Assert.Null(graph.FindEntity("b"));
            Assert.NotNull(graph.FindRelationship("SUPPLIES:a->c"));
        }

        Assert.Equal(1, loads);
    }

    [Fact]
    public async Task Advance_OwnCommitAfterAnotherWriters_AppliesBothAtOnce()
    {
        // A poll far longer than the test: only AdvanceAsync's catch-up can bring the other writer's batch in.
        await using var store = EmbeddedGraphStore.Open(_folder.Path, TimeSpan.FromMinutes(10));
        await store.ApplyAsync(Batch(Put(Company("a"))));
        await using var projection = new GraphProjection(store, _ => Task.FromResult(store.Snapshot)) { RetryDelay = TimeSpan.FromMinutes(10) };
        await projection.CurrentAsync();

        await using var other = EmbeddedGraphStore.Open(_folder.Path, TimeSpan.FromMinutes(10));
        var theirs = await other.ApplyAsync(Batch(Put(Company("theirs"))));
        var mine = await other.ApplyAsync(Batch(Put(Company("mine"))));
        var entry = (await store.ChangesSinceAsync(theirs.Sequence, 1))[0];
        Assert.Equal(mine.Sequence, entry.Sequence);

        await projection.AdvanceAsync(entry);
        var graph = projection.Loaded!;
        Assert.Equal(mine.Sequence, graph.Sequence);
        Assert.NotNull(graph.FindEntity("theirs"));
        Assert.NotNull(graph.FindEntity("mine"));
    }

    private static async Task<GraphSnapshot> WaitForAsync(GraphProjection projection, long sequence)
    {
        for (var clock = Stopwatch.StartNew(); clock.Elapsed < TimeSpan.FromSeconds(30); await Task.Delay(10))
        {
            if ((await projection.CurrentAsync()).Sequence >= sequence)
            {
                return await projection.CurrentAsync();
            }
        }

        throw new TimeoutException($"the projection did not reach sequence {sequence}");
    }
}
