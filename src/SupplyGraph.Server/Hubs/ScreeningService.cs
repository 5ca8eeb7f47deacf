using System.Globalization;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Screening;
using SupplyGraph.Core.Storage;
using SupplyGraph.Server.Extensions;

namespace SupplyGraph.Server.Hubs;

/// <summary>
/// Runs saved screenings (queued by <c>POST /api/screenings</c>, one at a time) and keeps them current by following the
/// change log: each batch is applied to this service's own snapshot, the affected rows of every screening behind it are
/// re-evaluated (<see cref="ScreeningFollower"/>), and the differences go to the hub group and the screening's webhook
/// (from the store, after a cursor kept there: none is lost to a restart).
/// Runs and follow steps take one gate, so a screening's results are always current to exactly one sequence.
/// </summary>
public sealed class ScreeningService : BackgroundService
{
    // Either store, through the contract: in Neo4j mode the graph is the store's projection and the log its SgChange nodes.
    private readonly IGraphStore _store;
    private readonly IHubContext<ScreeningHub, IScreeningClient> _hub;
    private readonly WebhookSender _webhooks;
    private readonly ScreeningOptions _options;
    private readonly ILogger<ScreeningService> _log;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _webhookLock = new();
    // Screenings whose webhook is being posted to, and whether a new difference arrived meanwhile.
    private readonly Dictionary<string, bool> _posting = new(StringComparer.Ordinal);
    private GraphSnapshot _graph = GraphSnapshot.Empty;
    private SourceClock _clock = new();
    private ScreeningFollower? _follower;

    public ScreeningService(IGraphStore store, ServerTables tables, IHubContext<ScreeningHub, IScreeningClient> hub, WebhookSender webhooks, IOptions<ScreeningOptions> options,
        ILogger<ScreeningService> log)
    {
        _store = store;
        _hub = hub;
        _webhooks = webhooks;
        _options = options.Value;
        _log = log;
        Store = ScreeningStore.Open(tables.File);
    }

    /// <summary>The screening tables.</summary>
    public ScreeningStore Store { get; }

    /// <summary>The age from which a source is stale.</summary>
    public TimeSpan MaxAge => TimeSpan.FromDays(_options.SourceMaxAgeDays);

    /// <summary>The data version of the graph the service follows (sequence and each source's freshness).</summary>
    public async Task<DataVersion> DataVersionAsync(CancellationToken cancellationToken)
    {
        await _ready.Task.WaitAsync(cancellationToken);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _clock.Version(_graph, DateTimeOffset.UtcNow);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Saves a screening and queues its first run; returns it as saved (status <c>queued</c>).</summary>
    public SavedScreening Start(string input, IReadOnlyList<Counterparty> rows, ScreeningParameters parameters, string? webhook, string who)
    {
        var saved = new SavedScreening("scr-" + Guid.NewGuid().ToString("N")[..16], input, rows, parameters, webhook, who, DateTimeOffset.UtcNow, 0, SavedScreening.Queued, 0);
        Store.Create(saved);
        _queue.Writer.TryWrite(saved.Id);
        return saved;
    }

    public override void Dispose()
    {
        base.Dispose();
        Store.Dispose();
        _gate.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        _clock = await SourceClock.ReadAsync(_store, MaxAge, stoppingToken);
        _graph = await _store.GraphAsync(stoppingToken);
        _follower = new ScreeningFollower(Store, _clock);
        foreach (var s in Store.List())
        {
            // Differences recorded but not yet posted when the server stopped (or was killed) go out now, in order.
            if (s.Webhook is not null)
            {
                PostWebhook(s.Id, stoppingToken);
            }

            if (s.Status is SavedScreening.Queued or SavedScreening.Running)
            {
                _queue.Writer.TryWrite(s.Id);
            }
            else if (s.Status == SavedScreening.Completed && s.Sequence < _graph.Sequence)
            {
                await PushAsync(s, _follower.CatchUp(s, _graph, DateTimeOffset.UtcNow), stoppingToken);
            }
        }

        _ready.TrySetResult();
        var runs = RunQueueAsync(stoppingToken);
        try
        {
            await foreach (var entry in _store.FollowAsync(_graph.Sequence, stoppingToken))
            {
                IReadOnlyList<(SavedScreening, IReadOnlyList<ScreeningDiff>)> changed;
                await _gate.WaitAsync(stoppingToken);
                try
                {
                    if (entry.Sequence <= _graph.Sequence)
                    {
                        continue;
                    }

                    // The store's own graph when it is at this entry (no second copy to keep up), else this entry
                    // applied to the previous one: the store may be further on (a group of batches committed at once).
                    var before = _graph;
                    var current = await _store.GraphAsync(stoppingToken);
                    var after = current.Sequence == entry.Sequence ? current : before.Apply(entry.Sequence, entry.Changes);

                    _clock.Observe(entry);
                    changed = _follower.Follow(entry, before, after, DateTimeOffset.UtcNow);
                    _graph = after;
                }
                finally
                {
                    _gate.Release();
                }

                foreach (var (screening, diffs) in changed)
                {
                    await PushAsync(screening, diffs, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await runs;
    }

    private async Task RunQueueAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var id in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                if (Store.Get(id) is not { } screening)
                {
                    continue;
                }

                await _gate.WaitAsync(stoppingToken);
                try
                {
                    Store.SetStatus(id, SavedScreening.Running, 0);
                    var progress = new Progress(n => Store.SetStatus(id, SavedScreening.Running, n));
                    _follower!.Run(screening, _graph, screening.CreatedBy, DateTimeOffset.UtcNow, progress, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _log.LogError(ex, "screening {Id} failed", id);
                    Store.SetStatus(id, SavedScreening.Failed, 0, ex.Message);
                }
                finally
                {
                    _gate.Release();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task PushAsync(SavedScreening screening, IReadOnlyList<ScreeningDiff> diffs, CancellationToken cancellationToken)
    {
        if (diffs.Count == 0)
        {
            return;
        }

        var change = new ScreeningChange(screening.Id, diffs[^1].Sequence, diffs);
        await _hub.Clients.Group(ScreeningHub.Group(screening.Id)).ScreeningChanged(change);
        if (screening.Webhook is not null)
        {
            PostWebhook(screening.Id, cancellationToken);
        }
    }

    /// <summary>
    /// Posts the screening's differences after its webhook cursor, one batch's differences a post, in order, moving the
    /// cursor after each (delivered, or given up on after every retry). Runs beside the follower, one poster per
    /// screening: a slow receiver holds back neither the log nor another screening's webhook. The cursor is in the
    /// store, so what a crash interrupted is posted again on the next start: at least once; receivers de-duplicate by
    /// <c>X-SupplyGraph-Delivery</c>.
    /// </summary>
    private void PostWebhook(string id, CancellationToken cancellationToken)
    {
        lock (_webhookLock)
        {
            if (_posting.ContainsKey(id))
            {
                _posting[id] = true;
                return;
            }

            _posting[id] = false;
        }

        _ = Task.Run(async () =>
        {
            while (true)
            {
                try
                {
                    await PostPendingAsync(id, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _log.LogError(ex, "posting the differences of screening {Id} to its webhook failed", id);
                }

                lock (_webhookLock)
                {
                    if (cancellationToken.IsCancellationRequested || !_posting[id])
                    {
                        _posting.Remove(id);
                        return;
                    }

                    _posting[id] = false;
                }
            }
        }, CancellationToken.None);
    }

    private async Task PostPendingAsync(string id, CancellationToken cancellationToken)
    {
        if (Store.Get(id) is not { Webhook: { } url })
        {
            return;
        }

        var pending = Store.Diffs(id, Store.WebhookCursor(id));
        for (var i = 0; i < pending.Count && !cancellationToken.IsCancellationRequested;)
        {
            var end = i;
            while (end < pending.Count && pending[end].Sequence == pending[i].Sequence)
            {
                end++;
            }

            var diffs = pending.Skip(i).Take(end - i).ToList();
            var payload = GraphJson.ToJson(j => Apis.ScreeningsJson.WriteChange(j, new ScreeningChange(id, diffs[^1].Sequence, diffs)));
            var ids = string.Join(',', diffs.Select(d => d.Id.ToString(CultureInfo.InvariantCulture)));
            await _webhooks.DeliverAsync(Store, id, url, payload, ids, cancellationToken);
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            Store.AdvanceWebhookCursor(id, diffs[^1].Id);
            i = end;
        }
    }

    private sealed class Progress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
