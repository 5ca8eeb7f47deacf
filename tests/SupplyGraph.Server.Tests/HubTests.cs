using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using SupplyGraph.Client;
using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Live;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Server.Tests;

/// <summary>The hub through the .NET client library (and, for the server's resume protocol itself, a bare SignalR connection).</summary>
public sealed class HubTests(KestrelServerFactory server) : IClassFixture<KestrelServerFactory>
{
    private readonly SupplyGraphClient _editor = server.Rest(ServerFactory.EditorKey);

    private async Task<long> CommitAsync(string batchJson) => (await _editor.ApplyJsonAsync(batchJson)).Sequence;

    private static string Supplies(string id, string from, string to) =>
        $$$"""{"relationships": [{"id": "{{{id}}}", "type": "SUPPLIES", "from": "{{{from}}}", "to": "{{{to}}}", "provenance": {"source": "hub test"}}]}""";

    private static async Task<LiveUpdate> NextAsync(LiveSubscription subscription)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        return await subscription.Updates.ReadAsync(timeout.Token);
    }

    /// <summary>Nothing more arrives within a moment (what was pushed has had time to arrive).</summary>
    private static async Task AssertQuietAsync(LiveSubscription subscription)
    {
        await Task.Delay(300);
        Assert.False(subscription.Updates.TryRead(out var extra), $"unexpected update {extra?.Sequence}");
    }

    [Fact]
    public async Task ExposureSubscription_RestMutation_PushesTheDiffTaggedWithTheCommit()
    {
        await using var hub = await server.HubAsync(ServerFactory.ReaderKey);
        var watch = await hub.SubscribeExposureAsync(new ExposureWatchRequest(["megvii"], MaxHops: 1));
        var first = await NextAsync(watch);
        Assert.True(first.Full);
        Assert.Equal(["megvii"], first.Exposure!.Hits.Select(h => h.Party.Id));

        // An unrelated commit pushes nothing; one that brings a listed party within reach pushes the added hit.
        await CommitAsync(Supplies("hub-unrelated", "intel", "microsoft"));
        var sequence = await CommitAsync(Supplies("hub-sugon-megvii", "sugon", "megvii"));
        var diff = await NextAsync(watch);
        Assert.False(diff.Full);
        Assert.Equal(sequence, diff.Sequence);
        var added = diff.Exposure!.Hits[0];
        Assert.Equal("sugon", added.Party.Id);
        Assert.Equal("hub-sugon-megvii", added.Path.Hops[0].Relationship.Id);
        await AssertQuietAsync(watch);
    }

    [Fact]
    public async Task ExposureSubscription_CypherWrite_PushesTheDiff()
    {
        await using var hub = await server.HubAsync(ServerFactory.ReaderKey);
        var watch = await hub.SubscribeExposureAsync(new ExposureWatchRequest(["microsoft"], MaxHops: 1));
        await NextAsync(watch);

        // A Cypher write goes through the store's batch path, so subscribers hear of it like any other commit.
        var answer = await _editor.CypherAsync("MATCH (a {id: 'microsoft'}), (b {id: 'iflytek'}) CREATE (a)-[:SUPPLIES {id: 'cypher-ms-iflytek', source: 'hub test'}]->(b)");
        Assert.Equal(1, answer.Stats["relationshipsCreated"].GetInt32());
        var diff = await NextAsync(watch);
        Assert.False(diff.Full);
        Assert.Equal("iflytek", diff.Exposure!.Hits[0].Party.Id);
    }

    [Fact]
    public async Task ChangeHeads_ThreeCommits_SameSequencesTimesAndDescriptionsAsTheFullEntries()
    {
        await using var hub = await server.HubAsync(ServerFactory.ReaderKey);
        var first = await CommitAsync(Supplies("heads-0", "jd-com", "megvii"));
        var second = (await _editor.ApplyJsonAsync(Supplies("heads-1", "jd-com", "sensetime"), "heads test")).Sequence;
        var third = await CommitAsync(Supplies("heads-2", "intel", "jd-com"));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var entries = new List<ChangeLogEntry>();
        await foreach (var entry in hub.ChangesAsync(first - 1, stop.Token))
        {
            entries.Add(entry);
            if (entry.Sequence >= third)
            {
                break;
            }
        }

        var heads = new List<ChangeLogHead>();
        await foreach (var head in hub.ChangeHeadsAsync(first - 1, stop.Token))
        {
            heads.Add(head);
            if (head.Sequence >= third)
            {
                break;
            }
        }

        // Both read the same log, so whatever else another test committed meanwhile, they agree entry for entry.
        Assert.Equal(entries.Select(e => (e.Sequence, e.CommittedAt, e.Description)), heads.Select(h => (h.Sequence, h.CommittedAt, h.Description)));
        Assert.Contains(heads, h => h.Sequence == second && h.Description == "heads test");
        Assert.Equal(first, heads[0].Sequence);
    }

    [Fact]
    public async Task ClientLibrary_ConnectionCut_ResumesOnTheSameServerWithExactlyTheMissedUpdates()
    {
        await using var proxy = new TcpProxy(server.BaseUrl);
        await using var hub = await server.HubAsync(ServerFactory.ReaderKey, via: proxy.BaseUrl);
        var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Reconnected += _ => reconnected.TrySetResult();
        var watch = await hub.SubscribeEntityAsync("jd-com");
        var first = await NextAsync(watch);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var log = new List<long>();
        var streaming = Task.Run(async () =>
        {
            await foreach (var entry in hub.ChangesAsync(first.Sequence, stop.Token))
            {
                lock (log)
                {
                    log.Add(entry.Sequence);
                }
            }
        });
        var before = await CommitAsync(Supplies("cut-0", "jd-com", "megvii"));
        Assert.Equal(before, (await NextAsync(watch)).Sequence);

        // The network drops and stays down while three commits happen, one of them not about JD.com.
        proxy.Down = true;
        proxy.CutAll();
        var missed = new List<long> { await CommitAsync(Supplies("cut-1", "jd-com", "sensetime")), await CommitAsync(Supplies("cut-2", "intel", "jd-com")) };
        var unrelated = await CommitAsync(Supplies("cut-unrelated", "google", "megvii"));
        proxy.Down = false;
        await reconnected.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var live = await CommitAsync(Supplies("cut-3", "jd-com", "baai"));

        // The subscription resumed on the same server: the missed diffs, then the live one; no refresh, no repeat.
        var after = new List<LiveUpdate>();
        while (after.Count < 3)
        {
            after.Add(await NextAsync(watch));
        }

        Assert.Equal([.. missed, live], after.Select(u => u.Sequence));
        Assert.All(after, u => Assert.False(u.Full));
        Assert.All(after, u => Assert.Equal(watch.Id, u.SubscriptionId));
        Assert.Equal(["cut-0", "cut-1", "cut-2", "cut-3"], after[^1].Entity!.Relationships.Select(r => r.Id).Where(r => r.StartsWith("cut-", StringComparison.Ordinal)).Order());
        await AssertQuietAsync(watch);

        // The change stream went on from where it was: every batch, once, in order.
        for (var clock = System.Diagnostics.Stopwatch.StartNew(); clock.Elapsed < TimeSpan.FromSeconds(20); await Task.Delay(20))
        {
            lock (log)
            {
                if (log.Count >= 5)
                {
                    break;
                }
            }
        }

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => streaming);
        Assert.Equal([before, .. missed, unrelated, live], log);
    }

    [Fact]
    public async Task DroppedConnection_ResumesWithExactlyTheMissedUpdates()
    {
        // The server's side of resuming, with a bare connection: drop it, commit, come back with Resume.
        var updates = new List<JsonElement>();
        var connection = await BareConnectionAsync(updates);
        var id = (await connection.InvokeAsync<JsonElement>("SubscribeEntity", "amazon")).GetProperty("subscriptionId").GetString()!;
        var seen = (await UpdatesForAsync(updates, id, 1))[0].GetProperty("sequence").GetInt64();

        await connection.DisposeAsync();
        var missed = new List<long>
        {
            await CommitAsync(Supplies("resume-1", "amazon", "megvii")),
            await CommitAsync(Supplies("resume-2", "intel", "amazon")),
        };
        await CommitAsync(Supplies("resume-unrelated", "google", "megvii"));
        missed.Add(await CommitAsync(Supplies("resume-3", "amazon", "sensetime")));

        await using var again = await BareConnectionAsync(updates);
        var resumed = await again.InvokeAsync<JsonElement>("Resume", id, seen);
        Assert.True(resumed.GetProperty("resumed").GetBoolean());
        var after = (await UpdatesForAsync(updates, id, 4)).Skip(1).ToList();
        Assert.Equal(missed, after.Select(u => u.GetProperty("sequence").GetInt64()));
        Assert.Equal(4, after[^1].GetProperty("entity").GetProperty("relationships").GetArrayLength()); // OPERATES + the three missed

        // Live again, and nothing twice.
        var live = await CommitAsync(Supplies("resume-4", "amazon", "baai"));
        var all = await UpdatesForAsync(updates, id, 5);
        Assert.Equal(live, all[^1].GetProperty("sequence").GetInt64());
        Assert.Equal(all.Count, all.Select(u => u.GetProperty("sequence").GetInt64()).Distinct().Count());
    }

    [Fact]
    public async Task Resume_FromTheMiddle_SendsOnlyWhatCameAfter()
    {
        var updates = new List<JsonElement>();
        var connection = await BareConnectionAsync(updates);
        var id = (await connection.InvokeAsync<JsonElement>("SubscribeEntity", "tencent")).GetProperty("subscriptionId").GetString()!;
        await UpdatesForAsync(updates, id, 1);
        var s1 = await CommitAsync(Supplies("middle-1", "tencent", "megvii"));
        var s2 = await CommitAsync(Supplies("middle-2", "tencent", "sensetime"));
        await UpdatesForAsync(updates, id, 3);
        await connection.DisposeAsync();
        await using var again = await BareConnectionAsync(updates);
        Assert.True((await again.InvokeAsync<JsonElement>("Resume", id, s1)).GetProperty("resumed").GetBoolean());
        var all = await UpdatesForAsync(updates, id, 4);
        Assert.Equal(s2, all[3].GetProperty("sequence").GetInt64());
        await Task.Delay(300);
        Assert.Equal(4, (await UpdatesForAsync(updates, id, 4)).Count);
    }

    [Fact]
    public async Task FailingBatch_NeverReachesSubscribers()
    {
        await using var hub = await server.HubAsync(ServerFactory.ReaderKey);
        var watch = await hub.SubscribeEntityAsync("alibaba");
        await NextAsync(watch);
        var bad = await Assert.ThrowsAsync<SupplyGraphProblemException>(() => _editor.ApplyJsonAsync(
            """{"relationships": [{"type": "SUPPLIES", "from": "alibaba", "to": "megvii", "provenance": {"source": "s"}}, {"type": "SUPPLIES", "from": "alibaba", "to": "ghost", "provenance": {"source": "s"}}]}"""));
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Equal("to", bad.Field);
        Assert.Contains("ghost", bad.Detail, StringComparison.Ordinal);
        var good = await CommitAsync(Supplies("after-bad", "alibaba", "sensetime"));
        var update = await NextAsync(watch);
        Assert.Equal(good, update.Sequence);
        Assert.Single(update.Entity!.Relationships);
    }

    [Fact]
    public async Task OwnershipSubscription_MajorityStakeBought_PushesTheFlip()
    {
        await using var hub = await server.HubAsync(ServerFactory.ReaderKey);
        var watch = await hub.SubscribeOwnershipAsync("meituan", "bis-affiliates");
        var first = await NextAsync(watch);
        Assert.Equal(BlockStatus.NotBlocked, first.Ownership!.Determination.Status);
        var sequence = await CommitAsync("""{"relationships": [{"type": "OWNS", "from": "sugon", "to": "meituan", "share": "51%", "provenance": {"source": "hub test"}}]}""");
        var flip = await NextAsync(watch);
        Assert.Equal(sequence, flip.Sequence);
        Assert.Equal(BlockStatus.NotBlocked, flip.Ownership!.StatusBefore);
        Assert.Equal(BlockStatus.Blocked, flip.Ownership.Determination.Status);
        Assert.Equal("sugon", flip.Ownership.Determination.Contributions[0].Owner.Id);
    }

    [Fact]
    public async Task Hub_BadArgument_FailsTheCallNamingIt()
    {
        await using var hub = await server.HubAsync(ServerFactory.ReaderKey);
        var ex = await Assert.ThrowsAsync<HubException>(() => hub.SubscribeOwnershipAsync("meituan", "no-such-rule"));
        Assert.Contains("HubException: rule: unknown rule 'no-such-rule'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hub_WithoutKey_RefusesTheConnection()
    {
        var ex = await Assert.ThrowsAsync<AggregateException>(() => server.HubAsync("not-a-key"));
        Assert.Contains("401", ex.InnerExceptions.Single().Message, StringComparison.Ordinal);
    }

    private async Task<HubConnection> BareConnectionAsync(List<JsonElement> updates)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(server.HubUrl, o => o.Headers["X-Api-Key"] = ServerFactory.ReaderKey)
            .Build();
        connection.On<JsonElement>("Update", u =>
        {
            lock (updates)
            {
                updates.Add(u);
            }
        });
        await connection.StartAsync();
        return connection;
    }

    private static async Task<List<JsonElement>> UpdatesForAsync(List<JsonElement> updates, string subscriptionId, int count)
    {
        for (var clock = System.Diagnostics.Stopwatch.StartNew(); ; await Task.Delay(20))
        {
            List<JsonElement> matching;
            lock (updates)
            {
                matching = [.. updates.Where(u => u.GetProperty("subscriptionId").GetString() == subscriptionId)];
            }

            if (matching.Count >= count)
            {
                return matching;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"expected {count} updates for {subscriptionId}, got {matching.Count}");
        }
    }
}
