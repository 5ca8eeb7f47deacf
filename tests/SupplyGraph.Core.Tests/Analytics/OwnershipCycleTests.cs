using CsCheck;
using QuikGraph;
using QuikGraph.Algorithms;
using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Analytics;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Tests.Support;

namespace SupplyGraph.Core.Tests.Analytics;

public class OwnershipCycleTests
{
    private static readonly DateOnly Day = new(2026, 1, 1);

    private static GraphSnapshot CrossHoldings() => GraphSnapshot.Create(1,
        [Fixtures.Company("a"), Fixtures.Company("b"), Fixtures.Company("c"), Fixtures.Company("d"), Fixtures.List("ofac-sdn")],
        [
            Fixtures.Rel(RelationshipTypes.Owns, "a", "b", 0.6),
            Fixtures.Rel(RelationshipTypes.Owns, "b", "c", 0.3),
            Fixtures.Rel(RelationshipTypes.Owns, "c", "a", 0.4),
            Fixtures.Rel(RelationshipTypes.Owns, "c", "d", 0.9),
            Fixtures.Rel(RelationshipTypes.ListedOn, "a", "ofac-sdn"),
        ]);

    [Fact]
    public void Cycles_CrossHoldings_ReportTheComponentWithItsShares()
    {
        var cycle = Assert.Single(OwnershipCycles.All(CrossHoldings(), Day));

        Assert.Equal(["a", "b", "c"], cycle.Members.Select(m => m.Id));
        Assert.Equal(3, cycle.Stakes.Count);
        Assert.Equal(["a→b 0.6", "b→c 0.3", "c→a 0.4"], cycle.Loop.Select(s => $"{s.Owner.Id}→{s.Owned.Id} {s.Share.Low}"));
    }

    [Fact]
    public void Ownership_PartyInCycle_SaysSoWithTheLoop()
    {
        var determination = OwnershipAnalysis.Run(CrossHoldings(), RuleProfiles.Get("ofac"), Day).Determine("b");

        Assert.Equal(BlockStatus.Blocked, determination.Status);
        Assert.NotNull(determination.Cycle);
        Assert.Equal(["b", "c", "a"], determination.Cycle.Loop.Select(s => s.Owner.Id));
        Assert.Contains("ownership cycle of 3 parties", determination.Explanation, StringComparison.Ordinal);
        Assert.Null(OwnershipAnalysis.Run(CrossHoldings(), RuleProfiles.Get("ofac"), Day).Determine("d").Cycle);
    }

    [Fact]
    public void Cycles_ExpiredStake_BreaksTheCycleAsOfLaterDays()
    {
        var graph = GraphSnapshot.Create(1, [Fixtures.Company("a"), Fixtures.Company("b")],
        [
            Fixtures.Rel(RelationshipTypes.Owns, "a", "b", 0.5),
            Fixtures.Rel(RelationshipTypes.Owns, "b", "a", 0.2, validTo: new DateOnly(2025, 6, 30)),
        ]);

        Assert.Single(OwnershipCycles.All(graph, new DateOnly(2025, 1, 1)));
        Assert.Empty(OwnershipCycles.All(graph, Day));
    }

    private static readonly double[] Shares = [0.1, 0.2, 0.25, 0.3, 0.5, 0.6];

    private static readonly Gen<(int N, (int From, int To, double Share)[] Stakes, bool[] Listed)> RandomOwnership =
        from n in Gen.Int[2, 9]
        from stakes in Gen.Select(Gen.Int[0, n - 1], Gen.Int[1, n - 1], Gen.Int[0, Shares.Length - 1]).Array[0, 18]
        from listed in Gen.Bool.Array[n]
        select (n, stakes.Select(s => (s.Item1, (s.Item1 + s.Item2) % n, Shares[s.Item3])).ToArray(), listed);

    [Fact]
    public void Fixpoint_RandomGraphsWithCycles_MatchesCondensationOracle()
    {
        var withCycles = 0;
        RandomOwnership.Sample(g =>
        {
            var graph = GraphSnapshot.Create(1,
                [.. Enumerable.Range(0, g.N).Select(i => Fixtures.Company($"n{i}")), Fixtures.List("ofac-sdn")],
                [
                    .. g.Stakes.Select((s, i) => Fixtures.Rel(RelationshipTypes.Owns, $"n{s.From}", $"n{s.To}", s.Share, id: $"s{i}")),
                    .. Enumerable.Range(0, g.N).Where(i => g.Listed[i]).Select(i => Fixtures.Rel(RelationshipTypes.ListedOn, $"n{i}", "ofac-sdn")),
                ]);
            var analysis = OwnershipAnalysis.Run(graph, RuleProfiles.Get("ofac"), Day);
            var expected = Oracle(g.N, g.Stakes, g.Listed);
            for (var i = 0; i < g.N; i++)
            {
                graph.TryGetNode($"n{i}", out var node);
                Assert.True(expected[i] == (analysis.StatusOf(node) == BlockStatus.Blocked), $"n{i}: oracle {expected[i]}, fixpoint {analysis.StatusOf(node)}");
            }

            // The per-party question (two bounded searches) agrees with QuikGraph's components.
            var cycles = OwnershipCycles.All(graph, Day);
            if (cycles.Count > 0)
            {
                Interlocked.Increment(ref withCycles);
            }

            for (var i = 0; i < g.N; i++)
            {
                var mine = OwnershipCycles.Through(graph, $"n{i}", Day);
                var theirs = cycles.SingleOrDefault(c => c.Members.Any(m => m.Id == $"n{i}"));
                Assert.Equal(theirs?.Members.Select(m => m.Id).Order(StringComparer.Ordinal), mine?.Members.Select(m => m.Id).Order(StringComparer.Ordinal));
                if (mine is not null)
                {
                    Assert.Equal($"n{i}", mine.Loop[0].Owner.Id);
                    Assert.Equal($"n{i}", mine.Loop[^1].Owned.Id);
                }
            }
        }, iter: 500);
        Assert.True(withCycles > 50, $"only {withCycles} graphs had a cycle");
    }

    /// <summary>
    /// The 50 % rule computed independently: QuikGraph condenses the stakes into strongly connected components, which
    /// are settled in topological order (owners first); inside a component the rule is iterated from "nothing covered"
    /// until it stops changing, which is the least fixpoint the rule defines.
    /// </summary>
    private static bool[] Oracle(int n, (int From, int To, double Share)[] stakes, bool[] listed)
    {
        var graph = new AdjacencyGraph<int, SEquatableEdge<int>>();
        graph.AddVertexRange(Enumerable.Range(0, n));
        foreach (var (from, to, _) in stakes)
        {
            graph.AddEdge(new SEquatableEdge<int>(from, to));
        }

        var condensed = graph.CondensateStronglyConnected<int, SEquatableEdge<int>, AdjacencyGraph<int, SEquatableEdge<int>>>();
        var blocked = (bool[])listed.Clone();
        foreach (var component in condensed.TopologicalSort())
        {
            for (var changed = true; changed;)
            {
                changed = false;
                foreach (var node in component.Vertices)
                {
                    var aggregate = stakes.Where(s => s.To == node && blocked[s.From]).Sum(s => s.Share);
                    if (!blocked[node] && aggregate >= 0.5 - 1e-9)
                    {
                        blocked[node] = changed = true;
                    }
                }
            }
        }

        return blocked;
    }
}
