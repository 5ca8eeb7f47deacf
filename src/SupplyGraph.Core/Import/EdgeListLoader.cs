using System.Text;
using SupplyGraph.Core.Engine;

namespace SupplyGraph.Core.Import;

/// <summary>A topology loaded from an edge list, with the mapping between the file's ids and node ids.</summary>
/// <param name="Graph">The topology.</param>
/// <param name="Names">Node id → the file's id, when the file's ids were names; null when they were the numbers 0..N-1.</param>
public sealed record LoadedEdgeList(CompactGraph Graph, string[]? Names)
{
    private Dictionary<string, int>? _byName;

    /// <summary>The node id of a numeric file id.</summary>
    /// <param name="fileId">The number as in the file.</param>
    /// <returns>Node id, or -1.</returns>
    public int NodeOf(int fileId) => Names is null && (uint)fileId < (uint)Graph.NodeCount ? fileId : -1;

    /// <summary>The node id of a file id.</summary>
    /// <param name="fileId">The id as in the file.</param>
    /// <returns>Node id, or -1.</returns>
    public int NodeOf(string fileId)
    {
        if (Names is null)
        {
            return int.TryParse(fileId, System.Globalization.CultureInfo.InvariantCulture, out var n) ? NodeOf(n) : -1;
        }

        _byName ??= Names.Select((id, node) => (id, node)).ToDictionary(x => x.id, x => x.node, StringComparer.Ordinal);
        return _byName.TryGetValue(fileId, out var node) ? node : -1;
    }

    /// <summary>The file's id of a node id.</summary>
    /// <param name="node">Node id.</param>
    /// <returns>The id as in the file.</returns>
    public string FileIdOf(int node) => Names is null ? node.ToString(System.Globalization.CultureInfo.InvariantCulture) : Names[node];
}

/// <summary>
/// Loads a generic edge list (<c>source, target, type</c> per line; tab, comma or semicolon separated; an optional
/// header) straight into the compact topology, without the record store — for graphs of millions of edges.
/// Whole-number ids are used as node ids directly; any other ids are interned in order of appearance.
/// </summary>
public static class EdgeListLoader
{
    private const int BufferSize = 1 << 20;

    /// <summary>Loads the file.</summary>
    /// <param name="path">The edge list.</param>
    /// <param name="nodeCount">Number of nodes when ids are numbers and some nodes have no edges; 0 to use the largest id + 1.</param>
    /// <returns>The topology.</returns>
    /// <exception cref="Model.InvalidInputException">A line is malformed (file and line named).</exception>
    public static LoadedEdgeList Load(string path, int nodeCount = 0)
    {
        if (NumericEdgeListReader.TryRead(path) is { } numeric)
        {
            var nodes = Math.Max(nodeCount, numeric.MaxId + 1);
            return new LoadedEdgeList(CompactGraph.Build(nodes, numeric.Sources, numeric.Targets, numeric.Types, numeric.TypeNames, default), null);
        }

        var src = new List<int>(1 << 16);
        var dst = new List<int>(1 << 16);
        var types = new List<byte>(1 << 16);
        var typeNames = new List<string>();
        var typeBytes = new List<byte[]>();
        Dictionary<string, int>? ids = null;
        List<string>? idList = null;
        var maxId = -1;
        var line = 0;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan);
        var buffer = new byte[BufferSize];
        var carry = 0;
        int read;
        while ((read = stream.Read(buffer, carry, buffer.Length - carry)) > 0 || carry > 0)
        {
            var length = carry + read;
            var start = 0;
            var eof = read == 0;
            while (start < length)
            {
                var end = Array.IndexOf(buffer, (byte)'\n', start, length - start);
                if (end < 0)
                {
                    if (!eof)
                    {
                        break;
                    }

                    end = length;
                }

                line++;
                var text = buffer.AsSpan(start, end - start);
                if (ids is null && TryParseNumbers(text, out var s, out var d, out var type))
                {
                    src.Add(s);
                    dst.Add(d);
                    types.Add(TypeIndex(type, typeNames, typeBytes, path, line));
                    maxId = Math.Max(maxId, Math.Max(s, d));
                }
                else
                {
                    ParseLine(text, line, path, src, dst, types, typeNames, typeBytes, ref ids, ref idList, ref maxId);
                }

                start = end + 1;
            }

            if (src.Count > 0 && src.Capacity < stream.Length / 8 && stream.Position < stream.Length)
            {
                // Sized once from the first chunk's bytes per line: growing by doubling copied every list twice and
                // held the old and the new array at once (tens of MB per list at 40M edges).
                var estimate = (int)Math.Min(Array.MaxLength, (stream.Length * (long)src.Count / Math.Max(1, stream.Position - (length - start)) * 21 / 20) + 1024);
                src.Capacity = Math.Max(src.Capacity, estimate);
                dst.Capacity = Math.Max(dst.Capacity, estimate);
                types.Capacity = Math.Max(types.Capacity, estimate);
            }

            carry = Math.Max(0, length - start);
            if (carry == buffer.Length)
            {
                throw Malformed(path, line + 1, "line longer than 1 MiB");
            }

            Buffer.BlockCopy(buffer, start, buffer, 0, carry);
            if (eof)
            {
                break;
            }
        }

        var count = ids is null ? Math.Max(nodeCount, maxId + 1) : ids.Count;
        var graph = CompactGraph.Build(count, ListSpan(src), ListSpan(dst), ListSpan(types), typeNames, default);
        return new LoadedEdgeList(graph, idList?.ToArray());
    }

    /// <summary>The common case, <c>digits TAB digits TAB type</c>, without the general parser's separator sniffing.</summary>
    internal static bool TryParseNumbers(ReadOnlySpan<byte> text, out int source, out int target, out ReadOnlySpan<byte> type)
    {
        source = target = 0;
        type = default;
        var i = 0;
        if (!TryParseField(text, ref i, out source) || !TryParseField(text, ref i, out target))
        {
            return false;
        }

        type = text[i..];
        if (type.Length > 0 && type[^1] == (byte)'\r')
        {
            type = type[..^1];
        }

        return type.Length > 0 && type.IndexOf((byte)'\t') < 0;
    }

    private static bool TryParseField(ReadOnlySpan<byte> text, ref int i, out int value)
    {
        value = 0;
        var start = i;
        while (i < text.Length && text[i] - (uint)'0' <= 9)
        {
            value = (value * 10) + (text[i++] - '0');
        }

        if (i == start || i - start > 9 || i >= text.Length || text[i] != (byte)'\t')
        {
            return false;
        }

        i++;
        return true;
    }

    private static ReadOnlySpan<T> ListSpan<T>(List<T> list) => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list);

    private static void ParseLine(ReadOnlySpan<byte> text, int line, string path, List<int> src, List<int> dst, List<byte> types,
        List<string> typeNames, List<byte[]> typeBytes, ref Dictionary<string, int>? ids, ref List<string>? idList, ref int maxId)
    {
        if (text.Length > 0 && text[^1] == (byte)'\r')
        {
            text = text[..^1];
        }

        if (text.IsEmpty || text[0] == (byte)'#')
        {
            return;
        }

        var separator = text.IndexOf((byte)'\t') >= 0 ? (byte)'\t' : text.IndexOf((byte)',') >= 0 ? (byte)',' : (byte)';';
        var first = text.IndexOf(separator);
        if (first < 0)
        {
            throw Malformed(path, line, "expected source, target and type separated by tabs or commas");
        }

        var rest = text[(first + 1)..];
        var second = rest.IndexOf(separator);
        var a = text[..first];
        var b = second < 0 ? rest : rest[..second];
        var type = second < 0 ? "RELATED"u8 : rest[(second + 1)..];
        var third = type.IndexOf(separator);
        if (third >= 0)
        {
            type = type[..third];
        }

        if (line == 1 && ids is null && !IsNumber(a) && (a.SequenceEqual("src"u8) || a.SequenceEqual("source"u8) || a.SequenceEqual("from"u8)))
        {
            return;
        }

        int s, d;
        if (ids is null && IsNumber(a) && IsNumber(b))
        {
            s = ParseInt(a);
            d = ParseInt(b);
            maxId = Math.Max(maxId, Math.Max(s, d));
        }
        else
        {
            if (ids is null)
            {
                if (src.Count > 0)
                {
                    throw Malformed(path, line, "ids switch from numbers to names; use one kind throughout");
                }

                ids = new Dictionary<string, int>(StringComparer.Ordinal);
                idList = [];
            }

            s = Intern(Encoding.UTF8.GetString(a), ids, idList!);
            d = Intern(Encoding.UTF8.GetString(b), ids, idList!);
        }

        src.Add(s);
        dst.Add(d);
        types.Add(TypeIndex(type, typeNames, typeBytes, path, line));
    }

    private static byte TypeIndex(ReadOnlySpan<byte> type, List<string> typeNames, List<byte[]> typeBytes, string path, int line)
    {
        for (var i = 0; i < typeBytes.Count; i++)
        {
            if (type.SequenceEqual(typeBytes[i]))
            {
                return (byte)i;
            }
        }

        if (typeNames.Count == CompactGraph.MaxEdgeTypes)
        {
            throw Malformed(path, line, $"more than {CompactGraph.MaxEdgeTypes} relationship types");
        }

        typeNames.Add(Encoding.UTF8.GetString(type));
        typeBytes.Add(type.ToArray());
        return (byte)(typeNames.Count - 1);
    }

    private static int Intern(string id, Dictionary<string, int> ids, List<string> idList)
    {
        if (!ids.TryGetValue(id, out var n))
        {
            n = ids.Count;
            ids.Add(id, n);
            idList.Add(id);
        }

        return n;
    }

    private static bool IsNumber(ReadOnlySpan<byte> s)
    {
        if (s.IsEmpty || s.Length > 9)
        {
            return false;
        }

        foreach (var c in s)
        {
            if (c is < (byte)'0' or > (byte)'9')
            {
                return false;
            }
        }

        return true;
    }

    private static int ParseInt(ReadOnlySpan<byte> s)
    {
        var v = 0;
        foreach (var c in s)
        {
            v = (v * 10) + (c - '0');
        }

        return v;
    }

    private static Model.InvalidInputException Malformed(string path, int line, string message) =>
        new(new Model.InputError(new Model.SourceLocation(Path.GetFileName(path), line), "", message));
}
