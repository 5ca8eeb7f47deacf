using SupplyGraph.Core.Engine;

namespace SupplyGraph.Core.Algorithms;

/// <summary>
/// The k shortest simple paths (Yen's algorithm): each next path deviates from an earlier one at a spur node,
/// with the earlier paths' next edges and the root path's nodes removed for that spur search.
/// </summary>
public static class KShortestPaths
{
    /// <summary>Up to <paramref name="k"/> simple paths, lightest (or fewest hops) first.</summary>
    /// <typeparam name="TRules">Edge and node rules.</typeparam>
    /// <param name="graph">The graph.</param>
    /// <param name="from">Start node id.</param>
    /// <param name="to">End node id.</param>
    /// <param name="k">How many paths.</param>
    /// <param name="types">Edge types that may be followed.</param>
    /// <param name="direction">Which way edges may be followed.</param>
    /// <param name="maxHops">Most hops per path.</param>
    /// <param name="rules">Edge and node rules.</param>
    /// <param name="weight">Edge weight by edge id, or null to count hops.</param>
    /// <returns>Paths as edge-id arrays.</returns>
    public static IReadOnlyList<int[]> Find<TRules>(IGraphTopology graph, int from, int to, int k, EdgeTypeMask types, Direction direction,
        int maxHops, TRules rules, Func<int, double>? weight)
        where TRules : struct, ITraversalRules
    {
        var w = weight ?? (_ => 1.0);
        var result = new List<int[]>();
        var first = WeightedShortestPath.FindEdges(graph, from, to, types, direction, maxHops, rules, w, out _);
        if (first is null || k <= 0)
        {
            return result;
        }

        result.Add(first);
        var candidates = new PriorityQueue<int[], (double Weight, int Hops)>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { Key(first) };
        var blockedEdges = new HashSet<int>();
        var blockedNodes = new HashSet<int>();
        while (result.Count < k)
        {
            var previous = result[^1];
            var nodes = NodesOf(graph, from, previous);
            for (var i = 0; i < previous.Length; i++)
            {
                var spur = nodes[i];
                blockedEdges.Clear();
                blockedNodes.Clear();
                foreach (var path in result)
                {
                    if (path.Length > i && SamePrefix(path, previous, i))
                    {
                        blockedEdges.Add(path[i]);
                    }
                }

                for (var j = 0; j < i; j++)
                {
                    blockedNodes.Add(nodes[j]);
                }

                var spurRules = new BlockingRules<TRules>(rules, blockedEdges, blockedNodes);
                var spurPath = WeightedShortestPath.FindEdges(graph, spur, to, types, direction, maxHops - i, spurRules, w, out _);
                if (spurPath is null)
                {
                    continue;
                }

                int[] total = [.. previous.AsSpan(0, i), .. spurPath];
                if (seen.Add(Key(total)))
                {
                    candidates.Enqueue(total, (total.Sum(e => w(e)), total.Length));
                }
            }

            if (!candidates.TryDequeue(out var next, out _))
            {
                break;
            }

            result.Add(next);
        }

        return result;
    }

    internal static int[] NodesOf(IGraphTopology graph, int from, int[] edges)
    {
        var nodes = new int[edges.Length + 1];
        nodes[0] = from;
        for (var i = 0; i < edges.Length; i++)
        {
            var e = edges[i];
            nodes[i + 1] = graph.EdgeSource(e) == nodes[i] ? graph.EdgeTarget(e) : graph.EdgeSource(e);
        }

        return nodes;
    }

    private static bool SamePrefix(int[] a, int[] b, int length) => a.AsSpan(0, length).SequenceEqual(b.AsSpan(0, length));

    private static string Key(int[] edges) => string.Join(',', edges);
}
