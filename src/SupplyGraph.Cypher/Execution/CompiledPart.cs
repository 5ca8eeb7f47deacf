namespace SupplyGraph.Cypher;

/// <summary>One comma-separated part of a pattern, compiled: nodes and relationships alternate, matched from the anchor.</summary>
internal sealed class CompiledPart
{
    public CompiledNode[] Nodes = [];
    public CompiledRel[] Rels = [];
    public int PathSlot = -1;
    public string? Shortest;
    public int Anchor;

    /// <summary>
    /// The WHERE conjuncts about this shortest path (its path or relationship variable): the search returns the
    /// shortest paths that satisfy them, as Neo4j does, rather than filtering the shortest path afterwards.
    /// </summary>
    public Eval? PathFilter;

    /// <summary>Text of <see cref="PathFilter"/>, for EXPLAIN.</summary>
    public string? PathFilterText;
}
