using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Algorithms;

/// <summary>Filters shared by every traversal: which edges may be followed and which nodes passed through.</summary>
public abstract record TraversalQuery
{
    /// <summary>Which way relationships may be followed.</summary>
    public Direction Direction { get; init; } = Direction.Both;

    /// <summary>Relationship types to follow; null for all.</summary>
    public IReadOnlyList<string>? Types { get; init; }

    /// <summary>Most hops.</summary>
    public int MaxHops { get; init; } = 8;

    /// <summary>Only relationships (and listings) valid on this day, when given.</summary>
    public DateOnly? AsOf { get; init; }

    /// <summary>
    /// Labels a path may not pass through (it may still start or end at one). By default a path may not pass
    /// through a list node: two parties on the same list are not connected by that.
    /// </summary>
    public IReadOnlyList<string> AvoidLabels { get; init; } = [NodeLabels.List];

    /// <summary>Countries a path may not pass through.</summary>
    public IReadOnlyList<string> AvoidCountries { get; init; } = [];

    /// <summary>When not empty, every node a path passes through must carry one of these labels.</summary>
    public IReadOnlyList<string> RequireLabels { get; init; } = [];

    /// <summary>When not empty, every node a path passes through must be in one of these countries.</summary>
    public IReadOnlyList<string> RequireCountries { get; init; } = [];

    /// <summary>Stops the traversal (with <see cref="OperationCanceledException"/>) when signalled: a client gone, a time budget spent.</summary>
    public CancellationToken Cancellation { get; init; }
}

/// <summary>Filters and limits for path searches.</summary>
public sealed record PathQuery : TraversalQuery
{
    /// <summary>The default query: both directions, all types, up to 8 hops, no path through a list node.</summary>
    public static PathQuery Default { get; } = new();

    /// <summary>
    /// Edge weights for a weighted search (Dijkstra); null for the fewest hops (breadth-first search).
    /// Weights must be non-negative. See <see cref="PathWeights"/>.
    /// </summary>
    public Func<Relationship, double>? Weight { get; init; }

    /// <summary>Most paths returned by searches that return several.</summary>
    public int MaxResults { get; init; } = 100;
}

/// <summary>Ready-made edge weights for <see cref="PathQuery.Weight"/>.</summary>
public static class PathWeights
{
    /// <summary>−ln(confidence): the lightest path is the one whose evidence is most likely all true.</summary>
    public static Func<Relationship, double> Confidence { get; } = r => -Math.Log(Math.Max(r.Provenance.Confidence, 1e-9));

    /// <summary>A numeric relationship property as the weight (missing or non-numeric: 1).</summary>
    /// <param name="property">Property name.</param>
    /// <returns>The weight function.</returns>
    public static Func<Relationship, double> Property(string property) => r => r.Properties.TryGetValue(property, out var v) && v is double or long
        ? Math.Max(0, Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture))
        : 1.0;
}

/// <summary>One hop of a path: the relationship and whether it was followed from its start to its end.</summary>
/// <param name="Relationship">The relationship, with its evidence.</param>
/// <param name="Forward">True when followed From → To.</param>
public sealed record PathHop(Relationship Relationship, bool Forward);

/// <summary>A path: the entities in order and the hops between them.</summary>
/// <param name="Nodes">Entities, first to last (one more than <see cref="Hops"/>).</param>
/// <param name="Hops">The hops.</param>
public sealed record GraphPath(IReadOnlyList<Entity> Nodes, IReadOnlyList<PathHop> Hops)
{
    /// <summary>Number of hops.</summary>
    public int Length => Hops.Count;

    /// <summary>Product of the hops' evidence confidences (1 for an empty path).</summary>
    public double Confidence => Hops.Aggregate(1.0, (c, h) => c * h.Relationship.Provenance.Confidence);
}
