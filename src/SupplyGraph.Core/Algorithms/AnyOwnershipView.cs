namespace SupplyGraph.Core.Algorithms;

/// <summary>Any <see cref="IOwnershipEdges"/> as a struct, for the generic fixpoint loop (through its interface).</summary>
internal readonly struct AnyOwnershipView(IOwnershipEdges edges) : IOwnershipEdges
{
    public OwnedEnumerable Owned(int owner) => edges.Owned(owner);
}
