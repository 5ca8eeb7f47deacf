using System.Collections.Frozen;
using SupplyGraph.Core.Text;

namespace SupplyGraph.Core.Import.Formats;

/// <summary>
/// List nodes the seed graph already has (<c>graph-seed/00-lists.json</c>), by the names the Consolidated
/// Screening List and OpenSanctions give them, so that an import adds entries to those nodes instead of
/// creating a second node for the same list.
/// </summary>
internal static class KnownLists
{
    private static readonly FrozenDictionary<string, string> Ids = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Entity List (EL) - Bureau of Industry and Security"] = "bis-entity-list",
        ["Military End User (MEU) List - Bureau of Industry and Security"] = "bis-meu",
        ["Denied Persons List (DPL) - Bureau of Industry and Security"] = "bis-dpl",
        // The CSL's "ITAR Debarred" is the State Department's statutory debarment list.
        ["ITAR Debarred (DTC) - State Department"] = "state-debarred-statutory",
        ["Nonproliferation Sanctions (ISN) - State Department"] = "state-nonproliferation",
        ["Non-SDN Chinese Military-Industrial Complex Companies List (CMIC) - Treasury Department"] = "ofac-nscmic",
        ["US-BIS-EL"] = "bis-entity-list",
        ["US-BIS-MEU"] = "bis-meu",
        ["US-BIS-DPL"] = "bis-dpl",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The node id for a list: the seed's id when the list is known, else <paramref name="prefix"/> and the
    /// list's abbreviation (<c>Unverified List (UVL) - …</c> → <c>csl-uvl</c>) or its name as a slug.
    /// </summary>
    public static string IdFor(string name, string prefix)
    {
        if (Ids.TryGetValue(name.Trim(), out var id))
        {
            return id;
        }

        var dash = name.IndexOf(" - ", StringComparison.Ordinal);
        var title = dash > 0 ? name[..dash] : name;
        var open = title.LastIndexOf('(');
        var close = title.LastIndexOf(')');
        var shortName = open >= 0 && close > open + 1 ? title[(open + 1)..close] : name;
        return prefix + Slug.From(shortName);
    }

    /// <summary>The agency part of a CSL source name (<c>… - Bureau of Industry and Security</c>), if any.</summary>
    public static string? Agency(string name)
    {
        var dash = name.IndexOf(" - ", StringComparison.Ordinal);
        return dash > 0 ? name[(dash + 3)..].Trim() : null;
    }
}
