namespace SupplyGraph.Cypher;

/// <summary>A relationship pattern compiled: its row slot, types, direction, properties and hop range.</summary>
internal sealed class CompiledRel
{
    public int Slot;
    public bool InputBound;
    public string[] Types = [];
    public CypherDirection Direction;
    public (string Key, Eval Value)[] Props = [];
    public bool VarLength;
    public int Min = 1;
    public int Max = int.MaxValue;

    /// <summary>Only distinct end nodes matter downstream: expand breadth-first, each node once.</summary>
    public bool PruneToEndpoints;
}
