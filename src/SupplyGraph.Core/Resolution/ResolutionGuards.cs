using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Resolution;

/// <summary>
/// Checks that run on every proposed join, whatever rule proposed it: a name says little about who a party is, so
/// facts that tell two parties apart win over any name match.
/// </summary>
public static class ResolutionGuards
{
    /// <summary>Compares a record with a candidate entity.</summary>
    /// <param name="record">The record.</param>
    /// <param name="candidate">The indexed entity.</param>
    /// <returns>The verdict.</returns>
    public static GuardVerdict Check(PartyDescription record, PartyDescription candidate)
    {
        if (Kind(record.Label) is var a && Kind(candidate.Label) is var b && a != b && a != LabelKind.Unknown && b != LabelKind.Unknown)
        {
            // A person is never a company, a vessel never a person, a list never a party.
            return new GuardVerdict(true, false, $"different kinds: {record.Label} vs {candidate.Label}");
        }

        if (a == LabelKind.Organisation && b == LabelKind.Organisation && record.Label != candidate.Label
            && record.Label != NodeLabels.Party && candidate.Label != NodeLabels.Party)
        {
            return new GuardVerdict(false, true, $"different types: {record.Label} vs {candidate.Label}");
        }

        if (record.BirthDates.Count > 0 && candidate.BirthDates.Count > 0 && !BirthDatesOverlap(record.BirthDates, candidate.BirthDates))
        {
            return new GuardVerdict(true, false, $"different dates of birth: {string.Join("; ", record.BirthDates)} vs {string.Join("; ", candidate.BirthDates)}");
        }

        if (ConflictingScheme(record.Identifiers, candidate.Identifiers) is { } scheme)
        {
            return new GuardVerdict(true, false, $"different {scheme}");
        }

        return CountryMatcher.Compatible(record.Countries, candidate.Countries)
            ? GuardVerdict.Pass
            : new GuardVerdict(false, true, $"different countries: {string.Join(", ", record.Countries)} vs {string.Join(", ", candidate.Countries)}");
    }

    /// <summary>The identifier scheme with values on both sides and none in common; null when none.</summary>
    /// <param name="a">First identifiers.</param>
    /// <param name="b">Second identifiers.</param>
    /// <returns>The scheme, or null.</returns>
    public static string? ConflictingScheme(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return null;
        }

        foreach (var (schemeA, valueA) in a)
        {
            var baseA = IdentifierStage.BaseScheme(schemeA);
            var seen = false;
            var shared = false;
            foreach (var (schemeB, valueB) in b)
            {
                if (IdentifierStage.BaseScheme(schemeB) != baseA)
                {
                    continue;
                }

                seen = true;
                foreach (var (schemeA2, valueA2) in a)
                {
                    if (IdentifierStage.BaseScheme(schemeA2) == baseA && IdentifierStage.NormalizeValue(valueA2) == IdentifierStage.NormalizeValue(valueB))
                    {
                        shared = true;
                    }
                }
            }

            // A party may hold several passports: only disjoint value sets of one scheme tell two parties apart.
            if (seen && !shared && IdentifierStage.NormalizeValue(valueA).Length > 0)
            {
                return baseA;
            }
        }

        return null;
    }

    private static bool BirthDatesOverlap(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        foreach (var x in a)
        {
            foreach (var y in b)
            {
                // "1955" is compatible with "1955-03-01": a year is a less precise statement of the same date.
                var n = Math.Min(x.Length, y.Length);
                if (n >= 4 && string.CompareOrdinal(x, 0, y, 0, n) == 0)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static LabelKind Kind(string label) => label switch
    {
        NodeLabels.Person => LabelKind.Person,
        NodeLabels.Vessel => LabelKind.Vessel,
        NodeLabels.Aircraft => LabelKind.Aircraft,
        NodeLabels.List => LabelKind.List,
        NodeLabels.Technology => LabelKind.Technology,
        NodeLabels.Party or NodeLabels.Unidentified or "" => LabelKind.Unknown,
        _ => LabelKind.Organisation,
    };

    private enum LabelKind
    {
        Unknown,
        Person,
        Organisation,
        Vessel,
        Aircraft,
        List,
        Technology,
    }
}
