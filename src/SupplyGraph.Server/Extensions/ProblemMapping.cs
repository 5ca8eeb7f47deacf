using Microsoft.AspNetCore.Diagnostics;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Review;
using SupplyGraph.Server.Apis;

namespace SupplyGraph.Server.Extensions;

/// <summary>Turns domain exceptions into <c>ProblemDetails</c> that name the field (and line) that is wrong.</summary>
public sealed partial class ProblemMapping(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail, extensions) = exception switch
        {
            InvalidInputException e => (400, "invalid input; nothing was changed", e.Errors.Count == 1 ? e.Errors[0].ToString() : $"{e.Errors.Count} problems",
                new Dictionary<string, object?>
                {
                    // A problem with the body as a whole (not one field of it) names the body.
                    ["field"] = e.Errors[0].Field.Length == 0 ? "body" : e.Errors[0].Field,
                    ["line"] = e.Errors[0].Location?.Line,
                    ["errors"] = e.Errors.Select(x => new { field = x.Field, line = x.Location?.Line, message = x.Message }).ToList(),
                }),
            EntityNotFoundException e => (e.Candidates.Count > 0 ? 400 : 404, e.Candidates.Count > 0 ? "ambiguous entity" : "not found", e.Message,
                new Dictionary<string, object?> { ["field"] = "entity", ["candidates"] = e.Candidates.Select(c => c.Id).ToList() }),
            Core.Evidence.SourceNotFoundException e => (404, "not found", e.Message, new Dictionary<string, object?> { ["field"] = e.Field }),
            ReviewNotFoundException e => (404, "not found", e.Message, new Dictionary<string, object?> { ["field"] = "id" }),
            ReviewConflictException e => (409, "conflict; nothing was changed", e.Message, new Dictionary<string, object?> { ["field"] = e.Field }),
            QueryBudgetException e => (e.Status, e.Status == 503 ? "try again" : "over budget", e.Message,
                new Dictionary<string, object?> { ["field"] = e.Field, ["budget"] = e.Budget }),
            UnsupportedMediaTypeException e => (415, "unsupported media type", e.Message, new Dictionary<string, object?> { ["field"] = "Content-Type" }),
            BadHttpRequestException e when Binding(e) is { } bad => (400, "bad request", bad.Detail, new Dictionary<string, object?> { ["field"] = bad.Field }),
            BadHttpRequestException e => (e.StatusCode, "bad request", e.Message, new Dictionary<string, object?>()),
            ArgumentException e => (400, "bad request", WithoutParameterName(e), new Dictionary<string, object?> { ["field"] = e.ParamName }),
            OperationCanceledException when context.RequestAborted.IsCancellationRequested => (499, "client closed request", "", new Dictionary<string, object?>()),
            _ => (0, "", "", new Dictionary<string, object?>()),
        };
        if (status == 0)
        {
            return false;
        }

        context.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = "1";
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail, Extensions = extensions },
        });
    }

    /// <summary>
    /// Problems the framework answers itself get what ours have: the routing's 415 (a JSON endpoint declares its body
    /// type, so a request that is not JSON matches no endpoint) names the Content-Type as our own check does.
    /// </summary>
    public static void Complete(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Status == StatusCodes.Status415UnsupportedMediaType && !problem.Extensions.ContainsKey("field"))
        {
            problem.Title = "unsupported media type";
            problem.Detail = new UnsupportedMediaTypeException(context.HttpContext.Request.ContentType).Message;
            problem.Extensions["field"] = "Content-Type";
        }
    }

    /// <summary>
    /// A query or route value the typed binder refused, said as the hand-written checks say it: the parameter's name as
    /// the client sends it and what it must be, not .NET's <c>Failed to bind parameter "int? MaxHops"</c>.
    /// </summary>
    private static (string Field, string Detail)? Binding(BadHttpRequestException e)
    {
        var failed = BindFailed().Match(e.Message);
        if (failed.Success)
        {
            var field = ClientName(failed.Groups["name"].Value);
            return (field, $"'{field}' must be {Kind(failed.Groups["type"].Value)}; got '{failed.Groups["value"].Value}'");
        }

        var missing = Missing().Match(e.Message);
        return missing.Success ? (ClientName(missing.Groups["name"].Value), $"query parameter '{ClientName(missing.Groups["name"].Value)}' is required") : null;
    }

    private static string ClientName(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];

    private static string Kind(string type) => (type.StartsWith("Nullable<", StringComparison.Ordinal) ? type[9..^1] : type).TrimEnd('?', '[', ']') switch
    {
        "int" or "long" or "Int32" or "Int64" => "a whole number",
        "double" or "Double" => "a number",
        "bool" or "Boolean" => "true or false",
        "DateOnly" => "a date as YYYY-MM-DD",
        "DirectionParameter" => "out, in or both",
        var other => $"a {other}",
    };

    [System.Text.RegularExpressions.GeneratedRegex("""^Failed to bind parameter "(?<type>[^ "]+) (?<name>[^ "]+)" from "(?<value>.*)"\.$""", System.Text.RegularExpressions.RegexOptions.Singleline)]
    private static partial System.Text.RegularExpressions.Regex BindFailed();

    [System.Text.RegularExpressions.GeneratedRegex("""^Required parameter "(?<type>[^ "]+) (?<name>[^ "]+)" was not provided""")]
    private static partial System.Text.RegularExpressions.Regex Missing();

    /// <summary>The message as written: .NET appends " (Parameter 'name')", which is noise to a client (the field says it).</summary>
    private static string WithoutParameterName(ArgumentException e) =>
        e.ParamName is { } name && e.Message.EndsWith($" (Parameter '{name}')", StringComparison.Ordinal)
            ? e.Message[..^$" (Parameter '{name}')".Length]
            : e.Message;
}
