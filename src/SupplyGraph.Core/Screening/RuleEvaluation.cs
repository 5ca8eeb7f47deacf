using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Engine;

namespace SupplyGraph.Core.Screening;

/// <summary>One rule profile applied to a whole snapshot as of a day; verdicts are read per entity.</summary>
internal sealed class RuleEvaluation
{
    private readonly OwnershipAnalysis _ownership;

    private RuleEvaluation(OwnershipAnalysis ownership) => _ownership = ownership;

    public static RuleEvaluation Run(GraphSnapshot graph, RuleProfile rule, DateOnly asOf) => new(OwnershipAnalysis.Run(graph, rule, asOf));

    public RuleVerdict Verdict(string entityId)
    {
        var d = _ownership.Determine(entityId);
        var rule = d.Rule;
        var test = d.Listings.Count > 0 ? "listed" : d.Status != BlockStatus.NotBlocked ? "ownership" : "none";
        var unknowns = new List<string>();
        foreach (var list in d.ListsWithoutData)
        {
            unknowns.Add($"no {list} data is loaded");
        }

        if (d.AggregateHigh > d.AggregateLow + 1e-9)
        {
            unknowns.Add("the size of some stakes is unknown or ranged");
        }

        var chain = d.Listings.Count > 0 || d.Chains.Count == 0 ? [] : d.Chains[0];
        return new RuleVerdict(rule.Id, rule.Name, rule.Citation, d.RuleInForce, d.Status, test, d.AggregateLow, d.AggregateHigh, chain, unknowns, d.Explanation);
    }
}
