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

    [GeneratedRegex("^[A-Z][A-Za-z0-9]{0,63}$")]
    private static partial Regex LabelPattern();
}
