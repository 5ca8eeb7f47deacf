namespace SupplyGraph.Core.Import.Formats;

/// <summary>
/// How a link names one of its ends: by a record key of this import, by an entity id, or by a name; tried in
/// that order. <see cref="Placeholder"/> is created when nothing matches and the source's id is trustworthy
/// enough to stand for a party not described (an LEI); without it an unmatched reference is an error.
/// </summary>
/// <param name="Field">The field the reference was read from, for messages.</param>
/// <param name="Key">A <see cref="PartyRecord.Key"/>.</param>
/// <param name="EntityId">An entity id already in the graph (a list node, a known LEI).</param>
/// <param name="Name">A name to match against the graph and the import.</param>
/// <param name="Placeholder">The party to create when nothing matches.</param>
/// <param name="OtherNames">Names to try after <paramref name="Name"/> (a name without its seat).</param>
internal sealed record PartyRef(string Field, string? Key = null, string? EntityId = null, string? Name = null, PartyRecord? Placeholder = null,
    IReadOnlyList<string>? OtherNames = null)
{
    /// <summary>The names to match, in order.</summary>
    public IEnumerable<string> Names => Name is null ? [] : OtherNames is null ? [Name] : [Name, .. OtherNames];

    /// <summary>What the reference says, for messages.</summary>
    public string Shown => Name ?? Key ?? EntityId ?? "";
}
