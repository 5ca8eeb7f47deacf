using System.Text.Json;

namespace SupplyGraph.Cypher;

/// <summary>
/// JSON for Cypher answers, shared by the CLI and the API:
/// <c>{"columns": [...], "rows": [[...]], "nodes": {id: {labels, properties}}, "relationships": {id: {type, start, end, properties}}, "stats": {...}}</c>.
/// In rows a node is <c>{"node": id}</c>, a relationship <c>{"relationship": id}</c>, a path <c>{"path": {"nodes": [...], "relationships": [...]}}</c>.
/// </summary>
public static class CypherJson
{
    /// <summary>Writes a table.</summary>
    /// <param name="w">Writer.</param>
    /// <param name="table">The answer.</param>
    public static void Write(Utf8JsonWriter w, CypherTable table)
    {
        w.WriteStartObject();
        Strings(w, "columns", table.Columns);
        w.WriteStartArray("rows");
        foreach (var row in table.Rows)
        {
            w.WriteStartArray();
            foreach (var v in row)
            {
                WriteValue(w, v);
            }

            w.WriteEndArray();
        }

        w.WriteEndArray();
        w.WriteStartObject("nodes");
        foreach (var (id, n) in table.Nodes)
        {
            w.WriteStartObject(id);
            Strings(w, "labels", n.Labels);
            WriteMap(w, "properties", n.Properties);
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteStartObject("relationships");
        foreach (var (id, r) in table.Relationships)
        {
            w.WriteStartObject(id);
            w.WriteString("type", r.Type);
            w.WriteString("start", r.Start);
            w.WriteString("end", r.End);
            WriteMap(w, "properties", r.Properties);
            w.WriteEndObject();
        }

        w.WriteEndObject();
        var s = table.Statistics;
        w.WriteStartObject("stats");
        w.WriteNumber("nodesCreated", s.NodesCreated);
        w.WriteNumber("nodesDeleted", s.NodesDeleted);
        w.WriteNumber("relationshipsCreated", s.RelationshipsCreated);
        w.WriteNumber("relationshipsDeleted", s.RelationshipsDeleted);
        w.WriteNumber("propertiesSet", s.PropertiesSet);
        w.WriteNumber("labelsAdded", s.LabelsAdded);
        w.WriteNumber("labelsRemoved", s.LabelsRemoved);
        w.WriteEndObject();
        if (table.Plan is not null)
        {
            w.WriteStartArray("plan");
            foreach (var step in table.Plan)
            {
                w.WriteStartObject();
                w.WriteNumber("part", step.Part);
                w.WriteString("operation", step.Operation);
                w.WriteString("detail", step.Detail);
                if (step.Rows is { } n)
                {
                    w.WriteNumber("rows", n);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }

    private static void WriteMap(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, object?> map)
    {
        w.WriteStartObject(name);
        foreach (var (k, v) in map)
        {
            w.WritePropertyName(k);
            WriteValue(w, v);
        }

        w.WriteEndObject();
    }

    /// <summary>Writes one row value.</summary>
    /// <param name="w">Writer.</param>
    /// <param name="v">Value.</param>
    public static void WriteValue(Utf8JsonWriter w, object? v)
    {
        switch (v)
        {
            case null:
                w.WriteNullValue();
                break;
            case bool b:
                w.WriteBooleanValue(b);
                break;
            case long l:
                w.WriteNumberValue(l);
                break;
            case double d when double.IsFinite(d):
                w.WriteNumberValue(d);
                break;
            case double d:
                w.WriteStringValue(Values.FormatFloat(d));
                break;
            case string s:
                w.WriteStringValue(s);
                break;
            case NodeRef n:
                w.WriteStartObject();
                w.WriteString("node", n.Id);
                w.WriteEndObject();
                break;
            case RelationshipRef r:
                w.WriteStartObject();
                w.WriteString("relationship", r.Id);
                w.WriteEndObject();
                break;
            case PathRef p:
                w.WriteStartObject();
                w.WriteStartObject("path");
                Strings(w, "nodes", p.Nodes);
                Strings(w, "relationships", p.Relationships);
                w.WriteEndObject();
                w.WriteEndObject();
                break;
            case IReadOnlyList<object?> list:
                w.WriteStartArray();
                foreach (var x in list)
                {
                    WriteValue(w, x);
                }

                w.WriteEndArray();
                break;
            case IReadOnlyDictionary<string, object?> map:
                w.WriteStartObject();
                foreach (var (k, x) in map)
                {
                    w.WritePropertyName(k);
                    WriteValue(w, x);
                }

                w.WriteEndObject();
                break;
            default:
                w.WriteStringValue(Values.ToCypherString(Values.FromClr(v)));
                break;
        }
    }

    /// <summary>Renders an engine value as a Cypher literal, e.g. <c>['a', 1]</c>.</summary>
    /// <param name="v">Value.</param>
    /// <returns>Text.</returns>
    public static string Render(object? v) => Values.Render(v);

    /// <summary>Parses a JSON value (a parameter) into an engine value.</summary>
    /// <param name="e">JSON element.</param>
    /// <returns>null, bool, long, double, string, list or map.</returns>
    public static object? FromJson(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number => e.TryGetInt64(out var l) ? l : (object)e.GetDouble(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Array => e.EnumerateArray().Select(FromJson).ToList(),
        _ => e.EnumerateObject().ToDictionary(p => p.Name, p => FromJson(p.Value)),
    };

    /// <summary>Parses a parameter given on a command line as a Cypher literal (<c>42</c>, <c>'x'</c>, <c>[1, 2]</c>, <c>{a: 1}</c>); anything else is taken as a string.</summary>
    /// <param name="text">The text after <c>name=</c>.</param>
    /// <returns>The value.</returns>
    public static object? ParseParameter(string text)
    {
        try
        {
            var result = new CypherEngine().Execute(new MemoryGraph(), "RETURN " + text + " AS v");
            return result.Rows[0][0];
        }
        catch (CypherException)
        {
            return text;
        }
    }
}
