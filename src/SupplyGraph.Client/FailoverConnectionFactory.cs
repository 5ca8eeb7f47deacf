using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SupplyGraph.Client;

/// <summary>
/// Opens the hub connection on the first server of a list that answers, starting from the one last used. SignalR's
/// automatic reconnect calls it on every attempt, so a reconnect after a server died lands on the next one.
/// </summary>
internal sealed class FailoverConnectionFactory(IReadOnlyList<Uri> hubUrls, string? apiKey, ILoggerFactory loggers) : IConnectionFactory
{
    private readonly ILogger _log = loggers.CreateLogger<FailoverConnectionFactory>();
    private int _current;

    /// <summary>The server of the last connection opened (or about to be tried first).</summary>
    public Uri Current => hubUrls[Volatile.Read(ref _current)];

    public async ValueTask<ConnectionContext> ConnectAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        var start = Volatile.Read(ref _current);
        var failures = new List<Exception>();
        for (var i = 0; i < hubUrls.Count; i++)
        {
            var index = (start + i) % hubUrls.Count;
            var options = new HttpConnectionOptions();
            if (apiKey is not null)
            {
                options.Headers["X-Api-Key"] = apiKey;
            }

            try
            {
                var connection = await new HttpConnectionFactory(Options.Create(options), loggers).ConnectAsync(new UriEndPoint(hubUrls[index]), cancellationToken).ConfigureAwait(false);
                if (index != start)
                {
                    _log.LogInformation("connected to {Server} ({Previous} did not answer)", hubUrls[index], hubUrls[start]);
                }

                Volatile.Write(ref _current, index);
                return connection;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                _log.LogDebug(ex, "{Server} did not answer", hubUrls[index]);
                failures.Add(ex);
            }
        }

        throw new AggregateException($"no server answered: {string.Join(", ", hubUrls)}", failures);
    }
}
