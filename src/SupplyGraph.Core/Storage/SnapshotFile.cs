using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Storage;

/// <summary>
/// A graph's base written to one file beside the store, so that opening the store reads arrays instead of parsing
/// every row and rebuilding the graph. A cache, never the truth: it is tagged with the change-log sequence it holds
/// (and a stamp of that log entry), written to a temporary file, flushed to disk and renamed over the old one; a
/// reader that finds it missing, of another format, truncated, failing its checksum, or not matching the log
/// ignores it and the store rebuilds from SQLite.
/// </summary>
/// <remarks>
/// Layout: a 128-byte header; the start of each node's and each edge's record; the records (see
/// <see cref="MappedRecords{T}"/>); the arrays (type, label and country names, the topology, per-edge and per-node
/// facts, the listing chains, the two id tables), each as a byte length and its bytes padded to 8. The checksum in the header covers the header
/// and every array and table, which opening reads anyway; each record carries its own hash, checked when it is read,
/// so that opening does not read the records (most of the file) at all.
/// </remarks>
internal static class SnapshotFile
{
    /// <summary>The file name beside <see cref="EmbeddedGraphStore.FileName"/>.</summary>
    public const string FileName = "graph.snapshot";

    private const int FormatVersion = 2;
    internal const int HeaderBytes = 128;
    private const int ChecksumAt = 112;
    private static readonly byte[] Magic = "SGSNAP\r\n"u8.ToArray();

    /// <summary>Writes the base of <paramref name="graph"/> (which must have no delta) to <paramref name="path"/>.</summary>
    /// <param name="graph">A snapshot right after a rebuild or an open (<see cref="GraphSnapshot.DeltaSize"/> 0).</param>
    /// <param name="logStamp">Stamp of the log entry at the graph's sequence (see <see cref="EmbeddedGraphStore"/>).</param>
    /// <param name="path">The snapshot file; replaced only once the new one is complete and on disk.</param>
    /// <param name="cancellationToken">Stops the write; the old file stays.</param>
    /// <returns>The graph read back from the file written (opened before the rename, so no other writer's file).</returns>
    public static GraphSnapshot Write(GraphSnapshot graph, long logStamp, string path, CancellationToken cancellationToken)
    {
        if (graph.DeltaSize != 0)
        {
            throw new ArgumentException("only a snapshot without a delta can be written", nameof(graph));
        }

        lock (WriterLock(path))
        {
            var temp = $"{path}.{Environment.ProcessId}.tmp";
            SafeFileHandle? file = null;
            try
            {
                WriteTo(graph.Base, graph.Sequence, logStamp, temp, cancellationToken);
                file = File.OpenHandle(temp, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                var written = Read(file, out _);
                File.Move(temp, path, overwrite: true);
                return written;
            }
            catch
            {
                file?.Dispose();
                File.Delete(temp);
                throw;
            }
        }
    }

    /// <summary>
    /// Held by whoever writes <paramref name="path"/>'s temporary file in this process: a background snapshot write and
    /// an import's or a compaction's build from the tables can start at once, and both write <c>path.PID.tmp</c>
    /// (the process id in the name lets another process tell an abandoned file from a live one).
    /// </summary>
    /// <param name="path">The snapshot file.</param>
    /// <returns>The lock for that file.</returns>
    public static object WriterLock(string path) => s_writerLocks.GetOrAdd(Path.GetFullPath(path), _ => new object());

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, object> s_writerLocks = new(StringComparer.Ordinal);

    /// <summary>Reads the base in <paramref name="path"/> if the file is whole and of this format.</summary>
    /// <param name="path">The snapshot file.</param>
    /// <param name="snapshot">The graph it holds (records stay in the file), with its sequence.</param>
    /// <param name="logStamp">The stamp of the log entry it was written at.</param>
    /// <param name="problem">Why it was not used, when it was not.</param>
    /// <returns>True when the file was read.</returns>
    public static bool TryRead(string path, out GraphSnapshot snapshot, out long logStamp, out string problem)
    {
        snapshot = GraphSnapshot.Empty;
        logStamp = 0;
        if (!File.Exists(path))
        {
            problem = "no snapshot file";
            return false;
        }

        SafeFileHandle? file = null;
        try
        {
            file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            snapshot = Read(file, out logStamp);
            problem = "";
            return true;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException or OutOfMemoryException)
        {
            file?.Dispose();
            problem = e.Message;
            return false;
        }
    }

    /// <summary>Removes temporary files that writers which are no longer running left behind (a crash mid-write).</summary>
    /// <param name="directory">The data folder.</param>
    public static void RemoveAbandoned(string directory)
    {
        foreach (var temp in Directory.EnumerateFiles(directory, FileName + ".*.tmp"))
        {
            var pid = Path.GetFileName(temp)[(FileName.Length + 1)..^4];
            if (int.TryParse(pid, out var id) && id != Environment.ProcessId && !IsRunning(id))
            {
                try
                {
                    File.Delete(temp);
                }
                catch (IOException)
                {
                    // Another process removed it first.
                }
            }
        }
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var p = System.Diagnostics.Process.GetProcessById(processId);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void WriteTo(GraphBase b, long sequence, long logStamp, string temp, CancellationToken cancellationToken)
    {
        int n = b.Nodes.Length, m = b.Edges.Length;
        using var writer = new SnapshotWriter(temp, n, m);
        var nodeSlots = new int[MappedRecords<Entity>.SlotCount(n)];
        var edgeSlots = new int[MappedRecords<Relationship>.SlotCount(m)];
        var nodeOffsets = CopyRecords(writer, b.Nodes, nodeSlots, cancellationToken);
        var edgeOffsets = CopyRecords(writer, b.Edges, edgeSlots, cancellationToken);
        writer.Finish(new SnapshotContent(sequence, logStamp, b.TypeNames, b.Labels.Names, b.Countries.NamesById(), b.Topology, b.ToFacts(),
            nodeOffsets, edgeOffsets, nodeSlots, edgeSlots));
    }

    /// <summary>Appends the records in dense id order and fills their id table; returns their offsets.</summary>
    private static long[] CopyRecords<T>(SnapshotWriter writer, RecordTable<T> records, int[] slots, CancellationToken cancellationToken)
        where T : class
    {
        var bytes = new RecordBytes();
        var offsets = new long[records.Length];
        for (var i = 0; i < records.Length; i++)
        {
            if ((i & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            bytes.Clear();
            records.CopyRecord(i, bytes);
            offsets[i] = writer.Append(bytes.Id.WrittenSpan, bytes.Json.WrittenSpan);
            MappedRecords<T>.InsertSlot(slots, bytes.Id.WrittenSpan, i);
        }

        return offsets;
    }

    /// <summary>Writes <paramref name="c"/>'s header and arrays after the records a <see cref="SnapshotWriter"/> appended.</summary>
    internal static void Finish(FileStream fs, long recordsAt, SnapshotContent c)
    {
        int n = c.Topology.NodeCount, m = c.Topology.EdgeCount;
        var recordsLength = fs.Position - recordsAt;
        var arraysAt = fs.Position;
        var w = new ArrayWriter(fs);
        var t = c.Topology;
        w.Strings(c.TypeNames);
        w.Strings(c.LabelNames);
        w.Strings(c.CountryNames);
        w.Array(t.OutOffsets);
        w.Array(t.OutPacked);
        w.Array(t.InOffsets);
        w.Array(t.InPacked);
        w.Array(t.InEdges);
        w.Array(c.Facts.ValidFromDay);
        w.Array(c.Facts.ValidToDay);
        w.Array(c.Facts.Confidence);
        w.Array(c.Facts.LabelBits);
        w.Array(c.Facts.NodeCountry);
        w.Array(c.Facts.ListingHead);
        w.Array(c.Facts.ListingEdges);
        w.Array(c.Facts.ListingNext);
        w.Array(c.NodeSlots);
        w.Array(c.EdgeSlots);
        var fileLength = fs.Position;

        fs.Position = HeaderBytes;
        fs.Write(MemoryMarshal.AsBytes(c.NodeOffsets.AsSpan()));
        fs.Write(MemoryMarshal.AsBytes(c.EdgeOffsets.AsSpan()));

        var header = new byte[HeaderBytes];
        Magic.CopyTo(header, 0);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), FormatVersion);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(12), n);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(16), m);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(20), c.NodeSlots.Length);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(24), c.Sequence);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(32), c.LogStamp);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(40), fileLength);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(48), recordsAt);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(56), recordsLength);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(64), arraysAt);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(72), c.EdgeSlots.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(ChecksumAt), SnapshotHash.Combine(SnapshotHash.Of(header.AsSpan(0, ChecksumAt)), w.Checksum));
        fs.Position = 0;
        fs.Write(header);

        // On disk before the rename makes it the snapshot: a crash after the rename must not leave a torn file.
        fs.Flush(flushToDisk: true);
    }

    private static GraphSnapshot Read(SafeFileHandle file, out long logStamp)
    {
        var header = new byte[HeaderBytes];
        var fileLength = RandomAccess.GetLength(file);
        if (fileLength < HeaderBytes)
        {
            throw new InvalidDataException("the snapshot file is truncated");
        }

        FileReads.ReadExactly(file, header, 0);
        if (!header.AsSpan(0, 8).SequenceEqual(Magic))
        {
            throw new InvalidDataException("not a snapshot file");
        }

        var version = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8));
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"snapshot format {version}, this version reads {FormatVersion}");
        }

        var n = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(12));
        var m = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(16));
        var nodeSlotCount = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(20));
        var sequence = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(24));
        logStamp = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(32));
        var length = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(40));
        var recordsAt = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(48));
        var recordsLength = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(56));
        var arraysAt = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(64));
        var edgeSlotCount = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(72));
        if (length != fileLength)
        {
            throw new InvalidDataException($"the snapshot file is {fileLength} bytes, its header says {length} (truncated or torn)");
        }

        if (n < 0 || m < 0 || sequence < 0 || recordsAt != HeaderBytes + (8L * n) + (8L * m) || recordsLength < 0
            || arraysAt != recordsAt + recordsLength || arraysAt > fileLength
            || nodeSlotCount != MappedRecords<Entity>.SlotCount(n) || edgeSlotCount != MappedRecords<Relationship>.SlotCount(m))
        {
            throw new InvalidDataException("the snapshot file's header is inconsistent");
        }

        var r = new ArrayReader(file, arraysAt, fileLength);
        var typeNames = r.Strings();
        var labelNames = r.Strings();
        var countryNames = r.Strings();
        var outOffsets = r.Array<int>(n + 1);
        var outPacked = r.Array<int>(m);
        var inOffsets = r.Array<int>(n + 1);
        var inPacked = r.Array<int>(m);
        var inEdges = r.Array<int>(m);
        var facts = new Facts(r.Array<int>(m), r.Array<int>(m), r.Array<float>(m), r.Array<ulong>(n), r.Array<int>(n), r.Array<int>(n), r.Array<int>(-1), r.Array<int>(-1));
        var nodeSlots = r.Array<int>(nodeSlotCount);
        var edgeSlots = r.Array<int>(edgeSlotCount);
        if (SnapshotHash.Combine(SnapshotHash.Of(header.AsSpan(0, ChecksumAt)), r.Checksum) != BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(ChecksumAt)))
        {
            throw new InvalidDataException("the snapshot file fails its checksum");
        }

        if (typeNames.Count > CompactGraph.MaxEdgeTypes || labelNames.Count > 64 || facts.ListingEdges.Length != facts.ListingNext.Length)
        {
            throw new InvalidDataException("the snapshot file's tables are inconsistent");
        }

        var topology = CompactGraph.FromArrays(n, outOffsets, outPacked, inOffsets, inPacked, inEdges, [.. typeNames]);
        var nodes = new MappedRecords<Entity>(file, n, HeaderBytes, recordsAt, recordsLength, nodeSlots, GraphJson.ParseEntity);
        var edges = new MappedRecords<Relationship>(file, m, HeaderBytes + (8L * n), recordsAt, recordsLength, edgeSlots, GraphJson.ParseRelationship);
        return GraphSnapshot.FromBase(sequence, new GraphBase(topology, nodes, edges, facts, typeNames, labelNames, countryNames));
    }

    /// <summary>Writes arrays as a byte length and the bytes padded to 8, folding each into a checksum.</summary>
    private sealed class ArrayWriter(FileStream fs)
    {
        public ulong Checksum { get; private set; }

        public void Array<T>(T[] values)
            where T : unmanaged => Bytes(MemoryMarshal.AsBytes(values.AsSpan()));

        public void Strings(IReadOnlyList<string> values)
        {
            using var buffer = new MemoryStream();
            Span<byte> number = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(number, values.Count);
            buffer.Write(number);
            foreach (var value in values)
            {
                var utf8 = Encoding.UTF8.GetBytes(value);
                BinaryPrimitives.WriteInt32LittleEndian(number, utf8.Length);
                buffer.Write(number);
                buffer.Write(utf8);
            }

            Bytes(buffer.ToArray());
        }

        private void Bytes(ReadOnlySpan<byte> bytes)
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(length, bytes.Length);
            fs.Write(length);
            fs.Write(bytes);
            fs.Write(stackalloc byte[(8 - (bytes.Length & 7)) & 7]);
            Checksum = SnapshotHash.Combine(SnapshotHash.Combine(Checksum, (ulong)bytes.Length), SnapshotHash.Of(bytes));
        }
    }

    /// <summary>Reads what <see cref="ArrayWriter"/> wrote, checking every length against the file before allocating.</summary>
    private sealed class ArrayReader(SafeFileHandle file, long position, long end)
    {
        private long _position = position;

        public ulong Checksum { get; private set; }


        /// <summary>An array of <paramref name="expected"/> elements (-1: any number).</summary>
        public T[] Array<T>(int expected)
            where T : unmanaged
        {
            var size = Marshal.SizeOf<T>();
            var bytes = Length();
            if (bytes % size != 0 || (expected >= 0 && bytes != (long)expected * size) || bytes / size > System.Array.MaxLength)
            {
                throw new InvalidDataException("the snapshot file's arrays do not match its header");
            }

            var values = GC.AllocateUninitializedArray<T>((int)(bytes / size));
            Fill(MemoryMarshal.AsBytes(values.AsSpan()));
            return values;
        }

        public List<string> Strings()
        {
            var bytes = Length();
            if (bytes > 1 << 24)
            {
                throw new InvalidDataException("the snapshot file's name table is too large");
            }

            var buffer = new byte[bytes];
            Fill(buffer);
            var span = buffer.AsSpan();
            var count = Int(ref span);
            var names = new List<string>();
            for (var i = 0; i < count; i++)
            {
                var length = Int(ref span);
                if ((uint)length > (uint)span.Length)
                {
                    throw new InvalidDataException("the snapshot file's name table is inconsistent");
                }

                names.Add(Encoding.UTF8.GetString(span[..length]));
                span = span[length..];
            }

            return names;
        }

        private static int Int(ref Span<byte> span)
        {
            if (span.Length < 4)
            {
                throw new InvalidDataException("the snapshot file's name table is inconsistent");
            }

            var value = BinaryPrimitives.ReadInt32LittleEndian(span);
            span = span[4..];
            return value;
        }

        private long Length()
        {
            Span<byte> length = stackalloc byte[8];
            Take(length);
            var bytes = BinaryPrimitives.ReadInt64LittleEndian(length);
            if (bytes < 0 || bytes > end - _position)
            {
                throw new InvalidDataException("the snapshot file's arrays do not match its header");
            }

            Checksum = SnapshotHash.Combine(Checksum, (ulong)bytes);
            return bytes;
        }

        private void Fill(Span<byte> into)
        {
            Take(into);
            Checksum = SnapshotHash.Combine(Checksum, SnapshotHash.Of(into));
            _position += (8 - (into.Length & 7)) & 7;
        }

        private void Take(Span<byte> into)
        {
            if (into.Length > end - _position)
            {
                throw new InvalidDataException("the snapshot file's arrays do not match its header");
            }

            FileReads.ReadExactly(file, into, _position);
            _position += into.Length;
        }
    }
}
