using Microsoft.AspNetCore.SignalR;
using StackExchange.Redis;

namespace SupplyGraph.Server.Extensions;

/// <summary>
/// The SignalR Redis backplane, on when <c>SupplyGraph:Redis</c> (env <c>SupplyGraph__Redis</c>) holds a
/// StackExchange.Redis connection string. Every server follows the change log itself and pushes each subscription's
/// updates to its own connections, so live push does not need it; it carries what one server addresses beyond its
/// own connections (a connection, group or user on another server, <c>Clients.All</c>) — see docs/architecture.md.
/// </summary>
public static class RedisBackplane
{
    /// <summary>Every SignalR channel of this application starts with it (<c>redis-cli PUBSUB CHANNELS 'supplygraph*'</c>).</summary>
    public const string ChannelPrefix = "supplygraph";

    public static ISignalRServerBuilder AddRedisBackplane(this ISignalRServerBuilder signalR, string? connection)
    {
        if (string.IsNullOrWhiteSpace(connection))
        {
            return signalR;
        }

        return signalR.AddStackExchangeRedis(connection, o => o.Configuration.ChannelPrefix = RedisChannel.Literal(ChannelPrefix));
    }

    /// <summary>
    /// Fails the start when the backplane is configured but Redis does not answer: the backplane would otherwise keep
    /// retrying in the background while this server's hub quietly reached only its own clients.
    /// </summary>
    public static void EnsureReachable(string? connection, ILogger log)
    {
        if (string.IsNullOrWhiteSpace(connection))
        {
            return;
        }

        var options = ConfigurationOptions.Parse(connection);
        options.AbortOnConnectFail = true;
        options.ConnectRetry = 1;
        options.ConnectTimeout = Math.Min(options.ConnectTimeout, 5_000);
        try
        {
            using var redis = ConnectionMultiplexer.Connect(options);
            redis.GetDatabase().Ping();
            log.LogInformation("SignalR backplane: Redis at {Endpoints}", string.Join(", ", options.EndPoints));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            var message = $"cannot reach Redis at {string.Join(", ", options.EndPoints)} (SupplyGraph:Redis, the SignalR backplane): {ex.Message.Split('\n')[0]}; start Redis or remove the setting for a single server";
            log.LogCritical("{Message}", message);
            throw new InvalidOperationException(message, ex);
        }
    }
}
