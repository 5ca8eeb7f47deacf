using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Analytics;

/// <summary>
/// Which intermediaries and which relationships carry every route from a party to a target (or to any listed
/// party) within the query's filters.
/// </summary>
/// <param name="Source">The party the routes start from.</param>
/// <param name="Target">The target party, or null when the target is any listed party.</param>
/// <param name="TargetsReached">The targets some route reaches within the hops (one for a party target), nearest first.</param>
/// <param name="VertexDisjointRoutes">
/// How many routes share no intermediary (the size of the minimum vertex cut); null when a relationship joins the
/// source to a target directly, so that no set of intermediaries cuts every route.
/// </param>
/// <param name="VertexCut">A minimum set of intermediaries every route passes through, each with one evidenced route through it.</param>
/// <param name="EdgeDisjointRoutes">How many routes share no relationship (the size of the minimum edge cut).</param>
/// <param name="EdgeCut">A minimum set of relationships every route uses.</param>
/// <param name="NeighbourhoodNodes">Nodes on some route within the hops: the graph the flows ran on.</param>
/// <param name="SetAside">
/// Relationships on routes within the filters that were not followed because one end of the question is goods and
/// their items do not name them (see <see cref="Chokepoints"/>); empty when no such rule applied.
/// </param>
public sealed record ChokepointResult(
    Entity Source,
    Entity? Target,
    IReadOnlyList<Entity> TargetsReached,
    int? VertexDisjointRoutes,
    IReadOnlyList<Chokepoint> VertexCut,
    int EdgeDisjointRoutes,
    IReadOnlyList<Relationship> EdgeCut,
    int NeighbourhoodNodes,
    IReadOnlyList<Relationship> SetAside);

/// <summary>One intermediary of a minimum vertex cut.</summary>
/// <param name="Party">The intermediary.</param>
/// <param name="Route">A shortest route from the source through it to a target, with the evidence of each hop.</param>
public sealed record Chokepoint(Entity Party, GraphPath Route);
