using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace SupplyGraph.Server.Tests;

/// <summary>The real server on a real loopback port, so that node's SignalR client can connect.</summary>
public class KestrelServerFactory : ServerFactory
{
    public KestrelServerFactory()
    {
        UseKestrel(0);
        StartServer();
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal);
    }

    public string BaseUrl { get; }

    public string HubUrl => BaseUrl + "/hubs/exposure";

    public HttpClient Http(string key)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }
}

public sealed class HubTests(KestrelServerFactory server) : IClassFixture<KestrelServerFactory>
{
    private readonly HttpClient _editor = server.Http(ServerFactory.EditorKey);

    private async Task<long> CommitAsync(string batchJson)
    {
        var response = await _editor.PostAsync(new Uri("/api/batches", UriKind.Relative), new StringContent(batchJson, Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("sequence").GetInt64();
    }

    private static string Supplies(string id, string from, string to) =>
        $$$"""{"relationships": [{"id": "{{{id}}}", "type": "SUPPLIES", "from": "{{{from}}}", "to": "{{{to}}}", "provenance": {"source": "hub test"}}]}""";

    [Fact]
    public async Task ExposureSubscription_RestMutation_PushesTheDiffTaggedWithTheCommit()
    {
        await using var client = await HubClient.ConnectAsync(server.HubUrl, ServerFactory.ReaderKey);
        var id = (await client.InvokeAsync("SubscribeExposure", new { entities = new[] { "megvii" }, maxHops = 1 })).GetProperty("subscriptionId").GetString()!;
        var first = (await client.UpdatesForAsync(id, 1))[0];
        Assert.True(first.GetProperty("full").GetBoolean());
        Assert.Equal(["megvii"], first.GetProperty("exposure").GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("party").GetProperty("id").GetString()));

        // An unrelated commit pushes nothing; one that brings a listed party within reach pushes the added hit.
        await CommitAsync(Supplies("hub-unrelated", "intel", "microsoft"));
        var sequence = await CommitAsync(Supplies("hub-sugon-megvii", "sugon", "megvii"));
        var diff = (await client.UpdatesForAsync(id, 2))[1];
        Assert.False(diff.GetProperty("full").GetBoolean());
        Assert.Equal(sequence, diff.GetProperty("sequence").GetInt64());
        var added = diff.GetProperty("exposure").GetProperty("hits")[0];
        Assert.Equal("sugon", added.GetProperty("party").GetProperty("id").GetString());
        Assert.Equal("hub-sugon-megvii", added.GetProperty("path").GetProperty("hops")[0].GetProperty("relationship").GetProperty("id").GetString());
        await Task.Delay(300);
        Assert.Equal(2, client.Updates.Count(u => u.GetProperty("subscriptionId").GetString() == id));
    }

    [Fact]
    public async Task ExposureSubscription_CypherWrite_PushesTheDiff()
    {
        await using var client = await HubClient.ConnectAsync(server.HubUrl, ServerFactory.ReaderKey);
        var id = (await client.InvokeAsync("SubscribeExposure", new { entities = new[] { "microsoft" }, maxHops = 1 })).GetProperty("subscriptionId").GetString()!;
        await client.UpdatesForAsync(id, 1);

        // A Cypher write goes through the store's batch path, so subscribers hear of it like any other commit.
        var response = await _editor.PostAsync(new Uri("/api/cypher", UriKind.Relative), new StringContent(
            """{"query": "MATCH (a {id: 'microsoft'}), (b {id: 'iflytek'}) CREATE (a)-[:SUPPLIES {id: 'cypher-ms-iflytek', source: 'hub test'}]->(b)"}""",
            Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var diff = (await client.UpdatesForAsync(id, 2))[1];
        Assert.False(diff.GetProperty("full").GetBoolean());
        Assert.Equal("iflytek", diff.GetProperty("exposure").GetProperty("hits")[0].GetProperty("party").GetProperty("id").GetString());
    }

    [Fact]
    public async Task DroppedConnection_ResumesWithExactlyTheMissedUpdates()
    {
        await using var client = await HubClient.ConnectAsync(server.HubUrl, ServerFactory.ReaderKey);
        var id = (await client.InvokeAsync("SubscribeEntity", "amazon")).GetProperty("subscriptionId").GetString()!;
        var seen = (await client.UpdatesForAsync(id, 1))[0].GetProperty("sequence").GetInt64();

        await client.DropAsync();
        var missed = new List<long>
        {
            await CommitAsync(Supplies("resume-1", "amazon", "megvii")),
            await CommitAsync(Supplies("resume-2", "intel", "amazon")),
        };
        await CommitAsync(Supplies("resume-unrelated", "google", "megvii"));
        missed.Add(await CommitAsync(Supplies("resume-3", "amazon", "sensetime")));

        await client.ConnectAgainAsync(server.HubUrl, ServerFactory.ReaderKey);
        var resumed = await client.InvokeAsync("Resume", id, seen);
        Assert.True(resumed.GetProperty("resumed").GetBoolean());
        var after = (await client.UpdatesForAsync(id, 4)).Skip(1).ToList();
        Assert.Equal(missed, after.Select(u => u.GetProperty("sequence").GetInt64()));
        Assert.Equal(4, after[^1].GetProperty("entity").GetProperty("relationships").GetArrayLength()); // OPERATES + the three missed

        // Live again, and nothing twice.
        var live = await CommitAsync(Supplies("resume-4", "amazon", "baai"));
        var all = await client.UpdatesForAsync(id, 5);
        Assert.Equal(live, all[^1].GetProperty("sequence").GetInt64());
        Assert.Equal(all.Count, all.Select(u => u.GetProperty("sequence").GetInt64()).Distinct().Count());
    }

    [Fact]
    public async Task Resume_FromTheMiddle_SendsOnlyWhatCameAfter()
    {
        await using var client = await HubClient.ConnectAsync(server.HubUrl, ServerFactory.ReaderKey);
        var id = (await client.InvokeAsync("SubscribeEntity", "tencent")).GetProperty("subscriptionId").GetString()!;
        await client.UpdatesForAsync(id, 1);
        var s1 = await CommitAsync(Supplies("middle-1", "tencent", "megvii"));
        var s2 = await CommitAsync(Supplies("middle-2", "tencent", "sensetime"));
        await client.UpdatesForAsync(id, 3);
        await client.DropAsync();
        await client.ConnectAgainAsync(server.HubUrl, ServerFactory.ReaderKey);
        Assert.True((await client.InvokeAsync("Resume", id, s1)).GetProperty("resumed").GetBoolean());
        var all = await client.UpdatesForAsync(id, 4);
        Assert.Equal(s2, all[3].GetProperty("sequence").GetInt64());
        await Task.Delay(300);
        Assert.Equal(4, client.Updates.Count(u => u.GetProperty("subscriptionId").GetString() == id));
    }

    [Fact]
    public async Task FailingBatch_NeverReachesSubscribers()
    {
        await using var client = await HubClient.ConnectAsync(server.HubUrl, ServerFactory.ReaderKey);
        var id = (await client.InvokeAsync("SubscribeEntity", "alibaba")).GetProperty("subscriptionId").GetString()!;
        await client.UpdatesForAsync(id, 1);
        var bad = await _editor.PostAsync(new Uri("/api/batches", UriKind.Relative), new StringContent(
            """{"relationships": [{"type": "SUPPLIES", "from": "alibaba", "to": "megvii", "provenance": {"source": "s"}}, {"type": "SUPPLIES", "from": "alibaba", "to": "ghost", "provenance": {"source": "s"}}]}""",
            Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var good = await CommitAsync(Supplies("after-bad", "alibaba", "sensetime"));
        var updates = await client.UpdatesForAsync(id, 2);
        Assert.Equal(good, updates[1].GetProperty("sequence").GetInt64());
        Assert.Single(updates[1].GetProperty("entity").GetProperty("relationships").EnumerateArray());
    }

    [Fact]
    public async Task OwnershipSubscription_MajorityStakeBought_PushesTheFlip()
    {
        await using var client = await HubClient.ConnectAsync(server.HubUrl, ServerFactory.ReaderKey);
        var id = (await client.InvokeAsync("SubscribeOwnership", "meituan", "bis-affiliates")).GetProperty("subscriptionId").GetString()!;
        var first = (await client.UpdatesForAsync(id, 1))[0];
        Assert.Equal("notBlocked", first.GetProperty("ownership").GetProperty("determination").GetProperty("status").GetString());
        var sequence = await CommitAsync("""{"relationships": [{"type": "OWNS", "from": "sugon", "to": "meituan", "share": "51%", "provenance": {"source": "hub test"}}]}""");
        var flip = (await client.UpdatesForAsync(id, 2))[1];
        Assert.Equal(sequence, flip.GetProperty("sequence").GetInt64());
        Assert.Equal("notBlocked", flip.GetProperty("ownership").GetProperty("statusBefore").GetString());
        var determination = flip.GetProperty("ownership").GetProperty("determination");
        Assert.Equal("blocked", determination.GetProperty("status").GetString());
        Assert.Equal("sugon", determination.GetProperty("contributions")[0].GetProperty("owner").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Hub_WithoutKey_RefusesTheConnection()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => HubClient.ConnectAsync(server.HubUrl, "not-a-key"));
        Assert.Contains("401", ex.Message, StringComparison.Ordinal);
    }
}
