using System.Security.Cryptography;
using System.Text;
using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Resolution;

namespace SupplyGraph.Core.Screening;

/// <summary>
/// Screens counterparties against one snapshot: each row is resolved by the resolver imports use (identifier, name and
/// fuzzy stages, every guard), so an ambiguous row is reported as ambiguous and never guessed; a matched row is then
/// checked for its own listings, each rule profile's verdict, and listed parties within k hops, each with one evidenced
/// chain. The resolver index and one ownership analysis per rule are built once; each row then costs a resolution and
/// a bounded search.
/// </summary>
public sealed class Screener
{
    private readonly GraphSnapshot _graph;
    private readonly EntityResolver _resolver;
    private readonly IReadOnlyList<RuleEvaluation> _rules;
    private readonly ExposureQuery _exposure;
    private readonly ulong _notParties;

    /// <summary>Indexes <paramref name="graph"/> and runs each rule over it.</summary>
    /// <param name="graph">The snapshot screened against.</param>
    /// <param name="parameters">Rules, k, day and lists.</param>
    /// <param name="today">The day used when the parameters name none.</param>
    /// <exception cref="InvalidInputException">An unknown rule, or k out of range.</exception>
    public Screener(GraphSnapshot graph, ScreeningParameters parameters, DateOnly today)
    {
        if (parameters.K is < 0 or > ScreeningParameters.MaxK)
        {
            throw new InvalidInputException(new InputError(null, "k", $"k must be between 0 and {ScreeningParameters.MaxK}"));
        }

        _graph = graph;
        Parameters = parameters;
        AsOf = parameters.AsOf ?? today;
        _resolver = new EntityResolver(graph.Entities);
        _notParties = graph.LabelMask([NodeLabels.List, NodeLabels.Technology, NodeLabels.Unidentified]);
        var rules = new List<RuleEvaluation>();
        foreach (var id in parameters.Rules)
        {
            var profile = RuleProfiles.Defaults.FirstOrDefault(p => p.Id.Equals(id, StringComparison.OrdinalIgnoreCase))
                ?? throw new InvalidInputException(new InputError(null, "rules", $"unknown rule '{id}'; known: {string.Join(", ", RuleProfiles.Defaults.Select(p => p.Id))}"));
            rules.Add(RuleEvaluation.Run(graph, profile, AsOf));
        }

        _rules = rules;
        _exposure = new ExposureQuery
        {
            MaxHops = Math.Max(parameters.K, 1),
            AsOf = AsOf,
            Lists = parameters.Lists,
            Types = parameters.Types,
            MaxResults = ScreeningParameters.MaxHitsPerRow + 1,
        };
    }

    /// <summary>The parameters screened with.</summary>
    public ScreeningParameters Parameters { get; }

    /// <summary>The day screened as of.</summary>
    public DateOnly AsOf { get; }

    /// <summary>The snapshot screened against.</summary>
    public GraphSnapshot Graph => _graph;

    /// <summary>Screens every row, in order.</summary>
    /// <param name="rows">The rows.</param>
    /// <param name="progress">Receives the number of rows done, every 100 rows and at the end.</param>
    /// <param name="cancellationToken">Stops between rows.</param>
    /// <returns>One result per row.</returns>
    public IReadOnlyList<ScreeningRowResult> ScreenAll(IReadOnlyList<Counterparty> rows, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var results = new ScreeningRowResult[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            results[i] = Screen(rows[i]);
            if ((i + 1) % 100 == 0)
            {
                progress?.Report(i + 1);
            }
        }

        progress?.Report(rows.Count);
        return results;
    }

    /// <summary>Screens one row.</summary>
    /// <param name="row">The row.</param>
    /// <returns>The result, with the evidence for every flag.</returns>
    public ScreeningRowResult Screen(Counterparty row)
    {
        var match = Resolve(row);
        if (match.Outcome != RowMatch.Matched || !_graph.TryGetNode(match.EntityId!, out var node))
        {
            var verdict = match.Outcome == RowMatch.Ambiguous ? ScreeningVerdict.Ambiguous : ScreeningVerdict.NoMatch;
            return Result(row, match, verdict, [], [], []);
        }

        var listings = Listings.Of(_graph, node, AsOf).Where(l => Parameters.Lists is not { Count: > 0 } lists || lists.Contains(l.List.Id)).ToList();
        var rules = new List<RuleVerdict>(_rules.Count);
        foreach (var rule in _rules)
        {
            rules.Add(rule.Verdict(match.EntityId!));
        }

        IReadOnlyList<ExposureHit> exposure = [];
        if (Parameters.K > 0)
        {
            var result = Exposure.Of(_graph, [match.EntityId!], _exposure);
            exposure = [.. result.Hits.Where(h => h.Hops > 0).Take(ScreeningParameters.MaxHitsPerRow)];
        }

        var overall = listings.Count > 0 ? ScreeningVerdict.Listed
            : rules.Any(r => r.Status == BlockStatus.Blocked) ? ScreeningVerdict.Covered
            : rules.Any(r => r.Status == BlockStatus.PossiblyBlocked) ? ScreeningVerdict.PossiblyCovered
            : exposure.Count > 0 ? ScreeningVerdict.Exposed
            : ScreeningVerdict.Clear;
        return Result(row, match, overall, listings, rules, exposure);
    }

    /// <summary>A row as the resolver compares it, as an import's record would be.</summary>
    /// <param name="row">The row.</param>
    /// <returns>The description.</returns>
    public static PartyDescription Describe(Counterparty row)
    {
        var countries = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        CountryMatcher.Add(countries, row.Country);
        return new PartyDescription
        {
            Id = "screen:" + row.Row,
            Label = row.Type ?? NodeLabels.Party,
            Name = row.Name,
            Countries = countries,
            Identifiers = row.Identifiers,
            BirthDates = row.BirthDate is { } born ? [born] : [],
        };
    }

    private RowMatch Resolve(Counterparty row)
    {
        var decision = _resolver.Resolve(Describe(row), id => !_graph.TryGetNode(id, out var n) || _graph.NodeHasAnyLabel(n, _notParties));
        var name = decision.CandidateId is { } id ? _graph.FindEntity(id)?.Name : null;
        return decision.Outcome switch
        {
            ResolutionOutcome.Join => new RowMatch(RowMatch.Matched, decision.CandidateId, name, decision.MatchedBy, decision.Score, decision.Reasons),
            ResolutionOutcome.Review => new RowMatch(RowMatch.Ambiguous, decision.CandidateId, name, decision.MatchedBy, decision.Score, decision.Reasons),
            _ => new RowMatch(RowMatch.NoMatch, null, null, "", 0, decision.Reasons),
        };
    }

    private static ScreeningRowResult Result(Counterparty row, RowMatch match, ScreeningVerdict verdict, IReadOnlyList<Listing> listings, IReadOnlyList<RuleVerdict> rules, IReadOnlyList<ExposureHit> exposure)
    {
        var evidence = Evidence(match, listings, rules, exposure);
        return new ScreeningRowResult(row, match, verdict, listings, rules, exposure, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(evidence))))
        {
            Evidence = evidence,
        };
    }

    /// <summary>The evidence as ids and statuses only (no wording, no dates of the run), one fact a line, so that it changes only when the facts do.</summary>
    private static string Evidence(RowMatch match, IReadOnlyList<Listing> listings, IReadOnlyList<RuleVerdict> rules, IReadOnlyList<ExposureHit> exposure)
    {
        var text = new StringBuilder();
        text.Append("M|").Append(match.Outcome).Append('|').Append(match.EntityId).Append('\n');
        foreach (var l in listings)
        {
            text.Append("L|").Append(l.List.Id).Append('|').Append(l.Relationship.Id).Append('\n');
        }

        foreach (var r in rules)
        {
            text.Append("R|").Append(r.Rule).Append('|').Append(r.Status).Append('|').Append(r.Test);
            foreach (var step in r.Chain)
            {
                text.Append('|').Append(step.Relationship.Id);
            }

            text.Append('\n');
        }

        foreach (var h in exposure)
        {
            text.Append("E|").Append(h.Party.Id);
            foreach (var hop in h.Path.Hops)
            {
                text.Append('|').Append(hop.Relationship.Id);
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}
