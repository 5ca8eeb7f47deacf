using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Review;

/// <summary>One side of a review item as it was when the item was written: enough to compare the two at a glance.</summary>
public sealed record ReviewParty
{
    /// <summary>The entity id (the node the import created for the record, or the candidate).</summary>
    public required string EntityId { get; init; }

    /// <summary>Display name.</summary>
    public required string Name { get; init; }

    /// <summary>Labels, primary first.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary>Other names.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>Country, if known.</summary>
    public string? Country { get; init; }

    /// <summary>Identifiers by scheme.</summary>
    public IReadOnlyDictionary<string, string> Identifiers { get; init; } = new Dictionary<string, string>();

    /// <summary>The side as <paramref name="entity"/> describes it.</summary>
    /// <param name="entity">The entity.</param>
    /// <returns>The side.</returns>
    public static ReviewParty Of(Entity entity) => new()
    {
        EntityId = entity.Id,
        Name = entity.Name,
        Labels = entity.Labels,
        Aliases = entity.Aliases,
        Country = entity.Country,
        Identifiers = entity.Identifiers,
    };
}
