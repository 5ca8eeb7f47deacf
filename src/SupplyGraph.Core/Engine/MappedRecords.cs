using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace SupplyGraph.Core.Engine;

/// <summary>
/// Records kept as their stored UTF-8 JSON in a snapshot file and materialised on each access, with an
/// open-addressing table of dense ids (slot = dense id + 1, 0 = empty) that compares against the ids in the file.
/// </summary>
/// <remarks>
/// The file is read with positional reads (the OS page cache holds what is hot): a base of 50M records would take
/// about 30 GB as objects (600 B each, bench/README.md), and its offsets alone 400 MB as a managed array. Each record
/// carries a hash of its bytes, checked whenever it is read, so a corrupt record fails loudly instead of answering
/// wrongly; the rest of the file (arrays, slots) is checked once when the snapshot is opened.
/// Record layout: 8-byte hash of the rest, 4-byte record length, 4-byte id length, id, JSON. Offsets: a <c>long</c>
/// start per record, in any order (a rebuild from SQLite writes relationships in row order, numbered later).
/// </remarks>
internal sealed class MappedRecords<T> : RecordTable<T>
    where T : class
{
    /// <summary>Bytes of a record before its id: hash, length, id length.</summary>
    public const int HeadBytes = 16;

    /// <summary>Bytes read at once for a record; a longer one takes a second read.</summary>
    private const int FirstRead = 512;

    /// <summary>
    /// Slots of the cache of parsed records (a power of two). A query reads the same few records again and again (its
    /// answer's parties, each round of a watch): without the cache each read was two positional reads, a hash and a
    /// parse, and an exposure answered from a mapped base took 4–5× the time of one over records held as objects
    /// (bench/README.md, Neo4j mode at 1M). 16,384 slots hold a few MB of records.
    /// </summary>
    private const int CacheSlots = 1 << 14;

    private readonly SafeFileHandle _file;
    private readonly long _offsetsAt;
    private readonly long _recordsAt;
    private readonly long _recordsLength;
    private readonly int[] _slots;
    private readonly Func<ReadOnlySpan<byte>, T> _parse;
    private readonly Cached?[] _cache = new Cached?[CacheSlots];

    public MappedRecords(SafeFileHandle file, int count, long offsetsAt, long recordsAt, long recordsLength, int[] slots, Func<ReadOnlySpan<byte>, T> parse)
    {
        _file = file;
        Length = count;
        _offsetsAt = offsetsAt;
        _recordsAt = recordsAt;
        _recordsLength = recordsLength;
        _slots = slots;
        _parse = parse;
    }

    public override int Length { get; }

    public override T this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Length, nameof(index));
            // Direct-mapped: one slot per index modulo the size, replaced by the last read. A slot is swapped as one
            // reference to an immutable pair, so a reader on another thread sees a whole pair or the one before.
            ref var slot = ref _cache[index & (CacheSlots - 1)];
            if (Volatile.Read(ref slot) is { } cached && cached.Index == index)
            {
                return cached.Value;
            }

            var record = ReadAlone(index);
            Volatile.Write(ref slot, new Cached(index, record));
            return record;
        }
    }

    public override bool TryGetIndex(string id, out int index)
    {
        var max = Encoding.UTF8.GetMaxByteCount(id.Length);
        var rented = max > 512 ? ArrayPool<byte>.Shared.Rent(max) : null;
        Span<byte> key = rented is null ? stackalloc byte[512] : rented;
        try
        {
            key = key[..Encoding.UTF8.GetBytes(id, key)];
            var mask = _slots.Length - 1;
            for (var slot = (int)SnapshotHash.Of(key) & mask; ; slot = (slot + 1) & mask)
            {
                var candidate = _slots[slot] - 1;
                if (candidate < 0)
                {
                    index = -1;
                    return false;
                }

                if ((uint)candidate < (uint)Length && IdEquals(candidate, key))
                {
                    index = candidate;
                    return true;
                }
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Bytes read at once by <see cref="Scan"/>.</summary>
    private const int ScanBlock = 1 << 20;

    /// <summary>Offsets read at once by <see cref="Scan"/>.</summary>
    private const int ScanOffsets = 1 << 16;

    /// <summary>
    /// Every record in index order, each parsed once and not cached (a scan would evict what queries keep hot). Records
    /// that lie one after another in the file are read in blocks of <see cref="ScanBlock"/> bytes instead of with two
    /// positional reads each (a name index over 10M entities read them one by one); a record out of that order is
    /// read alone. Each record's bounds and hash are checked as on any read.
    /// </summary>
    public void Scan(Action<int, T> visit)
    {
        var offsets = new byte[8 * Math.Clamp(Length, 1, ScanOffsets)];
        var block = new byte[ScanBlock];
        long blockStart = 0;
        var blockLength = 0;
        var alone = 0;
        for (var first = 0; first < Length; first += ScanOffsets)
        {
            var count = Math.Min(ScanOffsets, Length - first);
            ReadExactly(offsets.AsSpan(0, 8 * count), _offsetsAt + (8L * first));
            for (var k = 0; k < count; k++)
            {
                var index = first + k;
                var start = BinaryPrimitives.ReadInt64LittleEndian(offsets.AsSpan(8 * k));
                if (start < 0 || start > _recordsLength - HeadBytes)
                {
                    ThrowCorrupt(index);
                }

                var inBlock = start >= blockStart && start + HeadBytes <= blockStart + blockLength;
                // Behind the block, or (once records have shown they are not in order) anywhere outside it: alone.
                if (!inBlock && (start < blockStart || (alone > 64 && alone > index / 4)))
                {
                    alone++;
                    visit(index, ReadAlone(index));
                    continue;
                }

                if (!inBlock)
                {
                    blockLength = Fill(block, start);
                    blockStart = start;
                }

                var at = (int)(start - blockStart);
                var length = BinaryPrimitives.ReadInt32LittleEndian(block.AsSpan(at + 8));
                if (length < HeadBytes || length > _recordsLength - start)
                {
                    ThrowCorrupt(index);
                }

                if (at + length > blockLength)
                {
                    if (length > block.Length)
                    {
                        block = new byte[length];
                    }

                    blockLength = Fill(block, start);
                    blockStart = start;
                    at = 0;
                }

                var record = block.AsSpan(at, length);
                if (!IsIntact(record))
                {
                    ThrowCorrupt(index);
                }

                visit(index, Parse(record));
            }
        }
    }

    /// <summary>Reads the records from <paramref name="start"/> into <paramref name="block"/>; returns the bytes read.</summary>
    private int Fill(byte[] block, long start)
    {
        var length = (int)Math.Min(block.Length, _recordsLength - start);
        ReadExactly(block.AsSpan(0, length), _recordsAt + start);
        return length;
    }

    /// <summary>Reads and parses record <paramref name="index"/>, without the cache.</summary>
    private T ReadAlone(int index)
    {
        var (buffer, length) = Read(index);
        try
        {
            return Parse(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The record's JSON, after its head and id, parsed.</summary>
    private T Parse(ReadOnlySpan<byte> record) => _parse(record[(HeadBytes + BinaryPrimitives.ReadInt32LittleEndian(record[12..]))..]);

    /// <summary>Whether a whole record (its length already checked) has an id within it and the hash of its bytes.</summary>
    private static bool IsIntact(ReadOnlySpan<byte> record) =>
        (uint)BinaryPrimitives.ReadInt32LittleEndian(record[12..]) <= (uint)(record.Length - HeadBytes)
        && BinaryPrimitives.ReadUInt64LittleEndian(record) == SnapshotHash.Of(record[8..]);

    public override void CopyRecord(int index, RecordBytes into)
    {
        var (buffer, length) = Read(index);
        try
        {
            var idLength = BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(12));
            into.Id.Write(buffer.AsSpan(HeadBytes, idLength));
            into.Json.Write(buffer.AsSpan(HeadBytes + idLength, length - HeadBytes - idLength));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The slot for an id's UTF-8 bytes in a table of <paramref name="slotCount"/> slots (a power of two).</summary>
    public static int SlotOf(ReadOnlySpan<byte> id, int slotCount) => (int)SnapshotHash.Of(id) & (slotCount - 1);

    /// <summary>Slots for <paramref name="count"/> records: a power of two with the table at most three quarters full.</summary>
    public static int SlotCount(int count) => (int)Math.Max(16, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)(count + count / 3 + 1)));

    private bool IdEquals(int index, ReadOnlySpan<byte> key)
    {
        var (buffer, _) = Read(index);
        try
        {
            var idLength = BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(12));
            return buffer.AsSpan(HeadBytes, idLength).SequenceEqual(key);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads record <paramref name="index"/> into a rented buffer, checking its bounds and hash.</summary>
    private (byte[] Buffer, int Length) Read(int index)
    {
        Span<byte> startBytes = stackalloc byte[8];
        ReadExactly(startBytes, _offsetsAt + 8L * index);
        var start = BinaryPrimitives.ReadInt64LittleEndian(startBytes);
        if (start < 0 || start > _recordsLength - HeadBytes)
        {
            ThrowCorrupt(index);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(FirstRead);
        var first = (int)Math.Min(FirstRead, _recordsLength - start);
        ReadExactly(buffer.AsSpan(0, first), _recordsAt + start);
        var length = BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(8));
        if (length < HeadBytes || length > _recordsLength - start)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            ThrowCorrupt(index);
        }

        if (length > first)
        {
            var larger = ArrayPool<byte>.Shared.Rent(length);
            buffer.AsSpan(0, first).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = larger;
            ReadExactly(buffer.AsSpan(first, length - first), _recordsAt + start + first);
        }

        if (!IsIntact(buffer.AsSpan(0, length)))
        {
            ArrayPool<byte>.Shared.Return(buffer);
            ThrowCorrupt(index);
        }

        return (buffer, length);
    }

    /// <summary>Puts dense id <paramref name="index"/> into the first free slot from its id's hash.</summary>
    public static void InsertSlot(int[] slots, ReadOnlySpan<byte> id, int index)
    {
        var mask = slots.Length - 1;
        var slot = SlotOf(id, slots.Length);
        while (slots[slot] != 0)
        {
            slot = (slot + 1) & mask;
        }

        slots[slot] = index + 1;
    }

    private void ReadExactly(Span<byte> into, long at) => FileReads.ReadExactly(_file, into, at);

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowCorrupt(int index) =>
        throw new InvalidDataException($"record {index} of the snapshot file is corrupt; delete the file and the store rebuilds it");

    private sealed record Cached(int Index, T Value);
}
