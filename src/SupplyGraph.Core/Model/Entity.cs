namespace SupplyGraph.Core.Model;

/// <summary>
/// A party or thing in the graph: a company, institute, government body, person, technology or list.
/// </summary>
/// <remarks>
/// Records are immutable; a change replaces the whole record. Property values are limited to the types in
/// <see cref="PropertyValues"/> so that every store (SQLite, Neo4j) can hold them.
/// </remarks>
public sealed record Entity
{
    /// <summary>Stable, readable id (a slug such as <c>sugon</c>); see <see cref="Text.Slug"/>.</summary>
    public required string Id { get; init; }

    /// <summary>Labels, primary first (<c>Company</c>, then roles such as <c>CloudProvider</c>).</summary>
    public required IReadOnlyList<string> Labels { get; init; }

    /// <summary>Display name.</summary>
    public required string Name { get; init; }

    /// <summary>Other names the party is known by, including names on lists.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>Country, if known.</summary>
    public string? Country { get; init; }

    /// <summary>Identifiers by scheme, e.g. <c>lei</c> or a list's entry number.</summary>
    public IReadOnlyDictionary<string, string> Identifiers { get; init; } = EmptyStrings;

    /// <summary>Other properties (see <see cref="PropertyValues"/> for allowed value types).</summary>
    public IReadOnlyDictionary<string, object?> Properties { get; init; } = EmptyProperties;

    /// <summary>Where the entity itself is described (documents that name it).</summary>
    public IReadOnlyList<Provenance> Sources { get; init; } = [];

    /// <summary>The primary label.</summary>
    public string PrimaryLabel => Labels.Count > 0 ? Labels[0] : "";

    /// <summary>Whether the entity carries <paramref name="label"/>.</summary>
    /// <param name="label">A label such as <c>Company</c>.</param>
    /// <returns>True when present (ordinal comparison).</returns>
    public bool HasLabel(string label)
    {
        foreach (var l in Labels)
        {
            if (string.Equals(l, label, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    internal static readonly IReadOnlyDictionary<string, string> EmptyStrings = new Dictionary<string, string>();
    internal static readonly IReadOnlyDictionary<string, object?> EmptyProperties = new Dictionary<string, object?>();
}
