using Microsoft.AspNetCore.Hosting;

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
        await using var client = await HubClient.ConnectAsync(server.HubUrl, ServerFactory.ReaderKey);
        try
        {
            await client.InvokeAsync("SubscribeEntity", "sugon");
        }
        catch (HubCallException)
        {
            // The server may close the connection before the call's result is written.
        }

        // Whatever the subscribe call saw, the connection is gone: the next call cannot be sent.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        HubCallException? closed = null;
        while (closed is null && DateTime.UtcNow < deadline)
        {
            try
            {
                await client.InvokeAsync("Unsubscribe", "nothing");
                await Task.Delay(100);
            }
            catch (HubCallException ex)
            {
                closed = ex;
            }
        }

        Assert.NotNull(closed);
        Assert.Empty(client.Updates);
    }
}
