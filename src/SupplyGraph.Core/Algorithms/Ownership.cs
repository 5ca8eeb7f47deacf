using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Algorithms;

/// <summary>One covered owner's stake in an entity.</summary>
/// <param name="Owner">The owner.</param>
/// <param name="OwnerStatus">The owner's own status under the rule.</param>
/// <param name="Share">The stake.</param>
/// <param name="Relationship">The evidence for the stake.</param>
public sealed record OwnershipContribution(Entity Owner, BlockStatus OwnerStatus, OwnershipShare Share, Relationship Relationship);

/// <summary>One step of a chain from a listed party down to the entity.</summary>
/// <param name="Owner">The owner at this step.</param>
/// <param name="Owned">The owned entity.</param>
/// <param name="Share">The stake.</param>
/// <param name="Relationship">The evidence.</param>
public sealed record OwnershipStep(Entity Owner, Entity Owned, OwnershipShare Share, Relationship Relationship);

/// <summary>Whether and why an entity is covered by a 50 % rule.</summary>
/// <param name="Entity">The entity.</param>
/// <param name="Rule">The profile applied.</param>
/// <param name="AsOf">The day the determination is for.</param>
/// <param name="RuleInForce">Whether the rule applied on that day (listed parties count either way).</param>
/// <param name="Status">Blocked, possibly blocked, or not blocked.</param>
/// <param name="Listings">The entity's own listings on the profile's lists.</param>
/// <param name="AggregateLow">Sum of covered owners' stakes at their low ends (definite).</param>
/// <param name="AggregateHigh">Sum including possibly covered owners and the high ends of unknown or ranged stakes.</param>
/// <param name="NearThreshold">True when not blocked but an aggregate is 40 % or more.</param>
/// <param name="Contributions">The covered owners and their stakes.</param>
/// <param name="Chains">For each contributing owner, one chain from a listed party down to the entity.</param>
/// <param name="InheritedList">The most restrictive list carried down from the owners, when the entity is covered through ownership.</param>
/// <param name="Explanation">The determination in one sentence.</param>
public sealed record OwnershipDetermination(
    Entity Entity,
    RuleProfile Rule,
    DateOnly AsOf,
    bool RuleInForce,
    BlockStatus Status,
    IReadOnlyList<Listing> Listings,
    double AggregateLow,
    double AggregateHigh,
    bool NearThreshold,
    IReadOnlyList<OwnershipContribution> Contributions,
    IReadOnlyList<IReadOnlyList<OwnershipStep>> Chains,
    string? InheritedList,
    string Explanation)
{
    /// <summary>
    /// The rule's lists that hold no entry in this graph (no <c>LISTED_ON</c> relationship at all, on any day): with
    /// them empty, "not blocked" only says that no listed owner is known, not that the entity is clear.
    /// </summary>
    public IReadOnlyList<string> ListsWithoutData { get; init; } = [];

    /// <summary>
    /// The circular or cross ownership the entity sits in (its strongly connected component of owners and holdings,
    /// with the stakes and one loop through it), or null when it is in none.
    /// </summary>
    public Analytics.OwnershipCycle? Cycle { get; init; }
}

/// <summary>A 50 %-rule profile applied to a whole snapshot as of a day; determinations are read per entity.</summary>
public sealed class OwnershipAnalysis
{
    /// <summary>Aggregates from here up are flagged as near the threshold.</summary>
    public const double NearThresholdFrom = 0.4;

    private readonly OwnershipGraph _stakes;
    private readonly BlockStatus[] _status;
    private readonly double[] _low;
    private readonly double[] _high;
    private readonly int[] _inheritedRank;
    private readonly bool[] _seed;
    private readonly ListingFilter _filter;
    private readonly IReadOnlyList<string> _lists;

    private OwnershipAnalysis(GraphSnapshot graph, RuleProfile rule, DateOnly asOf, IReadOnlyList<string>? lists)
    {
        Graph = graph;
        Rule = rule;
        AsOf = asOf;
        RuleInForce = rule.InForceOn(asOf);
        _lists = lists is { Count: > 0 } ? lists : rule.Lists;
        _stakes = OwnershipGraph.Of(graph, asOf);
        _filter = ListingFilter.Create(graph, asOf, _lists);
        var n = graph.NodeCount;
        _status = new BlockStatus[n];
        _low = new double[n];
        _high = new double[n];
        _seed = new bool[n];
        var seeds = new List<int>();
        var index = graph.ListingIndex;
        for (var node = 0; node < n; node++)
        {
            if (index.HasAnyListing(node) && index.IsListed(graph, node, _filter))
            {
                seeds.Add(node);
                _seed[node] = true;
            }
        }

        if (RuleInForce)
        {
            Func<int, bool>? mayBeCovered = rule.NonUsOnly ? node => !IsUnitedStates(graph.Entity(node).Country) : null;
            BlockingFixpoint.Run(_stakes.ByOwner, _stakes.Low, _stakes.High, seeds.ToArray(), rule.EffectiveThreshold, mayBeCovered, _status, _low, _high);
        }
        else
        {
            foreach (var s in seeds)
            {
                _status[s] = BlockStatus.Blocked;
            }
        }

        _inheritedRank = InheritRanks(seeds);
        ListsWithoutData = [.. _lists.Where(list => !HasEntries(graph, list))];
    }

    /// <summary>The lists (of the rule, or those asked for) that hold no entry in the graph, on any day.</summary>
    public IReadOnlyList<string> ListsWithoutData { get; }

    /// <summary>The snapshot analysed.</summary>
    public GraphSnapshot Graph { get; }

    /// <summary>The stakes the analysis read (ownership and subsidiary relationships valid on the day).</summary>
    public OwnershipGraph Stakes => _stakes;

    /// <summary>The profile applied.</summary>
    public RuleProfile Rule { get; }

    /// <summary>The day.</summary>
    public DateOnly AsOf { get; }

    /// <summary>Whether the rule applied on <see cref="AsOf"/>.</summary>
    public bool RuleInForce { get; }

    /// <summary>Applies <paramref name="rule"/> to the whole graph as of <paramref name="asOf"/>.</summary>
    /// <param name="graph">The snapshot.</param>
    /// <param name="rule">The profile.</param>
    /// <param name="asOf">The day (listings, stakes and the rule's dates are read as of it).</param>
    /// <param name="lists">Lists seeding the rule instead of the profile's, when given.</param>
    /// <returns>The analysis.</returns>
    public static OwnershipAnalysis Run(GraphSnapshot graph, RuleProfile rule, DateOnly asOf, IReadOnlyList<string>? lists = null) =>
        new(graph, rule, asOf, lists);

    /// <summary>The status of a node.</summary>
    /// <param name="node">Node id.</param>
    /// <returns>The status.</returns>
    public BlockStatus StatusOf(int node) => _status[node];

    /// <summary>Every node that is blocked or possibly blocked.</summary>
    /// <returns>Node ids.</returns>
    public IEnumerable<int> Covered()
    {
        for (var n = 0; n < _status.Length; n++)
        {
            if (_status[n] != BlockStatus.NotBlocked)
            {
                yield return n;
            }
        }
    }

    /// <summary>The determination for one entity, with the owners, stakes and chains behind it.</summary>
    /// <param name="entityId">Entity id.</param>
    /// <returns>The determination.</returns>
    /// <exception cref="EntityNotFoundException">Unknown id.</exception>
    public OwnershipDetermination Determine(string entityId)
    {
        if (!Graph.TryGetNode(entityId, out var node))
        {
            throw new EntityNotFoundException(entityId, []);
        }

        var entity = Graph.Entity(node);
        var listings = Listings.Of(Graph, node, AsOf).Where(l => _lists.Contains(l.List.Id)).ToList();
        var contributions = new List<OwnershipContribution>();
        var chains = new List<IReadOnlyList<OwnershipStep>>();
        foreach (var (owner, stake) in _stakes.ByOwned.Owned(node))
        {
            if (_status[owner] == BlockStatus.NotBlocked)
            {
                continue;
            }

            var rel = Graph.Relationship(_stakes.Edges[stake]);
            contributions.Add(new OwnershipContribution(Graph.Entity(owner), _status[owner], _stakes.Shares[stake], rel));
            chains.Add(ChainTo(owner, stake, node));
        }

        var near = _status[node] != BlockStatus.Blocked && Math.Max(_low[node], _high[node]) >= NearThresholdFrom;
        var inherited = !_seed[node] && _status[node] != BlockStatus.NotBlocked && _inheritedRank[node] < int.MaxValue
            ? RankName(_inheritedRank[node])
            : null;
        var explanation = Explain(entity, node, listings, contributions, near, inherited);
        var cycle = Analytics.OwnershipCycles.Through(Graph, node, AsOf);
        if (cycle is not null)
        {
            explanation += $" It sits in an ownership cycle of {cycle.Members.Count} part{(cycle.Members.Count == 1 ? "y" : "ies")}: {string.Join(" → ", cycle.Loop.Select(s => s.Owner.Name).Append(entity.Name))}.";
        }

        if (ListsWithoutData.Count > 0 && _status[node] != BlockStatus.Blocked)
        {
            var names = string.Join(", ", ListsWithoutData.Select(id => Graph.FindEntity(id) is { } list ? $"{list.Name} ({id})" : id));
            explanation += $" No {names} data is loaded: this is not a clearance.";
        }

        return new OwnershipDetermination(entity, Rule, AsOf, RuleInForce, _status[node], listings, _low[node], _high[node], near,
            contributions, chains, inherited, explanation)
        {
            ListsWithoutData = ListsWithoutData,
            Cycle = cycle,
        };
    }

    private static bool HasEntries(GraphSnapshot graph, string list)
    {
        if (!graph.TryGetNode(list, out var node))
        {
            return false;
        }

        var listedOn = -1;
        for (var t = 0; t < graph.EdgeTypeNames.Count; t++)
        {
            listedOn = graph.EdgeTypeNames[t] == RelationshipTypes.ListedOn ? t : listedOn;
        }

        foreach (var edge in graph.EdgesAt(node, Direction.In))
        {
            if (graph.EdgeType(edge) == listedOn)
            {
                return true;
            }
        }

        return false;
    }

    private string Explain(Entity entity, int node, List<Listing> listings, List<OwnershipContribution> contributions, bool near, string? inherited)
    {
        static string P(double v) => (v * 100).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) + " %";
        var day = AsOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        if (listings.Count > 0)
        {
            return $"{entity.Name} is listed on {string.Join(", ", listings.Select(l => l.List.Name))} as of {day}.";
        }

        if (!RuleInForce)
        {
            return $"{Rule.Name} is not in force on {day}; only listed parties are covered.";
        }

        if (Rule.NonUsOnly && IsUnitedStates(entity.Country))
        {
            return $"{Rule.Name} covers only entities outside the United States.";
        }

        var owners = contributions.Count == 0 ? "no covered owner" : string.Join(", ", contributions.Select(c => $"{c.Owner.Name} ({c.Share}, {Describe(c.OwnerStatus)})"));
        var status = _status[node] switch
        {
            BlockStatus.Blocked => $"blocked: covered owners hold {P(_low[node])} in the aggregate ({(Rule.Exceeds ? ">" : "≥")} {P(Rule.Threshold)})",
            BlockStatus.PossiblyBlocked => $"possibly blocked: covered owners hold {P(_low[node])} for certain and up to {P(_high[node])}; unknown or ranged stakes decide",
            _ => $"not blocked: covered owners hold {P(_low[node])}" + (_high[node] > _low[node] ? $" (at most {P(_high[node])})" : "") + (Rule.Exceeds ? $", not more than {P(Rule.Threshold)}" : $", below {P(Rule.Threshold)}"),
        };
        return $"{entity.Name} is {status}{(near ? " — near the threshold" : "")}; owners: {owners}" + (inherited is null ? "." : $"; carries the {inherited} listing down.");
    }

    private static string Describe(BlockStatus s) => s switch
    {
        BlockStatus.Blocked => "blocked",
        BlockStatus.PossiblyBlocked => "possibly blocked",
        _ => "not blocked",
    };

    /// <summary>One chain from a listed party down to <paramref name="node"/> through <paramref name="owner"/>, following the largest covered stake upward.</summary>
    private List<OwnershipStep> ChainTo(int owner, int stake, int node)
    {
        var steps = new List<OwnershipStep> { Step(stake) };
        var visited = new HashSet<int> { node, owner };
        var current = owner;
        while (!_seed[current])
        {
            int bestStake = -1, bestOwner = -1;
            foreach (var (o, s) in _stakes.ByOwned.Owned(current))
            {
                if (_status[o] != BlockStatus.NotBlocked && !visited.Contains(o) && (bestStake < 0 || _stakes.High[s] > _stakes.High[bestStake]))
                {
                    (bestStake, bestOwner) = (s, o);
                }
            }

            if (bestStake < 0)
            {
                break;
            }

            steps.Add(Step(bestStake));
            visited.Add(bestOwner);
            current = bestOwner;
        }

        steps.Reverse();
        return steps;
    }

    private OwnershipStep Step(int stake) =>
        new(Graph.Entity(_stakes.Owners[stake]), Graph.Entity(_stakes.OwnedNodes[stake]), _stakes.Shares[stake], Graph.Relationship(_stakes.Edges[stake]));

    /// <summary>The most restrictive list (lowest rank in the profile's severity order) carried down to each covered node.</summary>
    private int[] InheritRanks(List<int> seeds)
    {
        var rank = new int[_status.Length];
        Array.Fill(rank, int.MaxValue);
        var queue = new Queue<int>();
        foreach (var s in seeds)
        {
            foreach (var e in Graph.ListingIndex.EdgesOf(s))
            {
                var list = Graph.Entity(Graph.EdgeTarget(e)).Id;
                var r = Rule.Severity.ToList().IndexOf(list);
                if (r < 0 && _lists.Contains(list))
                {
                    r = Rule.Severity.Count;
                }

                if (r >= 0 && Graph.EdgeHoldsOn(e, AsOf.DayNumber))
                {
                    rank[s] = Math.Min(rank[s], r);
                }
            }

            queue.Enqueue(s);
        }

        while (queue.TryDequeue(out var owner))
        {
            foreach (var (owned, _) in _stakes.ByOwner.Owned(owner))
            {
                if (_status[owned] != BlockStatus.NotBlocked && rank[owner] < rank[owned])
                {
                    rank[owned] = rank[owner];
                    queue.Enqueue(owned);
                }
            }
        }

        return rank;
    }

    private string RankName(int rank) => rank < Rule.Severity.Count ? Rule.Severity[rank] : string.Join("/", _lists);

    private static bool IsUnitedStates(string? country) =>
        country is not null && (country.Equals("United States", StringComparison.OrdinalIgnoreCase)
            || country.Equals("USA", StringComparison.OrdinalIgnoreCase) || country.Equals("US", StringComparison.OrdinalIgnoreCase)
            || country.Equals("United States of America", StringComparison.OrdinalIgnoreCase));
}
