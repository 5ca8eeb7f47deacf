namespace SupplyGraph.Core.Evidence;

/// <summary>Where a quote stands in a served text, in UTF-16 code units (as a browser's string indexes it).</summary>
/// <param name="Start">The first character.</param>
/// <param name="Length">How many characters.</param>
public readonly record struct QuoteSpan(int Start, int Length);
