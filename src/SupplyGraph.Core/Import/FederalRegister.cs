using System.Globalization;
using System.Text.RegularExpressions;

namespace SupplyGraph.Core.Import;

/// <summary>A Federal Register citation, e.g. <c>84 FR 54004, 10/9/19</c>.</summary>
/// <param name="Volume">Volume (year − 1935), or null for a bare date.</param>
/// <param name="Page">First page, or null.</param>
/// <param name="Date">Publication date, when the citation gives one.</param>
public sealed record FederalRegisterCitation(int? Volume, int? Page, DateOnly? Date)
{
    /// <summary>The year of a volume: volume 1 is 1936.</summary>
    /// <param name="volume">Volume number.</param>
    /// <returns>The year.</returns>
    public static int YearOfVolume(int volume) => 1935 + volume;

    /// <inheritdoc/>
    public override string ToString()
    {
        var cite = Volume is null ? "" : $"{Volume} FR {Page}";
        var date = Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return (cite, date) switch
        {
            ("", null) => "",
            ("", _) => date!,
            (_, null) => cite,
            _ => $"{cite} ({date})",
        };
    }
}

/// <summary>
/// Parses the citation field of export-control lists as published: several citations per entry, split across
/// lines, with two- or four-digit years, page numbers with commas, and occasional stray words.
/// </summary>
public static partial class FederalRegister
{
    /// <summary>All citations in <paramref name="text"/>; each date belongs to the citation before it.</summary>
    /// <param name="text">The field, e.g. <c>"84 FR 54004, 10/9/19.\n85 FR 44159, 7/22/20"</c>.</param>
    /// <returns>The citations in order of appearance.</returns>
    public static IReadOnlyList<FederalRegisterCitation> Parse(string? text) => Parse(text, out _);

    /// <summary>All citations in <paramref name="text"/>, and the dates in it that no calendar has.</summary>
    /// <param name="text">The field, e.g. <c>"84 FR 54004, 10/9/19"</c>.</param>
    /// <param name="impossibleDates">Date texts such as <c>13/45/22</c> that were left out of the citations.</param>
    /// <returns>The citations in order of appearance.</returns>
    public static IReadOnlyList<FederalRegisterCitation> Parse(string? text, out IReadOnlyList<string> impossibleDates)
    {
        var result = new List<FederalRegisterCitation>();
        var impossible = new List<string>();
        impossibleDates = impossible;
        if (string.IsNullOrWhiteSpace(text))
        {
            return result;
        }

        foreach (Match m in Token().Matches(text))
        {
            if (m.Groups["vol"].Success)
            {
                var volume = int.Parse(m.Groups["vol"].Value, CultureInfo.InvariantCulture);
                var page = int.Parse(m.Groups["page"].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
                result.Add(new FederalRegisterCitation(volume, page, null));
                continue;
            }

            var last = result.Count > 0 ? result[^1] : null;
            var date = ParseDate(m, last?.Volume);
            if (date is null)
            {
                // Reported by the caller: dropping it silently would make the listing look older or undated.
                impossible.Add(m.Value);
                continue;
            }

            if (last is not null && last.Date is null)
            {
                result[^1] = last with { Date = date };
            }
            else
            {
                result.Add(new FederalRegisterCitation(null, null, date));
            }
        }

        return result;
    }

    /// <summary>The earliest date among the citations, or null.</summary>
    /// <param name="citations">Citations.</param>
    /// <returns>The earliest date.</returns>
    public static DateOnly? Earliest(IEnumerable<FederalRegisterCitation> citations) =>
        citations.Where(c => c.Date is not null).Select(c => c.Date!.Value).DefaultIfEmpty().Min() is var d && d != default ? d : null;

    private static DateOnly? ParseDate(Match m, int? volume)
    {
        var month = int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture);
        var day = int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture);
        var yearText = m.Groups["y"].Value;
        var year = int.Parse(yearText, CultureInfo.InvariantCulture);
        if (yearText.Length == 2)
        {
            // Two-digit years: the century that puts the date nearest the citation's volume year.
            var reference = volume is { } v ? FederalRegisterCitation.YearOfVolume(v) : 2000 + year;
            year = Math.Abs(2000 + year - reference) <= Math.Abs(1900 + year - reference) ? 2000 + year : 1900 + year;
        }

        return month is >= 1 and <= 12 && day >= 1 && year is >= 1936 and <= 2100 && day <= DateTime.DaysInMonth(year, month)
            ? new DateOnly(year, month, day)
            : null;
    }

    [GeneratedRegex(@"(?<vol>\d{1,3})\s*FR\s*(?<page>\d{1,3}(?:,\d{3})+|\d+)|(?<m>\d{1,2})/(?<d>\d{1,2})/(?<y>\d{4}|\d{2})")]
    private static partial Regex Token();
}
