using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Analytics;

/// <summary>
/// Circular or cross ownership: a strongly connected component of the control graph (<c>OWNS</c>, <c>CONTROLS</c>,
/// and <c>SUBSIDIARY_OF</c> read parent → subsidiary), so each member owns or controls every other, through the others.
/// </summary>
/// <param name="Members">The parties in the component, by id.</param>
/// <param name="Stakes">Every stake between two members, with its share and evidence.</param>
/// <param name="Loop">One shortest cycle through the first member (or the party asked about), owner first at each step.</param>
public sealed record OwnershipCycle(IReadOnlyList<Entity> Members, IReadOnlyList<OwnershipStep> Stakes, IReadOnlyList<OwnershipStep> Loop);
