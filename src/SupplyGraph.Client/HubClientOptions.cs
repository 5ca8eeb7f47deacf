using Microsoft.Extensions.Logging;

namespace SupplyGraph.Client;

/// <summary>How a <see cref="SupplyGraphHubClient"/> connects: the servers to use, in order, the key, and how long to keep reconnecting.</summary>
public sealed record HubClientOptions
{
    /// <summary>
    /// The servers (base addresses such as <c>http://127.0.0.1:5080</c>), tried in order: the first that answers is
    /// used; when it goes away, reconnecting tries it and then the others, in turn.
    /// </summary>
    public required IReadOnlyList<Uri> Servers { get; init; }

    /// <summary>The key sent as <c>X-Api-Key</c> (reader or above); null for anonymous loopback access.</summary>
    public string? ApiKey { get; init; }

    /// <summary>The hub's path on each server.</summary>
    public string HubPath { get; init; } = "/hubs/exposure";

    /// <summary>How long to keep trying to reconnect after a connection is lost before giving up (the client is then closed).</summary>
    public TimeSpan ReconnectFor { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Logging for the client and the SignalR connection; null for none.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }
}
