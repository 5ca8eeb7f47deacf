using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Engine;

namespace SupplyGraph.Core.Analytics;

/// <summary>
/// The nodes and steps on some route of at most <see cref="TraversalQuery.MaxHops"/> hops from a source to a target:
/// a forward search from the source, a backward search from the targets it found (within the forward ball), and
/// the steps u → v with <c>d(source, u) + 1 + d(v, targets) ≤ hops</c>.
/// </summary>
internal sealed class Neighbourhood
{
    private Neighbourhood(BoundedSearch forward, BoundedSearch backward, List<Arc> arcs)
    {
        Forward = forward;
        Backward = backward;
        Arcs = arcs;
    }

    /// <summary>Distances from the source (everything within the hops).</summary>
    public BoundedSearch Forward { get; }

    /// <summary>Distances to the nearest target (only nodes on a route within the hops); targets have distance 0.</summary>
    public BoundedSearch Backward { get; }

    /// <summary>The steps of routes within the hops, between backward-local ids.</summary>
    public List<Arc> Arcs { get; }

    // follows: which relationships (dense edge ids) a route may use beyond the query's filters; null: all of them.
    public static Neighbourhood Build<TRules>(GraphSnapshot graph, int source, TraversalQuery query, EdgeTypeMask types, TRules rules,
        Func<int, bool> isTarget, Func<int, bool> mayLeave, Func<int, bool>? follows = null)
        where TRules : struct, ITraversalRules
    {
        var hops = query.MaxHops;
        var neighbours = new List<int>();
        var edges = new List<int>();
        var forward = new BoundedSearch();
        forward.Add(source, 0, -1, -1);
        for (var i = 0; i < forward.Count; i++)
        {
            var node = forward.Nodes[i];
            if (forward.Distance[i] == hops || !mayLeave(node))
            {
                continue;
            }

            BoundedSearch.Steps(graph, node, query.Direction, reverse: false, types, rules, neighbours, edges);
            Keep(neighbours, edges, follows);
            for (var j = 0; j < neighbours.Count; j++)
            {
                if (!forward.TryLocal(neighbours[j], out _))
                {
                    forward.Add(neighbours[j], forward.Distance[i] + 1, i, edges[j]);
                }
            }
        }

        var backward = new BoundedSearch();
        for (var i = 0; i < forward.Count; i++)
        {
            if (isTarget(forward.Nodes[i]))
            {
                backward.Add(forward.Nodes[i], 0, -1, -1);
            }
        }

        for (var i = 0; i < backward.Count; i++)
        {
            var node = backward.Nodes[i];
            var distance = backward.Distance[i];
            if (node == source)
            {
                continue;
            }

            BoundedSearch.Steps(graph, node, query.Direction, reverse: true, types, rules, neighbours, edges);
            Keep(neighbours, edges, follows);
            for (var j = 0; j < neighbours.Count; j++)
            {
                var previous = neighbours[j];
                if (!backward.TryLocal(previous, out _) && forward.TryLocal(previous, out var f) && forward.Distance[f] + 1 + distance <= hops && mayLeave(previous))
                {
                    backward.Add(previous, distance + 1, i, edges[j]);
                }
            }
        }

        var arcs = new List<Arc>();
        for (var u = 0; u < backward.Count; u++)
        {
            var node = backward.Nodes[u];
            if (!mayLeave(node) || !forward.TryLocal(node, out var f))
            {
                continue;
            }

            BoundedSearch.Steps(graph, node, query.Direction, reverse: false, types, rules, neighbours, edges);
            Keep(neighbours, edges, follows);
            for (var j = 0; j < neighbours.Count; j++)
            {
                if (neighbours[j] != source && backward.TryLocal(neighbours[j], out var v) && forward.Distance[f] + 1 + backward.Distance[v] <= hops)
                {
                    arcs.Add(new Arc(u, v, edges[j]));
                }
            }
        }

        return new Neighbourhood(forward, backward, arcs);
    }

    /// <summary>Drops the steps along relationships that <paramref name="follows"/> refuses.</summary>
    private static void Keep(List<int> neighbours, List<int> edges, Func<int, bool>? follows)
    {
        if (follows is null)
        {
            return;
        }

        var kept = 0;
        for (var j = 0; j < edges.Count; j++)
        {
            if (follows(edges[j]))
            {
                neighbours[kept] = neighbours[j];
                edges[kept++] = edges[j];
            }
        }

        neighbours.RemoveRange(kept, neighbours.Count - kept);
        edges.RemoveRange(kept, edges.Count - kept);
    }

    /// <summary>A step from backward-local <paramref name="From"/> to <paramref name="To"/> along <paramref name="Edge"/>.</summary>
    public readonly record struct Arc(int From, int To, int Edge);
}
