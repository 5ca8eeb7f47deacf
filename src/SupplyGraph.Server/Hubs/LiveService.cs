using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using SupplyGraph.Core.Live;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Storage;
using SupplyGraph.Server.Extensions;

namespace SupplyGraph.Server.Hubs;

/// <summary>
/// Follows the store's change log (every writer's batches: this server, the CLI, another server — on either store, the
/// embedded file or Neo4j) and feeds each to
/// the live-query registry on one background worker. Updates go to one queue per connection,
/// drained by that connection's own sender, so each subscription's messages leave in commit order and a slow client
/// (its socket full) delays only itself. Each subscription keeps its recent updates so that a client which lost its
/// connection can resume without gap or duplicate.
/// </summary>
public sealed class LiveService : BackgroundService
{
    private const int Kept = 256;
    private readonly IGraphStore _store;
    private readonly IHubContext<ExposureHub, IExposureClient> _hub;
    private readonly ILogger<LiveService> _log;
    private readonly TimeSpan _grace;
    private readonly LiveQueryRegistry _registry;
    private readonly Dictionary<string, Channel<LiveUpdate>> _outbound = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Action> _abort = new(StringComparer.Ordinal);
    private readonly int _maxQueued;
    private readonly Dictionary<string, Subscription> _subscriptions = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public LiveService(IGraphStore store, IHubContext<ExposureHub, IExposureClient> hub, IOptions<SupplyGraphOptions> options, ILogger<LiveService> log)
    {
        _store = store;
        _hub = hub;
        _log = log;
        _grace = TimeSpan.FromSeconds(options.Value.ResumeGraceSeconds);
        _maxQueued = options.Value.MaxQueuedUpdates;
        // Once, at start: a Neo4j store loads its projection here, before the first subscription needs it.
        _graph = store.GraphAsync().GetAwaiter().GetResult();
        _registry = new LiveQueryRegistry(_graph);
    }

    private Core.Engine.GraphSnapshot _graph;

    private long _sent;
    private CancellationToken _stopping;

    public int SubscriptionCount => _registry.Count;

    /// <summary>Updates handed to SignalR for delivery since start (for the load benchmark's loss count).</summary>
    public long UpdatesSent => Interlocked.Read(ref _sent);

    public string Subscribe(string connectionId, LiveQuerySpec spec)
    {
        var id = Guid.NewGuid().ToString("N");
        lock (_lock)
        {
            LiveUpdate first;
            try
            {
                first = _registry.Subscribe(id, spec);
            }
            catch (EntityNotFoundException ex)
            {
                throw new HubException(ex.Message);
            }

            var subscription = new Subscription(id, connectionId);
            _subscriptions[id] = subscription;
            Deliver(subscription, first);
        }

        return id;
    }

    public bool Unsubscribe(string connectionId, string subscriptionId)
    {
        lock (_lock)
        {
            if (!_subscriptions.TryGetValue(subscriptionId, out var s) || s.Connection != connectionId)
            {
                return false;
            }

            _subscriptions.Remove(subscriptionId);
            return _registry.Unsubscribe(subscriptionId);
        }
    }

    /// <summary>Moves a subscription to a new connection; sends what it missed, or a full refresh.</summary>
    public bool Resume(string connectionId, string subscriptionId, long lastSequence)
    {
        lock (_lock)
        {
            if (!_subscriptions.TryGetValue(subscriptionId, out var s))
            {
                throw new HubException($"subscription '{subscriptionId}' has expired; subscribe again");
            }

            s.Connection = connectionId;
            s.DetachedAt = null;
            if (s.DroppedUpTo > lastSequence)
            {
                // Updates after lastSequence are no longer all kept: a full refresh replaces them.
                var refresh = _registry.Refresh(subscriptionId)!;
                Deliver(s, refresh);
                return false;
            }

            foreach (var update in s.Recent.Where(u => u.Sequence > lastSequence))
            {
                Send(connectionId, update);
            }

            return true;
        }
    }

    /// <summary>Remembers how to close a connection (used when it stops reading its updates).</summary>
    public void Connected(string connectionId, Action abort)
    {
        lock (_lock)
        {
            _abort[connectionId] = abort;
        }
    }

    /// <summary>A connection dropped: its subscriptions wait for a resume, then expire.</summary>
    public void Detach(string connectionId)
    {
        lock (_lock)
        {
            _abort.Remove(connectionId);
            if (_outbound.Remove(connectionId, out var queue))
            {
                queue.Writer.TryComplete();
            }

            foreach (var s in _subscriptions.Values.Where(s => s.Connection == connectionId))
            {
                s.Connection = null;
                s.DetachedAt = DateTimeOffset.UtcNow;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        var sweep = DateTimeOffset.UtcNow;
        await foreach (var entry in _store.FollowAsync(_graph.Sequence, stoppingToken))
        {
            // The graph as of this entry: the store's own graph when it is there (shared, no second copy of a large
            // graph), else this entry applied to the previous one — the store may be further on, or not there yet.
            var current = await _store.GraphAsync(stoppingToken);
            _graph = current.Sequence == entry.Sequence ? current : _graph.Apply(entry.Sequence, entry.Changes);
            lock (_lock)
            {
                foreach (var update in _registry.OnCommit(entry, _graph))
                {
                    if (_subscriptions.TryGetValue(update.SubscriptionId, out var s))
                    {
                        Deliver(s, update);
                    }
                }

                if (DateTimeOffset.UtcNow - sweep > TimeSpan.FromSeconds(10))
                {
                    sweep = DateTimeOffset.UtcNow;
                    Expire(sweep);
                }
            }
        }
    }

    private void Expire(DateTimeOffset now)
    {
        foreach (var s in _subscriptions.Values.Where(s => s.DetachedAt is { } at && now - at > _grace).ToList())
        {
            _subscriptions.Remove(s.Id);
            _registry.Unsubscribe(s.Id);
        }
    }

    /// <summary>Keeps the update for resumes and queues it for the subscription's connection, if it has one.</summary>
    private void Deliver(Subscription s, LiveUpdate update)
    {
        if (update.Full)
        {
            // A full answer supersedes every earlier update: a resume from before it replays it instead.
            s.Recent.Clear();
            s.DroppedUpTo = 0;
        }

        s.Recent.Enqueue(update);
        if (s.Recent.Count > Kept)
        {
            s.DroppedUpTo = s.Recent.Dequeue().Sequence;
        }

        if (s.Connection is { } connection)
        {
            Send(connection, update);
        }
    }

    /// <summary>Queues an update for a connection, starting that connection's sender on first use (call under the lock).</summary>
    private void Send(string connection, LiveUpdate update)
    {
        if (!_outbound.TryGetValue(connection, out var queue))
        {
            queue = Channel.CreateUnbounded<LiveUpdate>(); // the single-reader variant cannot count its items
            _outbound[connection] = queue;
            _ = Task.Run(() => DrainAsync(connection, queue.Reader));
        }

        if (queue.Reader.Count >= _maxQueued)
        {
            // The client has stopped reading: close it rather than queue without bound. Its subscriptions wait for a
            // resume, which replays what is kept or sends a full refresh.
            _log.LogWarning("connection {Connection} has {Count} updates waiting; closing it", connection, queue.Reader.Count);
            if (_abort.TryGetValue(connection, out var abort))
            {
                abort();
            }

            return;
        }

        queue.Writer.TryWrite(update);
    }

    private async Task DrainAsync(string connection, ChannelReader<LiveUpdate> queue)
    {
        try
        {
            await foreach (var update in queue.ReadAllAsync(_stopping))
            {
                try
                {
                    await _hub.Clients.Client(connection).Update(update);
                    Interlocked.Increment(ref _sent);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _log.LogWarning(ex, "could not send update {Sequence} of {Subscription}", update.Sequence, update.SubscriptionId);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private sealed class Subscription(string id, string connection)
    {
        public string Id { get; } = id;

        public string? Connection { get; set; } = connection;

        public DateTimeOffset? DetachedAt { get; set; }

        public Queue<LiveUpdate> Recent { get; } = new();

        /// <summary>Sequence of the newest update no longer kept.</summary>
        public long DroppedUpTo { get; set; }
    }
}
