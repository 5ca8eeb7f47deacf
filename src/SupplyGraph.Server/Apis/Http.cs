using System.Text.Json;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Server.Apis;

/// <summary>Reading request bodies: strictly, with line-numbered errors (query parameters are bound typed: <see cref="QueryValues"/>).</summary>
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
}
