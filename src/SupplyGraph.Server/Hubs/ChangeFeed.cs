using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Storage;

namespace SupplyGraph.Server.Hubs;

/// <summary>
/// The hub's <c>Changes</c> streams: the store's change log, each entry serialized once for every stream that sends
/// it. SignalR serializes a stream item per connection; with 1,000 clients following the log that is 1,000
/// serializations of the same entry per commit, the largest part of a server's CPU in the scale-out benchmark.
/// </summary>
public sealed class ChangeFeed(IGraphStore store, IOptions<JsonHubProtocolOptions> protocol)
{
    // A power of two: the slot of a sequence is its low bits. Streams at the tail read the last few entries; one that
    // catches up from far back serializes its own (the cache never blocks, a miss costs one serialization).
    private const int Kept = 1024;
    private readonly SerializedEntry?[] _kept = new SerializedEntry?[Kept];
    private readonly JsonSerializerOptions _options = protocol.Value.PayloadSerializerOptions;

    /// <summary>Every entry after <paramref name="afterSequence"/>, from the durable log, then each new one as it is logged.</summary>
    public async IAsyncEnumerable<SerializedEntry> FollowAsync(long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var entry in store.FollowAsync(afterSequence, cancellationToken).ConfigureAwait(false))
        {
            yield return Serialized(entry);
        }
    }

    private SerializedEntry Serialized(ChangeLogEntry entry)
    {
        ref var slot = ref _kept[entry.Sequence & (Kept - 1)];
        if (Volatile.Read(ref slot) is { } kept && kept.Sequence == entry.Sequence)
        {
            return kept;
        }

        var made = new SerializedEntry(entry.Sequence, JsonSerializer.SerializeToUtf8Bytes(entry, _options));
        Volatile.Write(ref slot, made);
        return made;
    }
}
