using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Import.Formats;

/// <summary>
/// A party as a published file describes it, before it is joined to the graph. Readers produce these and
/// <see cref="RecordJoiner"/> decides which entity each one is, so that matching lives in one place.
/// </summary>
internal sealed record PartyRecord
{
    /// <summary>Where the record starts.</summary>
    public required SourceLocation At { get; init; }

    /// <summary>
    /// The publisher's key for the record, unique within the import (e.g. <c>lei:…</c>, <c>ftm:…</c>,
    /// <c>csl:SOURCE:NUMBER</c>); links refer to parties by it.
    /// </summary>
    public required string Key { get; init; }

    /// <summary>
    /// Whether two records of one file with different keys are different parties (true for registries and
    /// OpenSanctions, whose ids identify parties; false for lists, whose keys identify entries).
    /// </summary>
    public bool KeyIdentifiesParty { get; init; } = true;

    /// <summary>
    /// The list the record is an entry of (its list node id), or null. A list names each party once per country heading,
    /// so an entry joins a node that already holds an entry of the same list from the same file only under the same
    /// name: two entries of one publication with different names are two parties, however alike ("Higon" and "Hygon").
    /// </summary>
    public string? ListScope { get; init; }

    /// <summary>The entity id to use when the record carries a stable identifier (LEI, FtM id); null to derive one from the name.</summary>
    public string? Id { get; init; }

    /// <summary>Primary label.</summary>
    public required string Label { get; init; }

    /// <summary>
    /// Whether <see cref="Label"/> is a guess from the name (a list that does not say what kind of party an entry is):
    /// it labels a new entity but does not keep the record apart from entities of another type.
    /// </summary>
    public bool LabelGuessed { get; init; }

    /// <summary>
    /// Whether the record only stands for a party that a reference names but nothing describes (an LEI without its
    /// record); the entity gets the <c>Unidentified</c> label until a describing record is imported.
    /// </summary>
    public bool Unidentified { get; init; }

    /// <summary>Display name.</summary>
    public required string Name { get; init; }

    /// <summary>Other names.</summary>
    public List<string> Aliases { get; init; } = [];

    /// <summary>Country, if the record gives one.</summary>
    public string? Country { get; set; }

    /// <summary>Identifiers by scheme.</summary>
    public Dictionary<string, string> Identifiers { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Other properties (values as in <see cref="PropertyValues"/>).</summary>
    public Dictionary<string, object?> Properties { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The document the record comes from.</summary>
    public Provenance? Source { get; init; }
}
