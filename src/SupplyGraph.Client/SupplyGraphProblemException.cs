using System.Net;
using System.Text.Json;

namespace SupplyGraph.Client;

/// <summary>
/// The server refused a request: its <c>application/problem+json</c> answer (or, for a body that is not one, the
/// status and the text), with the field it names.
/// </summary>
public sealed class SupplyGraphProblemException : Exception
{
    /// <summary>Creates the exception from a problem's parts.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="title">The problem's title.</param>
    /// <param name="detail">The problem's detail.</param>
    /// <param name="field">The field, parameter or header the problem names, when it names one.</param>
    /// <param name="line">For a body: the line of the problem, when known.</param>
    /// <param name="problem">The whole problem document (undefined when the body was not JSON).</param>
    public SupplyGraphProblemException(HttpStatusCode status, string? title, string? detail, string? field, int? line, JsonElement problem)
        : base(Describe(status, title, detail, field))
    {
        Status = status;
        Title = title;
        Detail = detail;
        Field = field;
        Line = line;
        Problem = problem;
    }

    /// <summary>The HTTP status (400, 403, 404, 409, 415, 422, 503 …).</summary>
    public HttpStatusCode Status { get; }

    /// <summary>The problem's title, e.g. "invalid input; nothing was changed".</summary>
    public string? Title { get; }

    /// <summary>What is wrong, in a sentence.</summary>
    public string? Detail { get; }

    /// <summary>The field the problem names: a JSON path in the body (<c>entities[0].name</c>), a query parameter or a header.</summary>
    public string? Field { get; }

    /// <summary>For a body: the line the problem is on.</summary>
    public int? Line { get; }

    /// <summary>The whole problem document, for its other members (<c>budget</c>, <c>errors</c>, <c>candidates</c>).</summary>
    public JsonElement Problem { get; }

    private static string Describe(HttpStatusCode status, string? title, string? detail, string? field) =>
        $"{(int)status} {title ?? status.ToString()}{(field is null ? "" : $" ({field})")}{(string.IsNullOrEmpty(detail) ? "" : ": " + detail)}";
}
