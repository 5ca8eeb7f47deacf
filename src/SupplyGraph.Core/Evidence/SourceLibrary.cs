using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Evidence;

/// <summary>
/// The sources that provenances cite, read from a catalog (<c>sources.json</c>) in a folder: documents served as text,
/// datasets served one record at a time (a provenance's <c>record</c>, e.g. <c>entities[679]</c>), each with the
/// provenance's quote located in it. Only the catalog's files are read, never a path from a request.
/// </summary>
public sealed partial class SourceLibrary
{
    /// <summary>The folder's name inside the seed folder.</summary>
    public const string FolderName = "sources";

    /// <summary>The catalog's file name.</summary>
    public const string CatalogName = "sources.json";

    /// <summary>Most occurrences of a quote highlighted in one text.</summary>
    public const int MaxHighlights = 20;

    private readonly Dictionary<string, Entry> _entries;

    private SourceLibrary(IEnumerable<Entry> entries)
    {
        _entries = entries.ToDictionary(e => e.Info.Id, StringComparer.Ordinal);
        Sources = [.. _entries.Values.Select(e => e.Info)];
    }

    /// <summary>A library with no sources (a server without a seed folder).</summary>
    public static SourceLibrary Empty { get; } = new([]);

    /// <summary>The catalog, in its order.</summary>
    public IReadOnlyList<SourceInfo> Sources { get; }

    /// <summary>Reads the catalog of <paramref name="folder"/>; the files it names must be inside the catalog's folder's parent.</summary>
    /// <param name="folder">The folder holding <c>sources.json</c>.</param>
    /// <returns>The library.</returns>
    /// <exception cref="InvalidInputException">The catalog is malformed or names a file that is missing, naming the field.</exception>
    public static SourceLibrary Load(string folder)
    {
        var catalog = Path.Combine(folder, CatalogName);
        using var doc = StrictJson.Parse(File.ReadAllBytes(catalog), catalog);
        var root = Path.GetFullPath(Path.Combine(folder, ".."));
        var entries = new List<Entry>();
        var i = 0;
        foreach (var item in doc.RootElement.GetProperty("sources").EnumerateArray())
        {
            var at = $"sources[{i++}]";
            var id = Required(item, "id", catalog, at);
            var kind = Required(item, "kind", catalog, at);
            if (kind is not (SourceInfo.Document or SourceInfo.Dataset))
            {
                throw Invalid(catalog, at + ".kind", $"'{kind}' must be document or dataset");
            }

            var file = Path.GetFullPath(Path.Combine(folder, Required(item, "file", catalog, at)));
            if (!file.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(file))
            {
                throw Invalid(catalog, at + ".file", $"'{file}' is not a file inside {root}");
            }

            var text = kind == SourceInfo.Document ? File.ReadAllText(file, Encoding.UTF8) : null;
            var info = new SourceInfo(id, kind, Required(item, "title", catalog, at), Required(item, "titleFrom", catalog, at),
                Optional(item, "publisher"), Optional(item, "author"), text?.Length ?? 0);
            entries.Add(new Entry(info, file, text, Optional(item, "recordKey")));
        }

        return new SourceLibrary(entries);
    }

    /// <summary>The source with this id, or null.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The source, or null.</returns>
    public SourceInfo? Find(string id) => _entries.GetValueOrDefault(id)?.Info;

    /// <summary>The source a provenance's <c>source</c> names: its id, or its id followed by " (…)".</summary>
    /// <param name="provenanceSource">The provenance's source.</param>
    /// <returns>The source, or null when the catalog does not hold it.</returns>
    public SourceInfo? ForProvenance(string provenanceSource)
    {
        var cut = provenanceSource.IndexOf(" (", StringComparison.Ordinal);
        return Find(provenanceSource) ?? (cut > 0 ? Find(provenanceSource[..cut]) : null);
    }

    /// <summary>A document's text, or one record of a dataset, with <paramref name="quote"/> located in it.</summary>
    /// <param name="id">The source's id.</param>
    /// <param name="record">The record (datasets: required; documents: ignored).</param>
    /// <param name="quote">The quote to locate, or null.</param>
    /// <param name="maxCharacters">The most characters served; a longer text is cut and says so.</param>
    /// <returns>The content.</returns>
    /// <exception cref="SourceNotFoundException">No such source, or no such record.</exception>
    /// <exception cref="ArgumentException">A dataset without a record (parameter <c>record</c>).</exception>
    public SourceContent Read(string id, string? record, string? quote, int maxCharacters)
    {
        var entry = _entries.GetValueOrDefault(id) ?? throw new SourceNotFoundException("id", $"no source '{StrictJson.Printable(id)}'; GET /api/documents lists them");
        string text;
        if (entry.Text is not null)
        {
            text = entry.Text;
            record = null;
        }
        else
        {
            if (string.IsNullOrEmpty(record))
            {
                throw new ArgumentException($"'{id}' is a dataset: name one record, e.g. record=entities[0]", nameof(record));
            }

            text = RecordText(entry.Record(record) ?? throw new SourceNotFoundException("record", $"'{id}' has no record '{StrictJson.Printable(record)}'"));
        }

        var truncated = text.Length > maxCharacters;
        if (truncated)
        {
            text = text[..maxCharacters];
        }

        var spans = string.IsNullOrWhiteSpace(quote) ? [] : FindQuote(text, quote);
        return new SourceContent(entry.Info, record, text, truncated, quote, spans);
    }

    /// <summary>
    /// Where <paramref name="quote"/> stands in <paramref name="text"/>, comparing every run of white space as one space
    /// (a quote copied from a page, or a list's citation with its line breaks folded); exact case first, then any case.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="quote">The quote.</param>
    /// <returns>Up to <see cref="MaxHighlights"/> places, in the text's own indexes.</returns>
    public static IReadOnlyList<QuoteSpan> FindQuote(string text, string quote)
    {
        var (folded, map) = Fold(text);
        var needle = Fold(quote).Text.Trim();
        if (needle.Length == 0)
        {
            return [];
        }

        var spans = Occurrences(folded, map, needle, StringComparison.Ordinal);
        return spans.Count > 0 ? spans : Occurrences(folded, map, needle, StringComparison.OrdinalIgnoreCase);
    }

    private static List<QuoteSpan> Occurrences(string folded, int[] map, string needle, StringComparison comparison)
    {
        var spans = new List<QuoteSpan>();
        for (var at = folded.IndexOf(needle, comparison); at >= 0 && spans.Count < MaxHighlights; at = folded.IndexOf(needle, at + needle.Length, comparison))
        {
            var start = map[at];
            spans.Add(new QuoteSpan(start, map[at + needle.Length - 1] + 1 - start));
        }

        return spans;
    }

    /// <summary>The text with each white-space run as one space, and where each of its characters came from.</summary>
    private static (string Text, int[] Map) Fold(string text)
    {
        var folded = new StringBuilder(text.Length);
        var map = new int[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                if (folded.Length > 0 && folded[^1] == ' ')
                {
                    continue;
                }

                map[folded.Length] = i;
                folded.Append(' ');
            }
            else
            {
                map[folded.Length] = i;
                folded.Append(text[i]);
            }
        }

        return (folded.ToString(), map);
    }

    /// <summary>A record as "field: value" lines, values as published (lists joined with "; ").</summary>
    private static string RecordText(JsonElement record)
    {
        if (record.ValueKind != JsonValueKind.Object)
        {
            return Value(record);
        }

        var text = new StringBuilder();
        foreach (var p in record.EnumerateObject())
        {
            text.Append(p.Name).Append(": ").Append(Value(p.Value)).Append('\n');
        }

        return text.ToString();
    }

    private static string Value(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null => "(none)",
        JsonValueKind.Array when value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String) =>
            value.GetArrayLength() == 0 ? "(none)" : string.Join("; ", value.EnumerateArray().Select(v => v.GetString())),
        _ => value.GetRawText(),
    };

    private static string Required(JsonElement item, string name, string catalog, string at) =>
        Optional(item, name) ?? throw Invalid(catalog, $"{at}.{name}", $"'{name}' is required");

    private static string? Optional(JsonElement item, string name) =>
        item.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static InvalidInputException Invalid(string file, string field, string message) => new(new InputError(new SourceLocation(file, 0), field, message));

    [GeneratedRegex(@"^([A-Za-z_][A-Za-z0-9_]*)\[([0-9]{1,9})\]$")]
    private static partial Regex IndexedRecord();

    [GeneratedRegex(@"^([A-Za-z_][A-Za-z0-9_]*)\[([A-Za-z_][A-Za-z0-9_]*)\]$")]
    private static partial Regex KeyedRecords();

    /// <summary>A catalog entry: a document's text read at load; a dataset parsed on first use and kept.</summary>
    private sealed class Entry(SourceInfo info, string file, string? text, string? recordKey)
    {
        private readonly Lazy<JsonDocument> _data = new(() => JsonDocument.Parse(File.ReadAllBytes(file)));

        public SourceInfo Info { get; } = info;

        public string? Text { get; } = text;

        /// <summary>
        /// <c>array[index]</c> (a list entry's record), or a key of the catalog's <c>recordKey</c> (<c>lists[id]</c>: the
        /// element of <c>lists</c> whose <c>id</c> is the record).
        /// </summary>
        public JsonElement? Record(string record)
        {
            var root = _data.Value.RootElement;
            if (IndexedRecord().Match(record) is { Success: true } indexed)
            {
                var index = int.Parse(indexed.Groups[2].ValueSpan, System.Globalization.CultureInfo.InvariantCulture);
                return root.ValueKind == JsonValueKind.Object && root.TryGetProperty(indexed.Groups[1].Value, out var array)
                    && array.ValueKind == JsonValueKind.Array && index < array.GetArrayLength() ? array[index] : null;
            }

            if (recordKey is not null && KeyedRecords().Match(recordKey) is { Success: true } keyed
                && root.TryGetProperty(keyed.Groups[1].Value, out var items) && items.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in items.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty(keyed.Groups[2].Value, out var key)
                        && key.ValueKind == JsonValueKind.String && key.GetString() == record)
                    {
                        return item;
                    }
                }
            }

            return null;
        }
    }
}
