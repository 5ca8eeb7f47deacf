using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using SupplyGraph.Client;

namespace SupplyGraph.Bench;

/// <summary>
/// The scale-out benchmark: several server processes on one store file with the Redis backplane, N hub clients (the
/// .NET client library, in this process) spread over them, each following the change log (<c>Changes</c>), and a
/// writer committing a fixed number of batches a second through the servers' REST API, round robin. Measures
/// commit-to-client latency (the entry's <c>committedAt</c> to its receipt by the client) and, per client, every
/// committed batch received exactly once and in order. Loopback only; bounded in clients, batches and time.
/// </summary>
public static class ScaleHarness
{
    private const string Reader = "scale-reader-key";
    private const string Editor = "scale-editor-key";

    public static async Task<int> RunAsync(string root, string dir, string[] args)
    {
        var serverCount = Int(args, "--servers", 3);
        var clientCount = Int(args, "--clients", 1_000);
        var rate = Int(args, "--rate", 50);
        var seconds = Int(args, "--seconds", 60);
        var warmSeconds = Int(args, "--warm-up", 0);
        // Followers that read each entry's head only (ChangeHeadsAsync): what 1,000 full readers cost this process is
        // mostly their JSON reading (bench/README.md), which on 2 shared cores is taken from the servers.
        var heads = args.Contains("--heads");
        var openFiles = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal))?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3];
        Console.WriteLine($"scale: {serverCount} servers, {clientCount:N0} clients ({(heads ? "heads only" : "full entries")}), {rate} commits/s for {seconds} s after {warmSeconds} s untimed at that rate; open files allowed: {openFiles} (each client holds one socket here and one in its server)");
        await ProcessProbe.ExecAsync("dotnet", root, "build", "-c", "Release", "-v", "quiet", "src/SupplyGraph.Server");

        var storeDir = Path.Combine(dir, "scale-store");
        if (Directory.Exists(storeDir))
        {
            Directory.Delete(storeDir, recursive: true);
        }

        using var redis = StartRedis(out var redisPort);
        var servers = new List<(Process Process, Uri Url)>();
        try
        {
            // One after the other: the first seeds the store from graph-seed/, the others open it.
            for (var s = 0; s < serverCount; s++)
            {
                servers.Add(await StartServerAsync(root, storeDir, redisPort));
            }

            return await MeasureAsync(dir, [.. servers.Select(s => s.Url)], [.. servers.Select(s => s.Process.Id)], redisPort, clientCount, heads, rate, seconds, warmSeconds);
        }
        finally
        {
            foreach (var (process, _) in servers)
            {
                process.Kill();
                process.WaitForExit();
                process.Dispose();
            }

            redis.Kill();
            redis.WaitForExit();
        }
    }

    private static async Task<int> MeasureAsync(string dir, IReadOnlyList<Uri> servers, IReadOnlyList<int> pids, int redisPort, int clientCount, bool heads, int rate, int seconds, int warmSeconds)
    {
        var writers = servers.Select(s => new SupplyGraphClient(s, Editor)).ToList();
        var clients = new Follower[clientCount];
        var connecting = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var start = (await writers[0].HealthAsync()).LastSequence;
        for (var i = 0; i < clientCount; i += 50)
        {
            // Client i's first server is i mod servers; the others are its failover list.
            await Task.WhenAll(Enumerable.Range(i, Math.Min(50, clientCount - i)).Select(async c =>
            {
                var order = servers.Skip(c % servers.Count).Concat(servers.Take(c % servers.Count)).ToList();
                clients[c] = await Follower.StartAsync(order, start, (rate * (seconds + warmSeconds)) + 1, heads, stop.Token);
            }));
        }

        // Untimed, like the other harnesses' warm-up passes: the servers' code optimised by the JIT under this load, as in
        // a server that has been running (the cold first seconds are a separate figure: run without --warm-up).
        if (warmSeconds > 0)
        {
            var (warm, _, _) = await PostAtRateAsync(writers, rate, rate * warmSeconds, "scale-warm", null);
            Console.WriteLine($"warm-up: {warm.Count(a => a >= 0):N0} of {warm.Length:N0} batches answered");
        }

        // A first batch that every client must see: from then on every stream is live.
        var warmUp = (await writers[0].ApplyJsonAsync("""{"entities": [{"id": "scale-warm-up", "labels": ["Company"], "name": "Scale warm-up"}]}""", "scale warm-up")).Sequence;
        if (!await WaitAsync(() => clients.All(c => c.Last >= warmUp), TimeSpan.FromSeconds(120)))
        {
            throw new TimeoutException("not every client received the warm-up batch within 120 s");
        }

        var channels = (await RedisCliAsync(redisPort, "PUBSUB", "CHANNELS", "supplygraph*")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        Console.WriteLine($"{clientCount:N0} clients connected and streaming in {connecting.Elapsed.TotalSeconds:0.0} s; channels: {string.Join(", ", servers.Select((s, i) => $"{Clients(clients, s)} on server {i + 1}"))}");
        var cpuBefore = pids.Select(ProcessProbe.CpuSeconds).ToArray();
        var selfBefore = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

        var batches = rate * seconds;
        var (answered, lateStarts, writeSeconds) = await PostAtRateAsync(writers, rate, batches, "scale", k =>
        {
            var lasts = clients.Select(c => c.Last).Order().ToArray();
            Console.WriteLine($"{k:N0} batches posted; clients' last sequence: min {lasts[0] - warmUp:N0}, median {lasts[lasts.Length / 2] - warmUp:N0} past the warm-up");
        });

        // What was committed is what the log holds after the warm-up (nobody else writes): a post that timed out
        // may still have been committed, and then its clients must get it too.
        var logged = new List<long>();
        for (var since = warmUp; ;)
        {
            var page = await writers[0].ChangesAsync(since, 1_000);
            logged.AddRange(page.Entries.Select(e => e.Sequence));
            since = page.Next;
            if (!page.More)
            {
                break;
            }
        }

        var committed = logged.ToArray();
        var unanswered = answered.Count(a => a < 0);
        var last = committed[^1];
        // Bounded: a client that has not caught up by then counts what it lacks as lost.
        var drainClock = Stopwatch.StartNew();
        var caughtUp = await WaitAsync(() => clients.All(c => c.Last >= last), TimeSpan.FromSeconds(120));
        var drained = writeSeconds + drainClock.Elapsed.TotalSeconds;
        var cpu = pids.Select((p, i) => ProcessProbe.CpuSeconds(p) - cpuBefore[i]).ToArray();
        var selfCpu = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - selfBefore;
        var rss = pids.Select(ProcessProbe.Rss).ToArray();
        await stop.CancelAsync();

        // Every client against the committed batches: each once, in order; latencies of all deliveries.
        var expected = committed.ToHashSet();
        long lost = 0, duplicated = 0, outOfOrder = 0, delivered = 0, foreign = 0;
        var latencies = new List<double>(clientCount * batches);
        foreach (var c in clients)
        {
            var seen = new HashSet<long>();
            long previous = 0;
            foreach (var (sequence, latency) in c.Received())
            {
                if (sequence <= warmUp)
                {
                    continue;
                }

                if (!expected.Contains(sequence))
                {
                    foreign++;
                    continue;
                }

                delivered++;
                if (!seen.Add(sequence))
                {
                    duplicated++;
                }

                if (sequence < previous)
                {
                    outOfOrder++;
                }

                previous = sequence;
                latencies.Add(latency);
            }

            lost += expected.Count(s => !seen.Contains(s));
        }

        latencies.Sort();
        double P(double p) => latencies.Count == 0 ? double.NaN : latencies[(int)(p * (latencies.Count - 1))];
        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"| servers (one store file, Redis backplane) / hub clients (each following `Changes`: {(heads ? "heads only" : "full entries")}) | {servers.Count} / {clientCount:N0} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| before the timed run: untimed batches at the same rate (`--warm-up`) | {warmSeconds} s |")
            .AppendLine(CultureInfo.InvariantCulture, $"| batches posted through REST, round robin / committed (in the log) | {batches:N0} / {committed.Length:N0} in {writeSeconds:0.0} s ({batches / writeSeconds:0.0}/s; {lateStarts} started > 20 ms late; {unanswered} posts unanswered within 100 s) |")
            .AppendLine(CultureInfo.InvariantCulture, $"| deliveries expected / received | {(long)clientCount * committed.Length:N0} / {delivered:N0} ({(caughtUp ? "all" : "NOT all")} received {drained - writeSeconds:0.0} s after the last commit) |")
            .AppendLine(CultureInfo.InvariantCulture, $"| lost / duplicated / out of order / not committed by the writer | {lost:N0} / {duplicated:N0} / {outOfOrder:N0} / {foreign:N0} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| commit-to-client latency p50 / p99 / max | {P(0.5):0} ms / {P(0.99):0} ms / {(latencies.Count > 0 ? latencies[^1] : double.NaN):0} ms |")
            .AppendLine(CultureInfo.InvariantCulture, $"| server CPU during the run (% of one core, each) | {string.Join(" / ", cpu.Select(c => (c / drained * 100).ToString("0", CultureInfo.InvariantCulture)))} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| client process CPU (all {clientCount:N0} clients) | {selfCpu / drained * 100:0} % of one core |")
            .AppendLine(CultureInfo.InvariantCulture, $"| server memory resident at end (each) | {string.Join(" / ", rss.Select(r => (r >> 20).ToString("N0", CultureInfo.InvariantCulture)))} MB |")
            .AppendLine(CultureInfo.InvariantCulture, $"| SignalR channels on the Redis backplane (`PUBSUB CHANNELS supplygraph*`) | {channels:N0} |")
            .ToString();
        Console.WriteLine(report);
        await File.WriteAllTextAsync(Path.Combine(dir, "scale.md"), report);
        await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
        foreach (var w in writers)
        {
            w.Dispose();
        }

        return lost == 0 && duplicated == 0 && outOfOrder == 0 ? 0 : 1;
    }

    /// <summary>
    /// The writer: batch k is due at k / rate seconds; each is posted without waiting for the one before (a slow fsync
    /// must not slow the rate), round robin over the servers. Returns each post's sequence (−1: no answer in time;
    /// whether it committed, the log says), how many started more than 20 ms late, and the seconds until all answered.
    /// </summary>
    private static async Task<(long[] Sequences, int LateStarts, double Seconds)> PostAtRateAsync(
        List<SupplyGraphClient> writers, int rate, int batches, string idPrefix, Action<int>? every10Seconds)
    {
        var posts = new Task<long>[batches];
        var lateStarts = 0;
        var wall = Stopwatch.StartNew();
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

            if (k > 0 && k % (rate * 10) == 0)
            {
                Console.Write($"t={wall.Elapsed.TotalSeconds:0} s: ");
                every10Seconds?.Invoke(k);
                if (every10Seconds is null)
                {
                    Console.WriteLine($"{k:N0} batches posted");
                }
            }

            var writer = writers[k % writers.Count];
            var body = $$$"""{"entities": [{"id": "{{{idPrefix}}}-{{{k}}}", "labels": ["Company"], "name": "{{{idPrefix}}} {{{k}}}"}]}""";
            var description = $"{idPrefix} {k}";
            posts[k] = Task.Run(async () =>
            {
                try
                {
                    return (await writer.ApplyJsonAsync(body, description)).Sequence;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    return -1;
                }
            });
        }

        var answered = await Task.WhenAll(posts);
        return (answered, lateStarts, wall.Elapsed.TotalSeconds);
    }

    private static string Clients(Follower[] clients, Uri server) =>
        clients.Count(c => c.Server.GetLeftPart(UriPartial.Authority) == server.GetLeftPart(UriPartial.Authority)).ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>One hub client following the change log, keeping (sequence, latency) of each entry in arrival order.</summary>
    private sealed class Follower : IAsyncDisposable
    {
        private readonly SupplyGraphHubClient _hub;
        private readonly long[] _sequences;
        private readonly double[] _latencies;
        private int _count;
        private long _last;
        private Task _reading = Task.CompletedTask;

        private Follower(SupplyGraphHubClient hub, int capacity)
        {
            _hub = hub;
            _sequences = new long[capacity + 16];
            _latencies = new double[capacity + 16];
        }

        public long Last => Interlocked.Read(ref _last);

        public Uri Server => _hub.CurrentServer;

        public static async Task<Follower> StartAsync(IReadOnlyList<Uri> servers, long after, int capacity, bool heads, CancellationToken stop)
        {
            var hub = new SupplyGraphHubClient(new HubClientOptions { Servers = servers, ApiKey = Reader });
            await hub.StartAsync(stop);
            var follower = new Follower(hub, capacity);
            follower._reading = Task.Run(() => follower.ReadAsync(after, heads, stop));
            return follower;
        }

        public IEnumerable<(long Sequence, double LatencyMs)> Received()
        {
            for (var i = 0; i < _count; i++)
            {
                yield return (_sequences[i], _latencies[i]);
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await _reading;
            }
            catch (OperationCanceledException)
            {
            }

            await _hub.DisposeAsync();
        }

        private async Task ReadAsync(long after, bool heads, CancellationToken stop)
        {
            if (heads)
            {
                await foreach (var head in _hub.ChangeHeadsAsync(after, stop))
                {
                    Record(head.Sequence, head.CommittedAt);
                }
            }
            else
            {
                await foreach (var entry in _hub.ChangesAsync(after, stop))
                {
                    Record(entry.Sequence, entry.CommittedAt);
                }
            }
        }

        private void Record(long sequence, DateTimeOffset committedAt)
        {
            var latency = (DateTimeOffset.UtcNow - committedAt).TotalMilliseconds;
            if (_count < _sequences.Length)
            {
                _sequences[_count] = sequence;
                _latencies[_count] = latency;
                _count++;
            }

            Interlocked.Exchange(ref _last, sequence);
        }
    }

    private static async Task<(Process, Uri)> StartServerAsync(string root, string storeDir, int redisPort)
    {
        var url = new Uri($"http://127.0.0.1:{FreePort()}");
        var info = new ProcessStartInfo("dotnet", [Path.Combine(root, "src", "SupplyGraph.Server", "bin", "Release", "net10.0", "SupplyGraph.Server.dll"), "--urls", url.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["SupplyGraph__DataDirectory"] = storeDir;
        info.Environment["SupplyGraph__SeedDirectory"] = Path.Combine(root, "graph-seed");
        info.Environment["SupplyGraph__Redis"] = $"127.0.0.1:{redisPort}";
        info.Environment["SUPPLYGRAPH_API_KEYS"] = $"reader:{Reader},editor:{Editor}";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(info)!;
        // Kept beside the store: a server's warnings and errors are what explains a stalled run.
        var log = Path.Combine(Path.GetDirectoryName(storeDir)!, $"server-{process.Id}.log");
        _ = process.StandardOutput.BaseStream.CopyToAsync(File.Create(log + ".out"));
        _ = process.StandardError.BaseStream.CopyToAsync(File.Create(log));
        using var http = new SupplyGraphClient(url);
        for (var clock = Stopwatch.StartNew(); ; await Task.Delay(250))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"server {url} exited while starting");
            }

            try
            {
                await http.HealthAsync();
                return (process, url);
            }
            catch (HttpRequestException) when (clock.Elapsed < TimeSpan.FromMinutes(3))
            {
            }
        }
    }

    private static Process StartRedis(out int port)
    {
        port = FreePort();
        var redis = Process.Start(new ProcessStartInfo("redis-server", ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("redis-server is required (apt-get install redis-server)");
        _ = redis.StandardOutput.ReadToEndAsync();
        return redis;
    }

    private static async Task<string> RedisCliAsync(int port, params string[] command)
    {
        using var cli = Process.Start(new ProcessStartInfo("redis-cli", ["-p", port.ToString(CultureInfo.InvariantCulture), .. command]) { RedirectStandardOutput = true, UseShellExecute = false })!;
        var output = await cli.StandardOutput.ReadToEndAsync();
        await cli.WaitForExitAsync();
        return output;
    }

    private static async Task<bool> WaitAsync(Func<bool> condition, TimeSpan limit)
    {
        for (var clock = Stopwatch.StartNew(); !condition(); await Task.Delay(50))
        {
            if (clock.Elapsed > limit)
            {
                return false;
            }
        }

        return true;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static int Int(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
