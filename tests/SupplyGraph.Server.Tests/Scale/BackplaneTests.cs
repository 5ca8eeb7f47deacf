using System.Text.RegularExpressions;
using SupplyGraph.Client;
using SupplyGraph.Core.Live;
using SupplyGraph.Core.Tests.Support;
using SupplyGraph.Server.Tests.Attacks;

namespace SupplyGraph.Server.Tests.Scale;

/// <summary>
/// Two server processes on one store file with the Redis backplane, and the .NET client library connected to the
/// first: what is written through the second reaches it; when the first is killed, the client moves to the second
/// and resumes from its sequence with nothing lost or repeated.
/// </summary>
public sealed partial class BackplaneTests : IAsyncLifetime
{
    private const string ReaderKey = "backplane-reader-key";
    private const string EditorKey = "backplane-editor-key";
    private readonly TempFolder _folder = new();
    private RedisServer _redis = null!;
    private ServerProcess _a = null!;
    private ServerProcess _b = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();

        // One after the other: the first seeds the store, the second opens it.
        _a = await ServerProcess.StartAsync(Info());
        _b = await ServerProcess.StartAsync(Info());
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _redis.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task TwoServers_WriteThroughB_ReachesClientOnA_KillA_ClientResumesOnBWithNothingLost()
    {
        var servers = new[] { new Uri(_a.BaseUrl), new Uri(_b.BaseUrl) };
        await using var hub = new SupplyGraphHubClient(new HubClientOptions { Servers = servers, ApiKey = ReaderKey });
        var reconnected = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Reconnected += server => reconnected.TrySetResult(server);
        await hub.StartAsync();
        Assert.Equal(servers[0], new Uri(hub.CurrentServer.GetLeftPart(UriPartial.Authority)));

        using var b = new SupplyGraphClient(servers[1], EditorKey);
        var start = (await b.HealthAsync()).LastSequence;
        var sugon = await hub.SubscribeEntityAsync("sugon");
        var first = await NextAsync(sugon);
        Assert.True(first.Full);
        var relationshipsBefore = first.Entity!.Relationships.Count;

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var changes = new List<long>();
        var streaming = Task.Run(async () =>
        {
            await foreach (var entry in hub.ChangesAsync(start, stop.Token))
            {
                lock (changes)
                {
                    changes.Add(entry.Sequence);
                }
            }
        });

        // Both servers hold their own channels on the one Redis: the backplane is in use.
        var channels = await _redis.CliAsync("PUBSUB", "CHANNELS", RedisBackplane() + "*");
        Assert.Equal(2, AckChannel().Matches(channels).Select(m => m.Groups[1].Value).Distinct().Count());

        // Written through B, pushed by A (which follows the same log) to its client.
        var committed = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            committed.Add(await SupplyAsync(b, $"backplane-before-{i}"));
        }

        var beforeKill = await UpdatesAsync(sugon, 5);
        Assert.Equal(committed, beforeKill.Select(u => u.Sequence));
        await WaitForAsync(() => Count(changes) == 5, "the change stream on A");

        // A dies without a word; B keeps taking writes while the client finds it.
        _a.Kill();
        for (var i = 0; i < 5; i++)
        {
            committed.Add(await SupplyAsync(b, $"backplane-after-{i}"));
        }

        Assert.Equal(servers[1], new Uri((await reconnected.Task.WaitAsync(TimeSpan.FromSeconds(30))).GetLeftPart(UriPartial.Authority)));
        await WaitForAsync(() => Count(changes) >= 10, "the change stream after the failover");
        committed.Add(await SupplyAsync(b, "backplane-live-on-b"));
        await WaitForAsync(() => Count(changes) >= 11, "the change stream live on B");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => streaming);

        // The change stream: every batch, in order, once.
        Assert.Equal(committed, changes);

        // The subscription: B did not know it, so the client subscribed there again; its full answer holds every
        // relationship written while it moved, and the diffs after it repeat no sequence.
        var afterKill = new List<LiveUpdate>();
        while (afterKill.Count == 0 || afterKill[^1].Sequence < committed[^1])
        {
            afterKill.Add(await NextAsync(sugon));
        }

        Assert.True(afterKill[0].Full);
        Assert.Equal(sugon.Id, afterKill[0].SubscriptionId);
        var last = afterKill[^1].Entity!.Relationships.Select(r => r.Id).ToHashSet();
        Assert.Equal(relationshipsBefore + 11, last.Count);
        Assert.All(Enumerable.Range(0, 5), i => Assert.Contains($"backplane-after-{i}", last));
        var diffs = afterKill.Skip(1).Select(u => u.Sequence).ToList();
        Assert.Equal(diffs.Distinct().Order(), diffs);
        Assert.True(diffs.All(s => s > afterKill[0].Sequence));
        Assert.Equal(0, sugon.Repeats);
    }

    [Fact]
    public async Task Server_RedisConfiguredButUnreachable_RefusesToStartSayingSo()
    {
        var info = Info();
        info.Environment["SupplyGraph__Redis"] = $"127.0.0.1:{RedisServer.FreePort()}";
        var (exitCode, output) = await ServerProcess.RunToExitAsync(info, TimeSpan.FromSeconds(60));
        Assert.NotEqual(0, exitCode);
        Assert.Contains("cannot reach Redis at 127.0.0.1:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening on", output, StringComparison.Ordinal);
    }

    private System.Diagnostics.ProcessStartInfo Info() => ServerProcess.StartInfo(Path.Combine(_folder.Path, "data"), new Dictionary<string, string>
    {
        ["SUPPLYGRAPH_API_KEYS"] = $"reader:{ReaderKey},editor:{EditorKey}",
        ["SupplyGraph__Redis"] = _redis.Connection,
    });

    private static string RedisBackplane() => SupplyGraph.Server.Extensions.RedisBackplane.ChannelPrefix;

    private static async Task<long> SupplyAsync(SupplyGraphClient client, string id) =>
        (await client.ApplyJsonAsync($$$"""{"relationships": [{"id": "{{{id}}}", "type": "SUPPLIES", "from": "intel", "to": "sugon", "provenance": {"source": "backplane test"}}]}""", id)).Sequence;

    private static async Task<LiveUpdate> NextAsync(LiveSubscription subscription)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await subscription.Updates.ReadAsync(timeout.Token);
    }

    private static async Task<List<LiveUpdate>> UpdatesAsync(LiveSubscription subscription, int count)
    {
        var updates = new List<LiveUpdate>();
        while (updates.Count < count)
        {
            updates.Add(await NextAsync(subscription));
        }

        return updates;
    }

    private static int Count(List<long> list)
    {
        lock (list)
        {
            return list.Count;
        }
    }

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        for (var clock = System.Diagnostics.Stopwatch.StartNew(); !condition(); await Task.Delay(20))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"timed out waiting for {what}");
        }
    }

    /// <summary>
    /// SignalR's Redis backplane subscribes each server to its own acknowledgement channel per hub, named after the hub
    /// and a server name of that hub's own: the exposure hub's channels count the servers.
    /// </summary>
    [GeneratedRegex(@"ExposureHub:internal:ack:(\S+)")]
    private static partial Regex AckChannel();
}
