using System.Globalization;
using System.Text.Json;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Review;

/// <summary>
/// The JSON form of review items: one form for the stores' rows, the change log (<c>putReview</c>), <c>--json</c>
/// and the REST API. Entities and relationships inside a merge record use <see cref="GraphJson"/>'s form.
/// </summary>
public static class ReviewJson
{
    private static readonly string[] Fields = ["id", "recordKey", "status", "queuedAt", "at", "score", "matchedBy", "reasons", "record", "candidate", "decisions", "merge"];
    private static readonly string[] PartyFields = ["entityId", "name", "labels", "aliases", "country", "identifiers"];
    private static readonly string[] DecisionFields = ["status", "by", "at", "note"];
    private static readonly string[] MergeFields = ["kept", "absorbed", "moved"];
    private static readonly string[] MovedFields = ["relationship", "writtenId"];
    private static readonly string[] AtFields = ["file", "line"];

    /// <summary>The stored name of a status (<c>open</c>, <c>accepted</c>…).</summary>
    /// <param name="status">The status.</param>
    /// <returns>The name.</returns>
    public static string StatusName(ReviewStatus status) => status switch
    {
        ReviewStatus.Open => "open",
        ReviewStatus.Accepted => "accepted",
        ReviewStatus.Rejected => "rejected",
        ReviewStatus.Merged => "merged",
        _ => "split",
    };

    /// <summary>Parses a status name.</summary>
    /// <param name="name">The name, any case.</param>
    /// <returns>The status, or null when the name is unknown.</returns>
    public static ReviewStatus? ParseStatus(string? name) => name?.ToLowerInvariant() switch
    {
        "open" => ReviewStatus.Open,
        "accepted" => ReviewStatus.Accepted,
        "rejected" => ReviewStatus.Rejected,
        "merged" => ReviewStatus.Merged,
        "split" => ReviewStatus.Split,
        _ => null,
    };

    /// <summary>The queue-order key of an item: its UTC queue time in a form that sorts as text, in every store.</summary>
    /// <param name="review">The item.</param>
    /// <returns>The time as <c>yyyy-MM-ddTHH:mm:ss.fffffffZ</c>.</returns>
    public static string QueueTime(ReviewRecord review) =>
        review.QueuedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Writes a review item.</summary>
    /// <param name="w">The writer.</param>
    /// <param name="review">The item.</param>
    public static void Write(Utf8JsonWriter w, ReviewRecord review)
    {
        w.WriteStartObject();
        w.WriteString("id", review.Id);
        w.WriteString("recordKey", review.RecordKey);
        w.WriteString("status", StatusName(review.Status));
        w.WriteString("queuedAt", review.QueuedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        if (review.At is { } at)
        {
            w.WriteStartObject("at");
            w.WriteString("file", at.File);
            w.WriteNumber("line", at.Line);
            w.WriteEndObject();
        }

        w.WriteNumber("score", Math.Round(review.Score, 4));
        w.WriteString("matchedBy", review.MatchedBy);
        WriteStrings(w, "reasons", review.Reasons);
        w.WritePropertyName("record");
        Write(w, review.Record);
        w.WritePropertyName("candidate");
        Write(w, review.Candidate);
        w.WriteStartArray("decisions");
        foreach (var d in review.Decisions)
        {
            w.WriteStartObject();
            w.WriteString("status", StatusName(d.Status));
            w.WriteString("by", d.By);
            w.WriteString("at", d.At.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
            if (d.Note is not null)
            {
                w.WriteString("note", d.Note);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (review.Merge is { } merge)
        {
            w.WriteStartObject("merge");
            w.WritePropertyName("kept");
            GraphJson.Write(w, merge.Kept);
            w.WritePropertyName("absorbed");
            GraphJson.Write(w, merge.Absorbed);
            w.WriteStartArray("moved");
            foreach (var m in merge.Moved)
            {
                w.WriteStartObject();
                w.WritePropertyName("relationship");
                GraphJson.Write(w, m.Original);
                if (m.WrittenId is null)
                {
                    w.WriteNull("writtenId");
                }
                else
                {
                    w.WriteString("writtenId", m.WrittenId);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    /// <summary>The item as JSON text.</summary>
    /// <param name="review">The item.</param>
    /// <returns>Compact JSON.</returns>
    public static string ToJson(ReviewRecord review) => GraphJson.ToJson(w => Write(w, review));

    /// <summary>Parses an item written by <see cref="Write(Utf8JsonWriter, ReviewRecord)"/> (a stored row).</summary>
    /// <param name="json">JSON text.</param>
    /// <returns>The item.</returns>
    /// <exception cref="InvalidDataException">The text is not a valid review item.</exception>
    public static ReviewRecord Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var errors = new List<InputError>();
        return Read(doc.RootElement, "", null, errors, stored: true) ?? throw new InvalidDataException("stored review item is corrupt: " + errors[0]);
    }

    /// <summary>Reads an item, adding problems to <paramref name="errors"/>.</summary>
    /// <param name="json">The JSON object.</param>
    /// <param name="path">Field path of the object, for messages.</param>
    /// <param name="location">File and line, for messages.</param>
    /// <param name="errors">Where problems go.</param>
    /// <returns>The item, or null when it has errors.</returns>
    public static ReviewRecord? Read(JsonElement json, string path, SourceLocation? location, List<InputError> errors) =>
        Read(json, path, location, errors, stored: false);

    internal static ReviewRecord? Read(JsonElement json, string path, SourceLocation? location, List<InputError> errors, bool stored)
    {
        var start = errors.Count;
        var r = new Reader(json, path, location, errors, Fields);
        if (!r.IsObject)
        {
            return null;
        }

        var status = ParseStatus(r.String("status", required: true));
        if (status is null && r.String("status", required: false) is { } bad)
        {
            r.Error("status", $"unknown status '{bad}' (open, accepted, rejected, merged, split)");
        }

        var record = r.Child("record", required: true) is { } rec ? ReadParty(rec, r.PathOf("record"), location, errors) : null;
        var candidate = r.Child("candidate", required: true) is { } cand ? ReadParty(cand, r.PathOf("candidate"), location, errors) : null;
        var decisions = new List<ReviewDecision>();
        if (r.List("decisions") is { } list)
        {
            var i = 0;
            foreach (var d in list.EnumerateArray())
            {
                if (ReadDecision(d, $"{r.PathOf("decisions")}[{i++}]", location, errors) is { } decision)
                {
                    decisions.Add(decision);
                }
            }
        }

        MergeRecord? merge = null;
        if (r.Child("merge", required: false) is { } m)
        {
            merge = ReadMerge(m, r.PathOf("merge"), location, errors, stored);
        }

        SourceLocation? at = null;
        if (r.Child("at", required: false) is { } a)
        {
            var ar = new Reader(a, r.PathOf("at"), location, errors, AtFields);
            at = new SourceLocation(ar.String("file", required: true) ?? "", ar.Int("line"));
        }

        var review = new ReviewRecord
        {
            Id = r.String("id", required: true) ?? "",
            RecordKey = r.String("recordKey", required: true) ?? "",
            Status = status ?? ReviewStatus.Open,
            QueuedAt = r.Time("queuedAt") ?? default,
            At = at,
            Score = r.Number("score"),
            MatchedBy = r.String("matchedBy", required: false) ?? "",
            Reasons = r.Strings("reasons"),
            Record = record ?? new ReviewParty { EntityId = "", Name = "" },
            Candidate = candidate ?? new ReviewParty { EntityId = "", Name = "" },
            Decisions = decisions,
            Merge = merge,
        };
        return errors.Count > start ? null : review;
    }

    private static ReviewParty? ReadParty(JsonElement json, string path, SourceLocation? location, List<InputError> errors)
    {
        var r = new Reader(json, path, location, errors, PartyFields);
        if (!r.IsObject)
        {
            return null;
        }

        var identifiers = new Dictionary<string, string>(StringComparer.Ordinal);
        if (r.Child("identifiers", required: false) is { } ids)
        {
            foreach (var p in ids.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.String)
                {
                    identifiers[p.Name] = p.Value.GetString()!;
                }
                else
                {
                    r.Error("identifiers." + p.Name, "expected text");
                }
            }
        }

        return new ReviewParty
        {
            EntityId = r.String("entityId", required: true) ?? "",
            Name = r.String("name", required: true) ?? "",
            Labels = r.Strings("labels"),
            Aliases = r.Strings("aliases"),
            Country = r.String("country", required: false),
            Identifiers = identifiers,
        };
    }

    private static ReviewDecision? ReadDecision(JsonElement json, string path, SourceLocation? location, List<InputError> errors)
    {
        var r = new Reader(json, path, location, errors, DecisionFields);
        if (!r.IsObject)
        {
            return null;
        }

        var name = r.String("status", required: true);
        var status = ParseStatus(name);
        if (status is null or ReviewStatus.Open && name is not null)
        {
            r.Error("status", $"a decision sets accepted, rejected, merged or split, not '{name}'");
        }

        var by = r.String("by", required: true);
        var at = r.Time("at");
        return status is { } s && by is not null && at is { } when ? new ReviewDecision(s, by, when, r.String("note", required: false)) : null;
    }

    private static MergeRecord? ReadMerge(JsonElement json, string path, SourceLocation? location, List<InputError> errors, bool stored)
    {
        var r = new Reader(json, path, location, errors, MergeFields);
        if (!r.IsObject)
        {
            return null;
        }

        var kept = r.Child("kept", required: true) is { } k ? GraphJson.ReadEntity(k, r.PathOf("kept"), location, errors, stored) : null;
        var absorbed = r.Child("absorbed", required: true) is { } a ? GraphJson.ReadEntity(a, r.PathOf("absorbed"), location, errors, stored) : null;
        var moved = new List<MovedRelationship>();
        if (r.List("moved") is { } list)
        {
            var i = 0;
            foreach (var m in list.EnumerateArray())
            {
                var mr = new Reader(m, $"{r.PathOf("moved")}[{i++}]", location, errors, MovedFields);
                if (mr.IsObject && mr.Child("relationship", required: true) is { } rel
                    && GraphJson.ReadRelationship(rel, mr.PathOf("relationship"), location, errors, stored) is { } original)
                {
                    moved.Add(new MovedRelationship(original, mr.String("writtenId", required: false)));
                }
            }
        }

        return kept is null || absorbed is null ? null : new MergeRecord { Kept = kept, Absorbed = absorbed, Moved = moved };
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }

    private static void Write(Utf8JsonWriter w, ReviewParty party)
    {
        w.WriteStartObject();
        w.WriteString("entityId", party.EntityId);
        w.WriteString("name", party.Name);
        WriteStrings(w, "labels", party.Labels);
        WriteStrings(w, "aliases", party.Aliases);
        if (party.Country is not null)
        {
            w.WriteString("country", party.Country);
        }

        w.WriteStartObject("identifiers");
        foreach (var (scheme, value) in party.Identifiers)
        {
            w.WriteString(scheme, value);
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>Reads the fields of one object, reporting unknown fields and wrong types with their path.</summary>
    private sealed class Reader
    {
        private readonly JsonElement _json;
        private readonly string _path;
        private readonly SourceLocation? _location;
        private readonly List<InputError> _errors;

        public Reader(JsonElement json, string path, SourceLocation? location, List<InputError> errors, string[] allowed)
        {
            (_json, _path, _location, _errors) = (json, path, location, errors);
            IsObject = json.ValueKind == JsonValueKind.Object;
            if (!IsObject)
            {
                Error("", $"expected an object, found {json.ValueKind.ToString().ToLowerInvariant()}");
                return;
            }

            foreach (var p in json.EnumerateObject())
            {
                if (System.Array.IndexOf(allowed, p.Name) < 0)
                {
                    Error(p.Name, $"unknown field '{p.Name}'; allowed: {string.Join(", ", allowed)}");
                }
            }
        }

        public bool IsObject { get; }

        public string PathOf(string field) => _path.Length == 0 ? field : _path + "." + field;

        public void Error(string field, string message) => _errors.Add(new InputError(_location, field.Length == 0 ? _path : PathOf(field), message));

        private JsonElement? Get(string field) =>
            _json.TryGetProperty(field, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

        public string? String(string field, bool required)
        {
            switch (Get(field))
            {
                case null:
                    if (required)
                    {
                        Error(field, "is required");
                    }

                    return null;
                case { ValueKind: JsonValueKind.String } v:
                    return v.GetString();
                default:
                    Error(field, "expected text");
                    return null;
            }
        }

        public double Number(string field)
        {
            if (Get(field) is not { } v)
            {
                return 0;
            }

            if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && d is >= 0 and <= 1)
            {
                return d;
            }

            Error(field, "expected a number from 0 to 1");
            return 0;
        }

        public int Int(string field)
        {
            if (Get(field) is not { } v)
            {
                return 0;
            }

            if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) && n >= 0)
            {
                return n;
            }

            Error(field, "expected a whole number ≥ 0");
            return 0;
        }

        public DateTimeOffset? Time(string field)
        {
            if (String(field, required: true) is not { } text)
            {
                return null;
            }

            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
            {
                return t;
            }

            Error(field, $"'{text}' is not a date and time (ISO 8601)");
            return null;
        }

        public JsonElement? Child(string field, bool required)
        {
            switch (Get(field))
            {
                case null:
                    if (required)
                    {
                        Error(field, "is required");
                    }

                    return null;
                case { ValueKind: JsonValueKind.Object } v:
                    return v;
                default:
                    Error(field, "expected an object");
                    return null;
            }
        }

        public JsonElement? List(string field)
        {
            switch (Get(field))
            {
                case null:
                    return null;
                case { ValueKind: JsonValueKind.Array } v:
                    return v;
                default:
                    Error(field, "expected a list");
                    return null;
            }
        }

        public List<string> Strings(string field)
        {
            var result = new List<string>();
            if (List(field) is { } list)
            {
                foreach (var item in list.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.String)
                    {
                        result.Add(item.GetString()!);
                    }
                    else
                    {
                        Error(field, "expected a list of text");
                    }
                }
            }

            return result;
        }
    }
}
