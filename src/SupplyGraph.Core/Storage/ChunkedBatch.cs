using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Storage;

/// <summary>
/// Cuts a large batch into the chunks of a chunked write (<see cref="IGraphStore.ApplyInChunksAsync"/>) so that every
/// prefix of chunks is a valid graph: a store killed after any chunk holds no relationship whose entity was still to come.
/// </summary>
public static class ChunkedBatch
{
    /// <summary>
    /// The changes in the order to write them: entity puts first, then the rest in batch order — the same end state when
    /// the batch deletes no entity (an entity id is put at most once in a valid batch, and relationship changes do not
    /// depend on each other's order relative to entity puts). A batch that deletes an entity keeps its own order.
    /// </summary>
    /// <param name="changes">Validated changes.</param>
    /// <returns>The changes in write order.</returns>
    public static IReadOnlyList<Change> WriteOrder(IReadOnlyList<Change> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var entityPuts = 0;
        for (var i = 0; i < changes.Count; i++)
        {
            switch (changes[i])
            {
                case DeleteEntity:
                    return changes;
                case PutEntity:
                    entityPuts++;
                    break;
            }
        }

        var ordered = new Change[changes.Count];
        int head = 0, tail = entityPuts;
        for (var i = 0; i < changes.Count; i++)
        {
            if (changes[i] is PutEntity)
            {
                ordered[head++] = changes[i];
            }
            else
            {
                ordered[tail++] = changes[i];
            }
        }

        return ordered;
    }

    /// <summary>
    /// The chunks to write: at most <paramref name="chunkSize"/> changes each, in <see cref="WriteOrder"/>; one chunk
    /// (the whole batch) when the batch deletes an entity, whose detached relationships must go with it.
    /// </summary>
    /// <param name="changes">Validated changes.</param>
    /// <param name="chunkSize">Most changes per chunk (at least 1).</param>
    /// <returns>The chunks, in order.</returns>
    public static List<ArraySegment<Change>> Split(IReadOnlyList<Change> changes, int chunkSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        var ordered = WriteOrder(changes);
        var all = ordered as Change[] ?? [.. ordered];
        if (ReferenceEquals(ordered, changes) && HasEntityDelete(changes))
        {
            return [new ArraySegment<Change>(all)];
        }

        var chunks = new List<ArraySegment<Change>>((all.Length / chunkSize) + 1);
        for (var start = 0; start < all.Length; start += chunkSize)
        {
            chunks.Add(new ArraySegment<Change>(all, start, Math.Min(chunkSize, all.Length - start)));
        }

        return chunks;
    }

    private static bool HasEntityDelete(IReadOnlyList<Change> changes)
    {
        for (var i = 0; i < changes.Count; i++)
        {
            if (changes[i] is DeleteEntity)
            {
                return true;
            }
        }

        return false;
    }
}
