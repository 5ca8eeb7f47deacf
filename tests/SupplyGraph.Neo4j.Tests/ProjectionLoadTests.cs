using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Import;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Storage;
using SupplyGraph.Core.Tests.Support;

namespace SupplyGraph.Neo4j.Tests;

/// <summary>
/// The projection's load reads Neo4j in pages of node ids; whatever the page size, it gives the graph that was pushed,
/// numbered as the embedded store numbers it. A fresh push creates instead of merging; pushed again, it merges onto
/// what the first one created and nothing is there twice.
/// </summary>
[Collection(Neo4jServer.Collection)]
public sealed class ProjectionLoadTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [SkippableTheory]
    [InlineData(7)] // hundreds of pages: boundaries fall between most entities and those their relationships lead to
    [InlineData(1_000)] // a few pages, the last one partly beyond the highest node id
    [InlineData(100_000)] // the whole graph in one page
    public async Task Load_AnyPageSize_GivesTheEmbeddedGraphInTheSameOrder(int page)
    {
        RequiredService.SkipIf(Neo4jServer.Settings is null, Neo4jServer.NotConfigured);
        await Neo4jServer.ResetAsync(Neo4jServer.Settings!);
        await using var embedded = EmbeddedGraphStore.Open(Path.Combine(_folder.Path, "seed"));
        await GraphSeed.LoadAsync(embedded, RepoPaths.Seed);
        // Holes in the record ids, as deletions leave them: pages must step over them.
        await embedded.ApplyAsync(new ChangeBatch([new DeleteEntity("meituan", Detach: true)], "hole"));
        await using (var writer = new Neo4jGraphStore(Neo4jServer.Settings!))
        {
            await Neo4jSync.PushAsync(embedded.Snapshot, writer);
        }

        await using var reader = new Neo4jGraphStore(Neo4jServer.Settings!) { LoadPage = page };
        var copy = await reader.GraphAsync();
        AssertSameGraphSameNumbering(embedded.Snapshot, copy);
    }

    [SkippableFact]
    public async Task Push_FreshThenAgain_HoldsTheGraphOnceAndAnswersAsTheEmbeddedStore()
    {
        RequiredService.SkipIf(Neo4jServer.Settings is null, Neo4jServer.NotConfigured);
        await Neo4jServer.ResetAsync(Neo4jServer.Settings!);
        await using var embedded = EmbeddedGraphStore.Open(Path.Combine(_folder.Path, "twice"));
        await GraphSeed.LoadAsync(embedded, RepoPaths.Seed);
        var graph = embedded.Snapshot;
        await using var neo4j = new Neo4jGraphStore(Neo4jServer.Settings!);
        var first = new List<SyncProgress>();
        await Neo4jSync.PushAsync(graph, neo4j, new Synchronous(first));
        // The first push went into an empty graph: created, so nothing to sweep.
        Assert.DoesNotContain(first, p => p.Stage == "sweep");
        var second = new List<SyncProgress>();
        await Neo4jSync.PushAsync(graph, neo4j, new Synchronous(second));
        Assert.Contains(second, p => p.Stage == "sweep");

        var statistics = await neo4j.GetStatisticsAsync();
        Assert.Equal((graph.LiveNodeCount, graph.LiveEdgeCount), (statistics.Entities, statistics.Relationships));
        await using var reader = new Neo4jGraphStore(Neo4jServer.Settings!) { LoadPage = 500 };
        AssertSameGraphSameNumbering(graph, await reader.GraphAsync());
        foreach (var (from, to) in new[] { ("nettrix", "sugon"), ("sugon", "nettrix") })
        {
            var a = await embedded.ShortestPathAsync(from, to, PathQuery.Default);
            var b = await reader.ShortestPathAsync(from, to, PathQuery.Default);
            Assert.Equal(a?.Hops.Select(h => h.Relationship.Id), b?.Hops.Select(h => h.Relationship.Id));
        }
    }

    /// <summary>
    /// The same records, numbered as a reopened embedded store numbers them (built from its records in id order), so
    /// that ties between equally good answers break alike on both stores.
    /// </summary>
    private static void AssertSameGraphSameNumbering(GraphSnapshot graph, GraphSnapshot copy)
    {
        var reopened = GraphSnapshot.Create(0, graph.Entities.OrderBy(e => e.Id, StringComparer.Ordinal), graph.Relationships.OrderBy(r => r.Id, StringComparer.Ordinal));
        Assert.Equal(reopened.Entities.Select(Canonical.Of), copy.Entities.Select(Canonical.Of));
        Assert.Equal(reopened.Relationships.Select(Canonical.Of), copy.Relationships.Select(Canonical.Of));
    }

    private sealed class Synchronous(List<SyncProgress> reports) : IProgress<SyncProgress>
    {
        public void Report(SyncProgress value) => reports.Add(value);
    }
}
