namespace SupplyGraph.Cypher;

/// <summary>A node pattern compiled: its row slot, labels and property predicates.</summary>
internal sealed class CompiledNode
{
    public int Slot;
    public bool InputBound;
    public string[] Labels = [];
    public (string Key, Eval Value)[] Props = [];
    public Eval? PropsParam;
}
