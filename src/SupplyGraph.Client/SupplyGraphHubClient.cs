using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SupplyGraph.Core.Live;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Client;

/// <summary>
/// A typed client of the hub <c>/hubs/exposure</c> that survives lost connections and dead servers. It reconnects on
/// its own (SignalR's automatic reconnect, each attempt trying the servers of <see cref="HubClientOptions.Servers"/>
/// in turn), then resumes every subscription — <c>Resume</c> with the last sequence it delivered, or, on a server
/// that does not know the subscription, a fresh subscribe whose full answer replaces the old state — and restarts
/// each change-log stream from the last sequence it delivered. The consumer sees no gap and no repeat.
/// </summary>
public sealed class SupplyGraphHubClient : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly FailoverConnectionFactory _factory;
    private readonly ILogger _log;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, LiveSubscription> _byServerId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<LiveUpdate>> _early = new(StringComparer.Ordinal);
    private readonly HashSet<string> _retired = new(StringComparer.Ordinal);
    private readonly List<LiveSubscription> _subscriptions = [];
    private TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _disposed;

    /// <summary>Creates a client; nothing connects until <see cref="StartAsync"/>.</summary>
    /// <param name="options">The servers, the key and how long to keep reconnecting.</param>
    public SupplyGraphHubClient(HubClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Servers is not { Count: > 0 })
        {
            throw new ArgumentException("at least one server is required", nameof(options));
        }

        var loggers = options.LoggerFactory ?? NullLoggerFactory.Instance;
        _log = loggers.CreateLogger<SupplyGraphHubClient>();
        var hubUrls = options.Servers.Select(s => new Uri(s, options.HubPath)).ToList();
        _factory = new FailoverConnectionFactory(hubUrls, options.ApiKey, loggers);
        var builder = new HubConnectionBuilder();
        builder.Services.AddSingleton<IConnectionFactory>(_factory);
        builder.Services.AddSingleton<EndPoint>(new UriEndPoint(hubUrls[0]));
        builder.Services.AddSingleton(loggers);
        builder.AddJsonProtocol(o => ClientJson.AddConverters(o.PayloadSerializerOptions.Converters));
        builder.WithAutomaticReconnect(new ReconnectPolicy(options.ReconnectFor));
        _connection = builder.Build();
        _connection.On<LiveUpdate>("Update", OnUpdate);
        _connection.Reconnecting += error =>
        {
            lock (_lock)
            {
                if (_ready.Task.IsCompleted)
                {
                    _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }

            _log.LogInformation("connection to {Server} lost ({Error}); reconnecting", _factory.Current, error?.Message);
            Reconnecting?.Invoke(error);
            return Task.CompletedTask;
        };
        _connection.Reconnected += async _ =>
        {
            try
            {
                await ResumeAllAsync().ConfigureAwait(false);
            }
            finally
            {
                // Even when a resume failed (the connection dropped again): the streams find out and wait again.
                lock (_lock)
                {
                    _ready.TrySetResult();
                }
            }

            Reconnected?.Invoke(_factory.Current);
        };
        _connection.Closed += error =>
        {
            var gone = error ?? new InvalidOperationException("the hub client was stopped");
            lock (_lock)
            {
                _ready.TrySetException(new InvalidOperationException($"no server could be reached: {error?.Message ?? "stopped"}", error));
                foreach (var s in _subscriptions)
                {
                    s.Complete(_disposed ? null : gone);
                }
            }

            Closed?.Invoke(error);
            return Task.CompletedTask;
        };
    }

    /// <summary>The connection was lost; the client is reconnecting (the argument is the error, if any).</summary>
    public event Action<Exception?>? Reconnecting;

    /// <summary>The client is connected again, to the server given, and has resumed its subscriptions.</summary>
    public event Action<Uri>? Reconnected;

    /// <summary>The client gave up reconnecting (or was disposed); its subscriptions' update channels are completed.</summary>
    public event Action<Exception?>? Closed;

    /// <summary>The hub the client is connected to, or will try first.</summary>
    public Uri CurrentServer => _factory.Current;

    /// <summary>Connected, connecting, reconnecting or disconnected.</summary>
    public HubConnectionState State => _connection.State;

    /// <summary>Connects to the first server that answers.</summary>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <returns>When connected.</returns>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _connection.StartAsync(cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            _ready.TrySetResult();
        }
    }

    /// <summary>Watches an entity and its relationships: the full state first, then the state after each commit that changes it.</summary>
    /// <param name="entityId">The entity id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The subscription.</returns>
    /// <exception cref="HubException">The server refused the argument (the message starts with its name).</exception>
    public Task<LiveSubscription> SubscribeEntityAsync(string entityId, CancellationToken cancellationToken = default) =>
        SubscribeAsync("entity " + entityId, (c, ct) => c.InvokeAsync<SubscribeAnswer>("SubscribeEntity", entityId, ct), cancellationToken);

    /// <summary>Watches a standing exposure query: all hits first, then hits added or changed and parties removed.</summary>
    /// <param name="request">The entities and filters.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The subscription.</returns>
    /// <exception cref="HubException">The server refused an argument.</exception>
    public Task<LiveSubscription> SubscribeExposureAsync(ExposureWatchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SubscribeAsync("exposure " + string.Join(",", request.Entities), (c, ct) => c.InvokeAsync<SubscribeAnswer>("SubscribeExposure", request, ct), cancellationToken);
    }

    /// <summary>Watches a 50 %-rule determination: the determination first, then each time its status flips.</summary>
    /// <param name="entityId">The entity id.</param>
    /// <param name="rule"><c>ofac</c> or <c>bis-affiliates</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The subscription.</returns>
    /// <exception cref="HubException">The server refused an argument.</exception>
    public Task<LiveSubscription> SubscribeOwnershipAsync(string entityId, string rule, CancellationToken cancellationToken = default) =>
        SubscribeAsync($"ownership {entityId} ({rule})", (c, ct) => c.InvokeAsync<SubscribeAnswer>("SubscribeOwnership", entityId, rule, ct), cancellationToken);

    /// <summary>Ends a subscription; its update channel is completed.</summary>
    /// <param name="subscription">The subscription.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether the server still had it.</returns>
    public async Task<bool> UnsubscribeAsync(LiveSubscription subscription, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        string serverId;
        lock (_lock)
        {
            serverId = subscription.ServerId;
            _subscriptions.Remove(subscription);
            _byServerId.Remove(serverId);
            _retired.Add(serverId);
            subscription.Complete();
        }

        return await _connection.InvokeAsync<bool>("Unsubscribe", serverId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Every batch committed after <paramref name="afterSequence"/>, by any writer, from the durable change log, oldest
    /// first, then each new one as it is committed; after a lost connection or a server change it asks again from
    /// the last entry it gave, so no entry is skipped or repeated.
    /// </summary>
    /// <param name="afterSequence">The last sequence the caller has (0 for the whole log).</param>
    /// <param name="cancellationToken">Ends the stream.</param>
    /// <returns>The entries, in sequence order.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="afterSequence"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">The client gave up reconnecting.</exception>
    public IAsyncEnumerable<ChangeLogEntry> ChangesAsync(long afterSequence, CancellationToken cancellationToken = default) =>
        FollowAsync<ChangeLogEntry>(afterSequence, e => e.Sequence, cancellationToken);

    /// <summary>
    /// The same stream as <see cref="ChangesAsync"/>, each entry read only as far as its sequence, commit time and
    /// description: for a follower that only needs to know that, and when, the graph changed (a dashboard's "last
    /// change", a cache to invalidate). The entries' changes are skipped by the JSON reader, not materialised, which is
    /// most of what reading an entry costs (measured with 1,000 followers in one process: bench/README.md).
    /// </summary>
    /// <param name="afterSequence">The last sequence the caller has (0 for the whole log).</param>
    /// <param name="cancellationToken">Ends the stream.</param>
    /// <returns>The entries' heads, in sequence order, none skipped or repeated.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="afterSequence"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">The client gave up reconnecting.</exception>
    public IAsyncEnumerable<ChangeLogHead> ChangeHeadsAsync(long afterSequence, CancellationToken cancellationToken = default) =>
        FollowAsync<ChangeLogHead>(afterSequence, h => h.Sequence, cancellationToken);

    private async IAsyncEnumerable<T> FollowAsync<T>(long afterSequence, Func<T, long> sequenceOf, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The only argument the server refuses, refused here: every error of the stream is then the connection's
        // (the server closing it, with "an error" or not, surfaces as a HubException too), and is retried.
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        var last = afterSequence;
        var failures = 0;
        while (true)
        {
            Task ready;
            lock (_lock)
            {
                ready = _ready.Task;
            }

            await ready.WaitAsync(cancellationToken).ConfigureAwait(false);
            var stream = _connection.StreamAsync<T>("Changes", last, cancellationToken).GetAsyncEnumerator(cancellationToken);
            try
            {
                while (true)
                {
                    bool moved;
                    try
                    {
                        moved = await stream.MoveNextAsync().ConfigureAwait(false);
                    }
                    catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                    {
                        // The connection went away under the stream: ask again, from the last entry given, once reconnected.
                        _log.LogDebug(ex, "change stream interrupted after {Sequence}", last);
                        break;
                    }

                    if (!moved)
                    {
                        break;
                    }

                    var entry = stream.Current;
                    var sequence = sequenceOf(entry);
                    if (sequence <= last)
                    {
                        continue;
                    }

                    last = sequence;
                    failures = 0;
                    yield return entry;
                }
            }
            finally
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }

            // The reconnect handler may not have run yet: do not spin on a connection that is still down.
            await Task.Delay(Math.Min(50 << Math.Min(failures++, 5), 1_000), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Closes the connection and completes every subscription's updates.</summary>
    /// <returns>When closed.</returns>
    public async ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            _disposed = true;
        }

        await _connection.DisposeAsync().ConfigureAwait(false);
        lock (_lock)
        {
            foreach (var s in _subscriptions)
            {
                s.Complete();
            }
        }
    }

    private async Task<LiveSubscription> SubscribeAsync(string description, Func<HubConnection, CancellationToken, Task<SubscribeAnswer>> subscribe, CancellationToken cancellationToken)
    {
        var answer = await subscribe(_connection, cancellationToken).ConfigureAwait(false);
        var subscription = new LiveSubscription(answer.SubscriptionId, description, subscribe);
        lock (_lock)
        {
            _subscriptions.Add(subscription);
            Attach(subscription, answer.SubscriptionId);
        }

        return subscription;
    }

    /// <summary>Maps a server id to its subscription and hands it the updates that arrived before the call's answer.</summary>
    private void Attach(LiveSubscription subscription, string serverId)
    {
        _byServerId.Remove(subscription.ServerId);
        subscription.ServerId = serverId;
        _byServerId[serverId] = subscription;
        if (_early.Remove(serverId, out var early))
        {
            foreach (var update in early)
            {
                subscription.Offer(update);
            }
        }
    }

    private void OnUpdate(LiveUpdate update)
    {
        lock (_lock)
        {
            if (_byServerId.TryGetValue(update.SubscriptionId, out var subscription))
            {
                subscription.Offer(update);
            }
            else if (!_retired.Contains(update.SubscriptionId))
            {
                // A subscribe's first answer can overtake the call's result: keep it until the id is known.
                if (!_early.TryGetValue(update.SubscriptionId, out var early))
                {
                    _early[update.SubscriptionId] = early = [];
                }

                early.Add(update);
            }
        }
    }

    /// <summary>After a reconnect: each subscription resumes from the last sequence it delivered, or subscribes again where it is unknown.</summary>
    private async Task ResumeAllAsync()
    {
        List<LiveSubscription> subscriptions;
        lock (_lock)
        {
            subscriptions = [.. _subscriptions];
        }

        foreach (var s in subscriptions)
        {
            try
            {
                var answer = await _connection.InvokeAsync<SubscribeAnswer>("Resume", s.ServerId, Math.Max(0, s.LastSequence)).ConfigureAwait(false);
                _log.LogDebug("resumed {Subscription} after {Sequence} (missed updates follow: {Resumed})", s.Description, s.LastSequence, answer.Resumed);
            }
            catch (HubException)
            {
                // Another server, or the subscription expired: subscribe again; the full answer replaces what the consumer has.
                SubscribeAnswer answer;
                try
                {
                    answer = await s.Subscribe(_connection, CancellationToken.None).ConfigureAwait(false);
                }
                catch (HubException refused)
                {
                    // The server refuses it now (the entity is gone): the consumer learns it from the completed channel.
                    lock (_lock)
                    {
                        _subscriptions.Remove(s);
                        _byServerId.Remove(s.ServerId);
                        s.Complete(refused);
                    }

                    continue;
                }

                lock (_lock)
                {
                    _retired.Add(s.ServerId);
                    Attach(s, answer.SubscriptionId);
                }

                _log.LogInformation("subscribed {Subscription} again on {Server}", s.Description, _factory.Current);
            }
        }
    }
}
