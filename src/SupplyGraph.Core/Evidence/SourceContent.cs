namespace SupplyGraph.Core.Evidence;

/// <summary>A source's content as served: a document's text, or one dataset record as "field: value" lines.</summary>
/// <param name="Source">The source.</param>
/// <param name="Record">The dataset record shown, or null for a document.</param>
/// <param name="Text">The text (cut at the size limit when <paramref name="Truncated"/>).</param>
/// <param name="Truncated">Whether the text was longer than the limit.</param>
/// <param name="Quote">The quote looked for, or null.</param>
/// <param name="Highlights">Where the quote stands in <paramref name="Text"/> (whitespace runs compared as one space); empty when not found.</param>
public sealed record SourceContent(SourceInfo Source, string? Record, string Text, bool Truncated, string? Quote, IReadOnlyList<QuoteSpan> Highlights);
