using System.Text.Json;
using Microsoft.Extensions.Options;
using SupplyGraph.Core.Cypher;
using SupplyGraph.Server.Extensions;

namespace SupplyGraph.Server.Apis;

/// <summary>
/// <c>POST /api/cypher</c>: Cypher for power users. Readers run read-only queries; editors may write. Every query
/// has the server's time budget and a row budget.
/// </summary>
public static class CypherApi
{
    public static void MapCypherApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/cypher", RunAsync).WithTags("Cypher").RequireAuthorization(Policies.Read);
    }

    private static async Task RunAsync(HttpContext http, ICypherStore store, IOptions<SupplyGraphOptions> options, CancellationToken aborted)
    {
        var o = options.Value;
        var (query, parameters) = await CypherRequest.ReadAsync(http.Request, aborted);

        var canWrite = Roles.AtLeast(Roles.Editor).Any(http.User.IsInRole);
        var budget = new CypherOptions
        {
            ReadOnly = !canWrite,
            TimeBudget = TimeSpan.FromSeconds(Math.Max(1, o.QueryTimeoutSeconds)),
            MaxRows = o.MaxCypherRows,
        };
        CypherTable table;
        try
        {
            table = await Task.Run(() => store.CypherAsync(query, parameters, budget, aborted), aborted);
        }
        catch (CypherException e)
        {
            var (line, column) = LineColumn(query, e.Position);
            var status = e.Detail switch
            {
                "ForbiddenWrite" => StatusCodes.Status403Forbidden,
                "Timeout" => StatusCodes.Status503ServiceUnavailable,
                _ => StatusCodes.Status400BadRequest,
            };
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
                }).ExecuteAsync(http);
            return;
        }

        http.Response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(http.Response.Body);
        CypherJson.Write(writer, table);
        await writer.FlushAsync(aborted);
    }

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
