using SupplyGraph.Core.Import;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Storage;
using SupplyGraph.Core.Tests.Support;

namespace SupplyGraph.Neo4j.Tests;

/// <summary>
/// A push that stops part-way (here: cancelled once 60 % of the seed graph is written) continues from its last
/// committed chunk when run again on the same graph, and ends with Neo4j holding exactly that graph.
/// </summary>
[Collection(Neo4jServer.Collection)]
public sealed class PushResumeTests : IDisposable
{
    private const int Chunk = 250;
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [SkippableFact]
    public async Task Push_InterruptedAtSixtyPercent_ContinuesFromThereAndEndsEqualToTheGraph()
    {
        RequiredService.SkipIf(Neo4jServer.Settings is null, Neo4jServer.NotConfigured);
        await Neo4jServer.ResetAsync(Neo4jServer.Settings!);
        await using var embedded = EmbeddedGraphStore.Open(Path.Combine(_folder.Path, "seed"));
        await GraphSeed.LoadAsync(embedded, RepoPaths.Seed);
        var graph = embedded.Snapshot;
        var total = graph.LiveNodeCount + graph.LiveEdgeCount;

        await using var neo4j = new Neo4jGraphStore(Neo4jServer.Settings!);
        using var stop = new CancellationTokenSource();
        var first = new Recorder(graph.LiveNodeCount, p =>
        {
            if (p >= total * 6 / 10)
            {
                stop.Cancel();
            }
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Neo4jSync.PushAsync(graph, neo4j, Chunk, first, stop.Token));
        var written = first.Overall[^1];
        Assert.InRange(written, total * 6 / 10, total * 6 / 10 + Chunk);
        Assert.True(written < total);

        var second = new Recorder(graph.LiveNodeCount);
        var (entities, relationships) = await Neo4jSync.PushAsync(graph, neo4j, Chunk, second);
        Assert.Equal(("resumed", written), (second.Reports[0].Stage, second.Reports[0].Done));

        // Only the rest was sent: one report per chunk after the resume point, not one per chunk of the graph.
        var chunksLeft = second.Reports.Count(r => r.Stage is "entities" or "relationships");
        var expectedLeft = Chunks(Math.Max(0, graph.LiveNodeCount - written)) + Chunks(graph.LiveEdgeCount - Math.Max(0, written - graph.LiveNodeCount));
        Assert.Equal(expectedLeft, chunksLeft);
        Assert.True(chunksLeft < Chunks(graph.LiveNodeCount) + Chunks(graph.LiveEdgeCount));
        Assert.Equal((graph.LiveNodeCount, graph.LiveEdgeCount), (entities, relationships));

        // What Neo4j holds, read back by another store, is the graph: every record, nothing twice.
        await using var reader = new Neo4jGraphStore(Neo4jServer.Settings!);
        var copy = await reader.GraphAsync();
        Assert.Equal(graph.Entities.Select(Canonical.Of).Order(StringComparer.Ordinal), copy.Entities.Select(Canonical.Of).Order(StringComparer.Ordinal));
        Assert.Equal(graph.Relationships.Select(Canonical.Of).Order(StringComparer.Ordinal), copy.Relationships.Select(Canonical.Of).Order(StringComparer.Ordinal));

        // A finished push leaves no checkpoint: the next one starts from the beginning.
        var third = new Recorder(graph.LiveNodeCount);
        await Neo4jSync.PushAsync(graph, neo4j, Chunk * 8, third);
        Assert.NotEqual("resumed", third.Reports[0].Stage);
    }

    [SkippableFact]
    public async Task Push_InterruptedThenGraphChanged_StartsOver()
    {
        RequiredService.SkipIf(Neo4jServer.Settings is null, Neo4jServer.NotConfigured);
        await Neo4jServer.ResetAsync(Neo4jServer.Settings!);
        await using var embedded = EmbeddedGraphStore.Open(Path.Combine(_folder.Path, "changed"));
        await GraphSeed.LoadAsync(embedded, RepoPaths.Seed);
        await using var neo4j = new Neo4jGraphStore(Neo4jServer.Settings!);
        using var stop = new CancellationTokenSource();
        var first = new Recorder(embedded.Snapshot.LiveNodeCount, p =>
        {
            if (p >= 1000)
            {
                stop.Cancel();
            }
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Neo4jSync.PushAsync(embedded.Snapshot, neo4j, Chunk, first, stop.Token));

        await embedded.ApplyAsync(new ChangeBatch([new DeleteEntity("meituan", Detach: true)], "changed"));
        var second = new Recorder(embedded.Snapshot.LiveNodeCount);
        await Neo4jSync.PushAsync(embedded.Snapshot, neo4j, Chunk * 8, second);
        Assert.Equal("entities", second.Reports[0].Stage);
        Assert.Null(await neo4j.GetEntityAsync("meituan"));
        Assert.Equal(embedded.Snapshot.LiveNodeCount, (await neo4j.GetStatisticsAsync()).Entities);
    }

    private static int Chunks(int records) => (records + Chunk - 1) / Chunk;

    /// <summary>Records progress as it is reported (synchronously, unlike <see cref="Progress{T}"/>).</summary>
    private sealed class Recorder(int entities, Action<int>? onOverall = null) : IProgress<SyncProgress>
    {
        public List<SyncProgress> Reports { get; } = [];

        /// <summary>Records written so far, entities then relationships, after each chunk.</summary>
        public List<int> Overall { get; } = [];

        public void Report(SyncProgress value)
        {
            Reports.Add(value);
            var overall = value.Stage switch { "entities" => value.Done, "relationships" => entities + value.Done, _ => -1 };
            if (overall >= 0)
            {
                Overall.Add(overall);
                onOverall?.Invoke(overall);
            }
        }
    }
}
