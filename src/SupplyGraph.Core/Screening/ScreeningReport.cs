namespace SupplyGraph.Core.Screening;

/// <summary>A whole screening: what was screened, how, on which data, and each row's result.</summary>
/// <param name="Input">The counterparty file's name.</param>
/// <param name="Parameters">Rules, k, day and lists.</param>
/// <param name="AsOf">The day it was screened as of.</param>
/// <param name="Data">The data version: change-log sequence and each source's freshness.</param>
/// <param name="RanAt">When it ran (UTC).</param>
/// <param name="Rows">One result per row, in file order.</param>
public sealed record ScreeningReport(string Input, ScreeningParameters Parameters, DateOnly AsOf, DataVersion Data, DateTimeOffset RanAt, IReadOnlyList<ScreeningRowResult> Rows)
{
    /// <summary>Rows per verdict, and how many are flagged.</summary>
    public ScreeningSummary Summary { get; } = ScreeningSummary.Of(Rows);
}

/// <summary>Counts of a screening.</summary>
/// <param name="Rows">Rows screened.</param>
/// <param name="Flagged">Rows that need a person's attention.</param>
/// <param name="ByVerdict">Rows per verdict (every verdict present, zero or not).</param>
public sealed record ScreeningSummary(int Rows, int Flagged, IReadOnlyDictionary<ScreeningVerdict, int> ByVerdict)
{
    /// <summary>Counts <paramref name="rows"/>.</summary>
    /// <param name="rows">The results.</param>
    /// <returns>The summary.</returns>
    public static ScreeningSummary Of(IReadOnlyList<ScreeningRowResult> rows)
    {
        var counts = Enum.GetValues<ScreeningVerdict>().ToDictionary(v => v, _ => 0);
        var flagged = 0;
        foreach (var r in rows)
        {
            counts[r.Verdict]++;
            flagged += r.Flagged ? 1 : 0;
        }

        return new ScreeningSummary(rows.Count, flagged, counts);
    }
}
