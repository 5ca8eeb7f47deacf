using System.Threading.Channels;
using SupplyGraph.Core.Live;

namespace SupplyGraph.Client;

/// <summary>
/// One live subscription of a <see cref="SupplyGraphHubClient"/>: its updates in commit order, across reconnects and
/// server changes. A diff is delivered once (a repeat after a resume is dropped by its sequence); a full answer
/// (<see cref="LiveUpdate.Full"/>) replaces everything before it — the first answer, and the one a server that
/// did not know the subscription sends when the client subscribes there again after a failover.
/// </summary>
public sealed class LiveSubscription
{
    private readonly Channel<LiveUpdate> _updates = Channel.CreateUnbounded<LiveUpdate>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = true });
    private long _lastSequence = -1;

    internal LiveSubscription(string id, string description, Func<Microsoft.AspNetCore.SignalR.Client.HubConnection, CancellationToken, Task<SubscribeAnswer>> subscribe)
    {
        Id = id;
        ServerId = id;
        Description = description;
        Subscribe = subscribe;
    }

    /// <summary>The subscription's id for this client: the id its first server gave it, kept across failovers (every delivered update carries it).</summary>
    public string Id { get; }

    /// <summary>What is watched, for people: <c>entity sugon</c>, <c>exposure megvii</c>, <c>ownership meituan (ofac)</c>.</summary>
    public string Description { get; }

    /// <summary>The sequence of the last update delivered; -1 before the first.</summary>
    public long LastSequence => Interlocked.Read(ref _lastSequence);

    /// <summary>The updates, in the order they are to be applied.</summary>
    public ChannelReader<LiveUpdate> Updates => _updates.Reader;

    /// <summary>The id the current server knows the subscription by.</summary>
    internal string ServerId { get; set; }

    /// <summary>Subscribes again on a server that does not know the subscription.</summary>
    internal Func<Microsoft.AspNetCore.SignalR.Client.HubConnection, CancellationToken, Task<SubscribeAnswer>> Subscribe { get; }

    /// <summary>Updates delivered so far (full answers included).</summary>
    public long Delivered { get; private set; }

    /// <summary>Repeats dropped (a diff whose sequence was already delivered).</summary>
    public long Repeats { get; private set; }

    /// <summary>Delivers an update unless it repeats one already delivered (called under the client's lock, in arrival order).</summary>
    internal void Offer(LiveUpdate update)
    {
        if (!update.Full && update.Sequence <= LastSequence)
        {
            Repeats++;
            return;
        }

        Interlocked.Exchange(ref _lastSequence, update.Sequence);
        Delivered++;
        _updates.Writer.TryWrite(update with { SubscriptionId = Id });
    }

    internal void Complete(Exception? error = null) => _updates.Writer.TryComplete(error);
}
