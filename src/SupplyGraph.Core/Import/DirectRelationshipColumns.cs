using System.Globalization;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Import;

/// <summary>
/// The plain relationship row of the project's CSV — <c>type,from,to</c> with any of <c>id,source,record,quote,date,confidence</c>
/// and nothing else — read straight into a <see cref="Relationship"/>. Before, each row became a JSON object, was
/// serialised and read back through <see cref="GraphJson"/>: a third of the CPU of a 1M-relationship import. A row is
/// built here only when every value passes the checks the JSON path makes (required and non-empty, a known type, no
/// control characters, a date as YYYY-MM-DD, a confidence from 0 to 1); any other row returns null and takes the JSON
/// path, which reports the problem by file, line and column as before. Rows with the same evidence share one
/// <see cref="Provenance"/>.
/// </summary>
internal sealed class DirectRelationshipColumns
{
    private static readonly string[] Plain = ["id", "type", "from", "to", "source", "record", "quote", "date", "confidence"];

    private readonly int _id, _type, _from, _to, _source, _record, _quote, _date, _confidence;
    private readonly Func<string, string> _sameEntityId;
    private readonly Dictionary<string, string> _types = new(StringComparer.Ordinal);

    private DirectRelationshipColumns(string[] header, Func<string, string> sameEntityId)
    {
        _sameEntityId = sameEntityId;
        _id = Array.IndexOf(header, "id");
        _type = Array.IndexOf(header, "type");
        _from = Array.IndexOf(header, "from");
        _to = Array.IndexOf(header, "to");
        _source = Array.IndexOf(header, "source");
        _record = Array.IndexOf(header, "record");
        _quote = Array.IndexOf(header, "quote");
        _date = Array.IndexOf(header, "date");
        _confidence = Array.IndexOf(header, "confidence");
    }

    /// <summary>The direct reader for this header, or null when it has a column the direct path does not read.</summary>
    /// <param name="header">The trimmed header (already checked for unknown and repeated columns).</param>
    /// <param name="sameEntityId">
    /// The string already held for an entity id, or the id itself: endpoints are kept as that one string, not one
    /// copy per row (120 MB of a 1M-relationship import's records were the type, from and to of each row).
    /// </param>
    /// <returns>The reader, or null.</returns>
    public static DirectRelationshipColumns? Of(string[] header, Func<string, string> sameEntityId)
    {
        foreach (var column in header)
        {
            if (Array.IndexOf(Plain, column) < 0)
            {
                return null;
            }
        }

        return Array.IndexOf(header, "source") < 0 ? null : new DirectRelationshipColumns(header, sameEntityId);
    }

    /// <summary>The row's relationship, or null when any value needs the JSON path's checks and messages.</summary>
    /// <param name="fields">The row's fields (as many as the header).</param>
    /// <param name="lastProvenance">The evidence of the previous row read here, reused when equal.</param>
    /// <returns>The relationship, or null.</returns>
    public Relationship? TryRead(string[] fields, ref Provenance? lastProvenance)
    {
        var type = Value(fields, _type);
        var from = Value(fields, _from);
        var to = Value(fields, _to);
        var source = Value(fields, _source);
        if (type is null || from is null || to is null || source is null || !RelationshipTypes.IsKnown(type))
        {
            return null;
        }

        var id = Value(fields, _id);
        var record = Value(fields, _record);
        var quote = Value(fields, _quote);
        if (Bad(id) || Bad(from) || Bad(to) || Bad(source) || Bad(record) || (quote is not null && StrictJson.ControlCharacter(quote, multiLine: true) is not null))
        {
            return null;
        }

        DateOnly? date = null;
        if (Value(fields, _date) is { } dateText)
        {
            if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                return null;
            }

            date = d;
        }

        var confidence = 1.0;
        if (Value(fields, _confidence) is { } confidenceText)
        {
            if (!double.TryParse(confidenceText, NumberStyles.Float, CultureInfo.InvariantCulture, out confidence) || !double.IsFinite(confidence) || confidence is < 0 or > 1)
            {
                return null;
            }
        }

        if (!_types.TryGetValue(type, out var sameType))
        {
            _types[type] = sameType = type;
        }

        type = sameType;
        from = _sameEntityId(from);
        to = _sameEntityId(to);
        var provenance = new Provenance(source, record, quote, date, confidence);
        if (provenance == lastProvenance)
        {
            provenance = lastProvenance;
        }

        lastProvenance = provenance;
        return new Relationship
        {
            Id = id ?? Relationship.DefaultId(type, from, to),
            Type = type,
            From = from,
            To = to,
            Provenance = provenance,
        };
    }

    private static string? Value(string[] fields, int column)
    {
        if (column < 0)
        {
            return null;
        }

        var v = fields[column].Trim();
        return v.Length == 0 ? null : v;
    }

    private static bool Bad(string? value) => value is not null && StrictJson.ControlCharacter(value, multiLine: false) is not null;
}
