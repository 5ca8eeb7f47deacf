namespace SupplyGraph.Server.Apis;

/// <summary>
/// What every error answer holds (<c>application/problem+json</c>), as the OpenAPI document describes it: the
/// standard fields, and <c>field</c> naming what to fix — a query parameter, a body field (with its line), the
/// Content-Type, or X-Api-Key with the role needed.
/// </summary>
/// <param name="Type">A URI for the kind of problem.</param>
/// <param name="Title">A short summary, e.g. "invalid input; nothing was changed".</param>
/// <param name="Status">The HTTP status.</param>
/// <param name="Detail">What is wrong, in words.</param>
/// <param name="Field">The parameter, body field, header or key that is wrong.</param>
/// <param name="Line">The line of the body it is on, for body fields.</param>
/// <param name="Errors">Every problem found, when the body has more than one.</param>
/// <param name="Candidates">For an ambiguous entity name: the ids it could mean.</param>
/// <param name="RoleNeeded">For 401 and 403: the weakest role that may do this (reader, editor or admin).</param>
/// <param name="Budget">For a query stopped or refused: time, memory, rows, changes, busy or stopping.</param>
public sealed record ApiProblem(
    string? Type,
    string Title,
    int Status,
    string? Detail,
    string? Field,
    int? Line,
    IReadOnlyList<ApiProblemError>? Errors,
    IReadOnlyList<string>? Candidates,
    string? RoleNeeded,
    string? Budget);
