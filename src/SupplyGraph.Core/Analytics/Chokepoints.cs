using QuikGraph;
using QuikGraph.Algorithms.MaximumFlow;
using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Analytics;

/// <summary>
/// Chokepoints: the intermediaries (minimum vertex cut) and relationships (minimum edge cut) that carry every route
/// from a party to a target or to any listed party. By Menger's theorem each cut's size is the number of disjoint
/// routes, found as a maximum flow (QuikGraph's Edmonds–Karp) on the bounded neighbourhood: the nodes and
/// relationships on some route of at most <see cref="TraversalQuery.MaxHops"/> hops, with each intermediary split
/// into an in- and an out-node joined by capacity one for the vertex cut.
/// </summary>
/// <remarks>
/// Every route within the hop limit lies in that neighbourhood, so each cut returned does cut every such route; a
/// route inside the neighbourhood may be longer than the limit, so the disjoint-route counts include such routes
/// and a cut can be larger than the smallest one that only cuts routes within the limit (that problem is NP-hard).
/// A route ends at the first target it meets; intermediaries pass the query's node rules (by default no list node).
/// <para>
/// When one end of the question is goods (a <see cref="NodeLabels.Technology"/> node) rather than a party, the question
/// is through whom the party gets those goods, so a relationship that states what it carries
/// (<see cref="Relationship.Items"/>) is followed only when one of its items names the goods (their name or an alias,
/// ignoring case); one that states no items is followed. The relationships this sets aside on routes within the other
/// filters are returned in <see cref="ChokepointResult.SetAside"/>. On the seed, iFlytek's cloud providers carry
/// "cloud computing on high-end chips" and its service providers "third-party services": the cloud providers alone are
/// the cut between iFlytek and the chips. <c>anyItems</c> follows every relationship instead.
/// </para>
/// </remarks>
public static class Chokepoints
{
    /// <summary>The chokepoints between two parties.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="fromId">Start entity id.</param>
    /// <param name="toId">Target entity id.</param>
    /// <param name="query">Direction, types, hops, as-of and node filters (lists and results are not used).</param>
    /// <param name="anyItems">Follow every relationship, also one whose items do not name the goods at an end of the question.</param>
    /// <returns>The cuts, each intermediary with a route through it.</returns>
    /// <exception cref="EntityNotFoundException">An id is unknown.</exception>
    /// <exception cref="InvalidInputException">Start and target are the same entity.</exception>
    public static ChokepointResult Between(GraphSnapshot graph, string fromId, string toId, ExposureQuery query, bool anyItems = false)
    {
        var from = Node(graph, fromId);
        var to = Node(graph, toId);
        return from == to
            ? throw new InvalidInputException(new InputError(null, "to", $"the target '{toId}' is the start itself"))
            : Run(graph, from, to, query, anyItems);
    }

    /// <summary>The chokepoints between a party and every listed party it reaches (on the query's lists, as of its day).</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="fromId">Start entity id.</param>
    /// <param name="query">Direction, types, hops, as-of, lists and node filters; <see cref="ExposureQuery.MaxResults"/> caps the targets listed.</param>
    /// <param name="anyItems">Follow every relationship, also one whose items do not name the goods the routes start from.</param>
    /// <returns>The cuts, each intermediary with a route through it.</returns>
    /// <exception cref="EntityNotFoundException">The id is unknown.</exception>
    public static ChokepointResult ToListed(GraphSnapshot graph, string fromId, ExposureQuery query, bool anyItems = false) =>
        Run(graph, Node(graph, fromId), -1, query, anyItems);

    private static ChokepointResult Run(GraphSnapshot graph, int source, int target, ExposureQuery query, bool anyItems)
    {
        var rules = new SnapshotRules(graph, query);
        var types = EdgeTypeMask.For(graph, query.Types);
        var listings = graph.ListingIndex;
        var filter = ListingFilter.Create(graph, query.AsOf, query.Lists);
        bool IsTarget(int node) => node != source && (target >= 0 ? node == target : listings.HasAnyListing(node) && listings.IsListed(graph, node, filter));
        bool MayLeave(int node) => node == source || (!IsTarget(node) && rules.AllowsPassingThrough(node));

        var goods = anyItems ? null : Goods(graph, source) ?? (target >= 0 ? Goods(graph, target) : null);
        Func<int, bool>? follows = goods is null ? null : edge => Carries(graph.Relationship(edge), goods);
        var hood = Neighbourhood.Build(graph, source, query, types, rules, IsTarget, MayLeave, follows);
        var setAside = follows is null ? [] : SetAside(graph, Neighbourhood.Build(graph, source, query, types, rules, IsTarget, MayLeave), follows);
        var (forward, backward) = (hood.Forward, hood.Backward);
        var reached = new List<Entity>();
        for (var r = 0; r < backward.Count && reached.Count < query.MaxResults; r++)
        {
            if (backward.Distance[r] == 0)
            {
                reached.Add(graph.Entity(backward.Nodes[r]));
            }
        }

        reached.Sort((a, b) => Distance(graph, forward, a.Id).CompareTo(Distance(graph, forward, b.Id)));
        var targetEntity = target >= 0 ? graph.Entity(target) : null;
        if (!backward.TryLocal(source, out var sourceLocal))
        {
            return new ChokepointResult(graph.Entity(source), targetEntity, reached, 0, [], 0, [], hood.Backward.Count, setAside);
        }

        var n = backward.Count;
        var infinite = (double)(hood.Arcs.Count + n + 1);

        // Vertex cut: node r is 2r (in) and 2r+1 (out); an intermediary's in → out has capacity one, a target's in
        // leads to the sink, relationships cost nothing to cut here.
        var split = new Dictionary<(int, int), double>();
        for (var r = 0; r < n; r++)
        {
            if (backward.Distance[r] == 0)
            {
                split[(2 * r, 2 * n)] = infinite;
            }
            else if (r != sourceLocal)
            {
                split[(2 * r, (2 * r) + 1)] = 1;
            }
        }

        foreach (var arc in hood.Arcs)
        {
            split[((2 * arc.From) + 1, 2 * arc.To)] = infinite;
        }

        var (vertexFlow, vertexSide) = MaximumFlow(split, (2 * n) + 1, (2 * sourceLocal) + 1, 2 * n);
        var direct = vertexFlow >= infinite;
        var cut = new List<Chokepoint>();
        if (!direct)
        {
            for (var r = 0; r < n; r++)
            {
                if (r != sourceLocal && backward.Distance[r] > 0 && vertexSide[2 * r] && !vertexSide[(2 * r) + 1])
                {
                    cut.Add(new Chokepoint(graph.Entity(backward.Nodes[r]), Route(graph, source, hood, r)));
                }
            }

            cut.Sort((a, b) => a.Route.Length != b.Route.Length ? a.Route.Length.CompareTo(b.Route.Length) : string.CompareOrdinal(a.Party.Id, b.Party.Id));
        }

        // Edge cut: one vertex per node, each relationship capacity one (parallel ones add up).
        var plain = new Dictionary<(int, int), double>();
        for (var r = 0; r < n; r++)
        {
            if (backward.Distance[r] == 0)
            {
                plain[(r, n)] = infinite;
            }
        }

        foreach (var arc in hood.Arcs)
        {
            plain[(arc.From, arc.To)] = plain.GetValueOrDefault((arc.From, arc.To)) + 1;
        }

        var (edgeFlow, edgeSide) = MaximumFlow(plain, n + 1, sourceLocal, n);
        var edgeCut = new List<Relationship>();
        var seen = new HashSet<int>();
        foreach (var arc in hood.Arcs)
        {
            if (edgeSide[arc.From] && !edgeSide[arc.To] && seen.Add(arc.Edge))
            {
                edgeCut.Add(graph.Relationship(arc.Edge));
            }
        }

        edgeCut.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return new ChokepointResult(graph.Entity(source), targetEntity, reached, direct ? null : (int)Math.Round(vertexFlow), cut,
            (int)Math.Round(edgeFlow), edgeCut, n, setAside);
    }

    /// <summary>The names of the goods at node <paramref name="node"/> (name and aliases), or null when it is not goods.</summary>
    private static string[]? Goods(GraphSnapshot graph, int node)
    {
        var entity = graph.Entity(node);
        return entity.Labels.Contains(NodeLabels.Technology) ? [entity.Name, .. entity.Aliases] : null;
    }

    /// <summary>Whether a relationship carries the goods: it states no items, or one of them names the goods.</summary>
    private static bool Carries(Relationship relationship, string[] goods)
    {
        if (relationship.Items.Count == 0)
        {
            return true;
        }

        foreach (var item in relationship.Items)
        {
            foreach (var name in goods)
            {
                if (name.Length > 0 && item.Contains(name, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The relationships on routes of <paramref name="all"/> (built without the goods rule) that the rule refuses.</summary>
    private static List<Relationship> SetAside(GraphSnapshot graph, Neighbourhood all, Func<int, bool> follows)
    {
        var seen = new HashSet<int>();
        var result = new List<Relationship>();
        foreach (var arc in all.Arcs)
        {
            if (!follows(arc.Edge) && seen.Add(arc.Edge))
            {
                result.Add(graph.Relationship(arc.Edge));
            }
        }

        result.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return result;
    }

    /// <summary>A shortest route from the source through the node with backward-local id <paramref name="local"/> to a target.</summary>
    private static GraphPath Route(GraphSnapshot graph, int source, Neighbourhood hood, int local)
    {
        var node = hood.Backward.Nodes[local];
        hood.Forward.TryLocal(node, out var forwardLocal);
        var edges = hood.Forward.EdgesTo(forwardLocal);
        edges.AddRange(hood.Backward.EdgesFrom(local));
        return ShortestPath.ToPath(graph, source, edges);
    }

    private static int Distance(GraphSnapshot graph, BoundedSearch forward, string id) =>
        graph.TryGetNode(id, out var node) && forward.TryLocal(node, out var local) ? forward.Distance[local] : int.MaxValue;

    /// <summary>Maximum flow from <paramref name="source"/> to <paramref name="sink"/>, and which vertices the residual graph still reaches from the source.</summary>
    private static (double Flow, bool[] SourceSide) MaximumFlow(Dictionary<(int From, int To), double> capacities, int vertexCount, int source, int sink)
    {
        var network = new AdjacencyGraph<int, TaggedEdge<int, double>>(allowParallelEdges: false);
        for (var v = 0; v < vertexCount; v++)
        {
            network.AddVertex(v);
        }

        foreach (var ((from, to), capacity) in capacities)
        {
            network.AddEdge(new TaggedEdge<int, double>(from, to, capacity));
        }

        // Residual arcs start empty; an arc whose reverse is itself an arc (both ways allowed) is paired with it.
        EdgeFactory<int, TaggedEdge<int, double>> residual = (from, to) => new TaggedEdge<int, double>(from, to, 0);
        var augmentor = new ReversedEdgeAugmentorAlgorithm<int, TaggedEdge<int, double>>(network, residual);
        augmentor.AddReversedEdges();
        var flow = new EdmondsKarpMaximumFlowAlgorithm<int, TaggedEdge<int, double>>(network, e => e.Tag, residual, augmentor);
        var value = flow.Compute(source, sink);

        var side = new bool[vertexCount];
        var queue = new Queue<int>();
        side[source] = true;
        queue.Enqueue(source);
        while (queue.Count > 0)
        {
            foreach (var e in network.OutEdges(queue.Dequeue()))
            {
                if (!side[e.Target] && flow.ResidualCapacities[e] > 1e-9)
                {
                    side[e.Target] = true;
                    queue.Enqueue(e.Target);
                }
            }
        }

        return (value, side);
    }

    private static int Node(GraphSnapshot graph, string id) => graph.TryGetNode(id, out var node) ? node : throw new EntityNotFoundException(id, []);
}
