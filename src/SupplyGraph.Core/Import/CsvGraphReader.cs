using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Import;

/// <summary>
/// The project's CSV formats. A header with <c>type,from,to</c> means relationships
/// (<c>id,type,from,to,share,items,source,record,quote,date,confidence,validFrom,validTo</c>); a header with
/// <c>id,name</c> means entities (<c>id,labels,name,aliases,country,identifiers</c>). Lists are separated by
/// <c>|</c>; identifiers are <c>scheme=value</c>; extra columns named <c>prop.NAME</c> become properties.
/// Each row is turned into the JSON form and read by <see cref="GraphJson"/>, so both formats check alike — except the
/// common relationship and entity rows (<see cref="DirectRelationshipColumns"/>, <see cref="DirectEntityColumns"/>),
/// built directly when every value passes the same checks, and sent through the JSON form otherwise, whose messages
/// name the field.
/// </summary>
internal static class CsvGraphReader
{
    private static readonly string[] EntityColumns = ["id", "labels", "name", "aliases", "country", "identifiers"];
    private static readonly string[] RelationshipColumns = ["id", "type", "from", "to", "share", "items", "source", "record", "quote", "date", "confidence", "validFrom", "validTo"];
    private static readonly string[] ProvenanceColumns = ["source", "record", "quote", "date", "confidence"];

    public static void Read(IEnumerable<CsvReader.Row> rows, string file, ImportSession session) =>
        Read(rows, file, session.Add, session.Error, session.SameEntityId);

    /// <summary>Reads one file's rows, handing each change to <paramref name="add"/> and each problem to <paramref name="error"/>.</summary>
    public static void Read(IEnumerable<CsvReader.Row> rows, string file, Action<Change> add, Action<InputError> error, Func<string, string> sameEntityId)
    {
        using var e = rows.GetEnumerator();
        if (!e.MoveNext())
        {
            error(new InputError(new SourceLocation(file, 1), "", "the file is empty; expected a header row"));
            return;
        }

        var header = e.Current.Fields.Select(h => h.Trim()).ToArray();
        var isRelationships = header.Contains("type") && header.Contains("from") && header.Contains("to");
        var isEntities = header.Contains("id") && header.Contains("name");
        if (!isRelationships && !isEntities)
        {
            error(new InputError(new SourceLocation(file, 1), "", "header must name id,name (entities) or type,from,to (relationships)"));
            return;
        }

        var known = isRelationships ? RelationshipColumns : EntityColumns;
        var headerOk = true;
        foreach (var column in header)
        {
            if (Array.IndexOf(known, column) < 0 && !column.StartsWith("prop.", StringComparison.Ordinal))
            {
                error(new InputError(new SourceLocation(file, 1), column, $"unknown column '{column}'; allowed: {string.Join(", ", known)}, prop.NAME"));
                headerOk = false;
            }
        }

        foreach (var duplicate in header.GroupBy(h => h, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            error(new InputError(new SourceLocation(file, 1), duplicate.Key, $"column '{duplicate.Key}' appears more than once"));
            headerOk = false;
        }

        if (!headerOk)
        {
            return;
        }

        var lastLine = e.Current.Line;
        var rowCount = 0;
        var direct = isRelationships ? DirectRelationshipColumns.Of(header, sameEntityId) : null;
        var directEntity = isRelationships ? null : DirectEntityColumns.Of(header);
        Provenance? lastProvenance = null;

        var errors = new List<InputError>();
        while (e.MoveNext())
        {
            var row = e.Current;
            rowCount++;
            var at = new SourceLocation(file, row.Line);
            if (row.Fields.Length != header.Length)
            {
                error(new InputError(at, "", $"expected {header.Length} fields as in the header, found {row.Fields.Length}"));
                continue;
            }

            if (direct is not null && direct.TryRead(row.Fields, ref lastProvenance) is { } plain)
            {
                add(new PutRelationship(plain) { Origin = at });
                continue;
            }

            if (directEntity is not null && directEntity.TryRead(row.Fields) is { } plainEntity)
            {
                add(new PutEntity(plainEntity) { Origin = at });
                continue;
            }

            var json = isRelationships ? RelationshipJson(header, row.Fields) : EntityJson(header, row.Fields);
            var element = JsonSerializer.SerializeToElement(json);
            errors.Clear();
            if (isRelationships)
            {
                if (GraphJson.ReadRelationship(element, "", at, errors) is { } r)
                {
                    add(new PutRelationship(r) { Origin = at });
                }
            }
            else if (GraphJson.ReadEntity(element, "", at, errors) is { } ent)
            {
                add(new PutEntity(ent) { Origin = at });
            }

            foreach (var problem in errors)
            {
                // CSV users know columns, not JSON paths.
                error(problem with { Field = problem.Field.Replace("provenance.", "", StringComparison.Ordinal).Replace("properties.", "prop.", StringComparison.Ordinal) });
            }
        }

        if (rowCount == 0)
        {
            // An import that changes nothing is almost always a mistake (wrong file, export cut short).
            error(new InputError(new SourceLocation(file, lastLine), "", "the file has a header but no rows; nothing to import"));
        }
    }

    private static JsonObject EntityJson(string[] header, string[] fields)
    {
        var o = new JsonObject();
        var props = new JsonObject();
        for (var i = 0; i < header.Length; i++)
        {
            var v = fields[i].Trim();
            if (v.Length == 0)
            {
                continue;
            }

            switch (header[i])
            {
                case "labels" or "aliases": o[header[i]] = List(v); break;
                case "identifiers":
                    var ids = new JsonObject();
                    foreach (var pair in v.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        var eq = pair.IndexOf('=');
                        ids[eq < 0 ? pair : pair[..eq].Trim()] = eq < 0 ? "" : pair[(eq + 1)..].Trim();
                    }

                    o["identifiers"] = ids;
                    break;
                case var p when p.StartsWith("prop.", StringComparison.Ordinal): props[p[5..]] = Scalar(v); break;
                default: o[header[i]] = v; break;
            }
        }

        if (props.Count > 0)
        {
            o["properties"] = props;
        }

        return o;
    }

    private static JsonObject RelationshipJson(string[] header, string[] fields)
    {
        var o = new JsonObject();
        var provenance = new JsonObject();
        var props = new JsonObject();
        for (var i = 0; i < header.Length; i++)
        {
            var v = fields[i].Trim();
            if (v.Length == 0)
            {
                continue;
            }

            var column = header[i];
            if (column == "confidence")
            {
                provenance["confidence"] = double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var c) && double.IsFinite(c) ? c : v;
            }
            else if (Array.IndexOf(ProvenanceColumns, column) >= 0)
            {
                provenance[column] = v;
            }
            else if (column == "items")
            {
                o["items"] = List(v);
            }
            else if (column.StartsWith("prop.", StringComparison.Ordinal))
            {
                props[column[5..]] = Scalar(v);
            }
            else
            {
                o[column] = v;
            }
        }

        if (provenance.Count > 0)
        {
            o["provenance"] = provenance;
        }

        if (props.Count > 0)
        {
            o["properties"] = props;
        }

        return o;
    }

    private static JsonArray List(string v) =>
        [.. v.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(x => (JsonNode?)JsonValue.Create(x))];

    private static JsonNode? Scalar(string v) =>
        long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? JsonValue.Create(l)
        : double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? JsonValue.Create(d)
        : v is "true" or "false" ? JsonValue.Create(v == "true")
        : JsonValue.Create(v);
}
