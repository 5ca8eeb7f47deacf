using System.Text.Json;
using SupplyGraph.Core.Model;
using SupplyGraph.Cypher;

namespace SupplyGraph.Server.Apis;

/// <summary>
/// The body of <c>POST /api/cypher</c>: <c>{"query": "...", "parameters": {...}}</c> and nothing else, read strictly
/// (see <see cref="StrictJson"/>); every problem names its field and line.
/// </summary>
public sealed record CypherRequest(string Query, Dictionary<string, object?> Parameters)
{
    private const string Source = "request body";
    private static readonly string[] Fields = ["query", "parameters"];

    public static async Task<CypherRequest> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var bytes = await Http.BodyAsync(request, cancellationToken);
        using var doc = StrictJson.Parse(bytes, Source);
        return Read(doc.RootElement, TopLevelLines(StrictJson.WithoutBom(bytes).Span));
    }

    private static CypherRequest Read(JsonElement root, Dictionary<string, int> lines)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidInputException(new InputError(new SourceLocation(Source, 1), "", "expected a JSON object: {\"query\": \"...\", \"parameters\": {...}}"));
        }

        var errors = new List<InputError>();
        SourceLocation At(string field) => new(Source, lines.GetValueOrDefault(field, 1));
        foreach (var p in root.EnumerateObject())
        {
            if (Array.IndexOf(Fields, p.Name) < 0)
            {
                errors.Add(new InputError(At(p.Name), StrictJson.Printable(p.Name), $"unknown field '{StrictJson.Printable(p.Name)}'; allowed: query, parameters"));
            }
        }

        string? query = null;
        if (!root.TryGetProperty("query", out var q) || q.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(q.GetString()))
        {
            errors.Add(new InputError(At("query"), "query", q.ValueKind == JsonValueKind.Undefined ? "is required: the Cypher text as a string" : "expected a non-empty string of Cypher"));
        }
        else
        {
            query = q.GetString()!;
        }

        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (root.TryGetProperty("parameters", out var ps) && ps.ValueKind != JsonValueKind.Null)
        {
            if (ps.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new InputError(At("parameters"), "parameters", "expected an object of name: value"));
            }
            else
            {
                foreach (var p in ps.EnumerateObject())
                {
                    var field = "parameters." + StrictJson.Printable(p.Name);
                    var problem = StrictJson.ControlCharacter(p.Name, multiLine: false) ?? ControlCharacterIn(p.Value);
                    if (problem is not null)
                    {
                        errors.Add(new InputError(At("parameters"), field, problem));
                        continue;
                    }

                    parameters[p.Name] = CypherJson.FromJson(p.Value);
                }
            }
        }

        return errors.Count > 0 ? throw new InvalidInputException(errors) : new CypherRequest(query!, parameters);
    }

    /// <summary>NUL and other control characters (bar tab and line breaks) would end up in the graph's names and ids.</summary>
    private static string? ControlCharacterIn(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => StrictJson.ControlCharacter(value.GetString()!, multiLine: true),
        JsonValueKind.Array => value.EnumerateArray().Select(ControlCharacterIn).FirstOrDefault(p => p is not null),
        JsonValueKind.Object => value.EnumerateObject()
            .Select(p => StrictJson.ControlCharacter(p.Name, multiLine: false) ?? ControlCharacterIn(p.Value)).FirstOrDefault(p => p is not null),
        _ => null,
    };

    /// <summary>The line each top-level key is on (the document has been checked already).</summary>
    private static Dictionary<string, int> TopLevelLines(ReadOnlySpan<byte> utf8)
    {
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = StrictJson.MaxDepth });
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
            {
                lines[reader.GetString()!] = StrictJson.LineAt(utf8, (int)reader.TokenStartIndex);
            }
        }

        return lines;
    }
}
