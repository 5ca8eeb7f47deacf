namespace SupplyGraph.Core.Resolution;

/// <summary>What the resolver compares: one side of a possible join, either a record being imported or an indexed entity.</summary>
public sealed record PartyDescription
{
    /// <summary>Entity id (for an indexed entity) or the record's key (for a record).</summary>
    public required string Id { get; init; }

    /// <summary>Primary label (<c>Company</c>, <c>Person</c>, <c>Party</c> when unknown…).</summary>
    public required string Label { get; init; }

    /// <summary>Display name.</summary>
    public required string Name { get; init; }

    /// <summary>Other names.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>
    /// Countries the party is known under: its country and countries its address refers to ("see alternate address
    /// under Pakistan"); empty when unknown, which never conflicts.
    /// </summary>
    public HashSet<string> Countries { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Identifiers by scheme (<c>lei</c>, <c>imo</c>, <c>registration-id</c>, <c>passport-2</c>…).</summary>
    public IReadOnlyDictionary<string, string> Identifiers { get; init; } = new Dictionary<string, string>();

    /// <summary>Dates of birth as published (<c>1979-08-01</c>, <c>1955</c>); compared by their common prefix.</summary>
    public IReadOnlyList<string> BirthDates { get; init; } = [];
}
