using System.Buffers;
using System.Buffers.Binary;
using SupplyGraph.Core.Engine;

namespace SupplyGraph.Core.Storage;

/// <summary>What a snapshot file holds besides its records.</summary>
internal sealed record SnapshotContent(long Sequence, long LogStamp, IReadOnlyList<string> TypeNames, IReadOnlyList<string> LabelNames,
    IReadOnlyList<string> CountryNames, CompactGraph Topology, Facts Facts, long[] NodeOffsets, long[] EdgeOffsets, int[] NodeSlots, int[] EdgeSlots);

/// <summary>
/// Writes a snapshot file: records are appended as they come (each with its hash and length), in any order, their
/// offsets returned; <see cref="Finish"/> then writes the offsets, the arrays and the header, and flushes to disk.
/// </summary>
internal sealed class SnapshotWriter : IDisposable
{
    private readonly FileStream _fs;
    private readonly long _recordsAt;
    private readonly ArrayBufferWriter<byte> _record = new(4096);

    public SnapshotWriter(string path, int nodes, int edges)
    {
        _fs = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        _recordsAt = SnapshotFile.HeaderBytes + (8L * nodes) + (8L * edges);
        _fs.Position = _recordsAt;
    }

    /// <summary>Appends one record; returns its offset within the records.</summary>
    public long Append(ReadOnlySpan<byte> id, ReadOnlySpan<byte> json)
    {
        var start = _fs.Position - _recordsAt;
        _record.ResetWrittenCount();
        var length = MappedRecords<object>.HeadBytes + id.Length + json.Length;
        var span = _record.GetSpan(length)[..length];
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], length);
        BinaryPrimitives.WriteInt32LittleEndian(span[12..], id.Length);
        id.CopyTo(span[MappedRecords<object>.HeadBytes..]);
        json.CopyTo(span[(MappedRecords<object>.HeadBytes + id.Length)..]);
        BinaryPrimitives.WriteUInt64LittleEndian(span, SnapshotHash.Of(span[8..]));
        _fs.Write(span);
        return start;
    }

    /// <summary>Writes the offsets, arrays and header after the records, and flushes the file to disk.</summary>
    public void Finish(SnapshotContent content) => SnapshotFile.Finish(_fs, _recordsAt, content);

    public void Dispose() => _fs.Dispose();
}
