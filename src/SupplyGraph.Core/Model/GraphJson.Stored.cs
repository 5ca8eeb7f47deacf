using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using SupplyGraph.Core.Text;

namespace SupplyGraph.Core.Model;

// The fast reader of records this project wrote itself (store rows, the Neo4j projection's bodies). Opening a store
// parses every row: with a JsonDocument per row and the field-by-field validation of user input, that was about
// 0.35 s of the 0.5 s of CPU a CLI call on the seed store spends (bench/README.md, CLI start-up). This reader walks
// the UTF-8 once with a Utf8JsonReader and builds the record directly. It keeps the checks that decide whether
// a record loads at all (ids, labels, types, shares, dates), so a row it accepts yields exactly what the validating
// reader would; anything it does not expect (an unknown field, a duplicate, a share written as an object, a value
// of another type, a failed check) makes it give up, and the validating reader reads the row again and reports
// what is wrong with the field path as before.
public static partial class GraphJson
{
    private const int StackBytes = 1024;

    private static readonly JsonReaderOptions StoredReaderOptions = new() { MaxDepth = 16 };

    /// <summary>Parses one entity stored by this project, from its UTF-8 JSON.</summary>
    /// <param name="utf8">The JSON text as UTF-8.</param>
    /// <returns>The entity.</returns>
    /// <exception cref="InvalidInputException">The text is not a valid entity.</exception>
    public static Entity ParseEntity(ReadOnlySpan<byte> utf8) =>
        TryReadStoredEntity(utf8) ?? Parse(Encoding.UTF8.GetString(utf8), (e, p, l, errors) => ReadEntity(e, p, l, errors, stored: true));

    /// <summary>Parses one relationship stored by this project, from its UTF-8 JSON.</summary>
    /// <param name="utf8">The JSON text as UTF-8.</param>
    /// <returns>The relationship.</returns>
    /// <exception cref="InvalidInputException">The text is not a valid relationship.</exception>
    public static Relationship ParseRelationship(ReadOnlySpan<byte> utf8) =>
        TryReadStoredRelationship(utf8) ?? Parse(Encoding.UTF8.GetString(utf8), (e, p, l, errors) => ReadRelationship(e, p, l, errors, stored: true));

    private static T? WithUtf8<T>(string json, Func<ReadOnlySpan<byte>, T?> read)
        where T : class
    {
        var max = Encoding.UTF8.GetMaxByteCount(json.Length);
        if (max <= StackBytes)
        {
            Span<byte> buffer = stackalloc byte[StackBytes];
            return read(buffer[..Encoding.UTF8.GetBytes(json, buffer)]);
        }

        var rented = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            return read(rented.AsSpan(0, Encoding.UTF8.GetBytes(json, rented)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static Entity? TryReadStoredEntity(string json) => WithUtf8(json, TryReadStoredEntity);

    private static Relationship? TryReadStoredRelationship(string json) => WithUtf8(json, TryReadStoredRelationship);

    // Text that is not JSON at all is left to the validating reader, which reports it.
    private static Entity? TryReadStoredEntity(ReadOnlySpan<byte> utf8)
    {
        try
        {
            return ReadStoredEntity(utf8);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Relationship? TryReadStoredRelationship(ReadOnlySpan<byte> utf8)
    {
        try
        {
            return ReadStoredRelationship(utf8);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Entity? ReadStoredEntity(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, StoredReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        string? id = null, name = null, country = null;
        List<string>? labels = null, aliases = null;
        Dictionary<string, string>? identifiers = null;
        Dictionary<string, object?>? properties = null;
        List<Provenance>? sources = null;
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = EntityField(ref reader);
            if (field < 0 || (seen & (1 << field)) != 0 || !reader.Read())
            {
                return null;
            }

            seen |= 1 << field;
            if (reader.TokenType == JsonTokenType.Null)
            {
                continue;
            }

            var ok = field switch
            {
                0 => StoredString(ref reader, out id),
                1 => StoredStrings(ref reader, out labels),
                2 => StoredString(ref reader, out name),
                3 => StoredStrings(ref reader, out aliases),
                4 => StoredString(ref reader, out country),
                5 => StoredStringMap(ref reader, out identifiers),
                6 => StoredProperties(ref reader, out properties),
                _ => StoredProvenanceList(ref reader, out sources),
            };
            if (!ok)
            {
                return null;
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || reader.Read()
            || !Slug.IsValidId(id) || string.IsNullOrWhiteSpace(name) || labels is not { Count: > 0 })
        {
            return null;
        }

        foreach (var label in labels)
        {
            if (!NodeLabels.IsValid(label))
            {
                return null;
            }
        }

        return new Entity
        {
            Id = id!,
            Name = name,
            Labels = labels,
            Aliases = aliases ?? [],
            Country = country,
            Identifiers = identifiers ?? Entity.EmptyStrings,
            Properties = properties ?? Entity.EmptyProperties,
            Sources = sources ?? [],
        };
    }

    private static Relationship? ReadStoredRelationship(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, StoredReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        string? id = null, type = null, from = null, to = null;
        var share = OwnershipShare.Unknown;
        List<string>? items = null;
        Dictionary<string, object?>? properties = null;
        Provenance? provenance = null;
        DateOnly? validFrom = null, validTo = null;
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = RelationshipField(ref reader);
            if (field < 0 || (seen & (1 << field)) != 0 || !reader.Read())
            {
                return null;
            }

            seen |= 1 << field;
            if (reader.TokenType == JsonTokenType.Null)
            {
                continue;
            }

            var ok = field switch
            {
                0 => StoredString(ref reader, out id),
                1 => StoredString(ref reader, out type),
                2 => StoredString(ref reader, out from),
                3 => StoredString(ref reader, out to),
                4 => StoredShare(ref reader, out share),
                5 => StoredStrings(ref reader, out items),
                6 => StoredProperties(ref reader, out properties),
                7 => StoredProvenance(ref reader, out provenance),
                8 => StoredDate(ref reader, out validFrom),
                _ => StoredDate(ref reader, out validTo),
            };
            if (!ok)
            {
                return null;
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || reader.Read()
            || string.IsNullOrWhiteSpace(type) || string.IsNullOrWhiteSpace(from) || string.IsNullOrWhiteSpace(to)
            || provenance is null || !RelationshipTypes.IsKnown(type) || validFrom > validTo)
        {
            return null;
        }

        return new Relationship
        {
            Id = id ?? Relationship.DefaultId(type, from, to),
            Type = type,
            From = from,
            To = to,
            Share = share,
            Items = items ?? [],
            Properties = properties ?? Entity.EmptyProperties,
            Provenance = provenance,
            Validity = new Validity(validFrom, validTo),
        };
    }

    // The positions in EntityFields and RelationshipFields; -1 for a field the validating reader would refuse.
    private static int EntityField(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("id"u8) ? 0
        : reader.ValueTextEquals("labels"u8) ? 1
        : reader.ValueTextEquals("name"u8) ? 2
        : reader.ValueTextEquals("aliases"u8) ? 3
        : reader.ValueTextEquals("country"u8) ? 4
        : reader.ValueTextEquals("identifiers"u8) ? 5
        : reader.ValueTextEquals("properties"u8) ? 6
        : reader.ValueTextEquals("sources"u8) ? 7
        : -1;

    private static int RelationshipField(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("id"u8) ? 0
        : reader.ValueTextEquals("type"u8) ? 1
        : reader.ValueTextEquals("from"u8) ? 2
        : reader.ValueTextEquals("to"u8) ? 3
        : reader.ValueTextEquals("share"u8) ? 4
        : reader.ValueTextEquals("items"u8) ? 5
        : reader.ValueTextEquals("properties"u8) ? 6
        : reader.ValueTextEquals("provenance"u8) ? 7
        : reader.ValueTextEquals("validFrom"u8) ? 8
        : reader.ValueTextEquals("validTo"u8) ? 9
        : -1;

    private static bool StoredString(ref Utf8JsonReader reader, out string? value)
    {
        value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return value is not null;
    }

    // A list of non-blank strings, each trimmed, as StringList reads it.
    private static bool StoredStrings(ref Utf8JsonReader reader, out List<string>? list)
    {
        list = null;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        var values = new List<string>();
        while (reader.Read() && reader.TokenType == JsonTokenType.String)
        {
            var s = reader.GetString()!.Trim();
            if (s.Length == 0)
            {
                return false;
            }

            values.Add(s);
        }

        list = values;
        return reader.TokenType == JsonTokenType.EndArray;
    }

    private static bool StoredStringMap(ref Utf8JsonReader reader, out Dictionary<string, string>? map)
    {
        map = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            if (!reader.Read() || reader.TokenType != JsonTokenType.String)
            {
                return false;
            }

            values[key] = reader.GetString()!;
        }

        map = values;
        return reader.TokenType == JsonTokenType.EndObject;
    }

    // Strings, numbers (long when whole, else a finite double), booleans, and flat lists of those; nulls skipped.
    private static bool StoredProperties(ref Utf8JsonReader reader, out Dictionary<string, object?>? map)
    {
        map = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            if (!reader.Read())
            {
                return false;
            }

            if (reader.TokenType == JsonTokenType.Null)
            {
                continue;
            }

            if (reader.TokenType == JsonTokenType.StartArray)
            {
                var items = new List<object?>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (StoredScalar(ref reader) is not { } item)
                    {
                        return false;
                    }

                    items.Add(item);
                }

                values[key] = items;
            }
            else if (StoredScalar(ref reader) is { } value)
            {
                values[key] = value;
            }
            else
            {
                return false;
            }
        }

        map = values;
        return reader.TokenType == JsonTokenType.EndObject;
    }

    private static object? StoredScalar(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => reader.TryGetInt64(out var l) ? l : reader.TryGetDouble(out var d) && double.IsFinite(d) ? d : null,
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => null,
    };

    // The store writes a share as a number when exact and as text ("25%-50%") otherwise.
    private static bool StoredShare(ref Utf8JsonReader reader, out OwnershipShare share)
    {
        share = OwnershipShare.Unknown;
        return reader.TokenType switch
        {
            JsonTokenType.Number => reader.TryGetDouble(out var x) && double.IsFinite(x) && OwnershipShare.TryCreate(x, x, "", out share, out _),
            JsonTokenType.String => OwnershipShare.TryParse(reader.GetString(), out share, out _),
            _ => false,
        };
    }

    private static bool StoredDate(ref Utf8JsonReader reader, out DateOnly? date)
    {
        date = null;
        if (reader.TokenType != JsonTokenType.String
            || !DateOnly.TryParseExact(reader.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            return false;
        }

        date = d;
        return true;
    }

    private static bool StoredProvenanceList(ref Utf8JsonReader reader, out List<Provenance>? list)
    {
        list = null;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        var values = new List<Provenance>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!StoredProvenance(ref reader, out var p))
            {
                return false;
            }

            values.Add(p!);
        }

        list = values;
        return reader.TokenType == JsonTokenType.EndArray;
    }

    private static bool StoredProvenance(ref Utf8JsonReader reader, out Provenance? provenance)
    {
        provenance = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        string? source = null, record = null, quote = null;
        DateOnly? date = null;
        var confidence = 1.0;
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = reader.ValueTextEquals("source"u8) ? 0
                : reader.ValueTextEquals("record"u8) ? 1
                : reader.ValueTextEquals("quote"u8) ? 2
                : reader.ValueTextEquals("date"u8) ? 3
                : reader.ValueTextEquals("confidence"u8) ? 4
                : -1;
            if (field < 0 || (seen & (1 << field)) != 0 || !reader.Read())
            {
                return false;
            }

            seen |= 1 << field;
            if (reader.TokenType == JsonTokenType.Null)
            {
                continue;
            }

            var ok = field switch
            {
                0 => StoredString(ref reader, out source),
                1 => StoredString(ref reader, out record),
                2 => StoredString(ref reader, out quote),
                3 => StoredDate(ref reader, out date),
                _ => reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out confidence) && confidence is >= 0 and <= 1,
            };
            if (!ok)
            {
                return false;
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || string.IsNullOrWhiteSpace(source))
        {
            return false;
        }

        provenance = new Provenance(source, record, quote, date, confidence);
        return true;
    }
}
