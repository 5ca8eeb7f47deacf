using System.Text.RegularExpressions;

namespace SupplyGraph.Core.Resolution;

/// <summary>
/// Country comparison for the guard: names and ISO codes reduced to one form, with the equivalences lists rely on
/// (Hong Kong and Macau under China, Crimea under Ukraine), and the countries an address refers to.
/// </summary>
public static partial class CountryMatcher
{
    private static readonly Dictionary<string, string> Canonical = new(StringComparer.OrdinalIgnoreCase)
    {
        ["cn"] = "china",
        ["hk"] = "china",
        ["hong kong"] = "china",
        ["macau"] = "china",
        ["macao"] = "china",
        ["mo"] = "china",
        ["people's republic of china"] = "china",
        ["prc"] = "china",
        ["crimea region of ukraine"] = "ukraine",
        ["crimea (occupied)"] = "ukraine",
        ["crimea"] = "ukraine",
        ["ua"] = "ukraine",
        ["u.a.e."] = "united arab emirates",
        ["u.a.e"] = "united arab emirates",
        ["uae"] = "united arab emirates",
        ["ae"] = "united arab emirates",
        ["u.k."] = "united kingdom",
        ["uk"] = "united kingdom",
        ["gb"] = "united kingdom",
        ["great britain"] = "united kingdom",
        ["russian federation"] = "russia",
        ["ru"] = "russia",
        ["us"] = "united states",
        ["usa"] = "united states",
        ["u.s."] = "united states",
        ["united states of america"] = "united states",
        ["ir"] = "iran",
        ["kp"] = "north korea",
        ["jp"] = "japan",
        ["tw"] = "taiwan",
        ["pk"] = "pakistan",
        ["tr"] = "turkey",
        ["türkiye"] = "turkey",
        ["de"] = "germany",
        ["sg"] = "singapore",
        ["my"] = "malaysia",
        ["in"] = "india",
        ["by"] = "belarus",
        ["ch"] = "switzerland",
        ["cy"] = "cyprus",
    };

    /// <summary>The comparable form of a country name or code.</summary>
    /// <param name="country">As published.</param>
    /// <returns>Lower-case canonical name.</returns>
    public static string Normalize(string country)
    {
        var c = country.Trim().TrimEnd('.').Trim();
        return Canonical.TryGetValue(c, out var v) ? v : Canonical.TryGetValue(c + ".", out v) ? v : c.ToLowerInvariant();
    }

    /// <summary>Whether two country sets share a country (true when either is empty: no country is no conflict).</summary>
    /// <param name="a">First set (canonical).</param>
    /// <param name="b">Second set (canonical).</param>
    /// <returns>True when compatible.</returns>
    public static bool Compatible(HashSet<string> a, HashSet<string> b) => a.Count == 0 || b.Count == 0 || a.Overlaps(b);

    /// <summary>Adds the canonical country and the countries the address cross-references to <paramref name="into"/>.</summary>
    /// <param name="into">The set.</param>
    /// <param name="country">The record's country.</param>
    /// <param name="address">Its address text.</param>
    public static void Add(HashSet<string> into, string? country, string? address = null)
    {
        if (!string.IsNullOrWhiteSpace(country))
        {
            into.Add(Normalize(country));
        }

        if (string.IsNullOrEmpty(address))
        {
            return;
        }

        foreach (Match m in SeeAlso().Matches(address))
        {
            foreach (var part in Separators().Split(m.Groups[1].Value))
            {
                var p = part.Trim().TrimStart('(').TrimEnd(')', '.').Trim();
                if (p.StartsWith("the ", StringComparison.OrdinalIgnoreCase))
                {
                    p = p[4..];
                }

                if (p.Length > 0)
                {
                    into.Add(Normalize(p));
                }
            }
        }
    }

    [GeneratedRegex(@"\(\s*see\s+(?:also\s+)?(?:alternate\s+|additional\s+)?(?:address(?:es)?\s+)?(?:under|in)\s+([^)]*(?:\([^)]*\))?[^)]*)\)", RegexOptions.IgnoreCase)]
    private static partial Regex SeeAlso();

    [GeneratedRegex(@"\s*(?:,|\band\b)\s*", RegexOptions.IgnoreCase)]
    private static partial Regex Separators();
}
