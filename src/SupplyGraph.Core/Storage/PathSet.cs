using SupplyGraph.Core.Algorithms;

namespace SupplyGraph.Core.Storage;

/// <summary>Several paths, and whether a limit cut them.</summary>
/// <param name="Paths">The paths.</param>
/// <param name="Truncated">True when the result limit cut the list.</param>
public sealed record PathSet(IReadOnlyList<GraphPath> Paths, bool Truncated);
