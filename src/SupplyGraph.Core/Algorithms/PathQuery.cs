using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Algorithms;

/// <summary>Filters for path searches.</summary>
public sealed record PathQuery
{
    /// <summary>The default query: both directions, all types, up to 8 hops, no path through a list node.</summary>
    public static PathQuery Default { get; } = new();

    /// <summary>Which way relationships may be followed.</summary>
    public Direction Direction { get; init; } = Direction.Both;

    /// <summary>Relationship types to follow; null for all.</summary>
    public IReadOnlyList<string>? Types { get; init; }

    /// <summary>Most hops.</summary>
    public int MaxHops { get; init; } = 8;

    /// <summary>Only relationships valid on this day, when given.</summary>
    public DateOnly? AsOf { get; init; }

    /// <summary>
    /// Labels a path may not pass through (it may still start or end at one). By default a path may not pass
    /// through a list node: two parties on the same list are not connected by that.
    /// </summary>
    public IReadOnlyList<string> AvoidLabels { get; init; } = [NodeLabels.List];
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
}
