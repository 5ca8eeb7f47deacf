using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR.Client;

namespace SupplyGraph.Server.Tests;

/// <summary>A real server that closes any connection with an update waiting (the cap is 0).</summary>
public sealed class NoQueueServerFactory : KestrelServerFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("SupplyGraph:MaxQueuedUpdates", "0");
    }
}

public sealed class SlowClientTests(NoQueueServerFactory server) : IClassFixture<NoQueueServerFactory>
{
    [Fact]
    public async Task Connection_OverItsQueueCap_IsClosedByTheServer()
    {
        // A bare connection without automatic reconnect: what matters is that the server closes it.
        await using var connection = new HubConnectionBuilder()
            .WithUrl(server.HubUrl, o => o.Headers["X-Api-Key"] = ServerFactory.ReaderKey)
            .Build();
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += e =>
        {
            closed.TrySetResult(e);
            return Task.CompletedTask;
        };
        var updates = 0;
        connection.On<object>("Update", _ => Interlocked.Increment(ref updates));
        await connection.StartAsync();
        try
        {
            await connection.InvokeAsync<object>("SubscribeEntity", "sugon");
        }
        catch (Exception ex) when (ex is Microsoft.AspNetCore.SignalR.HubException or InvalidOperationException or TaskCanceledException)
        {
            // The server may close the connection before the call's result is written.
        }

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HubConnectionState.Disconnected, connection.State);
        Assert.Equal(0, updates);
    }
}
