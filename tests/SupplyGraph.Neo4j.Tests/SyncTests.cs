using SupplyGraph.Cli.Commands;
using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Import;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Storage;
using SupplyGraph.Core.Tests.Support;

namespace SupplyGraph.Neo4j.Tests;

/// <summary>
/// push and pull with a real Neo4j, on the seed graph. The class starts on an empty database; its tests do not empty
/// it again, since a push makes Neo4j equal to the pushed graph whatever it held (that is what they check).
/// </summary>
[Collection(Neo4jServer.Collection)]
public sealed class SyncTests : IClassFixture<FreshNeo4jDatabase>, IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private async Task<EmbeddedGraphStore> SeededAsync(string name)
    {
        var store = EmbeddedGraphStore.Open(Path.Combine(_folder.Path, name));
        await GraphSeed.LoadAsync(store, RepoPaths.Seed);
        return store;
    }

    private static Neo4jGraphStore Neo4j() => new(Neo4jServer.Settings!);

    [SkippableFact]
    public async Task Push_SeedGraph_PathsAndExposureOnNeo4jEqualTheEmbeddedAnswers()
    {
        RequiredService.SkipIf(Neo4jServer.Settings is null, Neo4jServer.NotConfigured);
        await using var embedded = await SeededAsync("a");
        await using var neo4j = Neo4j();
        var (entities, relationships) = await Neo4jSync.PushAsync(embedded.Snapshot, neo4j);
        var stats = await neo4j.GetStatisticsAsync();
        Assert.Equal((embedded.Snapshot.LiveNodeCount, embedded.Snapshot.LiveEdgeCount), (stats.Entities, stats.Relationships));
        Assert.Equal((entities, relationships), (stats.Entities, stats.Relationships));

        foreach (var (from, to) in new[] { ("sugon", "nettrix"), ("iflytek", "high-end-ai-chips"), ("intel", "inspur-software") })
        {
            var mine = await embedded.ShortestPathAsync(from, to, PathQuery.Default);
            var theirs = await neo4j.ShortestPathAsync(from, to, PathQuery.Default);
            Assert.Equal(mine!.Nodes.Select(n => n.Id), theirs!.Nodes.Select(n => n.Id));
            Assert.Equal(mine.Hops.Select(h => (h.Relationship.Id, h.Forward)), theirs.Hops.Select(h => (h.Relationship.Id, h.Forward)));
        }

        var query = new ExposureQuery { Types = [RelationshipTypes.ManufacturesFor], Direction = Direction.In, MaxHops = 2 };
        var exposureHere = await embedded.ExposureAsync(["sugon"], query);
        var exposureThere = await neo4j.ExposureAsync(["sugon"], query);
        Assert.Equal(exposureHere.Hits.Select(h => (h.Party.Id, h.Hops, h.Listings[0].Since)), exposureThere.Hits.Select(h => (h.Party.Id, h.Hops, h.Listings[0].Since)));
        Assert.Equal(exposureHere.Score, exposureThere.Score);
    }

    [SkippableFact]
    public async Task Push_Twice_IsIdempotentAndFollowsChanges()
    {
        RequiredService.SkipIf(Neo4jServer.Settings is null, Neo4jServer.NotConfigured);
        await using var embedded = await SeededAsync("b");
        await using var neo4j = Neo4j();
        await Neo4jSync.PushAsync(embedded.Snapshot, neo4j);
        await Neo4jSync.PushAsync(embedded.Snapshot, neo4j);
        Assert.Equal(embedded.Snapshot.LiveEdgeCount, (await neo4j.GetStatisticsAsync()).Relationships);

        var rel = embedded.Snapshot.FindRelationship("MANUFACTURES_FOR:nettrix->sugon")!;
        await embedded.ApplyAsync(new ChangeBatch([
            new PutRelationship(rel with { Provenance = rel.Provenance with { Confidence = 0.55 } }),
            new DeleteEntity("meituan", Detach: true),
        ]));
        await Neo4jSync.PushAsync(embedded.Snapshot, neo4j);
        Assert.Equal(0.55, (await neo4j.GetRelationshipAsync(rel.Id))!.Provenance.Confidence);
        Assert.Null(await neo4j.GetEntityAsync("meituan"));
        Assert.Equal(embedded.Snapshot.LiveNodeCount, (await neo4j.GetStatisticsAsync()).Entities);
    }

    [SkippableFact]
    public async Task CliPushThenPull_RoundTripsTheSeedGraph()
    {
        RequiredService.SkipIf(Neo4jServer.Settings is null, Neo4jServer.NotConfigured);
        var settings = Neo4jServer.Settings!;
        var a = Path.Combine(_folder.Path, "cli-a");
        var b = Path.Combine(_folder.Path, "cli-b");
        using var quiet = new StringWriter();
        Assert.Equal(0, await CliApp.RunAsync(["init", "--data", a, "--seed", RepoPaths.Seed, "--quiet"], quiet, quiet));
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var pushed = await CliApp.RunAsync(["push", "--neo4j", settings.Url.ToString(), "--user", settings.User, "--password", settings.Password, "--data", a], output, errors);
        Assert.True(pushed == 0, errors.ToString());
        Assert.Contains("pushed 3480 entities and 3703 relationships", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("relationships 3703/3703", errors.ToString(), StringComparison.Ordinal);

        Assert.Equal(0, await CliApp.RunAsync(["init", "--empty", "--data", b], quiet, quiet));
        var pulled = await CliApp.RunAsync(["pull", "--neo4j", settings.Url.ToString(), "--user", settings.User, "--password", settings.Password, "--data", b, "--quiet"], output, errors);
        Assert.True(pulled == 0, errors.ToString());
        await using var copy = EmbeddedGraphStore.Open(b);
        Assert.Equal((3480, 3703), (copy.Snapshot.LiveNodeCount, copy.Snapshot.LiveEdgeCount));
        Assert.Equal(new DateOnly(2019, 10, 9), Listings.Of(copy.Snapshot, Node(copy.Snapshot, "iflytek"))[0].Since);
    }

    [SkippableFact]
    public async Task CliPush_WrongPassword_SaysSo()
    {
        RequiredService.SkipIf(Neo4jServer.Settings is null, Neo4jServer.NotConfigured);
        var a = Path.Combine(_folder.Path, "cli-c");
        using var quiet = new StringWriter();
        await CliApp.RunAsync(["init", "--empty", "--data", a], quiet, quiet);
        using var errors = new StringWriter();
        var code = await CliApp.RunAsync(["push", "--neo4j", Neo4jServer.Settings!.Url.ToString(), "--password", "nope-nope", "--data", a], quiet, errors);
        Assert.Equal(4, code);
        Assert.Contains("wrong user or password", errors.ToString(), StringComparison.Ordinal);
    }

    private static int Node(GraphSnapshot g, string id) => g.TryGetNode(id, out var n) ? n : -1;
}
