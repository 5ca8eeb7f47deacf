using CsCheck;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Tests.Support;

namespace SupplyGraph.Core.Tests.Analytics;

/// <summary>Small random multigraphs (parallel and opposite relationships, no self-loops) for oracle tests.</summary>
public sealed record RandomGraph(int NodeCount, (int From, int To, string Type)[] Edges, Direction Direction)
{
    public static Gen<RandomGraph> Gen { get; } =
        from n in CsCheck.Gen.Int[3, 8]
        from edges in CsCheck.Gen.Select(CsCheck.Gen.Int[0, n - 1], CsCheck.Gen.Int[1, n - 1], CsCheck.Gen.Bool).Array[0, 12]
        from direction in CsCheck.Gen.Int[0, 2]
        select new RandomGraph(n, [.. edges.Select(e => (e.Item1, (e.Item1 + e.Item2) % n, e.Item3 ? RelationshipTypes.Supplies : RelationshipTypes.Owns))], (Direction)direction);

    public static string Id(int node) => $"n{node}";

    /// <summary>The graph; the nodes marked in <paramref name="listed"/> are on a list node of their own.</summary>
    public GraphSnapshot Snapshot(bool[]? listed = null) => GraphSnapshot.Create(1,
        [.. Enumerable.Range(0, NodeCount).Select(i => Fixtures.Company(Id(i))), Fixtures.List("test-list")],
        [
            .. Edges.Select((e, i) => Fixtures.Rel(e.Type, Id(e.From), Id(e.To), id: $"r{i}")),
            .. Enumerable.Range(0, NodeCount).Where(i => listed?[i] == true).Select(i => Fixtures.Rel(RelationshipTypes.ListedOn, Id(i), "test-list")),
        ]);

    /// <summary>The steps a route may take from <paramref name="node"/>: neighbour and edge index, honouring the direction.</summary>
    public IEnumerable<(int Next, int Edge)> Steps(int node)
    {
        for (var i = 0; i < Edges.Length; i++)
        {
            var (from, to, _) = Edges[i];
            if (from == node && Direction != Direction.In)
            {
                yield return (to, i);
            }

            if (to == node && Direction != Direction.Out)
            {
                yield return (from, i);
            }
        }
    }

    /// <summary>Whether a route from <paramref name="source"/> reaches a target without passing a removed node or edge or another target.</summary>
    public bool Connected(int source, Func<int, bool> isTarget, ISet<int> removedNodes, ISet<int> removedEdges)
    {
        var seen = new HashSet<int> { source };
        var queue = new Queue<int>([source]);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            foreach (var (next, edge) in Steps(node))
            {
                if (removedEdges.Contains(edge) || removedNodes.Contains(next) || !seen.Add(next))
                {
                    continue;
                }

                if (isTarget(next))
                {
                    return true;
                }

                queue.Enqueue(next);
            }
        }

        return false;
    }

    /// <summary>Every simple route from the source to a target that passes no other target: its nodes, source first.</summary>
    public List<int[]> SimpleRoutes(int source, Func<int, bool> isTarget)
    {
        var routes = new List<int[]>();
        var path = new List<int> { source };
        void Walk(int node)
        {
            foreach (var (next, _) in Steps(node))
            {
                if (path.Contains(next))
                {
                    continue;
                }

                path.Add(next);
                if (isTarget(next))
                {
                    routes.Add([.. path]);
                }
                else
                {
                    Walk(next);
                }

                path.RemoveAt(path.Count - 1);
            }
        }

        Walk(source);
        return routes;
    }
}
