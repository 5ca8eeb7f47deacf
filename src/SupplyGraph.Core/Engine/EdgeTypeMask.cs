namespace SupplyGraph.Core.Engine;

/// <summary>A set of edge type indexes as a 64-bit mask (see <see cref="CompactGraph.MaxEdgeTypes"/>).</summary>
/// <param name="Bits">Bit <c>t</c> set means type index <c>t</c> is in the set.</param>
public readonly record struct EdgeTypeMask(ulong Bits)
{
    /// <summary>Every type.</summary>
    public static EdgeTypeMask All => new(ulong.MaxValue);

    /// <summary>Whether type index <paramref name="type"/> is in the set.</summary>
    /// <param name="type">Type index.</param>
    /// <returns>True when included.</returns>
    public bool Contains(int type) => (Bits & (1UL << type)) != 0;

    /// <summary>Builds a mask from type names; names the graph does not have are ignored (they match no edge).</summary>
    /// <param name="topology">The graph whose type table to use.</param>
    /// <param name="names">Type names, or null for all types.</param>
    /// <returns>The mask.</returns>
    public static EdgeTypeMask For(IGraphTopology topology, IEnumerable<string>? names)
    {
        if (names is null)
        {
            return All;
        }

        ulong bits = 0;
        var table = topology.EdgeTypeNames;
        foreach (var name in names)
        {
            for (var t = 0; t < table.Count; t++)
            {
                if (string.Equals(table[t], name, StringComparison.OrdinalIgnoreCase))
                {
                    bits |= 1UL << t;
                }
            }
        }

        return new EdgeTypeMask(bits);
    }
}
