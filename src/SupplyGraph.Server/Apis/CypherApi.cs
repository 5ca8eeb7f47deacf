using System.Text.Json;
using SupplyGraph.Cypher;
using SupplyGraph.Server.Extensions;

namespace SupplyGraph.Server.Apis;

/// <summary>
/// <c>POST /api/cypher</c>: Cypher for power users. Readers run read-only queries; editors may write. Every query
/// runs through the <see cref="QueryGate"/> with its role's time, memory, row and change budgets.
/// </summary>
public static class CypherApi
{
    public static void MapCypherApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/cypher", RunAsync).WithTags("Cypher").RequireAuthorization(Policies.Read)
            .AcceptsJson<CypherRequest>().Budgeted().Produces<CypherResult>().ProducesProblemFor(403)
            .WithSummary("Run a Cypher query")
            .WithDescription("Readers run read-only queries; editors may write (each write is a batch in the change log). Within the role's time, memory, row and change budgets; an error names the line and column.");
    }

    private static async Task RunAsync(HttpContext http, ICypherStore store, QueryGate gate, CancellationToken aborted)
    {
        var (query, parameters) = await CypherRequest.ReadAsync(http.Request, aborted);

        CypherTable table;
        try
        {
            table = await gate.RunAsync(http, "query", (budget, remaining, ct) => store.CypherAsync(query, parameters, budget.ForCypher(remaining), ct));
        }
        catch (CypherException e)
        {
            var (line, column) = LineColumn(query, e.Position);
            var budget = Budget(e.Detail);
            var status = e.Detail == "ForbiddenWrite" ? StatusCodes.Status403Forbidden
                : budget is not null ? StatusCodes.Status422UnprocessableEntity
                : StatusCodes.Status400BadRequest;
            await Results.Problem(
                title: e.Detail == "ForbiddenWrite" ? "this key may only read; writing Cypher needs an editor key" : $"Cypher {e.Kind}: {e.Detail}",
                detail: e.Describe(query),
                statusCode: status,
                extensions: new Dictionary<string, object?>
                {
                    ["field"] = "query",
                    ["code"] = e.Code,
                    ["kind"] = e.Kind,
                    ["error"] = e.Detail,
                    ["line"] = line,
                    ["column"] = column,
                    ["budget"] = budget,
                }).ExecuteAsync(http);
            return;
        }

        http.Response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(http.Response.Body);
        CypherJson.Write(writer, table);
        await writer.FlushAsync(aborted);
    }

    /// <summary>Which budget a Cypher error reports, if any.</summary>
    private static string? Budget(string detail) => detail switch
    {
        "Timeout" => "time",
        "MemoryLimitExceeded" => "memory",
        "RowLimitExceeded" => "rows",
        "ChangeLimitExceeded" => "changes",
        _ => null,
    };

    private static (int? Line, int? Column) LineColumn(string query, int position)
    {
        if (position < 0 || position > query.Length)
        {
            return (null, null);
        }

        var before = query.AsSpan(0, position);
        var line = before.Count('\n') + 1;
        var lineStart = before.LastIndexOf('\n') + 1;
        return (line, position - lineStart + 1);
    }
}
