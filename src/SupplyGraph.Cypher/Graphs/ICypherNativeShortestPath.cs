namespace SupplyGraph.Cypher;

/// <summary>
/// A graph that answers a fewest-hop search itself, faster than the engine's hop-by-hop expansion (the embedded
/// store's bidirectional breadth-first search over its adjacency arrays). The engine asks it for plain
/// <c>shortestPath</c> patterns and falls back to its own search when it says no.
/// </summary>
internal interface ICypherNativeShortestPath
{
    /// <summary>Relationships of one fewest-hop path, or null when there is none; false when it cannot answer.</summary>
    bool TryShortestPath(long start, long end, CypherDirection direction, IReadOnlyList<string> types, int maxHops, out long[]? relationships);
}
