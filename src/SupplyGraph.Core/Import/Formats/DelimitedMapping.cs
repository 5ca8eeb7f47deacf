namespace SupplyGraph.Core.Import.Formats;

/// <summary>Columns of a delimited node or edge list.</summary>
public sealed record DelimitedMapping;
