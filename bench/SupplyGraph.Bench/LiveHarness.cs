using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SupplyGraph.Client;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Storage;

namespace SupplyGraph.Bench;

/// <summary>
/// The live benchmark: the server on the 1M-node store, 1,000 SignalR connections (the .NET client library) each
/// subscribed to a 4-hop exposure query, and a writer committing 50 batches a second for a minute. Measures
/// commit-to-receipt latency, lost and out-of-order messages, and the server's CPU and memory.
/// </summary>
public static class LiveHarness
{
    private const string Reader = "bench-reader-key";
    private const string Editor = "bench-editor-key";

    public static async Task<int> RunAsync(string root, string dir, string[] args)
    {
        var connections = int.Parse(Arg(args, "--connections") ?? "1000", CultureInfo.InvariantCulture);
        var rate = int.Parse(Arg(args, "--rate") ?? "50", CultureInfo.InvariantCulture);
        var seconds = int.Parse(Arg(args, "--seconds") ?? "60", CultureInfo.InvariantCulture);
        var storeDir = FreshStore(dir);

        await ProcessProbe.ExecAsync("dotnet", root, "build", "-c", "Release", "-v", "quiet", "src/SupplyGraph.Server");

        const int Port = 5181;
        var url = $"http://127.0.0.1:{Port}";
        var serverInfo = new ProcessStartInfo("dotnet", [Path.Combine(root, "src", "SupplyGraph.Server", "bin", "Release", "net10.0", "SupplyGraph.Server.dll"), "--urls", url])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        serverInfo.Environment["SupplyGraph__DataDirectory"] = storeDir;
        serverInfo.Environment["SUPPLYGRAPH_API_KEYS"] = $"reader:{Reader},editor:{Editor}";
        serverInfo.Environment["Logging__LogLevel__Default"] = "Warning";
        var started = Stopwatch.StartNew();
        using var server = Process.Start(serverInfo)!;
        _ = server.StandardOutput.ReadToEndAsync();
        _ = server.StandardError.ReadToEndAsync();
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("X-Api-Key", Editor);
        await WaitHealthyAsync(http, server);
        Console.WriteLine($"server up in {started.Elapsed.TotalSeconds:0} s; {ProcessProbe.Rss(server.Id) / 1024 / 1024:N0} MB resident");

        // Subscriptions: random nodes of the graph (fixed seed), one per connection.
        var rng = new Random(11);
        var sources = Enumerable.Range(0, connections).Select(_ => rng.Next(1_000_000)).ToArray();
        var receipts = new List<(string Subscription, long Sequence, bool Full, long At)>();
        var subscribing = Stopwatch.StartNew();
        var clients = new SupplyGraphHubClient[connections];
        var reading = new List<Task>();
        for (var i = 0; i < connections; i += 50)
        {
            await Task.WhenAll(Enumerable.Range(i, Math.Min(50, connections - i)).Select(async c =>
            {
                var hub = new SupplyGraphHubClient(new HubClientOptions { Servers = [new Uri(url)], ApiKey = Reader });
                await hub.StartAsync();
                var subscription = await hub.SubscribeExposureAsync(new ExposureWatchRequest([$"n{sources[c]}"], MaxHops: 4, Direction: "out"));
                var first = await subscription.Updates.ReadAsync();
                lock (receipts)
                {
                    receipts.Add((subscription.Id, first.Sequence, true, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
                }

                clients[c] = hub;
                var read = Task.Run(async () =>
                {
                    await foreach (var u in subscription.Updates.ReadAllAsync())
                    {
                        var at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                        lock (receipts)
                        {
                            receipts.Add((subscription.Id, u.Sequence, u.Full, at));
                        }
                    }
                });
                lock (reading)
                {
                    reading.Add(read);
                }
            }));
        }

        Console.WriteLine($"{connections} connections subscribed in {subscribing.Elapsed.TotalSeconds:0.0} s; {ProcessProbe.Rss(server.Id) / 1024 / 1024:N0} MB resident");
        var sentBefore = (await Health(http)).GetProperty("updatesSent").GetInt64();

        // The writer: each batch lists or delists one subscribed source and adds one supply edge.
        var committedAt = new Dictionary<long, long>();
        var listed = new HashSet<int>();
        var cpuBefore = ProcessProbe.CpuSeconds(server.Id);
        var wall = Stopwatch.StartNew();
        var batches = rate * seconds;
        var lateStarts = 0;
        for (var k = 0; k < batches; k++)
        {
            var due = TimeSpan.FromSeconds((double)k / rate);
            if (wall.Elapsed < due)
            {
                await Task.Delay(due - wall.Elapsed);
            }
            else if (wall.Elapsed - due > TimeSpan.FromMilliseconds(20))
            {
                lateStarts++;
            }

            var source = sources[rng.Next(sources.Length)];
            var (a, b) = (rng.Next(1_000_000), rng.Next(1_000_000));
            var supply = $$$"""{"id": "w-{{{k}}}", "type": "SUPPLIES", "from": "n{{{a}}}", "to": "n{{{b}}}", "provenance": {"source": "bench writer"}}""";
            var body = listed.Add(source)
                ? $$$"""{"relationships": [{"id": "w-list-{{{source}}}", "type": "LISTED_ON", "from": "n{{{source}}}", "to": "bench-list", "provenance": {"source": "bench writer"}}, {{{supply}}}]}"""
                : $$$"""{"relationships": [{{{supply}}}], "changes": [{"op": "deleteRelationship", "id": "w-list-{{{source}}}"}]}""";
            if (!body.Contains("LISTED_ON", StringComparison.Ordinal))
            {
                listed.Remove(source);
            }

            using var response = await http.PostAsync(new Uri("/api/batches", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
            var result = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException("batch failed: " + result);
            }

            committedAt[result.GetProperty("sequence").GetInt64()] = DateTimeOffset.Parse(result.GetProperty("committedAt").GetString()!, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
        }

        var writeSeconds = wall.Elapsed.TotalSeconds;
        var cpu = ProcessProbe.CpuSeconds(server.Id) - cpuBefore;
        var rss = ProcessProbe.Rss(server.Id);
        var peak = ProcessProbe.Peak(server.Id);
        // Drain: wait until the server has stopped sending (the counter holds still for 2 s).
        long sent = -1;
        for (var still = 0; still < 4;)
        {
            await Task.Delay(500);
            var now = (await Health(http)).GetProperty("updatesSent").GetInt64() - sentBefore;
            still = now == sent ? still + 1 : 0;
            sent = now;
        }

        await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
        await Task.WhenAll(reading);
        server.Kill();

        // Receipts: latency of every diff, losses against what the server sent, order per subscription.
        var latencies = new List<double>();
        long received = 0, outOfOrder = 0, duplicates = 0;
        var lastBySubscription = new Dictionary<string, long>();
        foreach (var (subscription, seq, full, receivedAt) in receipts)
        {
            if (full)
            {
                continue;
            }

            received++;
            if (lastBySubscription.TryGetValue(subscription, out var last))
            {
                if (seq == last)
                {
                    duplicates++;
                }
                else if (seq < last)
                {
                    outOfOrder++;
                }
            }

            lastBySubscription[subscription] = seq;
            if (committedAt.TryGetValue(seq, out var at))
            {
                latencies.Add(receivedAt - at);
            }
        }

        latencies.Sort();
        double P(double p) => latencies.Count == 0 ? double.NaN : latencies[(int)(p * (latencies.Count - 1))];
        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"| connections (4-hop exposure subscriptions) | {connections:N0} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| batches committed | {batches:N0} in {writeSeconds:0.0} s ({batches / writeSeconds:0.0}/s; {lateStarts} started > 20 ms late) |")
            .AppendLine(CultureInfo.InvariantCulture, $"| updates pushed by the server / received by clients | {sent:N0} / {received:N0} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| lost / out of order / duplicated | {Math.Max(0, sent - received):N0} / {outOfOrder:N0} / {duplicates:N0} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| commit-to-receipt latency p50 / p99 / max | {P(0.5):0} ms / {P(0.99):0} ms / {(latencies.Count > 0 ? latencies[^1] : double.NaN):0} ms |")
            .AppendLine(CultureInfo.InvariantCulture, $"| server CPU during the run | {cpu / writeSeconds * 100:0} % of one core |")
            .AppendLine(CultureInfo.InvariantCulture, $"| server memory resident at end / peak | {rss / 1024 / 1024:N0} MB / {peak / 1024 / 1024:N0} MB |")
            .ToString();
        Console.WriteLine(report);
        await File.WriteAllTextAsync(Path.Combine(dir, "live.md"), report);
        return 0;
    }

    /// <summary>A copy of the pristine benchmark store (built once), so every run starts from the same graph.</summary>
    public static string FreshStore(string dir)
    {
        var pristine = Path.Combine(dir, "live-store-pristine");
        if (!EmbeddedGraphStore.Exists(pristine))
        {
            BuildStoreAsync(dir, pristine).GetAwaiter().GetResult();
        }

        var run = Path.Combine(dir, "live-store");
        if (Directory.Exists(run))
        {
            Directory.Delete(run, recursive: true);
        }

        Directory.CreateDirectory(run);
        File.Copy(Path.Combine(pristine, EmbeddedGraphStore.FileName), Path.Combine(run, EmbeddedGraphStore.FileName));
        return run;
    }

    private static async Task BuildStoreAsync(string dir, string storeDir)
    {
        Console.WriteLine("building the live store from graph_1m.tsv (once; a few minutes)…");
        var clock = Stopwatch.StartNew();
        var changes = new List<Change>(5_100_000);
        for (var n = 0; n < 1_000_000; n++)
        {
            changes.Add(new PutEntity(new Entity { Id = $"n{n}", Labels = [NodeLabels.Company], Name = $"Node {n}" }));
        }

        changes.Add(new PutEntity(new Entity { Id = "bench-list", Labels = [NodeLabels.List], Name = "Benchmark list" }));
        var provenance = new Provenance("graph_1m.tsv", Confidence: 0.9);
        var line = 0;
        foreach (var row in File.ReadLines(Path.Combine(dir, "graph_1m.tsv")))
        {
            var f = row.Split('\t');
            changes.Add(new PutRelationship(new Relationship { Id = $"e{line++}", Type = f[2], From = "n" + f[0], To = "n" + f[1], Provenance = provenance }));
        }

        foreach (var n in File.ReadLines(Path.Combine(dir, "graph_1m_listed.txt")))
        {
            changes.Add(new PutRelationship(new Relationship { Id = $"listed-{n}", Type = RelationshipTypes.ListedOn, From = "n" + n, To = "bench-list", Provenance = provenance }));
        }

        await using var store = EmbeddedGraphStore.Open(storeDir);
        await store.ApplyAsync(new ChangeBatch(changes, "benchmark graph"));
        Console.WriteLine($"store built in {clock.Elapsed.TotalSeconds:0} s: {store.Snapshot.LiveNodeCount:N0} entities, {store.Snapshot.LiveEdgeCount:N0} relationships");
    }

    private static async Task WaitHealthyAsync(HttpClient http, Process server)
    {
        for (var i = 0; i < 600; i++)
        {
            if (server.HasExited)
            {
                throw new InvalidOperationException("the server exited while starting");
            }

            try
            {
                await Health(http);
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(500);
            }
        }

        throw new TimeoutException("the server did not come up");
    }

    private static async Task<JsonElement> Health(HttpClient http) => await http.GetFromJsonAsync<JsonElement>(new Uri("/health", UriKind.Relative));

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
