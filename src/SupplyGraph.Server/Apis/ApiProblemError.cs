namespace SupplyGraph.Server.Apis;

/// <summary>One of several problems in a request body.</summary>
/// <param name="Field">The body field, e.g. <c>relationships[1].share</c>.</param>
/// <param name="Line">Its line in the body.</param>
/// <param name="Message">What is wrong.</param>
public sealed record ApiProblemError(string Field, int? Line, string Message);
