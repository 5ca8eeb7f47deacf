using System.Text.RegularExpressions;

namespace SupplyGraph.Core.Resolution;

/// <summary>
/// A list entry that names two parties in one string ("Huawei Technologies Co., Ltd. (Huawei). Affiliated Entity:
/// Ningbo Huawei Computer &amp; Net Co., Ltd.", "… Second Academy. Subordinate Institution - 283 Factory"): the entry
/// lists the child; the parent is a separate entity the child belongs to (<c>SUBSIDIARY_OF</c>).
/// </summary>
/// <param name="Child">The party the entry lists.</param>
/// <param name="Parent">The party it belongs to.</param>
/// <param name="Marker">The phrase that joined them, as published.</param>
public sealed partial record CompoundName(string Child, string Parent, string Marker)
{
    /// <summary>Splits <paramref name="name"/> at "Affiliated Entity:" or "Subordinate Institution -"; null when it has neither.</summary>
    /// <param name="name">A published name.</param>
    /// <returns>The split, or null.</returns>
    public static CompoundName? Split(string name)
    {
        var m = Marker_().Match(name);
        if (!m.Success)
        {
            return null;
        }

        var parent = name[..m.Index].Trim().TrimEnd('.', ';', ',', ' ');
        var child = name[(m.Index + m.Length)..].Trim().TrimEnd('.', ';', ',', ' ');
        return parent.Length == 0 || child.Length == 0 ? null : new CompoundName(child, parent, m.Value.Trim(' ', '.', ':', '-'));
    }

    [GeneratedRegex(@"[.;,]?\s*\b(Affiliated\s+Entit(y|ies)|Subordinate\s+Institutions?|Subordinate\s+Units?)\b\s*[:\-–]\s*", RegexOptions.IgnoreCase)]
    private static partial Regex Marker_();
}
