using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using SupplyGraph.Core.Tests.Support;

namespace SupplyGraph.Server.Tests;

/// <summary>The npm <c>@microsoft/signalr</c> client under node, driven over stdin/stdout (tests/hub-client/live-client.cjs).</summary>
public sealed class HubClient : IAsyncDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly Process _node;
    private readonly List<JsonElement> _updates = [];
    private readonly Queue<JsonElement> _events = new();
    private readonly SemaphoreSlim _signal = new(0);
    private int _invocation;

    private HubClient(Process node)
    {
        _node = node;
        _ = Task.Run(ReadLoopAsync);
    }

    /// <summary>Every update received so far, in arrival order.</summary>
    public IReadOnlyList<JsonElement> Updates
    {
        get
        {
            lock (_updates)
            {
                return [.. _updates];
            }
        }
    }

    public static async Task<HubClient> ConnectAsync(string hubUrl, string token)
    {
        var folder = Path.Combine(RepoPaths.Root, "tests", "hub-client");
        Assert.True(Directory.Exists(Path.Combine(folder, "node_modules", "@microsoft", "signalr")), "run scripts/test.sh (it installs the npm SignalR client)");
        var info = new ProcessStartInfo("node", [Path.Combine(folder, "live-client.cjs")])
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var client = new HubClient(Process.Start(info)!);
        await client.ConnectAgainAsync(hubUrl, token);
        return client;
    }

    public async Task ConnectAgainAsync(string hubUrl, string token)
    {
        await SendAsync(new JsonObject { ["cmd"] = "connect", ["url"] = hubUrl, ["token"] = token });
        var e = await NextEventAsync();
        if (e.GetProperty("event").GetString() != "connected")
        {
            throw new InvalidOperationException("connect failed: " + e);
        }
    }

    public async Task<JsonElement> InvokeAsync(string method, params object?[] args)
    {
        var id = $"i{Interlocked.Increment(ref _invocation)}";
        await SendAsync(new JsonObject { ["cmd"] = "invoke", ["id"] = id, ["method"] = method, ["args"] = JsonSerializer.SerializeToNode(args) });
        var e = await NextEventAsync();
        return e.GetProperty("event").GetString() == "result" ? e.GetProperty("result") : throw new HubCallException(e.GetProperty("message").GetString()!);
    }

    public async Task DropAsync()
    {
        await SendAsync(new JsonObject { ["cmd"] = "drop" });
        await NextEventAsync();
    }

    /// <summary>Waits until at least <paramref name="count"/> updates have arrived for the subscription.</summary>
    public async Task<IReadOnlyList<JsonElement>> UpdatesForAsync(string subscriptionId, int count)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            var matching = Updates.Where(u => u.GetProperty("subscriptionId").GetString() == subscriptionId).ToList();
            if (matching.Count >= count)
            {
                return matching;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"expected {count} updates for {subscriptionId}, got {matching.Count}");
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await SendAsync(new JsonObject { ["cmd"] = "exit" });
            await _node.WaitForExitAsync(new CancellationTokenSource(5000).Token);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            _node.Kill();
        }

        _node.Dispose();
    }

    private async Task SendAsync(JsonObject command)
    {
        await _node.StandardInput.WriteLineAsync(command.ToJsonString());
        await _node.StandardInput.FlushAsync();
    }

    private async Task<JsonElement> NextEventAsync()
    {
        if (!await _signal.WaitAsync(Wait))
        {
            throw new TimeoutException("no answer from the node client");
        }

        lock (_events)
        {
            return _events.Dequeue();
        }
    }

    private async Task ReadLoopAsync()
    {
        while (await _node.StandardOutput.ReadLineAsync() is { } line)
        {
            var e = JsonDocument.Parse(line).RootElement.Clone();
            if (e.GetProperty("event").GetString() == "update")
            {
                lock (_updates)
                {
                    _updates.Add(e.GetProperty("update"));
                }

                continue;
            }

            lock (_events)
            {
                _events.Enqueue(e);
            }

            _signal.Release();
        }
    }
}

public sealed class HubCallException(string message) : Exception(message);
