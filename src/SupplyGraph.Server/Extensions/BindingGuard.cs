using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace SupplyGraph.Server.Extensions;

/// <summary>
/// A server reachable beyond this machine must not run without keys. The check reads the addresses Kestrel actually
/// bound, once it has started, so no configuration route (<c>urls</c>, <c>http_ports</c>, <c>Kestrel:Endpoints</c>,
/// code) can get around it; failing here fails the host's start and the process exits non-zero.
/// </summary>
public sealed class BindingGuard(IServer server, IOptions<SupplyGraphOptions> options) : IHostedLifecycleService
{
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Keys().Count > 0)
        {
            return Task.CompletedTask;
        }

        // The test server has no addresses feature: nothing is bound, nothing to check.
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            if (!IsLoopback(address))
            {
                throw new InvalidOperationException(
                    $"refusing to start: {address} is reachable beyond this machine and no API keys are configured; set SUPPLYGRAPH_API_KEYS=\"reader:KEY,editor:KEY\" (or SupplyGraph:ApiKeys) or bind to 127.0.0.1");
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Whether a bound address (as Kestrel reports it, e.g. <c>http://[::]:5080</c>) takes only local connections.</summary>
    public static bool IsLoopback(string address)
    {
        if (address.StartsWith("unix:", StringComparison.Ordinal) || address.StartsWith("pipe:", StringComparison.Ordinal))
        {
            return true;
        }

        var wildcards = address.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
        if (!Uri.TryCreate(wildcards, UriKind.Absolute, out var uri))
        {
            return false;
        }

        var host = uri.Host.Trim('[', ']');
        return host == "localhost" || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
