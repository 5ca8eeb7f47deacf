using SupplyGraph.Core.Algorithms;

namespace SupplyGraph.Client;

/// <summary>The paths found between two entities.</summary>
/// <param name="Paths">Shortest first (empty when none within the limits).</param>
/// <param name="Truncated">For all paths: true when the limit cut the list.</param>
public sealed record PathsAnswer(IReadOnlyList<GraphPath> Paths, bool Truncated);
