using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SupplyGraph.Client;
using SupplyGraph.Core.Live;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Tests.Support;
using static SupplyGraph.Core.Tests.Support.Fixtures;

namespace SupplyGraph.Neo4j.Tests;

/// <summary>
/// Live push in Neo4j mode: two real server processes on one Neo4j, each following the SgChange log. A batch written
/// through the REST API of one reaches the hub clients of the other — no backplane, only the log.
/// </summary>
[Collection(Neo4jServer.Collection)]
public sealed class LiveOnNeo4jTests
{
    private const string Reader = "reader-key-live-neo4j";
    private const string Editor = "editor-key-live-neo4j";

    [SkippableFact]
    public async Task RestWriteOnServerB_OnSameNeo4j_ReachesHubClientOfServerA()
    {
        RequiredService.SkipIf(Neo4jServer.Settings is null, Neo4jServer.NotConfigured);
        var settings = Neo4jServer.Settings!;
        await Neo4jServer.ResetAsync(settings);
        await using (var store = new Neo4jGraphStore(settings))
        {
            // A small graph of our own, so that neither server seeds the database.
            await store.ApplyAsync(Batch(
                Put(Company("buyer", "Buyer Ltd.")),
                Put(Company("middle", "Middle Trading")),
                Put(Company("banned", "Banned Corp.")),
                Put(List("el")),
                Put(Rel(RelationshipTypes.Supplies, "middle", "buyer")),
                Put(Rel(RelationshipTypes.ListedOn, "banned", "el"))));
        }

        await using var a = await ServerProcess.StartAsync(settings, $"reader:{Reader},editor:{Editor}");
        await using var b = await ServerProcess.StartAsync(settings, $"reader:{Reader},editor:{Editor}");
        await using var hub = new SupplyGraphHubClient(new HubClientOptions { Servers = [a.Url], ApiKey = Reader, ReconnectFor = TimeSpan.FromSeconds(10) });
        await hub.StartAsync();
        var exposure = await hub.SubscribeExposureAsync(new ExposureWatchRequest(["buyer"], MaxHops: 3));
        var entity = await hub.SubscribeEntityAsync("buyer");
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var first = await exposure.Updates.ReadAsync(wait.Token);
        Assert.True(first.Full);
        Assert.Empty(first.Exposure!.Hits);
        Assert.True((await entity.Updates.ReadAsync(wait.Token)).Full);

        // The write goes to server B: banned now supplies middle, so buyer is two hops from a listed party.
        using var editor = new HttpClient { BaseAddress = b.Url };
        editor.DefaultRequestHeaders.Add("X-Api-Key", Editor);
        var write = await editor.PostAsync("/api/batches", new StringContent(
            """{"relationships": [{"type": "SUPPLIES", "from": "banned", "to": "middle", "provenance": {"source": "live test"}}]}""",
            Encoding.UTF8, "application/json"));
        Assert.True(write.IsSuccessStatusCode, await write.Content.ReadAsStringAsync());
        var sequence = (await write.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sequence").GetInt64();

        LiveUpdate pushed = await exposure.Updates.ReadAsync(wait.Token);
        Assert.False(pushed.Full);
        Assert.Equal(sequence, pushed.Sequence);
        var hit = Assert.Single(pushed.Exposure!.Hits);
        Assert.Equal(("banned", 2), (hit.Party.Id, hit.Hops));
        Assert.True(pushed.Exposure.Score > 0);

        // Server A answers from its projection too: the REST query there sees B's write.
        using var reader = new HttpClient { BaseAddress = a.Url };
        reader.DefaultRequestHeaders.Add("X-Api-Key", Reader);
        var answer = await reader.GetFromJsonAsync<JsonElement>("/api/exposure?entity=buyer&maxHops=3");
        Assert.Equal("banned", answer.GetProperty("hits")[0].GetProperty("party").GetProperty("id").GetString());

        // The change stream of A carries B's batch, read from the log.
        await foreach (var entry in hub.ChangesAsync(sequence - 1, wait.Token))
        {
            Assert.Equal(sequence, entry.Sequence);
            Assert.Equal("banned", Assert.IsType<PutRelationship>(Assert.Single(entry.Changes)).Relationship.From);
            break;
        }
    }
}
