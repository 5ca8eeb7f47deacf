using System.Text;
using Microsoft.Win32.SafeHandles;

namespace SupplyGraph.Core.Import;

/// <summary>
/// The parallel path of <see cref="EdgeListLoader"/> for its common case: a large file whose lines are all
/// <c>number TAB number TAB type</c> (blank lines, <c>#</c> comments and a header line allowed). The file is cut
/// at line ends into one part per core; each part is parsed on its own thread into its own arrays; the parts are
/// then joined in file order, with type indexes given in order of first appearance — the result is the one the
/// sequential parser gives. Any other line makes it give up (returns null), and the sequential parser, which names
/// the file and line of a bad line, reads the file instead.
/// </summary>
internal static class NumericEdgeListReader
{
    /// <summary>Below this, one thread reads the file before a second one has started.</summary>
    private const long MinParallelBytes = 32L << 20;

    private const int BufferSize = 1 << 20;

    public static (int[] Sources, int[] Targets, byte[] Types, List<string> TypeNames, int MaxId)? TryRead(string path)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        var length = RandomAccess.GetLength(handle);
        var parts = Math.Min(Environment.ProcessorCount, 8);
        if (length < MinParallelBytes || parts < 2)
        {
            return null;
        }

        var cuts = new long[parts + 1];
        cuts[parts] = length;
        for (var k = 1; k < parts; k++)
        {
            cuts[k] = NextLineStart(handle, Math.Max(cuts[k - 1], length * k / parts), length);
        }

        var results = new Part?[parts];
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, k => results[k] = ReadPart(handle, cuts[k], cuts[k + 1], k == 0));
        if (results.Any(r => r is null))
        {
            return null;
        }

        var total = results.Sum(r => r!.Count);
        var sources = new int[total];
        var targets = new int[total];
        var types = new byte[total];
        var typeNames = new List<string>();
        var maxId = -1;
        var at = 0;
        Span<byte> remap = stackalloc byte[256];
        foreach (var part in results)
        {
            for (var t = 0; t < part!.TypeNames.Count; t++)
            {
                var index = typeNames.IndexOf(part.TypeNames[t]);
                if (index < 0)
                {
                    if (typeNames.Count == Engine.CompactGraph.MaxEdgeTypes)
                    {
                        return null;
                    }

                    typeNames.Add(part.TypeNames[t]);
                    index = typeNames.Count - 1;
                }

                remap[t] = (byte)index;
            }

            part.Sources.AsSpan(0, part.Count).CopyTo(sources.AsSpan(at));
            part.Targets.AsSpan(0, part.Count).CopyTo(targets.AsSpan(at));
            for (var i = 0; i < part.Count; i++)
            {
                types[at + i] = remap[part.Types[i]];
            }

            at += part.Count;
            maxId = Math.Max(maxId, part.MaxId);
            results[Array.IndexOf(results, part)] = null;
        }

        return (sources, targets, types, typeNames, maxId);
    }

    private static long NextLineStart(SafeFileHandle handle, long from, long length)
    {
        if (from == 0)
        {
            return 0;
        }

        Span<byte> buffer = stackalloc byte[4096];
        for (var at = from - 1; at < length;)
        {
            var read = RandomAccess.Read(handle, buffer, at);
            var newline = buffer[..read].IndexOf((byte)'\n');
            if (newline >= 0)
            {
                return at + newline + 1;
            }

            at += read;
        }

        return length;
    }

    private static Part? ReadPart(SafeFileHandle handle, long start, long end, bool first)
    {
        // Sized from the part's bytes (the bench file has 23 bytes per line); grown by half when short.
        var capacity = (int)Math.Min(Array.MaxLength, ((end - start) / 16) + 1024);
        var part = new Part(capacity);
        var typeBytes = new List<byte[]>();
        var buffer = new byte[BufferSize];
        var carry = 0;
        var position = start;
        var firstLine = first;
        while (position < end || carry > 0)
        {
            var read = position < end ? RandomAccess.Read(handle, buffer.AsSpan(carry, (int)Math.Min(buffer.Length - carry, end - position)), position) : 0;
            position += read;
            var length = carry + read;
            var eof = position >= end;
            var at = 0;
            while (at < length)
            {
                var newline = buffer.AsSpan(at, length - at).IndexOf((byte)'\n');
                if (newline < 0 && !eof)
                {
                    break;
                }

                var lineEnd = newline < 0 ? length : at + newline;
                var line = buffer.AsSpan(at, lineEnd - at);
                at = lineEnd + 1;
                if (EdgeListLoader.TryParseNumbers(line, out var s, out var d, out var type))
                {
                    part.Add(s, d, TypeIndex(type, typeBytes, part.TypeNames));
                }
                else if (!IsSkippable(line, firstLine))
                {
                    return null;
                }

                firstLine = false;
            }

            carry = Math.Max(0, length - at);
            if (carry == buffer.Length)
            {
                return null;
            }

            Buffer.BlockCopy(buffer, length - carry, buffer, 0, carry);
            if (eof && read == 0)
            {
                break;
            }
        }

        return part;
    }

    private static bool IsSkippable(ReadOnlySpan<byte> line, bool firstLine)
    {
        if (line.Length > 0 && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        return line.IsEmpty || line[0] == (byte)'#'
            || (firstLine && (line.StartsWith("src"u8) || line.StartsWith("source"u8) || line.StartsWith("from"u8)));
    }

    private static byte TypeIndex(ReadOnlySpan<byte> type, List<byte[]> typeBytes, List<string> typeNames)
    {
        for (var i = 0; i < typeBytes.Count; i++)
        {
            if (type.SequenceEqual(typeBytes[i]))
            {
                return (byte)i;
            }
        }

        // Past 255 distinct names the byte would wrap; the join refuses more than 64 anyway.
        typeBytes.Add(type.ToArray());
        typeNames.Add(Encoding.UTF8.GetString(type));
        return (byte)Math.Min(255, typeNames.Count - 1);
    }

    private sealed class Part(int capacity)
    {
        public int[] Sources = new int[capacity];
        public int[] Targets = new int[capacity];
        public byte[] Types = new byte[capacity];
        public readonly List<string> TypeNames = [];
        public int Count;
        public int MaxId = -1;

        public void Add(int source, int target, byte type)
        {
            if (Count == Sources.Length)
            {
                var grown = (int)Math.Min(Array.MaxLength, Count + (Count / 2) + 1024);
                Array.Resize(ref Sources, grown);
                Array.Resize(ref Targets, grown);
                Array.Resize(ref Types, grown);
            }

            Sources[Count] = source;
            Targets[Count] = target;
            Types[Count++] = type;
            MaxId = Math.Max(MaxId, Math.Max(source, target));
        }
    }
}
