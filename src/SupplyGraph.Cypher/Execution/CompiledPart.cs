namespace SupplyGraph.Cypher;

/// <summary>One comma-separated part of a pattern, compiled: nodes and relationships alternate, matched from the anchor.</summary>
internal sealed class CompiledPart
{
    public CompiledNode[] Nodes = [];
    public CompiledRel[] Rels = [];
    public int PathSlot = -1;
    public string? Shortest;
    public int Anchor;
}
