using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace SupplyGraph.Cypher;

/// <summary>
/// A query's memory budget. Every list, string, map and retained row the engine builds is charged here
/// <em>before</em> it is allocated, so a query fails with <c>MemoryLimitExceeded</c> instead of holding more than
/// its budget.
/// </summary>
/// <remarks>
/// <para>
/// The counter is a running total of what the query allocated, not of what it still holds: values that became
/// garbage stay charged, so it can over-count but never under-count. Two safe refunds keep ordinary streaming
/// queries far from the limit: (1) after a pure expression whose result is a scalar (predicates, counts, ids) or a
/// string, everything built while evaluating it is unreachable except that result, so the counter goes back to
/// where it was plus the result's size (<see cref="Release"/>); (2) a <c>reduce</c> whose accumulator is a
/// string refunds the previous accumulator it replaced. Lists built step by step (<c>reduce(l = [], x IN xs |
/// l + [x])</c>) are charged at every step: n appends cost about n²/2 slots.
/// </para>
/// <para>
/// Size model (64-bit runtime, rounded up): a list is <see cref="ListBytes"/> plus <see cref="SlotBytes"/> per
/// element (the 8-byte reference and a boxed scalar, node or relationship reference behind it); a list grown by
/// appending also pays for each new backing array; a string is <see cref="StringBytes"/> plus 2 bytes per char;
/// a map <see cref="MapBytes"/> plus <see cref="EntryBytes"/> per entry; a row kept in a buffer (sort, DISTINCT,
/// result rows, clause-by-clause writes) <see cref="RowBytes"/> plus 8 bytes per column. Values read from the graph
/// are the store's, not the query's, except lists and maps converted per read, which are charged when read.
/// </para>
/// </remarks>
internal sealed class MemoryMeter
{
    public const long ListBytes = 56;
    public const long SlotBytes = 32;
    public const long StringBytes = 24;
    public const long MapBytes = 80;
    public const long EntryBytes = 56;
    public const long RowBytes = 40;

    /// <summary>Elements copied between two clock reads when a big list is copied.</summary>
    private const int CopyChunk = 1 << 16;

    private readonly long _budget;
    private long _used;

    public MemoryMeter(long budget) => _budget = budget <= 0 ? long.MaxValue : budget;

    public long Budget => _budget;

    public long Used => _used;

    public static long ListSize(long count) => ListBytes + (count * SlotBytes);

    public static long StringSize(long length) => StringBytes + (length * 2);

    public static long MapSize(long entries) => MapBytes + (entries * EntryBytes);

    public static long RowSize(int width) => RowBytes + (8L * width);

    /// <summary>Charges <paramref name="bytes"/> about to be allocated; throws when they do not fit the budget.</summary>
    public void Charge(long bytes)
    {
        if (bytes > _budget - _used)
        {
            ThrowExceeded();
        }

        _used += bytes;
    }

    public void ChargeList(long count) => Charge(ListSize(count));

    public void ChargeString(long length) => Charge(StringSize(length));

    public void ChargeMap(long entries) => Charge(MapSize(entries));

    /// <summary>A row kept in a buffer: the array and its slot in the buffer.</summary>
    public void ChargeRow(int width) => Charge(RowSize(width) + 8);

    /// <summary>Charges one element appended to <paramref name="list"/>, and the new backing array when it must grow.</summary>
    public void ChargeAppend(List<object?> list)
    {
        var bytes = SlotBytes;
        if (list.Count == list.Capacity)
        {
            bytes += 8L * Math.Max(4, 2L * list.Capacity);
        }

        Charge(bytes);
    }

    /// <summary>Appends with <see cref="ChargeAppend"/>.</summary>
    public void Append(List<object?> list, object? item)
    {
        ChargeAppend(list);
        list.Add(item);
    }

    /// <summary>The counter now, to <see cref="Release"/> back to after a pure expression.</summary>
    public long Mark() => _used;

    /// <summary>
    /// After a pure expression evaluated since <paramref name="mark"/>: when its result holds no list or map,
    /// nothing built meanwhile is reachable but the result itself, so only the result stays charged.
    /// </summary>
    public void Release(long mark, object? result)
    {
        var keep = result switch
        {
            null or bool or long or double or CypherNode or CypherRelationship or CypherTemporal or CypherDuration => 0,
            string s => StringSize(s.Length),
            _ => -1,
        };
        if (keep >= 0 && mark + keep < _used)
        {
            _used = mark + keep;
        }
    }

    /// <summary>Refunds <paramref name="bytes"/> charged for a value known to be unreachable now.</summary>
    public void Refund(long bytes) => _used = Math.Max(0, _used - bytes);

    /// <summary>A new list of <paramref name="first"/> then <paramref name="second"/>, charged first and copied in chunks between clock reads.</summary>
    public static List<object?> Concat(List<object?> first, List<object?> second, ExecContext ctx)
    {
        var count = (long)first.Count + second.Count;
        ctx.Memory.ChargeList(count);
        if (count > Array.MaxLength)
        {
            throw CypherException.Argument("NumberOutOfRange", $"A list cannot hold {count} elements");
        }

        var result = new List<object?>((int)count);
        CopyInto(result, first, ctx);
        CopyInto(result, second, ctx);
        return result;
    }

    /// <summary>Appends all of <paramref name="source"/> to <paramref name="target"/> in chunks, reading the clock between them.</summary>
    public static void CopyInto(List<object?> target, List<object?> source, ExecContext ctx)
    {
        var span = CollectionsMarshal.AsSpan(source);
        for (var i = 0; i < span.Length; i += CopyChunk)
        {
            var n = Math.Min(CopyChunk, span.Length - i);
            target.AddRange(span.Slice(i, n));
            ctx.Tick(n);
        }
    }

    [DoesNotReturn]
    private void ThrowExceeded() => throw CypherException.MemoryBudgetExceeded(_budget);
}
