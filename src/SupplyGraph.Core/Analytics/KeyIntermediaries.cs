using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Analytics;

/// <summary>
/// Key intermediaries: for each source, a breadth-first search within the hops builds the DAG of shortest routes to
/// the listed parties it reaches (a route ends at the first listed party), counting routes forward (σ) and, in reverse
/// order, the route tails to a listed party (τ) and Brandes' dependency (δ). A node carries σ·τ shortest routes.
/// </summary>
public static class KeyIntermediaries
{
    /// <summary>The intermediaries carrying the most shortest routes from <paramref name="sourceIds"/> to listed parties.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="sourceIds">The parties (a portfolio).</param>
    /// <param name="query">Hops, types, direction, as-of, lists and node filters; <see cref="ExposureQuery.MaxResults"/> is how many to return.</param>
    /// <returns>The top intermediaries with an example route each.</returns>
    /// <exception cref="EntityNotFoundException">An id is unknown.</exception>
    public static KeyIntermediariesResult Of(GraphSnapshot graph, IReadOnlyList<string> sourceIds, ExposureQuery query)
    {
        var sources = sourceIds.Select(id => graph.TryGetNode(id, out var n) ? n : throw new EntityNotFoundException(id, [])).Distinct().ToList();
        var routes = new Dictionary<int, double>();
        var share = new Dictionary<int, double>();
        var exampleSource = new Dictionary<int, (int Source, double Routes)>();
        var targets = 0;
        var total = 0.0;
        foreach (var s in sources)
        {
            var dag = Dag.Build(graph, s, query);
            for (var i = 0; i < dag.Count; i++)
            {
                if (dag.IsTarget[i])
                {
                    targets++;
                    total += dag.Sigma[i];
                }
                else if (i > 0 && dag.Tau[i] > 0)
                {
                    var node = dag.Search.Nodes[i];
                    var through = dag.Sigma[i] * dag.Tau[i];
                    routes[node] = routes.GetValueOrDefault(node) + through;
                    share[node] = share.GetValueOrDefault(node) + dag.Delta[i];
                    if (!exampleSource.TryGetValue(node, out var best) || through > best.Routes)
                    {
                        exampleSource[node] = (s, through);
                    }
                }
            }
        }

        var top = routes.OrderByDescending(r => r.Value).ThenBy(r => graph.Entity(r.Key).Id, StringComparer.Ordinal).Take(query.MaxResults)
            .Select(r => new KeyIntermediary(graph.Entity(r.Key), r.Value, share[r.Key], Example(graph, exampleSource[r.Key].Source, r.Key, query)))
            .ToList();
        return new KeyIntermediariesResult([.. sources.Select(graph.Entity)], targets, total, top);
    }

    private static GraphPath Example(GraphSnapshot graph, int source, int node, ExposureQuery query)
    {
        var dag = Dag.Build(graph, source, query);
        dag.Search.TryLocal(node, out var local);
        var edges = dag.Search.EdgesTo(local);
        for (var at = local; !dag.IsTarget[at];)
        {
            var (next, edge) = dag.Successors[at].First(w => dag.Tau[w.Next] > 0);
            edges.Add(edge);
            at = next;
        }

        return ShortestPath.ToPath(graph, source, edges);
    }

    /// <summary>The shortest-route DAG from one source, with route counts.</summary>
    private sealed class Dag
    {
        public BoundedSearch Search { get; } = new();

        public List<double> Sigma { get; } = [];

        public List<double> Tau { get; } = [];

        public List<double> Delta { get; } = [];

        public List<bool> IsTarget { get; } = [];

        public List<List<(int Next, int Edge)>> Successors { get; } = [];

        public int Count => Search.Count;

        public static Dag Build(GraphSnapshot graph, int source, ExposureQuery query)
        {
            var rules = new SnapshotRules(graph, query);
            var types = EdgeTypeMask.For(graph, query.Types);
            var filter = ListingFilter.Create(graph, query.AsOf, query.Lists);
            var listings = graph.ListingIndex;
            var dag = new Dag();
            var neighbours = new List<int>();
            var edges = new List<int>();
            dag.Add(source, 0, false);
            dag.Sigma[0] = 1;
            for (var i = 0; i < dag.Count; i++)
            {
                var node = dag.Search.Nodes[i];
                var depth = dag.Search.Distance[i];
                if (depth == query.MaxHops || dag.IsTarget[i] || (i > 0 && !rules.AllowsPassingThrough(node)))
                {
                    continue;
                }

                BoundedSearch.Steps(graph, node, query.Direction, reverse: false, types, rules, neighbours, edges);
                for (var j = 0; j < neighbours.Count; j++)
                {
                    var next = neighbours[j];
                    if (!dag.Search.TryLocal(next, out var w))
                    {
                        var target = next != source && listings.HasAnyListing(next) && listings.IsListed(graph, next, filter);
                        w = dag.Add(next, depth + 1, target, i, edges[j]);
                    }

                    if (dag.Search.Distance[w] == depth + 1)
                    {
                        dag.Sigma[w] += dag.Sigma[i];
                        dag.Successors[i].Add((w, edges[j]));
                    }
                }
            }

            // Reverse breadth-first order: every successor is settled before its predecessors.
            for (var i = dag.Count - 1; i >= 0; i--)
            {
                if (dag.IsTarget[i])
                {
                    dag.Tau[i] = 1;
                    continue;
                }

                double tau = 0, delta = 0;
                foreach (var (w, _) in dag.Successors[i])
                {
                    tau += dag.Tau[w];
                    delta += dag.Sigma[i] / dag.Sigma[w] * ((dag.IsTarget[w] ? 1 : 0) + dag.Delta[w]);
                }

                dag.Tau[i] = tau;
                dag.Delta[i] = delta;
            }

            return dag;
        }

        private int Add(int node, int depth, bool target, int parent = -1, int edge = -1)
        {
            var local = Search.Add(node, depth, parent, edge);
            Sigma.Add(0);
            Tau.Add(0);
            Delta.Add(0);
            IsTarget.Add(target);
            Successors.Add([]);
            return local;
        }
    }
}
