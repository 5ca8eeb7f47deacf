namespace SupplyGraph.Core.Model;

/// <summary>
/// Where a fact comes from: the document or dataset, the record in it, a short quote or field,
/// the date the source gives for the fact, and how sure we are of it.
/// </summary>
/// <param name="Source">Document or dataset, e.g. a file name or "BIS Entity List".</param>
/// <param name="Record">The record within the source (row, entry, paragraph), if any.</param>
/// <param name="Quote">A short quote or the field value that supports the fact.</param>
/// <param name="Date">The date the source gives for the fact, if it gives one.</param>
/// <param name="Confidence">From 0 (a guess) to 1 (official record).</param>
public sealed record Provenance(
    string Source,
    string? Record = null,
    string? Quote = null,
    DateOnly? Date = null,
    double Confidence = 1.0);
