// Over 600 lines: reading and writing share the field lists and the FieldReader, and must stay in step, so they
// stay in one file.
using System.Globalization;
using System.Text;
using System.Text.Json;
using SupplyGraph.Core.Text;

namespace SupplyGraph.Core.Model;

/// <summary>
/// The project's JSON form of entities, relationships and changes. One format serves import files, the
/// SQLite rows, the change log and <c>--json</c> output, so that what a user exports can be imported again.
/// Reading is strict: unknown fields, wrong types and out-of-range values are reported with their field path.
/// </summary>
public static partial class GraphJson
{
    private static readonly string[] EntityFields = ["id", "labels", "name", "aliases", "country", "identifiers", "properties", "sources"];
    private static readonly string[] RelationshipFields = ["id", "type", "from", "to", "share", "items", "properties", "provenance", "validFrom", "validTo"];
    private static readonly string[] ProvenanceFields = ["source", "record", "quote", "date", "confidence"];

    /// <summary>Reads an entity, adding any problems to <paramref name="errors"/>.</summary>
    /// <param name="json">The JSON object.</param>
    /// <param name="path">Field path of the object, for messages (e.g. <c>entities[3]</c>).</param>
    /// <param name="location">File and line, for messages.</param>
    /// <param name="errors">Where problems go.</param>
    /// <returns>The entity, or null when it has errors.</returns>
    public static Entity? ReadEntity(JsonElement json, string path, SourceLocation? location, List<InputError> errors) =>
        ReadEntity(json, path, location, errors, stored: false);

    // stored: read back from the store. What is there was accepted once (perhaps written by Cypher, which is not
    // held to the input rules) and must load, so control characters are let through.
    internal static Entity? ReadEntity(JsonElement json, string path, SourceLocation? location, List<InputError> errors, bool stored)
    {
        var r = new FieldReader(json, path, location, errors, EntityFields, stored);
        if (!r.IsObject)
        {
            return null;
        }

        var id = r.RequiredString("id");
        var name = r.RequiredString("name");
        var labels = r.StringList("labels");
        if (id is not null && !Slug.IsValidId(id))
        {
            r.Error("id", $"'{id}' is not a valid id (letters, digits and - _ . : /, up to 200 characters)");
        }

        if (labels.Count == 0)
        {
            r.Error("labels", "at least one label is required, e.g. [\"Company\"]");
        }

        foreach (var label in labels)
        {
            if (!NodeLabels.IsValid(label))
            {
                r.Error("labels", $"'{label}' is not a valid label (letters and digits, starting upper case)");
            }
        }

        var entity = new Entity
        {
            Id = id ?? "",
            Name = name ?? "",
            Labels = labels,
            Aliases = r.StringList("aliases"),
            Country = r.OptionalString("country"),
            Identifiers = r.StringMap("identifiers"),
            Properties = r.Properties("properties"),
            Sources = r.ProvenanceList("sources"),
        };
        return r.HasErrors ? null : entity;
    }

    /// <summary>Reads a relationship, adding any problems to <paramref name="errors"/>.</summary>
    /// <param name="json">The JSON object.</param>
    /// <param name="path">Field path of the object, for messages.</param>
    /// <param name="location">File and line, for messages.</param>
    /// <param name="errors">Where problems go.</param>
    /// <returns>The relationship, or null when it has errors.</returns>
    public static Relationship? ReadRelationship(JsonElement json, string path, SourceLocation? location, List<InputError> errors) =>
        ReadRelationship(json, path, location, errors, stored: false);

    internal static Relationship? ReadRelationship(JsonElement json, string path, SourceLocation? location, List<InputError> errors, bool stored)
    {
        var r = new FieldReader(json, path, location, errors, RelationshipFields, stored);
        if (!r.IsObject)
        {
            return null;
        }

        var type = r.RequiredString("type");
        var from = r.RequiredString("from");
        var to = r.RequiredString("to");
        if (type is not null && !RelationshipTypes.IsKnown(type))
        {
            r.Error("type", $"unknown relationship type '{type}'; known types: {string.Join(", ", RelationshipTypes.All.Keys.Order(StringComparer.Ordinal))}");
        }

        var share = r.Share("share");
        var provenance = r.Provenance("provenance", required: true);
        var validFrom = r.Date("validFrom");
        var validTo = r.Date("validTo");
        if (validFrom is not null && validTo is not null && validFrom > validTo)
        {
            r.Error("validTo", $"validTo {validTo:yyyy-MM-dd} is before validFrom {validFrom:yyyy-MM-dd}");
        }

        var id = r.OptionalString("id") ?? (type is null || from is null || to is null ? "" : Relationship.DefaultId(type, from, to));
        var relationship = new Relationship
        {
            Id = id,
            Type = type ?? "",
            From = from ?? "",
            To = to ?? "",
            Share = share,
            Items = r.StringList("items"),
            Properties = r.Properties("properties"),
            Provenance = provenance ?? new Provenance(""),
            Validity = new Validity(validFrom, validTo),
        };
        return r.HasErrors ? null : relationship;
    }

    /// <summary>Writes an entity.</summary>
    /// <param name="w">The writer.</param>
    /// <param name="e">The entity.</param>
    public static void Write(Utf8JsonWriter w, Entity e)
    {
        w.WriteStartObject();
        w.WriteString("id", e.Id);
        WriteStrings(w, "labels", e.Labels, always: true);
        w.WriteString("name", e.Name);
        WriteStrings(w, "aliases", e.Aliases, always: false);
        if (e.Country is not null)
        {
            w.WriteString("country", e.Country);
        }

        if (e.Identifiers.Count > 0)
        {
            w.WriteStartObject("identifiers");
            foreach (var (k, v) in e.Identifiers)
            {
                w.WriteString(k, v);
            }

            w.WriteEndObject();
        }

        WriteProperties(w, e.Properties);
        if (e.Sources.Count > 0)
        {
            w.WriteStartArray("sources");
            foreach (var p in e.Sources)
            {
                WriteProvenance(w, p);
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    /// <summary>Writes a relationship.</summary>
    /// <param name="w">The writer.</param>
    /// <param name="r">The relationship.</param>
    public static void Write(Utf8JsonWriter w, Relationship r)
    {
        w.WriteStartObject();
        w.WriteString("id", r.Id);
        w.WriteString("type", r.Type);
        w.WriteString("from", r.From);
        w.WriteString("to", r.To);
        if (!r.Share.IsUnknown)
        {
            if (r.Share.IsExact)
            {
                w.WriteNumber("share", r.Share.Low!.Value);
            }
            else
            {
                w.WriteString("share", r.Share.ToString());
            }
        }

        WriteStrings(w, "items", r.Items, always: false);
        WriteProperties(w, r.Properties);
        w.WritePropertyName("provenance");
        WriteProvenance(w, r.Provenance);
        if (r.Validity.From is { } from)
        {
            w.WriteString("validFrom", from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        if (r.Validity.To is { } to)
        {
            w.WriteString("validTo", to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        w.WriteEndObject();
    }

    /// <summary>Writes a change as <c>{"op": "...", ...}</c>.</summary>
    /// <param name="w">The writer.</param>
    /// <param name="change">The change.</param>
    public static void Write(Utf8JsonWriter w, Change change)
    {
        w.WriteStartObject();
        switch (change)
        {
            case PutEntity p:
                w.WriteString("op", "putEntity");
                w.WritePropertyName("entity");
                Write(w, p.Entity);
                break;
            case DeleteEntity d:
                w.WriteString("op", "deleteEntity");
                w.WriteString("id", d.Id);
                if (d.Detach)
                {
                    w.WriteBoolean("detach", true);
                }

                break;
            case PutRelationship p:
                w.WriteString("op", "putRelationship");
                w.WritePropertyName("relationship");
                Write(w, p.Relationship);
                break;
            case DeleteRelationship d:
                w.WriteString("op", "deleteRelationship");
                w.WriteString("id", d.Id);
                break;
            case PutReview p:
                w.WriteString("op", "putReview");
                w.WritePropertyName("review");
                Review.ReviewJson.Write(w, p.Review);
                break;
        }

        w.WriteEndObject();
    }

    /// <summary>Reads a change written by <see cref="Write(Utf8JsonWriter, Change)"/>.</summary>
    /// <param name="json">The JSON object.</param>
    /// <param name="path">Field path, for messages.</param>
    /// <param name="location">File and line, for messages.</param>
    /// <param name="errors">Where problems go.</param>
    /// <returns>The change, or null when it has errors.</returns>
    public static Change? ReadChange(JsonElement json, string path, SourceLocation? location, List<InputError> errors) =>
        ReadChange(json, path, location, errors, stored: false);

    private static Change? ReadChange(JsonElement json, string path, SourceLocation? location, List<InputError> errors, bool stored)
    {
        var r = new FieldReader(json, path, location, errors, ["op", "entity", "relationship", "id", "detach", "review"], stored);
        if (!r.IsObject)
        {
            return null;
        }

        var op = r.RequiredString("op");
        Change? change = op switch
        {
            "putEntity" => r.Object("entity") is { } e ? ReadEntity(e, path + ".entity", location, errors, stored) is { } entity ? new PutEntity(entity) : null : null,
            "putRelationship" => r.Object("relationship") is { } o ? ReadRelationship(o, path + ".relationship", location, errors, stored) is { } rel ? new PutRelationship(rel) : null : null,
            "deleteEntity" => r.RequiredString("id") is { } id ? new DeleteEntity(id, r.Bool("detach")) : null,
            "deleteRelationship" => r.RequiredString("id") is { } rid ? new DeleteRelationship(rid) : null,
            "putReview" => r.Object("review") is { } rv ? Review.ReviewJson.Read(rv, path + ".review", location, errors, stored) is { } review ? new PutReview(review) : null : null,
            null => null,
            _ => r.ErrorNull<Change>("op", $"unknown op '{op}' (putEntity, deleteEntity, putRelationship, deleteRelationship, putReview)"),
        };
        return change is null ? null : change with { Origin = location };
    }

    /// <summary>A change-log body: the changes as a JSON array.</summary>
    /// <param name="changes">The changes.</param>
    /// <returns>JSON text.</returns>
    public static string WriteChanges(IReadOnlyList<Change> changes) => ToJson(w =>
    {
        w.WriteStartArray();
        foreach (var c in changes)
        {
            Write(w, c);
        }

        w.WriteEndArray();
    });

    /// <summary>Reads a change-log body written by <see cref="WriteChanges"/>.</summary>
    /// <param name="json">JSON text.</param>
    /// <returns>The changes.</returns>
    /// <exception cref="InvalidDataException">The body is not a valid list of changes.</exception>
    public static List<Change> ParseChanges(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var errors = new List<InputError>();
        var changes = new List<Change>();
        var i = 0;
        foreach (var element in doc.RootElement.EnumerateArray())
        {
            if (ReadChange(element, $"[{i++}]", null, errors, stored: true) is { } c)
            {
                changes.Add(c);
            }
        }

        return errors.Count == 0 ? changes : throw new InvalidDataException("change log entry is corrupt: " + errors[0]);
    }

    /// <summary>Serializes a value with the given writer action.</summary>
    /// <param name="write">Writes the value.</param>
    /// <param name="indented">Pretty-print.</param>
    /// <returns>UTF-8 JSON text.</returns>
    public static string ToJson(Action<Utf8JsonWriter> write, bool indented = false)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(w);
        }

        // The written bytes in place, not a copy: a large batch's change-log body is tens of megabytes.
        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    /// <summary>Parses one entity stored by this project.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The entity.</returns>
    /// <exception cref="InvalidInputException">The text is not a valid entity.</exception>
    public static Entity ParseEntity(string json) =>
        TryReadStoredEntity(json) ?? Parse(json, (e, p, l, errors) => ReadEntity(e, p, l, errors, stored: true));

    /// <summary>Parses one relationship stored by this project.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The relationship.</returns>
    /// <exception cref="InvalidInputException">The text is not a valid relationship.</exception>
    public static Relationship ParseRelationship(string json) =>
        TryReadStoredRelationship(json) ?? Parse(json, (e, p, l, errors) => ReadRelationship(e, p, l, errors, stored: true));

    private static T Parse<T>(string json, Func<JsonElement, string, SourceLocation?, List<InputError>, T?> read)
        where T : class
    {
        using var doc = JsonDocument.Parse(json);
        var errors = new List<InputError>();
        return read(doc.RootElement, "", null, errors) ?? throw new InvalidInputException(errors);
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IReadOnlyList<string> values, bool always)
    {
        if (values.Count == 0 && !always)
        {
            return;
        }

        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }

    private static void WriteProperties(Utf8JsonWriter w, IReadOnlyDictionary<string, object?> properties)
    {
        if (properties.Count == 0)
        {
            return;
        }

        w.WriteStartObject("properties");
        foreach (var (k, v) in properties)
        {
            w.WritePropertyName(k);
            WriteValue(w, v);
        }

        w.WriteEndObject();
    }

    /// <summary>Writes a property value (see <see cref="PropertyValues"/>).</summary>
    /// <param name="w">The writer.</param>
    /// <param name="value">The value.</param>
    public static void WriteValue(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case string s: w.WriteStringValue(s); break;
            case long l: w.WriteNumberValue(l); break;
            case double d: w.WriteNumberValue(d); break;
            case bool b: w.WriteBooleanValue(b); break;
            case IReadOnlyList<object?> list:
                w.WriteStartArray();
                foreach (var item in list)
                {
                    WriteValue(w, item);
                }

                w.WriteEndArray();
                break;
            default: w.WriteStringValue(PropertyValues.Format(value)); break;
        }
    }

    /// <summary>Writes provenance as an object.</summary>
    /// <param name="w">The writer.</param>
    /// <param name="p">The provenance.</param>
    public static void WriteProvenance(Utf8JsonWriter w, Provenance p)
    {
        w.WriteStartObject();
        w.WriteString("source", p.Source);
        if (p.Record is not null)
        {
            w.WriteString("record", p.Record);
        }

        if (p.Quote is not null)
        {
            w.WriteString("quote", p.Quote);
        }

        if (p.Date is { } d)
        {
            w.WriteString("date", d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        w.WriteNumber("confidence", p.Confidence);
        w.WriteEndObject();
    }

    private sealed class FieldReader
    {
        private readonly JsonElement _json;
        private readonly string _path;
        private readonly SourceLocation? _location;
        private readonly List<InputError> _errors;
        private readonly int _errorsAtStart;
        private readonly bool _stored;

        public FieldReader(JsonElement json, string path, SourceLocation? location, List<InputError> errors, string[] allowed, bool stored)
        {
            _stored = stored;
            _json = json;
            _path = path;
            _location = location;
            _errors = errors;
            _errorsAtStart = errors.Count;
            IsObject = json.ValueKind == JsonValueKind.Object;
            if (!IsObject)
            {
                Error("", $"expected an object, found {Describe(json)}");
                return;
            }

            foreach (var p in json.EnumerateObject())
            {
                if (Array.IndexOf(allowed, p.Name) < 0)
                {
                    Error(p.Name, $"unknown field '{p.Name}'; allowed: {string.Join(", ", allowed)}");
                }
            }
        }

        public bool IsObject { get; }

        public bool HasErrors => _errors.Count > _errorsAtStart;

        public void Error(string field, string message)
        {
            var path = field.Length == 0 ? _path : _path.Length == 0 ? field : _path + "." + field;
            _errors.Add(new InputError(_location, path, message));
        }

        public T? ErrorNull<T>(string field, string message)
            where T : class
        {
            Error(field, message);
            return null;
        }

        private JsonElement? Get(string field) =>
            _json.TryGetProperty(field, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

        public JsonElement? Object(string field)
        {
            var v = Get(field);
            if (v is null)
            {
                Error(field, "is required");
                return null;
            }

            return v.Value.ValueKind == JsonValueKind.Object ? v : ErrorDefault<JsonElement?>(field, $"expected an object, found {Describe(v.Value)}");
        }

        private T? ErrorDefault<T>(string field, string message)
        {
            Error(field, message);
            return default;
        }

        public string? RequiredString(string field)
        {
            var s = OptionalString(field);
            if (s is null && Get(field) is null)
            {
                Error(field, "is required");
            }
            else if (s is not null && s.Trim().Length == 0)
            {
                Error(field, "must not be empty");
                return null;
            }

            return s;
        }

        public string? OptionalString(string field)
        {
            var v = Get(field);
            if (v is null)
            {
                return null;
            }

            if (v.Value.ValueKind != JsonValueKind.String)
            {
                return ErrorDefault<string>(field, $"expected a string, found {Describe(v.Value)}");
            }

            var s = v.Value.GetString()!;
            return Text(field, s, multiLine: field == "quote") ? s : null;
        }

        /// <summary>Refuses control characters (NUL and the like), which no name, id or text here may hold.</summary>
        private bool Text(string field, string value, bool multiLine)
        {
            if (!_stored && StrictJson.ControlCharacter(value, multiLine) is { } problem)
            {
                Error(field, problem);
                return false;
            }

            return true;
        }

        public bool Bool(string field)
        {
            var v = Get(field);
            return v is { ValueKind: JsonValueKind.True };
        }

        public IReadOnlyList<string> StringList(string field)
        {
            var v = Get(field);
            if (v is null)
            {
                return [];
            }

            if (v.Value.ValueKind != JsonValueKind.Array)
            {
                Error(field, $"expected a list of strings, found {Describe(v.Value)}");
                return [];
            }

            var list = new List<string>();
            var i = 0;
            foreach (var item in v.Value.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String && item.GetString()!.Trim().Length > 0)
                {
                    if (Text($"{field}[{i}]", item.GetString()!, multiLine: false))
                    {
                        list.Add(item.GetString()!.Trim());
                    }
                }
                else
                {
                    Error($"{field}[{i}]", $"expected a non-empty string, found {Describe(item)}");
                }

                i++;
            }

            return list;
        }

        public IReadOnlyDictionary<string, string> StringMap(string field)
        {
            var v = Get(field);
            if (v is null)
            {
                return Entity.EmptyStrings;
            }

            if (v.Value.ValueKind != JsonValueKind.Object)
            {
                Error(field, $"expected an object of strings, found {Describe(v.Value)}");
                return Entity.EmptyStrings;
            }

            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var p in v.Value.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.String)
                {
                    if (Text($"{field}.{StrictJson.Printable(p.Name)}", p.Name, multiLine: false) && Text($"{field}.{StrictJson.Printable(p.Name)}", p.Value.GetString()!, multiLine: false))
                    {
                        map[p.Name] = p.Value.GetString()!;
                    }
                }
                else
                {
                    Error($"{field}.{p.Name}", $"expected a string, found {Describe(p.Value)}");
                }
            }

            return map;
        }

        public IReadOnlyDictionary<string, object?> Properties(string field)
        {
            var v = Get(field);
            if (v is null)
            {
                return Entity.EmptyProperties;
            }

            if (v.Value.ValueKind != JsonValueKind.Object)
            {
                Error(field, $"expected an object, found {Describe(v.Value)}");
                return Entity.EmptyProperties;
            }

            var map = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var p in v.Value.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.Null)
                {
                    continue;
                }

                var value = Scalar(p.Value, allowList: true);
                var key = $"{field}.{StrictJson.Printable(p.Name)}";
                if (!Text(key, p.Name, multiLine: false))
                {
                    continue;
                }

                if (value is string text && !Text(key, text, multiLine: true))
                {
                    continue;
                }

                if (value is List<object?> items && items.OfType<string>().Any(t => !Text(key, t, multiLine: true)))
                {
                    continue;
                }

                if (value is null)
                {
                    Error($"{field}.{p.Name}", $"expected a string, number, boolean or list of those, found {Describe(p.Value)}");
                }
                else
                {
                    map[p.Name] = value;
                }
            }

            return map;
        }

        private static object? Scalar(JsonElement v, bool allowList) => v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.TryGetInt64(out var l) ? l : Number(v) is { } d ? (object)d : null,
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Array when allowList => v.EnumerateArray().Select(x => Scalar(x, false)).ToList() is var items && items.All(x => x is not null) ? items : null,
            _ => null,
        };

        public DateOnly? Date(string field)
        {
            var s = OptionalString(field);
            if (s is null)
            {
                return null;
            }

            if (DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                return d;
            }

            Error(field, $"'{s}' is not a date; write YYYY-MM-DD");
            return null;
        }

        public OwnershipShare Share(string field)
        {
            var v = Get(field);
            if (v is null)
            {
                return OwnershipShare.Unknown;
            }

            OwnershipShare share;
            string? error;
            switch (v.Value.ValueKind)
            {
                case JsonValueKind.Number when Number(v.Value) is { } x:
                    OwnershipShare.TryCreate(x, x, v.Value.GetRawText(), out share, out error);
                    break;
                case JsonValueKind.String:
                    OwnershipShare.TryParse(v.Value.GetString(), out share, out error);
                    break;
                case JsonValueKind.Object when v.Value.TryGetProperty("min", out var min) && v.Value.TryGetProperty("max", out var max)
                                              && Number(min) is { } low && Number(max) is { } high:
                    OwnershipShare.TryCreate(low, high, v.Value.GetRawText(), out share, out error);
                    break;
                default:
                    share = OwnershipShare.Unknown;
                    error = $"expected a fraction, a percentage string, {{\"min\":…,\"max\":…}} or \"unknown\", found {Describe(v.Value)}";
                    break;
            }

            if (error is not null)
            {
                Error(field, error);
            }

            return share;
        }

        public Provenance? Provenance(string field, bool required)
        {
            var v = Get(field);
            if (v is null)
            {
                if (required)
                {
                    Error(field, "is required: every relationship needs its evidence ({\"source\": …, \"quote\": …})");
                }

                return null;
            }

            return ReadProvenance(v.Value, field);
        }

        public IReadOnlyList<Provenance> ProvenanceList(string field)
        {
            var v = Get(field);
            if (v is null)
            {
                return [];
            }

            if (v.Value.ValueKind != JsonValueKind.Array)
            {
                Error(field, $"expected a list, found {Describe(v.Value)}");
                return [];
            }

            var list = new List<Provenance>();
            var i = 0;
            foreach (var item in v.Value.EnumerateArray())
            {
                if (ReadProvenance(item, $"{field}[{i++}]") is { } p)
                {
                    list.Add(p);
                }
            }

            return list;
        }

        private Provenance? ReadProvenance(JsonElement v, string field)
        {
            var inner = new FieldReader(v, _path.Length == 0 ? field : _path + "." + field, _location, _errors, ProvenanceFields, _stored);
            if (!inner.IsObject)
            {
                return null;
            }

            var source = inner.RequiredString("source");
            var confidence = 1.0;
            if (inner.Get("confidence") is { } c)
            {
                if (Number(c) is not { } value || value is < 0 or > 1)
                {
                    inner.Error("confidence", $"expected a number from 0 to 1, found {Describe(c)}");
                }
                else
                {
                    confidence = value;
                }
            }

            return new Provenance(source ?? "", inner.OptionalString("record"), inner.OptionalString("quote"), inner.Date("date"), confidence);
        }

        /// <summary>A finite number, or null (not a number, or beyond what a double holds).</summary>
        private static double? Number(JsonElement v) =>
            v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d) ? d : null;

        private static string Describe(JsonElement v) => v.ValueKind switch
        {
            JsonValueKind.String => $"\"{StrictJson.Printable(Truncate(v.GetString()!))}\"",
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.GetRawText(),
            JsonValueKind.Array => "a list",
            JsonValueKind.Object => "an object",
            _ => "null",
        };

        private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "…";
    }
}
