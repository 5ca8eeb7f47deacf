using System.Globalization;
using System.Text.Json;
using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;
using SupplyGraph.Server.Extensions;

namespace SupplyGraph.Server.Apis;

/// <summary>Reading requests: bodies with line-numbered errors, query parameters with their names in errors.</summary>
public static class Http
{
    /// <summary>The body of a JSON request, as bytes; a body that says it is anything but UTF-8 JSON is refused (415).</summary>
    public static async Task<byte[]> BodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        RequireJson(request);
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length == 0)
        {
            throw new InvalidInputException(new InputError(new SourceLocation("request body", 0), "", "the request body is empty; expected JSON"));
        }

        return buffer.ToArray();
    }

    /// <summary>The body as one strictly checked JSON value (see <see cref="StrictJson"/>).</summary>
    public static async Task<JsonElement> JsonAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var bytes = await BodyAsync(request, cancellationToken);
        using var doc = StrictJson.Parse(bytes, "request body");
        return doc.RootElement.Clone();
    }

    private static void RequireJson(HttpRequest request)
    {
        var ok = Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            && (type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase))
            && (!type.Charset.HasValue || type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || type.Charset.Equals("utf8", StringComparison.OrdinalIgnoreCase));
        if (!ok)
        {
            throw new UnsupportedMediaTypeException(request.ContentType);
        }
    }

    public static int Int(HttpRequest request, string name, int fallback, int max)
    {
        var text = request.Query[name].FirstOrDefault();
        if (text is null)
        {
            return Math.Min(fallback, max);
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 1 && value <= max
            ? value
            : throw new ArgumentException($"'{name}' must be a whole number from 1 to {max}", name);
    }

    public static DateOnly? Date(HttpRequest request, string name)
    {
        var text = request.Query[name].FirstOrDefault();
        return text is null ? null
            : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
            : throw new ArgumentException($"'{name}' must be a date as YYYY-MM-DD", name);
    }

    public static IReadOnlyList<string>? List(HttpRequest request, string name)
    {
        var values = request.Query[name].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        return values.Count == 0 ? null : values;
    }

    public static string Required(HttpRequest request, string name) =>
        request.Query[name].FirstOrDefault() is { Length: > 0 } v ? v : throw new ArgumentException($"query parameter '{name}' is required", name);

    /// <summary>The filters every traversal takes, within the server's hop budget.</summary>
    public static T Filters<T>(HttpRequest request, T query, SupplyGraphOptions options)
        where T : TraversalQuery
    {
        var types = List(request, "types");
        var unknown = types?.Where(t => !RelationshipTypes.IsKnown(t.ToUpperInvariant())).ToList();
        if (unknown is { Count: > 0 })
        {
            throw new ArgumentException($"unknown relationship type(s) {string.Join(", ", unknown)}", "types");
        }

        return (T)((TraversalQuery)query with
        {
            Direction = request.Query["direction"].FirstOrDefault()?.ToLowerInvariant() switch
            {
                null => query.Direction,
                "out" => Direction.Out,
                "in" => Direction.In,
                "both" => Direction.Both,
                _ => throw new ArgumentException("'direction' must be out, in or both", "direction"),
            },
            Types = types?.Select(t => t.ToUpperInvariant()).ToList() ?? query.Types,
            MaxHops = Int(request, "maxHops", query.MaxHops, options.MaxHops),
            AsOf = Date(request, "asOf"),
            AvoidLabels = List(request, "avoidLabels") ?? query.AvoidLabels,
            AvoidCountries = List(request, "avoidCountries") ?? [],
            RequireLabels = List(request, "requireLabels") ?? [],
            RequireCountries = List(request, "requireCountries") ?? [],
        });
    }
}
