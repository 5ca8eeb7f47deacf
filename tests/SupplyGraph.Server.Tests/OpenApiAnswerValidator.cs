using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SupplyGraph.Server.Tests;

/// <summary>
/// Checks a real JSON answer against the schema the OpenAPI 3.0 document gives for it, over the subset the document
/// uses: <c>$ref</c> to components, <c>type</c>, <c>format</c> (date, date-time, int32, int64), <c>required</c>,
/// <c>properties</c>, <c>additionalProperties</c>, <c>items</c>, <c>enum</c>, <c>nullable</c>, <c>pattern</c>. A keyword
/// outside it is reported, not skipped, so a schema this cannot read never passes by being ignored. An object schema with
/// properties and no <c>additionalProperties</c> is taken as closed: a field it does not name is an error (the point is to
/// catch answers that carry undocumented fields). Each error names the JSON path of the value.
/// </summary>
public sealed class OpenApiAnswerValidator(JsonElement document)
{
    private static readonly HashSet<string> Annotations = new(StringComparer.Ordinal) { "description", "title", "example", "default", "readOnly", "writeOnly", "deprecated" };

    /// <summary>The schema of an operation's answer of this status and media type.</summary>
    public JsonElement ResponseSchema(string method, string pathTemplate, int status, string mediaType = "application/json")
    {
        var operation = document.GetProperty("paths").GetProperty(pathTemplate).GetProperty(method.ToLowerInvariant());
        var response = operation.GetProperty("responses").GetProperty(status.ToString(CultureInfo.InvariantCulture));
        return response.GetProperty("content").GetProperty(mediaType).GetProperty("schema");
    }

    /// <summary>Every way the value differs from the operation's documented answer; empty when it conforms.</summary>
    public IReadOnlyList<string> Check(string method, string pathTemplate, int status, string json)
    {
        using var value = JsonDocument.Parse(json);
        var errors = new List<string>();
        Validate(ResponseSchema(method, pathTemplate, status), value.RootElement, "$", errors);
        return errors;
    }

    /// <summary>Every way the value differs from the schema, each naming the value's JSON path.</summary>
    public IReadOnlyList<string> Check(JsonElement schema, JsonElement value)
    {
        var errors = new List<string>();
        Validate(schema, value, "$", errors);
        return errors;
    }

    private JsonElement Resolve(JsonElement schema, string path, List<string> errors)
    {
        for (var depth = 0; schema.TryGetProperty("$ref", out var reference); depth++)
        {
            const string Prefix = "#/components/schemas/";
            var target = reference.GetString()!;
            if (!target.StartsWith(Prefix, StringComparison.Ordinal) || depth > 32
                || !document.GetProperty("components").GetProperty("schemas").TryGetProperty(target[Prefix.Length..], out var resolved))
            {
                errors.Add($"{path}: the document's reference {target} does not resolve");
                return default;
            }

            schema = resolved;
        }

        return schema;
    }

    private void Validate(JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        schema = Resolve(schema, path, errors);
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var keyword in schema.EnumerateObject())
        {
            if (!Known(keyword.Name))
            {
                errors.Add($"{path}: the schema uses '{keyword.Name}', which this validator does not check");
            }
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            if (!(schema.TryGetProperty("nullable", out var nullable) && nullable.GetBoolean()) && schema.TryGetProperty("type", out _))
            {
                errors.Add($"{path}: null, but the document does not say it may be null");
            }

            return;
        }

        var type = schema.TryGetProperty("type", out var t) ? t.GetString() : null;
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        switch (type)
        {
            case null:
                break;
            case "string":
                if (Expect(value, JsonValueKind.String, "a string", path, errors))
                {
                    CheckString(schema, value.GetString()!, format, path, errors);
                }

                break;
            case "integer":
                if (Expect(value, JsonValueKind.Number, "an integer", path, errors)
                    && !(format == "int32" ? value.TryGetInt32(out _) : value.TryGetInt64(out _)))
                {
                    errors.Add($"{path}: {value.GetRawText()} is not an {format ?? "integer"}");
                }

                break;
            case "number":
                Expect(value, JsonValueKind.Number, "a number", path, errors);
                break;
            case "boolean":
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    errors.Add($"{path}: expected a boolean, got {Kind(value)}");
                }

                break;
            case "array":
                if (Expect(value, JsonValueKind.Array, "an array", path, errors) && schema.TryGetProperty("items", out var items))
                {
                    var i = 0;
                    foreach (var item in value.EnumerateArray())
                    {
                        Validate(items, item, $"{path}[{i++}]", errors);
                    }
                }

                break;
            case "object":
                if (Expect(value, JsonValueKind.Object, "an object", path, errors))
                {
                    CheckObject(schema, value, path, errors);
                }

                break;
            default:
                errors.Add($"{path}: the schema's type '{type}' is not one this validator knows");
                break;
        }

        if (schema.TryGetProperty("enum", out var allowed) && !allowed.EnumerateArray().Any(a => JsonElement.DeepEquals(a, value)))
        {
            errors.Add($"{path}: {value.GetRawText()} is not one of {string.Join(", ", allowed.EnumerateArray().Select(a => a.GetRawText()))}");
        }
    }

    private static bool Known(string keyword) =>
        Annotations.Contains(keyword) || keyword.StartsWith("x-", StringComparison.Ordinal)
        || keyword is "type" or "format" or "required" or "properties" or "additionalProperties" or "items" or "enum" or "nullable" or "pattern";

    private static void CheckString(JsonElement schema, string text, string? format, string path, List<string> errors)
    {
        var ok = format switch
        {
            "date" => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            // RFC 3339: a date, a T, a time and an offset (or Z).
            "date-time" => Regex.IsMatch(text, @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.None, TimeSpan.FromSeconds(1))
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            _ => true,
        };
        if (!ok)
        {
            errors.Add($"{path}: '{text}' is not a {format}");
        }

        if (schema.TryGetProperty("pattern", out var pattern) && !Regex.IsMatch(text, pattern.GetString()!, RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            errors.Add($"{path}: '{text}' does not match {pattern.GetString()}");
        }
    }

    private void CheckObject(JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
            {
                if (!value.TryGetProperty(name, out _))
                {
                    errors.Add($"{path}: required field '{name}' is missing");
                }
            }
        }

        var hasProperties = schema.TryGetProperty("properties", out var properties);
        var hasAdditional = schema.TryGetProperty("additionalProperties", out var additional);
        foreach (var field in value.EnumerateObject())
        {
            var fieldPath = $"{path}.{field.Name}";
            if (hasProperties && properties.TryGetProperty(field.Name, out var fieldSchema))
            {
                Validate(fieldSchema, field.Value, fieldPath, errors);
            }
            else if (hasAdditional)
            {
                if (additional.ValueKind == JsonValueKind.False)
                {
                    errors.Add($"{fieldPath}: not documented (additionalProperties is false)");
                }
                else if (additional.ValueKind == JsonValueKind.Object)
                {
                    Validate(additional, field.Value, fieldPath, errors);
                }
            }
            else if (hasProperties)
            {
                errors.Add($"{fieldPath}: not documented");
            }
        }
    }

    private static bool Expect(JsonElement value, JsonValueKind kind, string what, string path, List<string> errors)
    {
        if (value.ValueKind == kind)
        {
            return true;
        }

        errors.Add($"{path}: expected {what}, got {Kind(value)}");
        return false;
    }

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string {value.GetRawText()}",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => value.GetRawText(),
    };
}
