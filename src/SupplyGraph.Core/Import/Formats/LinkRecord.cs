using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Import.Formats;

/// <summary>A relationship as a published file states it, with its ends not yet resolved to entities.</summary>
internal sealed class LinkRecord
{
    /// <summary>Where the record starts.</summary>
    public required SourceLocation At { get; init; }

    /// <summary>Relationship id; null for <see cref="Relationship.DefaultId"/> of the resolved ends.</summary>
    public string? Id { get; init; }

    /// <summary>One of <see cref="RelationshipTypes"/>.</summary>
    public required string Type { get; init; }

    /// <summary>The start.</summary>
    public required PartyRef From { get; init; }

    /// <summary>The end.</summary>
    public required PartyRef To { get; init; }

    /// <summary>The stake, for <c>OWNS</c>.</summary>
    public OwnershipShare Share { get; init; }

    /// <summary>When the relationship holds.</summary>
    public Validity Validity { get; init; }

    /// <summary>Other properties.</summary>
    public Dictionary<string, object?> Properties { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The evidence.</summary>
    public required Provenance Provenance { get; init; }
}
