using System.Text.Json;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Import;

/// <summary>
/// Reads a JSON file's top-level object and keeps the line each value (and each array element) starts on,
/// so that errors can name the line. <see cref="JsonDocument"/> alone forgets positions.
/// </summary>
internal static class JsonScanner
{
    public sealed record Item(string Property, int Index, int Line, JsonElement Value);

    public static List<Item> ScanTopLevel(byte[] bytes, string file)
    {
        // Checked whole first: the scan below stops at the top-level object's end and reads strings lazily.
        var body = StrictJson.WithoutBom(bytes).Span;
        StrictJson.Validate(body, file, allowComments: true);
        var lineStarts = LineStarts(bytes);
        var options = new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = StrictJson.MaxDepth };
        var reader = new Utf8JsonReader(body, options);
        var offset = bytes.Length - body.Length;
        var items = new List<Item>();
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new InvalidInputException(new InputError(new SourceLocation(file, 1), "", "expected a JSON object at the top level"));
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    var index = 0;
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        var line = LineOf(lineStarts, offset + (int)reader.TokenStartIndex);
                        using var doc = JsonDocument.ParseValue(ref reader);
                        items.Add(new Item(name, index++, line, doc.RootElement.Clone()));
                    }
                }
                else
                {
                    var line = LineOf(lineStarts, offset + (int)reader.TokenStartIndex);
                    using var doc = JsonDocument.ParseValue(ref reader);
                    items.Add(new Item(name, -1, line, doc.RootElement.Clone()));
                }
            }
        }
        catch (JsonException ex)
        {
            var line = (int)(ex.LineNumber ?? 0) + 1;
            var message = ex.Message.Split(" LineNumber:")[0].Split(" Path:")[0];
            throw new InvalidInputException(new InputError(new SourceLocation(file, line), "", "malformed JSON: " + message));
        }

        return items;
    }

    private static int[] LineStarts(byte[] bytes)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                starts.Add(i + 1);
            }
        }

        return [.. starts];
    }

    private static int LineOf(int[] lineStarts, int offset)
    {
        var i = Array.BinarySearch(lineStarts, offset);
        return (i >= 0 ? i : ~i - 1) + 1;
    }
}
