namespace SupplyGraph.Core.Model;

/// <summary>
/// A typed, directed relationship between two entities with its evidence and validity.
/// </summary>
public sealed record Relationship
{
    /// <summary>Stable id; defaults to <c>TYPE:from-&gt;to</c> when the source gives none.</summary>
    public required string Id { get; init; }

    /// <summary>Relationship type, one of <see cref="RelationshipTypes"/>.</summary>
    public required string Type { get; init; }

    /// <summary>Id of the start entity (owner, supplier, provider, subsidiary, listed party…).</summary>
    public required string From { get; init; }

    /// <summary>Id of the end entity (owned, customer, parent, list…).</summary>
    public required string To { get; init; }

    /// <summary>The stake, for <c>OWNS</c>; unknown when not given.</summary>
    public OwnershipShare Share { get; init; }

    /// <summary>What is supplied, manufactured or provided (items, services).</summary>
    public IReadOnlyList<string> Items { get; init; } = [];

    /// <summary>Other properties (see <see cref="PropertyValues"/>).</summary>
    public IReadOnlyDictionary<string, object?> Properties { get; init; } = Entity.EmptyProperties;

    /// <summary>The evidence for the relationship.</summary>
    public required Provenance Provenance { get; init; }

    /// <summary>When the relationship holds.</summary>
    public Validity Validity { get; init; }

    /// <summary>The id used when a source gives none: unique per type and ordered pair.</summary>
    /// <param name="type">Relationship type.</param>
    /// <param name="from">Start entity id.</param>
    /// <param name="to">End entity id.</param>
    /// <returns>The default id.</returns>
    public static string DefaultId(string type, string from, string to) => $"{type}:{from}->{to}";
}
