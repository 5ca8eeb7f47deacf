using SupplyGraph.Core.Algorithms;

namespace SupplyGraph.Core.Screening;

/// <summary>What screening found for one row, with the evidence for every flag.</summary>
/// <param name="Input">The row as the file gave it.</param>
/// <param name="Match">How it resolved.</param>
/// <param name="Verdict">The overall result.</param>
/// <param name="Listings">The matched party's own listings (as of the day, on the lists that count).</param>
/// <param name="Rules">One verdict per rule profile screened.</param>
/// <param name="Exposure">Listed parties within k hops, nearest first, each with one evidenced path (the party itself excluded).</param>
/// <param name="EvidenceHash">
/// SHA-256 of the evidence behind the result (matched entity, listing, chain and path relationship ids, statuses): a decision
/// is bound to it and holds while it does not change.
/// </param>
public sealed record ScreeningRowResult(
    Counterparty Input,
    RowMatch Match,
    ScreeningVerdict Verdict,
    IReadOnlyList<Listing> Listings,
    IReadOnlyList<RuleVerdict> Rules,
    IReadOnlyList<ExposureHit> Exposure,
    string EvidenceHash)
{
    /// <summary>
    /// The facts the hash is taken of, one a line: <c>M|matched|entity</c>, <c>L|list|relationship</c>,
    /// <c>R|rule|status|test|relationships…</c>, <c>E|party|relationships…</c>. Two results' lines differ exactly where their evidence does.
    /// </summary>
    public string Evidence { get; init; } = "";

    /// <summary>Whether the row needs a person's attention (listed, covered, possibly covered, exposed, or ambiguous).</summary>
    public bool Flagged => Verdict is not (ScreeningVerdict.Clear or ScreeningVerdict.NoMatch);
}
