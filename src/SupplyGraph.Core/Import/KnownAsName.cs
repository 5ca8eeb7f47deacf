using System.Text.RegularExpressions;

namespace SupplyGraph.Core.Import;

/// <summary>
/// An entry name that carries its other names in an "(a.k.a. …)" or "(f.k.a. …)" parenthetical, as the Entity List
/// text writes them. The parser that produced the published JSON cut some of these at the first line break: the
/// name ends in the opening fragment ("Aletra General Trading (a.k.a.") and the rest of the parenthetical, up to
/// its closing bracket, starts the address ("Erman &amp; Sultan Trading Co.), Sabkha Street, …"). The fragment is
/// the start of an alias: the name keeps the part before it and both parts become aliases.
/// </summary>
/// <param name="Name">The name without the parenthetical.</param>
/// <param name="Aliases">The names the parenthetical gives, as published (quotes and a leading "and" dropped).</param>
/// <param name="Address">The address without the parenthetical's continuation (unchanged when there was none).</param>
public sealed partial record KnownAsName(string Name, IReadOnlyList<string> Aliases, string? Address)
{
    /// <summary>Splits the "(a.k.a. …)" / "(f.k.a. …)" part off <paramref name="name"/>; null when it has none.</summary>
    /// <param name="name">The entry name as published.</param>
    /// <param name="address">The entry address as published.</param>
    /// <returns>The repaired name, its aliases and address, or null.</returns>
    public static KnownAsName? Split(string name, string? address)
    {
        var m = Marker().Match(name);
        if (!m.Success || m.Index == 0)
        {
            return null;
        }

        var head = name[..m.Index].Trim().TrimEnd(',', ';').Trim();
        var inside = name[(m.Index + m.Length)..];
        var aliases = new List<string>();
        var close = inside.IndexOf(')', StringComparison.Ordinal);
        if (close >= 0)
        {
            // Closed in the name: "Gaz-Oil, OOO (f.k.a., Zakrytoe Aktsionernoe Obshchestvo Gaz Oil)".
            AddNames(aliases, inside[..close]);
            return head.Length == 0 ? null : new KnownAsName(head, aliases, address);
        }

        AddNames(aliases, inside);
        if (address is not null && Continuation(address) is { } end)
        {
            // The cut parenthetical goes on in the address up to its closing bracket.
            AddNames(aliases, address[..end]);
            var rest = address[(end + 1)..].TrimStart(',', ';', '.', ' ');
            address = rest.Length == 0 ? null : rest;
        }

        return head.Length == 0 ? null : new KnownAsName(head, aliases, address);
    }

    /// <summary>Whether <paramref name="name"/> ends in an unclosed "(a.k.a." / "(f.k.a." fragment.</summary>
    /// <param name="name">A name.</param>
    /// <returns>True when the fragment is cut off.</returns>
    public static bool IsCutOff(string name) =>
        Marker().Match(name) is { Success: true } m && name.IndexOf(')', m.Index) < 0;

    /// <summary>
    /// Where the address's first ")" closes the name's parenthetical: only when no "(" comes before it and the address
    /// does not start as an address does ("Address: …"); null otherwise.
    /// </summary>
    private static int? Continuation(string address)
    {
        var close = address.IndexOf(')', StringComparison.Ordinal);
        if (close <= 0 || address.AsSpan(0, close).Contains('(') || address.StartsWith("Address", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return close;
    }

    private static void AddNames(List<string> into, string text)
    {
        foreach (var part in text.Split(';'))
        {
            var alias = Unquote(LeadingAnd().Replace(part.Trim(), "").Trim().Trim(',', ' '));
            if (alias.Length > 0 && !into.Contains(alias, StringComparer.OrdinalIgnoreCase))
            {
                into.Add(alias);
            }
        }
    }

    /// <summary>Drops enclosing quotes ("“MEC”") and a quote left alone by a split ("' JSC Zaliv Shipyard").</summary>
    private static string Unquote(string text)
    {
        const string quotes = "\"'“”‘’";
        if (text.Length >= 2 && quotes.Contains(text[0], StringComparison.Ordinal) && quotes.Contains(text[^1], StringComparison.Ordinal))
        {
            return text[1..^1].Trim();
        }

        if (text.Length > 0 && quotes.Contains(text[0], StringComparison.Ordinal) && text.AsSpan(1).IndexOfAny(quotes) < 0)
        {
            return text[1..].Trim();
        }

        if (text.Length > 0 && quotes.Contains(text[^1], StringComparison.Ordinal) && text.AsSpan(0, text.Length - 1).IndexOfAny(quotes) < 0)
        {
            return text[..^1].Trim();
        }

        return text;
    }

    [GeneratedRegex(@"\(\s*[af]\.\s?k\.\s?a\.?\s*,?\s*", RegexOptions.IgnoreCase)]
    private static partial Regex Marker();

    [GeneratedRegex(@"^and\s+", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingAnd();
}
