using SupplyGraph.Core.Engine;

namespace SupplyGraph.Client;

/// <summary>The traversal filters of paths and exposure queries (docs/api.md); null leaves the server's default.</summary>
public sealed record TraversalOptions
{
    /// <summary>Most hops.</summary>
    public int? MaxHops { get; init; }

    /// <summary>Relationship types to follow.</summary>
    public IReadOnlyList<string>? Types { get; init; }

    /// <summary>Which way relationships may be followed.</summary>
    public Direction? Direction { get; init; }

    /// <summary>Only relationships valid on this day.</summary>
    public DateOnly? AsOf { get; init; }

    /// <summary>Labels a path may not pass through.</summary>
    public IReadOnlyList<string>? AvoidLabels { get; init; }

    /// <summary>Countries a path may not pass through.</summary>
    public IReadOnlyList<string>? AvoidCountries { get; init; }

    /// <summary>Labels every node a path passes through must carry one of.</summary>
    public IReadOnlyList<string>? RequireLabels { get; init; }

    /// <summary>Countries every node a path passes through must be in one of.</summary>
    public IReadOnlyList<string>? RequireCountries { get; init; }
}
