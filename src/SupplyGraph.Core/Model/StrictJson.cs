using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace SupplyGraph.Core.Model;

/// <summary>
/// Reads JSON that came from outside (request bodies, import files) and refuses, with the line and field path,
/// everything <see cref="JsonDocument"/> would let through or fail on later: invalid UTF-8, unpaired surrogate
/// escapes (they make <c>GetString</c> throw), nesting deeper than <see cref="MaxDepth"/>, duplicate keys (which
/// one wins is a guess), numbers that are not finite doubles, and anything after the root value.
/// </summary>
public static class StrictJson
{
    /// <summary>How deep objects and arrays may nest.</summary>
    public const int MaxDepth = 64;

    /// <summary>Checks <paramref name="utf8"/> and parses it.</summary>
    /// <param name="utf8">The text, with or without a UTF-8 byte order mark.</param>
    /// <param name="source">File name or <c>request body</c>, for messages.</param>
    /// <param name="allowComments">Whether <c>//</c> and <c>/* */</c> comments and trailing commas are allowed (import files).</param>
    /// <returns>The document; the caller disposes it.</returns>
    /// <exception cref="InvalidInputException">The text is not one valid JSON value.</exception>
    public static JsonDocument Parse(ReadOnlyMemory<byte> utf8, string source, bool allowComments = false)
    {
        var body = WithoutBom(utf8);
        Validate(body.Span, source, allowComments);
        return JsonDocument.Parse(body, new JsonDocumentOptions
        {
            MaxDepth = MaxDepth,
            AllowDuplicateProperties = false,
            AllowTrailingCommas = allowComments,
            CommentHandling = allowComments ? JsonCommentHandling.Skip : JsonCommentHandling.Disallow,
        });
    }

    /// <summary>The text without its UTF-8 byte order mark, if it has one.</summary>
    /// <param name="utf8">The text.</param>
    /// <returns>The text after the mark.</returns>
    public static ReadOnlyMemory<byte> WithoutBom(ReadOnlyMemory<byte> utf8) =>
        utf8.Span.StartsWith(Encoding.UTF8.Preamble) ? utf8[3..] : utf8;

    /// <summary>Checks that <paramref name="utf8"/> (without a byte order mark) is one valid JSON value.</summary>
    /// <param name="utf8">The text.</param>
    /// <param name="source">File name or <c>request body</c>, for messages.</param>
    /// <param name="allowComments">Whether comments and trailing commas are allowed.</param>
    /// <exception cref="InvalidInputException">It is not.</exception>
    public static void Validate(ReadOnlySpan<byte> utf8, string source, bool allowComments)
    {
        if (FirstInvalidUtf8(utf8) is { } bad)
        {
            throw Error(source, LineAt(utf8, bad), "", $"invalid UTF-8 (byte 0x{utf8[bad]:X2} at offset {bad}); the text must be UTF-8");
        }

        if (utf8.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw Error(source, 1, "", "expected JSON, found nothing");
        }

        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions
        {
            MaxDepth = MaxDepth,
            AllowTrailingCommas = allowComments,
            CommentHandling = allowComments ? JsonCommentHandling.Skip : JsonCommentHandling.Disallow,
        });
        var path = new List<string>();
        var keys = new List<HashSet<string>?>();
        var indexes = new List<int>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        NextElement(path, indexes);
                        keys.Add(reader.TokenType == JsonTokenType.StartObject ? new HashSet<string>(StringComparer.Ordinal) : null);
                        indexes.Add(reader.TokenType == JsonTokenType.StartArray ? -1 : -2);
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        keys.RemoveAt(keys.Count - 1);
                        indexes.RemoveAt(indexes.Count - 1);
                        if (path.Count > keys.Count)
                        {
                            path.RemoveAt(path.Count - 1);
                        }

                        break;
                    case JsonTokenType.PropertyName:
                        var name = ReadString(ref reader, utf8, source, path);
                        if (path.Count > keys.Count - 1)
                        {
                            path.RemoveAt(path.Count - 1);
                        }

                        path.Add(name);
                        if (!keys[^1]!.Add(name))
                        {
                            throw Error(source, LineAt(utf8, (int)reader.TokenStartIndex), Path(path), $"duplicate key '{Printable(name)}'; each key may appear once");
                        }

                        break;
                    case JsonTokenType.String:
                        NextElement(path, indexes);
                        if (reader.ValueIsEscaped)
                        {
                            ReadString(ref reader, utf8, source, path);
                        }

                        break;
                    case JsonTokenType.Number:
                        NextElement(path, indexes);
                        if (!reader.TryGetDouble(out var number) || !double.IsFinite(number))
                        {
                            throw Error(source, LineAt(utf8, (int)reader.TokenStartIndex), Path(path), "the number is out of range");
                        }

                        break;
                    default:
                        NextElement(path, indexes);
                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            throw Error(source, (int)(ex.LineNumber ?? 0) + 1, Path(path), Describe(ex));
        }
    }

    /// <summary>The 1-based line that byte <paramref name="offset"/> is on.</summary>
    /// <param name="utf8">The text.</param>
    /// <param name="offset">A byte offset.</param>
    /// <returns>The line.</returns>
    public static int LineAt(ReadOnlySpan<byte> utf8, int offset) =>
        utf8[..Math.Clamp(offset, 0, utf8.Length)].Count((byte)'\n') + 1;

    /// <summary>The offset of the first byte that is not valid UTF-8, or null when all are.</summary>
    /// <param name="utf8">The bytes.</param>
    /// <returns>The offset, or null.</returns>
    public static int? FirstInvalidUtf8(ReadOnlySpan<byte> utf8)
    {
        if (Utf8.IsValid(utf8))
        {
            return null;
        }

        var chars = ArrayPool<char>.Shared.Rent(4096);
        try
        {
            var done = 0;
            while (true)
            {
                var status = Utf8.ToUtf16(utf8[done..], chars, out var read, out _, replaceInvalidSequences: false);
                done += read;
                if (status != OperationStatus.DestinationTooSmall)
                {
                    return status == OperationStatus.Done ? null : done;
                }
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>
    /// Describes the first control character in <paramref name="text"/> (NUL, escape, DEL, C1 …), or null when it
    /// has none. Names and ids must be one line; free text may hold tabs and line breaks.
    /// </summary>
    /// <param name="text">A string from the input.</param>
    /// <param name="multiLine">Whether tab, line feed and carriage return are allowed.</param>
    /// <returns>A message such as <c>contains a control character (U+0000)</c>, or null.</returns>
    public static string? ControlCharacter(string text, bool multiLine)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c) && !(multiLine && c is '\t' or '\n' or '\r'))
            {
                return $"contains a control character (U+{(int)c:X4}); {(multiLine ? "only tab and line breaks are allowed" : "names and ids must be printable text on one line")}";
            }
        }

        return null;
    }

    /// <summary>Shows control characters as <c>\uXXXX</c>, so a message about them can be read.</summary>
    /// <param name="text">Text from the input.</param>
    /// <returns>Printable text, at most about 60 characters.</returns>
    public static string Printable(string text)
    {
        var b = new StringBuilder();
        foreach (var c in text.Length > 60 ? text[..60] : text)
        {
            if (char.IsControl(c) || char.IsSurrogate(c))
            {
                b.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                b.Append(c);
            }
        }

        return text.Length > 60 ? b.Append('…').ToString() : b.ToString();
    }

    private static string ReadString(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8, string source, List<string> path)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // Only an escape such as \ud800 without its pair gets here: the bytes were checked as UTF-8 above.
            throw Error(source, LineAt(utf8, (int)reader.TokenStartIndex), Path(path), "a \\u escape is half of a surrogate pair without the other half; the text must be valid Unicode");
        }
    }

    private static void NextElement(List<string> path, List<int> indexes)
    {
        if (indexes.Count == 0 || indexes[^1] == -2)
        {
            return; // the root, or an object's value (its key is on the path already)
        }

        if (indexes[^1] >= 0)
        {
            path.RemoveAt(path.Count - 1);
        }

        indexes[^1]++;
        path.Add($"[{indexes[^1]}]");
    }

    private static string Path(List<string> path)
    {
        var b = new StringBuilder();
        foreach (var part in path.Take(8))
        {
            if (b.Length > 0 && !part.StartsWith('['))
            {
                b.Append('.');
            }

            b.Append(part.StartsWith('[') ? part : Printable(part));
        }

        // Deep paths (the nesting-limit error is 64 levels down) are cut: the start says where it is.
        return path.Count > 8 ? b.Append('…').ToString() : b.ToString();
    }

    private static string Describe(JsonException ex)
    {
        var message = ex.Message.Split(" LineNumber:")[0].Split(" Path:")[0].Trim();
        return message switch
        {
            _ when message.Contains("maximum configured depth", StringComparison.Ordinal) => $"nested more than {MaxDepth} levels deep",
            _ when message.Contains("after a single JSON value", StringComparison.Ordinal) => "unexpected text after the JSON value; a body holds one value",
            _ when message.Contains("end of data", StringComparison.Ordinal) || message.Contains("depth to be zero", StringComparison.Ordinal)
                || message.Contains("does not contain any JSON tokens", StringComparison.Ordinal) => "the JSON ends early (an object, array or string is not closed)",
            _ => "malformed JSON: " + message,
        };
    }

    private static InvalidInputException Error(string source, int line, string field, string message) =>
        new(new InputError(new SourceLocation(source, line), field, message));
}
