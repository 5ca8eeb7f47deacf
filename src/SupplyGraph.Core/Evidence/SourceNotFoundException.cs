namespace SupplyGraph.Core.Evidence;

/// <summary>No such source, or no such record in a dataset; names the request's field that is wrong.</summary>
/// <param name="field">The field: <c>id</c> or <c>record</c>.</param>
/// <param name="message">What was not found.</param>
public sealed class SourceNotFoundException(string field, string message) : Exception(message)
{
    /// <summary>The request's field that is wrong.</summary>
    public string Field { get; } = field;
}
