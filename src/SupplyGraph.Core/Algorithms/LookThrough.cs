using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Algorithms;

/// <summary>An effective (look-through) stake: low and high ends, with the number of chains behind it.</summary>
/// <param name="Entity">The owned entity (downstream) or the ultimate owner (upstream).</param>
/// <param name="Low">Effective stake with every stake at its low end (unknown: 0).</param>
/// <param name="High">Effective stake with every stake at its high end (unknown: 100 %), capped at 1.</param>
/// <param name="Hops">Fewest hops between the two.</param>
public sealed record LookThroughShare(Entity Entity, double Low, double High, int Hops);

/// <summary>
/// Look-through ownership for beneficial-ownership questions, kept apart from the 50 % rules: stakes multiply
/// along a chain and add over chains. Solved as the linear system <c>x = e + Sx</c> by iteration, which equals
/// the sum over chains on acyclic holdings and converges on cross-holdings whose loops hold less than 100 %.
/// </summary>
public static class LookThrough
{
    private const int MaxIterations = 10_000;
    private const double Tolerance = 1e-12;

    /// <summary>What <paramref name="ownerId"/> effectively holds in every entity below it.</summary>
    /// <param name="graph">The snapshot.</param>
    /// <param name="ownerId">The owner.</param>
    /// <param name="asOf">Only stakes valid on this day, when given.</param>
    /// <returns>Effective stakes, largest first.</returns>
    public static IReadOnlyList<LookThroughShare> Downstream(GraphSnapshot graph, string ownerId, DateOnly? asOf = null) =>
        Solve(graph, ownerId, asOf, downstream: true);

    /// <summary>Who effectively holds how much of <paramref name="entityId"/>, through every chain above it.</summary>
    /// <param name="graph">The snapshot.</param>
    /// <param name="entityId">The owned entity.</param>
    /// <param name="asOf">Only stakes valid on this day, when given.</param>
    /// <returns>Effective stakes of every owner above, largest first.</returns>
    public static IReadOnlyList<LookThroughShare> Upstream(GraphSnapshot graph, string entityId, DateOnly? asOf = null) =>
        Solve(graph, entityId, asOf, downstream: false);

    private static IReadOnlyList<LookThroughShare> Solve(GraphSnapshot graph, string id, DateOnly? asOf, bool downstream)
    {
        if (!graph.TryGetNode(id, out var start))
        {
            throw new EntityNotFoundException(id, []);
        }

        var stakes = OwnershipGraph.Of(graph, asOf);
        var forward = downstream ? stakes.ByOwner : stakes.ByOwned;
        var backward = downstream ? stakes.ByOwned : stakes.ByOwner;

        // Reachable set in breadth-first order (hops kept for the report).
        var hops = new Dictionary<int, int> { [start] = 0 };
        var order = new List<int> { start };
        for (var i = 0; i < order.Count; i++)
        {
            foreach (var (next, _) in forward.Owned(order[i]))
            {
                if (hops.TryAdd(next, hops[order[i]] + 1))
                {
                    order.Add(next);
                }
            }
        }

        var low = Iterate(order, start, backward, hops, stakes.Low);
        var high = Iterate(order, start, backward, hops, stakes.High);
        return [.. order.Skip(1)
            .Select(n => new LookThroughShare(graph.Entity(n), low[n], Math.Min(1.0, high[n]), hops[n]))
            .OrderByDescending(s => s.Low).ThenByDescending(s => s.High).ThenBy(s => s.Entity.Id, StringComparer.Ordinal)];
    }

    /// <summary>value(n) = Σ over stakes linking n back toward the start of value(other) × share; value(start) = 1.</summary>
    private static Dictionary<int, double> Iterate(List<int> order, int start, OwnershipCsr backward, Dictionary<int, int> inSet, double[] share)
    {
        var value = order.ToDictionary(n => n, n => n == start ? 1.0 : 0.0);
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            var change = 0.0;
            foreach (var n in order)
            {
                if (n == start)
                {
                    continue;
                }

                var sum = 0.0;
                foreach (var (other, stake) in backward.Owned(n))
                {
                    if (inSet.ContainsKey(other))
                    {
                        sum += value[other] * share[stake];
                    }
                }

                // No one holds more than all of an entity; the cap also keeps unknown (100 %) loops finite.
                sum = Math.Min(sum, 1.0);
                change = Math.Max(change, Math.Abs(sum - value[n]));
                value[n] = sum;
            }

            if (change < Tolerance)
            {
                break;
            }
        }

        return value;
    }
}
