using SupplyGraph.Core.Model;
using SupplyGraph.Core.Resolution;

namespace SupplyGraph.Core.Import;

/// <summary>The running counts of one source file, kept as an import goes (a chunked import forgets its changes).</summary>
internal sealed class SourceTally(string source)
{
    private readonly Dictionary<string, int> _joinedBy = new(StringComparer.Ordinal);

    public string Source { get; } = source;

    public string? Format { get; set; }

    public int Records { get; private set; }

    public int Joined { get; private set; }

    public int Created { get; private set; }

    public int Review { get; private set; }

    public int EntitiesCreated { get; set; }

    public int EntitiesUpdated { get; set; }

    public int EntitiesDeleted { get; set; }

    public int RelationshipsCreated { get; set; }

    public int RelationshipsUpdated { get; set; }

    public int RelationshipsDeleted { get; set; }

    public void Add(ResolutionDecision decision)
    {
        Records++;
        switch (decision.Outcome)
        {
            case ResolutionOutcome.Join:
                Joined++;
                var rule = Rule(decision.MatchedBy);
                _joinedBy[rule] = _joinedBy.GetValueOrDefault(rule) + 1;
                break;
            case ResolutionOutcome.Review:
                Review++;
                break;
            default:
                Created++;
                break;
        }
    }

    /// <summary>The rule without its score ("fuzzy 0.97" → "fuzzy", "alias+fuzzy 0.86" → "alias+fuzzy"), so that counts group.</summary>
    public static string Rule(string matchedBy)
    {
        if (matchedBy.Length == 0)
        {
            return "unknown";
        }

        var space = matchedBy.LastIndexOf(' ');
        return space > 0 && double.TryParse(matchedBy.AsSpan(space + 1), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)
            ? matchedBy[..space]
            : matchedBy;
    }

    public ImportSourceReport ToReport(IReadOnlyList<InputError> problems) => new()
    {
        Source = Source,
        Format = Format,
        Records = Records,
        Joined = Joined,
        JoinedBy = new SortedDictionary<string, int>(_joinedBy, StringComparer.Ordinal),
        Created = Created,
        QueuedForReview = Review,
        Refused = problems.Select(p => p.Location).Distinct().Count(),
        Problems = problems,
        EntitiesCreated = EntitiesCreated,
        EntitiesUpdated = EntitiesUpdated,
        EntitiesDeleted = EntitiesDeleted,
        RelationshipsCreated = RelationshipsCreated,
        RelationshipsUpdated = RelationshipsUpdated,
        RelationshipsDeleted = RelationshipsDeleted,
    };

    /// <summary>The sum of several sources' reports.</summary>
    public static ImportSourceReport Sum(IReadOnlyList<ImportSourceReport> sources)
    {
        var joinedBy = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var s in sources)
        {
            foreach (var (rule, n) in s.JoinedBy)
            {
                joinedBy[rule] = joinedBy.GetValueOrDefault(rule) + n;
            }
        }

        return new ImportSourceReport
        {
            Source = "total",
            Records = sources.Sum(s => s.Records),
            Joined = sources.Sum(s => s.Joined),
            JoinedBy = joinedBy,
            Created = sources.Sum(s => s.Created),
            QueuedForReview = sources.Sum(s => s.QueuedForReview),
            Refused = sources.Sum(s => s.Refused),
            Problems = [.. sources.SelectMany(s => s.Problems)],
            EntitiesCreated = sources.Sum(s => s.EntitiesCreated),
            EntitiesUpdated = sources.Sum(s => s.EntitiesUpdated),
            EntitiesDeleted = sources.Sum(s => s.EntitiesDeleted),
            RelationshipsCreated = sources.Sum(s => s.RelationshipsCreated),
            RelationshipsUpdated = sources.Sum(s => s.RelationshipsUpdated),
            RelationshipsDeleted = sources.Sum(s => s.RelationshipsDeleted),
        };
    }
}
