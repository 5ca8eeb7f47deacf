using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Algorithms;

/// <summary>
/// The stakes in a snapshot as of a day: <c>OWNS</c> (owner → owned, with its share) and <c>SUBSIDIARY_OF</c>
/// read as a stake of unknown size held by the parent. <c>CONTROLS</c> is not ownership and is left out.
/// </summary>
public sealed class OwnershipGraph
{
    private OwnershipGraph(GraphSnapshot graph, List<int> owners, List<int> owned, List<int> edges, List<OwnershipShare> shares)
    {
        Graph = graph;
        Owners = [.. owners];
        OwnedNodes = [.. owned];
        Edges = [.. edges];
        Shares = [.. shares];
        Low = [.. shares.Select(s => s.Low ?? 0)];
        High = [.. shares.Select(s => s.High ?? 1)];
        ByOwner = new OwnershipCsr(graph.NodeCount, Owners, OwnedNodes);
        ByOwned = new OwnershipCsr(graph.NodeCount, OwnedNodes, Owners);
    }

    /// <summary>The snapshot.</summary>
    public GraphSnapshot Graph { get; }

    /// <summary>Owner node per stake.</summary>
    public int[] Owners { get; }

    /// <summary>Owned node per stake.</summary>
    public int[] OwnedNodes { get; }

    /// <summary>Snapshot edge id per stake (the evidence).</summary>
    public int[] Edges { get; }

    /// <summary>Share per stake.</summary>
    public OwnershipShare[] Shares { get; }

    /// <summary>Low end of each stake (unknown: 0).</summary>
    public double[] Low { get; }

    /// <summary>High end of each stake (unknown: 1).</summary>
    public double[] High { get; }

    /// <summary>Stakes by owner.</summary>
    public OwnershipCsr ByOwner { get; }

    /// <summary>Stakes by owned entity (the "owner" side of this CSR is the owned entity).</summary>
    public OwnershipCsr ByOwned { get; }

    /// <summary>Collects the stakes valid on <paramref name="asOf"/> (all when null).</summary>
    /// <param name="graph">The snapshot.</param>
    /// <param name="asOf">The day.</param>
    /// <returns>The ownership graph.</returns>
    public static OwnershipGraph Of(GraphSnapshot graph, DateOnly? asOf)
    {
        List<int> owners = [], owned = [], edges = [];
        List<OwnershipShare> shares = [];
        for (var e = 0; e < graph.EdgeCount; e++)
        {
            if (!graph.IsLiveEdge(e))
            {
                continue;
            }

            var r = graph.Relationship(e);
            if (asOf is { } day && !graph.EdgeHoldsOn(e, day.DayNumber))
            {
                continue;
            }

            if (r.Type == RelationshipTypes.Owns)
            {
                owners.Add(graph.EdgeSource(e));
                owned.Add(graph.EdgeTarget(e));
                shares.Add(r.Share);
            }
            else if (r.Type == RelationshipTypes.SubsidiaryOf)
            {
                owners.Add(graph.EdgeTarget(e));
                owned.Add(graph.EdgeSource(e));
                shares.Add(OwnershipShare.Unknown);
            }
            else
            {
                continue;
            }

            edges.Add(e);
        }

        return new OwnershipGraph(graph, owners, owned, edges, shares);
    }
}
