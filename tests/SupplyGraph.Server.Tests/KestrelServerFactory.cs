using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using SupplyGraph.Client;

namespace SupplyGraph.Server.Tests;

/// <summary>The real server on a real loopback port, so that real SignalR clients (the .NET library, a browser) can connect.</summary>
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

    /// <summary>The typed REST client of the client library.</summary>
    public SupplyGraphClient Rest(string key) => new(new Uri(BaseUrl), key);

    /// <summary>A started hub client of the client library (to this server, or through <paramref name="via"/>).</summary>
    public async Task<SupplyGraphHubClient> HubAsync(string key, string? via = null)
    {
        var hub = new SupplyGraphHubClient(new HubClientOptions { Servers = [new Uri(via ?? BaseUrl)], ApiKey = key });
        await hub.StartAsync();
        return hub;
    }
}
