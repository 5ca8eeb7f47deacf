using System.Globalization;
using System.Text.Json;

namespace SupplyGraph.Core.Import.Formats;

/// <summary>Small readings shared by the format readers: JSON fields, dates, country codes, list cells.</summary>
internal static class RecordText
{
    /// <summary>A string field; GLEIF golden-copy JSON wraps values as <c>{"$": "…"}</c>, which is unwrapped.</summary>
    public static string? Str(JsonElement json, string field)
    {
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty(field, out var v))
        {
            return null;
        }

        return Scalar(v);
    }

    /// <summary>A scalar as text (strings, numbers, <c>{"$": …}</c>); null for anything else or blank.</summary>
    public static string? Scalar(JsonElement v)
    {
        var s = v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Object when v.TryGetProperty("$", out var inner) => Scalar(inner),
            _ => null,
        };
        return string.IsNullOrWhiteSpace(s) ? null : s.Trim();
    }

    /// <summary>A field that may be one string or an array of strings.</summary>
    public static List<string> Strings(JsonElement json, string field)
    {
        var result = new List<string>();
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty(field, out var v))
        {
            return result;
        }

        if (v.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in v.EnumerateArray())
            {
                if (Scalar(item) is { } s && !result.Contains(s))
                {
                    result.Add(s);
                }
            }
        }
        else if (Scalar(v) is { } s)
        {
            result.Add(s);
        }

        return result;
    }

    /// <summary>An object field, or default.</summary>
    public static JsonElement Obj(JsonElement json, string field) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.Object ? v : default;

    /// <summary>The elements of an array field (none when absent).</summary>
    public static IEnumerable<JsonElement> Array(JsonElement json, string field) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray() : [];

    /// <summary>
    /// A date from ISO text (<c>2012-11-29</c>, <c>2012-11-29T00:00:00.000Z</c>) or, when only a year or month is
    /// given, the first day of it (or the last, for the end of a period). Null when absent or not a date.
    /// </summary>
    public static DateOnly? Date(string? text, bool endOfPeriod = false)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var t = text.Trim();
        if (t.Length >= 10 && DateOnly.TryParseExact(t[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        if (t.Length == 7 && DateOnly.TryParseExact(t + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
        {
            return endOfPeriod ? month.AddMonths(1).AddDays(-1) : month;
        }

        if (t.Length == 4 && int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is > 1000 and < 3000)
        {
            return endOfPeriod ? new DateOnly(year, 12, 31) : new DateOnly(year, 1, 1);
        }

        return null;
    }

    /// <summary>Splits a cell the publisher joined with <paramref name="separator"/>, trimming and dropping empty parts.</summary>
    public static List<string> Split(string? cell, char separator = ';')
    {
        var result = new List<string>();
        if (string.IsNullOrWhiteSpace(cell))
        {
            return result;
        }

        foreach (var part in cell.Split(separator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!result.Contains(part))
            {
                result.Add(part);
            }
        }

        return result;
    }

    /// <summary>
    /// A country name for an ISO 3166 alpha-2 code (<c>CN</c> → China), as the rest of the graph names countries;
    /// the code itself when the platform has no name for it (or runs without culture data).
    /// </summary>
    public static string? Country(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }

        var c = code.Trim().ToUpperInvariant();
        if (c.Length != 2 || !char.IsAsciiLetter(c[0]) || !char.IsAsciiLetter(c[1]))
        {
            return code.Trim();
        }

        try
        {
            return new RegionInfo(c).EnglishName;
        }
        catch (ArgumentException)
        {
            return c;
        }
    }

    /// <summary>Whether <paramref name="text"/> is an ISO alpha-2 country code (two capital letters).</summary>
    public static bool IsCountryCode(string text) => text.Length == 2 && char.IsAsciiLetterUpper(text[0]) && char.IsAsciiLetterUpper(text[1]);

    /// <summary>Text values as a property list.</summary>
    public static List<object?> List(IEnumerable<string> values) => [.. values];
}
