using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Text;

namespace SupplyGraph.Core.Import.Formats;

/// <summary>
/// Delimited node and edge lists read with a <see cref="DelimitedMapping"/>: any delimiter, UTF-8 or Latin-1,
/// decimal commas, with or without a header. The rows are parsed by the project's RFC 4180 <c>CsvReader</c>,
/// which streams, counts lines for messages and handles quoted line breaks; the files this reads are small
/// enough that a faster parser would not be noticed.
/// </summary>
/// <remarks>
/// Mapping:
/// <list type="bullet">
/// <item>Node rows (a <c>name</c> column) → one entity each, labelled <c>label</c> (<c>rootLabel</c> when the
/// row has no parent); <c>id</c> with <c>idPrefix</c> → the entity id; <c>country</c>, <c>aliases</c> and the
/// mapped <c>properties</c> columns → country, aliases and properties.</item>
/// <item>The <c>parent</c> column (ids in the file's id space, comma-separated) or else <c>parentName</c> (a
/// name, matched against the file and the graph like every name) → <c>OWNS</c> parent → row (or
/// <c>SUBSIDIARY_OF</c> row → parent) with <c>share</c> as the stake.</item>
/// <item>Edge rows (<c>from</c> and <c>to</c> columns) → one relationship each, the ends given by id (with the
/// prefix) or by name.</item>
/// </list>
/// </remarks>
internal static partial class DelimitedReader
{
    /// <summary>Reads the file.</summary>
    public static void Read(Stream stream, string file, DelimitedMapping mapping, ImportSession session)
    {
        using var text = new StreamReader(stream, ChooseEncoding(stream, mapping.Encoding), detectEncodingFromByteOrderMarks: true, 1 << 16);
        var separator = mapping.Delimiter == "\\t" ? '\t' : mapping.Delimiter[0];
        Dictionary<string, int>? columns = null;
        try
        {
            foreach (var row in CsvReader.Read(text, separator))
            {
                if (columns is null)
                {
                    columns = new Dictionary<string, int>(StringComparer.Ordinal);
                    for (var i = 0; i < row.Fields.Length; i++)
                    {
                        columns.TryAdd(mapping.Header ? row.Fields[i].Trim() : (i + 1).ToString(CultureInfo.InvariantCulture), i);
                    }

                    if (!CheckColumns(columns, mapping, new SourceLocation(file, row.Line), session))
                    {
                        return;
                    }

                    if (mapping.Header)
                    {
                        continue;
                    }
                }

                var reading = new Row(row.Fields, columns, mapping, new SourceLocation(file, row.Line));
                if (mapping.Columns.From is not null)
                {
                    ReadEdge(reading, session);
                }
                else
                {
                    ReadNode(reading, session);
                }
            }
        }
        catch (FormatException ex)
        {
            session.Error(new InputError(new SourceLocation(file, 0), "", "malformed CSV: " + ex.Message));
        }
        catch (DecoderFallbackException)
        {
            session.Error(new InputError(new SourceLocation(file, 0), "", "the file is not valid UTF-8; set \"encoding\": \"latin-1\" or \"auto\" in the mapping"));
        }
    }

    private sealed class Row(string[] fields, Dictionary<string, int> columns, DelimitedMapping mapping, SourceLocation at)
    {
        public SourceLocation At => at;

        public DelimitedMapping Mapping => mapping;

        public string? Get(string? column)
        {
            if (column is null || !columns.TryGetValue(column, out var i) || i >= fields.Length)
            {
                return null;
            }

            var value = fields[i].Trim();
            return value.Length == 0 ? null : value;
        }

        public string Key(string id) => "delimited:" + (mapping.IdPrefix ?? at.File + ":") + id;
    }

    private static bool CheckColumns(Dictionary<string, int> columns, DelimitedMapping mapping, SourceLocation at, ImportSession session)
    {
        var c = mapping.Columns;
        var required = c.From is not null ? new[] { ("from", c.From), ("to", c.To) } : [("name", c.Name)];
        var ok = true;
        foreach (var (field, column) in required)
        {
            if (column is not null && !columns.ContainsKey(column))
            {
                session.Error(new InputError(at, field, $"the mapping's column '{column}' is not in the file; it has {string.Join(", ", columns.Keys)}"));
                ok = false;
            }
        }

        return ok;
    }

    private static void ReadNode(Row row, ImportSession session)
    {
        var mapping = row.Mapping;
        var name = row.Get(mapping.Columns.Name);
        if (name is null)
        {
            session.Error(new InputError(row.At, mapping.Columns.Name ?? "name", "is required"));
            return;
        }

        var id = row.Get(mapping.Columns.Id);
        var parents = RecordText.Split(row.Get(mapping.Columns.Parent), ',');
        var parentName = parents.Count == 0 ? row.Get(mapping.Columns.ParentName) : null;
        var key = row.Key(id ?? name);
        var party = new PartyRecord
        {
            At = row.At,
            Key = key,
            Id = mapping.IdPrefix is not null && id is not null ? mapping.IdPrefix + Slug.From(id) : null,
            Label = parents.Count == 0 && parentName is null ? mapping.RootLabel ?? mapping.Label : mapping.Label,
            Name = name,
            Aliases = RecordText.Split(row.Get(mapping.Columns.Aliases), '|'),
            Country = RecordText.Country(row.Get(mapping.Columns.Country)),
            Source = Source(row, null),
        };
        foreach (var variant in Variants(name, mapping))
        {
            party.Aliases.Add(variant);
        }

        foreach (var (column, property) in mapping.Properties)
        {
            if (row.Get(column) is { } value)
            {
                party.Properties[property] = value;
            }
        }

        session.Joiner.AddParty(party);
        if (!TryShare(row, session, out var share, out var shareText))
        {
            return;
        }

        foreach (var parent in parents)
        {
            AddLink(row, new PartyRef(mapping.Columns.Parent!, Key: row.Key(parent)), new PartyRef("name", Key: key), mapping.Relationship, share, shareText, session);
        }

        if (parentName is not null)
        {
            var placeholder = mapping.UnmatchedParent == "create"
                ? new PartyRecord { At = row.At, Key = "delimited-name:" + NameNormalizer.Key(parentName), Label = NodeLabels.Party, Name = parentName, Unidentified = true }
                : null;
            AddLink(row, new PartyRef(mapping.Columns.ParentName!, Name: parentName, Placeholder: placeholder, OtherNames: Variants(parentName, mapping)), new PartyRef("name", Key: key),
                mapping.Relationship, share, shareText, session);
        }
    }

    private static void ReadEdge(Row row, ImportSession session)
    {
        var mapping = row.Mapping;
        var from = row.Get(mapping.Columns.From);
        var to = row.Get(mapping.Columns.To);
        if (from is null || to is null)
        {
            session.Error(new InputError(row.At, (from is null ? mapping.Columns.From : mapping.Columns.To)!, "is required"));
            return;
        }

        var type = row.Get(mapping.Columns.Type)?.ToUpperInvariant() ?? mapping.Relationship;
        if (!RelationshipTypes.IsKnown(type))
        {
            session.Error(new InputError(row.At, mapping.Columns.Type!, $"'{type}' is not a relationship type"));
            return;
        }

        if (TryShare(row, session, out var share, out var shareText))
        {
            // An end is the file's id when a row has it, else a name in the file or the graph.
            AddLink(row, new PartyRef(mapping.Columns.From!, Key: row.Key(from), EntityId: EntityIdOf(from, mapping), Name: from),
                new PartyRef(mapping.Columns.To!, Key: row.Key(to), EntityId: EntityIdOf(to, mapping), Name: to), type, share, shareText, session);
        }
    }

    private static string? EntityIdOf(string id, DelimitedMapping mapping) => mapping.IdPrefix is null ? (Slug.IsValidId(id) ? id : null) : mapping.IdPrefix + Slug.From(id);

    /// <summary>For node rows the first end is the parent; <c>SUBSIDIARY_OF</c> points from the row to it. Edge rows are as written.</summary>
    private static void AddLink(Row row, PartyRef first, PartyRef second, string type, OwnershipShare share, string? shareText, ImportSession session)
    {
        var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (shareText is not null && share.IsUnknown)
        {
            properties["shareAsPublished"] = shareText;
        }

        var (from, to) = type == RelationshipTypes.SubsidiaryOf && row.Mapping.Columns.From is null ? (second, first) : (first, second);
        session.Joiner.AddLink(new LinkRecord
        {
            At = row.At,
            Type = type,
            From = from,
            To = to,
            Share = type == RelationshipTypes.Owns ? share : OwnershipShare.Unknown,
            Properties = properties,
            Provenance = Source(row, shareText),
        });
    }

    private static Provenance Source(Row row, string? quote) =>
        new(row.At.File, "line " + row.At.Line.ToString(CultureInfo.InvariantCulture), quote, ParseDate(row.Get(row.Mapping.Columns.SourceDate)), 1.0);

    private static DateOnly? ParseDate(string? text) =>
        text is not null && DateOnly.TryParseExact(text, ["dd.MM.yyyy", "d.M.yyyy", "dd/MM/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : RecordText.Date(text);

    /// <summary>Reads the share cell; false when it is invalid and the mapping makes that an error.</summary>
    private static bool TryShare(Row row, ImportSession session, out OwnershipShare share, out string? text)
    {
        share = OwnershipShare.Unknown;
        text = row.Get(row.Mapping.Columns.Share);
        if (text is null)
        {
            return true;
        }

        var number = row.Mapping.DecimalComma ? text.Replace(',', '.') : text;
        var scale = row.Mapping.ShareUnit == "percent" ? 100.0 : 1.0;
        if (Number().IsMatch(number) && double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && OwnershipShare.TryCreate(value / scale, value / scale, text, out share, out _))
        {
            return true;
        }

        if (row.Mapping.InvalidShare == "unknown")
        {
            // As published ("31. Mai" for 31.5, "94 6", over 100 %): kept as text, never guessed.
            share = OwnershipShare.Unknown;
            return true;
        }

        session.Error(new InputError(row.At, row.Mapping.Columns.Share!, $"'{text}' is not a share within 0–100 %"));
        return false;
    }

    /// <summary>
    /// Other forms of a name the mapping says the file uses: with words a PDF broke at a hyphen joined, and
    /// without the seat after the comma. They become aliases and are tried when matching parent names.
    /// </summary>
    private static List<string> Variants(string name, DelimitedMapping mapping)
    {
        var forms = new List<string> { name };
        if (mapping.JoinHyphenatedBreaks)
        {
            forms.Add(HyphenBreak().Replace(name, "$1$2"));
        }

        if (mapping.SeatAfterComma)
        {
            foreach (var form in forms.ToList())
            {
                var comma = form.IndexOf(',', StringComparison.Ordinal);
                if (comma > 0)
                {
                    forms.Add(form[..comma].Trim());
                }
            }
        }

        return forms.Skip(1).Where(f => f != name).Distinct().ToList();
    }

    /// <summary>UTF-8 (strict), Latin-1, or for <c>auto</c> whichever the file's first 64 KiB are valid as.</summary>
    private static Encoding ChooseEncoding(Stream stream, string name)
    {
        var strictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
        switch (name.ToLowerInvariant())
        {
            case "latin-1" or "latin1" or "iso-8859-1":
                return Encoding.Latin1;
            case "auto":
                var buffer = new byte[1 << 16];
                var length = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
                stream.Position = 0;
                var chars = new char[length];
                var status = System.Text.Unicode.Utf8.ToUtf16(buffer.AsSpan(0, length), chars, out _, out _, replaceInvalidSequences: false, isFinalBlock: length < buffer.Length);
                return status == OperationStatus.InvalidData ? Encoding.Latin1 : strictUtf8;
            default:
                return strictUtf8;
        }
    }

    [GeneratedRegex(@"^\s*\d+(\.\d+)?\s*$")]
    private static partial Regex Number();

    [GeneratedRegex(@"(\w)- (\w)")]
    private static partial Regex HyphenBreak();
}
