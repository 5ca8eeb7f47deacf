using System.Text.RegularExpressions;

namespace SupplyGraph.Core.Model;

/// <summary>Node labels. The main ones are listed; any PascalCase label is allowed as an extra role.</summary>
public static partial class NodeLabels
{
    /// <summary>A company.</summary>
    public const string Company = "Company";
    /// <summary>A research institute or university.</summary>
    public const string ResearchInstitute = "ResearchInstitute";
    /// <summary>A government body or agency.</summary>
    public const string GovernmentBody = "GovernmentBody";
    /// <summary>A natural person.</summary>
    public const string Person = "Person";
    /// <summary>A product or technology, such as high-end AI chips.</summary>
    public const string Technology = "Technology";
    /// <summary>A sanctions or export-control list.</summary>
    public const string List = "List";
    /// <summary>A site such as a lab or a data centre.</summary>
    public const string Facility = "Facility";
    /// <summary>A ship (screening lists and OpenSanctions list vessels by name and IMO number).</summary>
    public const string Vessel = "Vessel";
    /// <summary>An aircraft (screening lists list them by tail number).</summary>
    public const string Aircraft = "Aircraft";
    /// <summary>A listed party whose kind the list does not say.</summary>
    public const string Party = "Party";
    /// <summary>Extra label for a party a source mentions without naming.</summary>
    public const string Unidentified = "Unidentified";

    /// <summary>The primary labels, in the order documented in docs/import-formats.md.</summary>
    public static IReadOnlyList<string> Primary { get; } =
        [Company, ResearchInstitute, GovernmentBody, Person, Technology, List, Facility, Party, Vessel, Aircraft];

    /// <summary>Whether <paramref name="label"/> is a well-formed label (letters and digits, starting upper case).</summary>
    /// <param name="label">The label.</param>
    /// <returns>True when well-formed.</returns>
    public static bool IsValid(string label) => LabelPattern().IsMatch(label);

    /// <summary>
    /// The known label that <paramref name="label"/> looks like a typo of, or null when it is known or a plausible role.
    /// </summary>
    /// <remarks>
    /// Roles are open-ended (any PascalCase word), so a typo such as <c>Compnay</c> would otherwise become a new label
    /// silently. A label that differs from a primary label (or the <c>Unidentified</c> role) only by case, or by at most
    /// one edit — two for labels of seven letters or more; a swap of neighbours counts as one — is refused as a typo.
    /// Short labels get one edit only so that real roles such as <c>Host</c> are not mistaken for <c>List</c>.
    /// </remarks>
    /// <param name="label">A label from input.</param>
    /// <returns>The suggested label, or null.</returns>
    public static string? TypoOf(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var known in Known)
        {
            if (string.Equals(label, known, StringComparison.Ordinal))
            {
                return null;
            }

            var distance = Distance(label.ToUpperInvariant(), known.ToUpperInvariant());
            var allowed = known.Length >= 7 ? 2 : 1;
            if (distance <= allowed && distance < bestDistance)
            {
                best = known;
                bestDistance = distance;
            }
        }

        return best;
    }

    /// <summary>The primary labels and the well-known roles, for "known labels: …" in messages.</summary>
    public static IReadOnlyList<string> Known { get; } = [.. Primary, Unidentified];

    // Optimal string alignment distance: Levenshtein plus adjacent transpositions ("Compnay" is one edit from "Company").
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }

    [GeneratedRegex("^[A-Z][A-Za-z0-9]{0,63}$")]
    private static partial Regex LabelPattern();
}
