using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Screening;

/// <summary>
/// One rule profile applied to a whole snapshot as of a day; verdicts are read per entity. Ownership is the profile's
/// 50 % fixpoint (<see cref="OwnershipAnalysis"/>); for profiles with control types (EU, UK) an entity is also covered
/// when a chain of control relationships leads to it from a covered party. Control does not carry ownership further
/// down (a subsidiary of a controlled entity is reached only through its own control or ownership chain): the verdict
/// says so among its unknowns when it matters.
/// </summary>
internal sealed class RuleEvaluation
{
    private const int MaxControlDepth = 8;

    private readonly OwnershipAnalysis _ownership;
    private readonly GraphSnapshot _graph;
    private readonly bool[] _controlType;

    private RuleEvaluation(GraphSnapshot graph, OwnershipAnalysis ownership)
    {
        _graph = graph;
        _ownership = ownership;
        _controlType = new bool[graph.EdgeTypeNames.Count];
        for (var t = 0; t < _controlType.Length; t++)
        {
            _controlType[t] = ownership.Rule.Control.Contains(graph.EdgeTypeNames[t]);
        }
    }

    public static RuleEvaluation Run(GraphSnapshot graph, RuleProfile rule, DateOnly asOf) => new(graph, OwnershipAnalysis.Run(graph, rule, asOf));

    public RuleVerdict Verdict(string entityId)
    {
        var d = _ownership.Determine(entityId);
        var rule = d.Rule;
        var status = d.Status;
        var explanation = d.Explanation;
        var test = d.Listings.Count > 0 ? "listed" : d.Status != BlockStatus.NotBlocked ? "ownership" : "none";
        IReadOnlyList<OwnershipStep> chain = d.Listings.Count > 0 || d.Chains.Count == 0 ? [] : d.Chains[0];
        var unknowns = new List<string>();
        foreach (var list in d.ListsWithoutData)
        {
            unknowns.Add($"no {list} data is loaded");
        }

        if (d.Listings.Count == 0 && d.AggregateHigh > d.AggregateLow + 1e-9)
        {
            unknowns.Add("the size of some stakes is unknown or ranged");
        }

        _graph.TryGetNode(entityId, out var node);
        if (rule.Control.Count > 0 && d.RuleInForce && status != BlockStatus.Blocked && ControlChain(node) is { } control)
        {
            var (steps, controllerStatus) = control;
            status = controllerStatus;
            test = "control";
            chain = steps;
            explanation = $"{d.Entity.Name} is {(status == BlockStatus.Blocked ? "covered" : "possibly covered")}: controlled by {steps[0].Owner.Name}, "
                + $"{(controllerStatus == BlockStatus.Blocked ? "which the rule covers" : "which the rule may cover")} ({string.Join(" → ", steps.Select(s => s.Relationship.Type))}).";
        }

        if (d.Listings.Count == 0)
        {
            unknowns.AddRange(rule.Unrecorded);
            foreach (var leader in ListedLeaders(node))
            {
                unknowns.Add($"{leader} leads it: whether that gives control is not established");
            }
        }

        return new RuleVerdict(rule.Id, rule.Name, rule.Citation, d.RuleInForce, status, test, d.AggregateLow, d.AggregateHigh, chain, unknowns, explanation);
    }

    /// <summary>The shortest chain of control relationships from a covered party down to <paramref name="node"/>, and that party's status.</summary>
    private (IReadOnlyList<OwnershipStep> Steps, BlockStatus Status)? ControlChain(int node)
    {
        var parent = new Dictionary<int, int> { [node] = -1 };
        var frontier = new List<int> { node };
        (int Node, BlockStatus Status)? best = null;
        for (var depth = 0; depth < MaxControlDepth && frontier.Count > 0 && best is not { Status: BlockStatus.Blocked }; depth++)
        {
            var next = new List<int>();
            foreach (var current in frontier)
            {
                foreach (var edge in _graph.EdgesAt(current, Direction.In))
                {
                    if (!_controlType[_graph.EdgeType(edge)] || !_graph.EdgeHoldsOn(edge, _ownership.AsOf.DayNumber))
                    {
                        continue;
                    }

                    var controller = _graph.EdgeSource(edge);
                    if (!parent.TryAdd(controller, edge))
                    {
                        continue;
                    }

                    var s = _ownership.StatusOf(controller);
                    if (s == BlockStatus.Blocked || (s == BlockStatus.PossiblyBlocked && best is null))
                    {
                        best = (controller, s);
                    }

                    next.Add(controller);
                }
            }

            frontier = next;
        }

        if (best is not { } found)
        {
            return null;
        }

        var steps = new List<OwnershipStep>();
        for (var at = found.Node; parent[at] >= 0;)
        {
            var edge = parent[at];
            var r = _graph.Relationship(edge);
            var owned = _graph.EdgeTarget(edge);
            steps.Add(new OwnershipStep(_graph.Entity(at), _graph.Entity(owned), r.Share, r));
            at = owned;
        }

        return (steps, found.Status);
    }

    private IEnumerable<string> ListedLeaders(int node)
    {
        foreach (var edge in _graph.EdgesAt(node, Direction.In))
        {
            if (_graph.EdgeTypeNames[_graph.EdgeType(edge)] == RelationshipTypes.Leads
                && _ownership.StatusOf(_graph.EdgeSource(edge)) == BlockStatus.Blocked)
            {
                yield return _graph.Entity(_graph.EdgeSource(edge)).Name;
            }
        }
    }
}
