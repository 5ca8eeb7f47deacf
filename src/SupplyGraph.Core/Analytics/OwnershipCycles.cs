using QuikGraph;
using QuikGraph.Algorithms;
using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Analytics;

/// <summary>
/// Ownership cycles: the strongly connected components of the control graph. The whole-graph report runs QuikGraph's
/// strongly connected components over the control relationships only (a small part of the graph); the question for
/// one party is two bounded searches from it (what it controls, what controls it), whose intersection is its component.
/// </summary>
public static class OwnershipCycles
{
    /// <summary>Every ownership cycle, largest first.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="asOf">Only stakes valid on this day, when given.</param>
    /// <returns>The cycles.</returns>
    public static IReadOnlyList<OwnershipCycle> All(GraphSnapshot graph, DateOnly? asOf)
    {
        var control = new AdjacencyGraph<int, SEquatableEdge<int>>(allowParallelEdges: false);
        var selfLoops = new HashSet<int>();
        for (var e = 0; e < graph.EdgeCount; e++)
        {
            if (!graph.IsLiveEdge(e) || !Controls(graph, e, asOf, out var owner, out var owned))
            {
                continue;
            }

            if (owner == owned)
            {
                selfLoops.Add(owner);
            }

            control.AddVerticesAndEdge(new SEquatableEdge<int>(owner, owned));
        }

        var components = new Dictionary<int, int>();
        control.StronglyConnectedComponents(components);
        var cycles = new List<OwnershipCycle>();
        foreach (var group in components.GroupBy(c => c.Value))
        {
            var members = group.Select(c => c.Key).ToList();
            if (members.Count > 1 || selfLoops.Contains(members[0]))
            {
                members.Sort((a, b) => string.CompareOrdinal(graph.Entity(a).Id, graph.Entity(b).Id));
                cycles.Add(Describe(graph, members[0], [.. members], asOf));
            }
        }

        cycles.Sort((a, b) => a.Members.Count != b.Members.Count ? b.Members.Count.CompareTo(a.Members.Count) : string.CompareOrdinal(a.Members[0].Id, b.Members[0].Id));
        return cycles;
    }

    /// <summary>The ownership cycle <paramref name="entityId"/> sits in, or null.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="entityId">The party.</param>
    /// <param name="asOf">Only stakes valid on this day, when given.</param>
    /// <returns>The cycle, its loop through the party, or null.</returns>
    /// <exception cref="EntityNotFoundException">The id is unknown.</exception>
    public static OwnershipCycle? Through(GraphSnapshot graph, string entityId, DateOnly? asOf) =>
        graph.TryGetNode(entityId, out var node) ? Through(graph, node, asOf) : throw new EntityNotFoundException(entityId, []);

    internal static OwnershipCycle? Through(GraphSnapshot graph, int node, DateOnly? asOf)
    {
        var below = Reach(graph, node, asOf, downward: true);
        if (!below.Contains(node))
        {
            return null;
        }

        var above = Reach(graph, node, asOf, downward: false);
        below.IntersectWith(above);
        var members = below.ToList();
        members.Sort((a, b) => a == node ? -1 : b == node ? 1 : string.CompareOrdinal(graph.Entity(a).Id, graph.Entity(b).Id));
        return Describe(graph, node, [.. members], asOf);
    }

    /// <summary>Nodes reachable from <paramref name="start"/> by one or more control steps (down: owned; up: owners).</summary>
    private static HashSet<int> Reach(GraphSnapshot graph, int start, DateOnly? asOf, bool downward)
    {
        var seen = new HashSet<int>();
        var queue = new Queue<int>();
        queue.Enqueue(start);
        while (queue.Count > 0)
        {
            var at = queue.Dequeue();
            foreach (var (next, _) in ControlSteps(graph, at, asOf, downward))
            {
                if (seen.Add(next))
                {
                    queue.Enqueue(next);
                }
            }
        }

        return seen;
    }

    private static OwnershipCycle Describe(GraphSnapshot graph, int start, HashSet<int> members, DateOnly? asOf)
    {
        var stakes = new List<OwnershipStep>();
        var ordered = members.OrderBy(m => m == start ? "" : graph.Entity(m).Id, StringComparer.Ordinal).ToList();
        foreach (var owner in ordered)
        {
            foreach (var (owned, edge) in ControlSteps(graph, owner, asOf, downward: true))
            {
                if (members.Contains(owned))
                {
                    stakes.Add(Step(graph, owner, owned, edge));
                }
            }
        }

        // A shortest loop: breadth-first from the start over stakes inside the component, back to the start.
        var parent = new Dictionary<int, (int Owner, int Edge)>();
        var queue = new Queue<int>();
        queue.Enqueue(start);
        var loop = new List<OwnershipStep>();
        while (queue.Count > 0 && loop.Count == 0)
        {
            var owner = queue.Dequeue();
            foreach (var (owned, edge) in ControlSteps(graph, owner, asOf, downward: true))
            {
                if (!members.Contains(owned))
                {
                    continue;
                }

                if (owned == start)
                {
                    loop.Add(Step(graph, owner, owned, edge));
                    for (var at = owner; at != start; at = parent[at].Owner)
                    {
                        loop.Add(Step(graph, parent[at].Owner, at, parent[at].Edge));
                    }

                    loop.Reverse();
                    break;
                }

                if (owned != start && parent.TryAdd(owned, (owner, edge)))
                {
                    queue.Enqueue(owned);
                }
            }
        }

        return new OwnershipCycle([.. ordered.Select(graph.Entity)], stakes, loop);
    }

    private static OwnershipStep Step(GraphSnapshot graph, int owner, int owned, int edge)
    {
        var r = graph.Relationship(edge);
        return new OwnershipStep(graph.Entity(owner), graph.Entity(owned), r.Type == RelationshipTypes.Owns ? r.Share : OwnershipShare.Unknown, r);
    }

    /// <summary>The control steps at a node: (next node, edge), downward to what it owns or controls, or upward to its owners.</summary>
    private static List<(int Next, int Edge)> ControlSteps(GraphSnapshot graph, int node, DateOnly? asOf, bool downward)
    {
        var steps = new List<(int, int)>();
        Add(graph.Out(node), steps, graph, asOf, node, downward);
        Add(graph.In(node), steps, graph, asOf, node, downward);
        return steps;

        static void Add(Adjacency adjacency, List<(int, int)> steps, GraphSnapshot graph, DateOnly? asOf, int node, bool downward)
        {
            for (var i = 0; i < adjacency.Count; i++)
            {
                var edge = adjacency.EdgeId(i);
                if (Controls(graph, edge, asOf, out var owner, out var owned) && (downward ? owner == node : owned == node))
                {
                    steps.Add((downward ? owned : owner, edge));
                }
            }
        }
    }

    /// <summary>Whether an edge is a control stake valid on the day, and who holds it over whom.</summary>
    private static bool Controls(GraphSnapshot graph, int edge, DateOnly? asOf, out int owner, out int owned)
    {
        owner = owned = -1;
        if (asOf is { } day && !graph.EdgeHoldsOn(edge, day.DayNumber))
        {
            return false;
        }

        var type = graph.EdgeTypeNames[graph.EdgeType(edge)];
        if (type is RelationshipTypes.Owns or RelationshipTypes.Controls)
        {
            (owner, owned) = (graph.EdgeSource(edge), graph.EdgeTarget(edge));
            return true;
        }

        if (type == RelationshipTypes.SubsidiaryOf)
        {
            (owner, owned) = (graph.EdgeTarget(edge), graph.EdgeSource(edge));
            return true;
        }

        return false;
    }
}
