using System.Globalization;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Review;

namespace SupplyGraph.Core.Resolution;

/// <summary>
/// Decides which entity a record is, in stages: identifiers (<see cref="IdentifierStage"/>), then name and alias
/// keys (<see cref="NameStage"/>), then fuzzy scoring (<see cref="FuzzyStage"/>); every proposal passes the
/// <see cref="ResolutionGuards"/>. Deterministic: candidates are tried in a fixed order (strength, then id).
/// The graph is indexed once; <see cref="Index(Entity)"/> keeps the index current as an import adds entities.
/// </summary>
public sealed class EntityResolver
{
    /// <summary>Fuzzy score from which a record joins automatically.</summary>
    public const double JoinThreshold = 0.95;

    /// <summary>Fuzzy score from which a record becomes a review item.</summary>
    public const double ReviewThreshold = 0.85;

    private readonly Dictionary<string, PartyDescription> _entities = new(StringComparer.Ordinal);
    private readonly IdentifierStage _identifiers = new();
    private readonly NameStage _names = new();
    private readonly FuzzyStage _fuzzy = new();

    /// <summary>Indexes <paramref name="entities"/>.</summary>
    /// <param name="entities">The graph's entities.</param>
    public EntityResolver(IEnumerable<Entity> entities)
    {
        foreach (var e in entities)
        {
            Index(e);
        }
    }

    /// <summary>What people decided in the review queue; consulted before every other stage.</summary>
    public DecisionStage Decisions { get; init; } = DecisionStage.None;

    /// <summary>Number of indexed entities.</summary>
    public int Count => _entities.Count;

    /// <summary>Indexes (or re-indexes, after a change) one entity.</summary>
    /// <param name="entity">The entity.</param>
    public void Index(Entity entity) => Index(Describe(entity));

    /// <summary>Indexes a description; countries and dates of birth accumulate over re-indexing of one id.</summary>
    /// <param name="entity">The description.</param>
    public void Index(PartyDescription entity)
    {
        if (_entities.TryGetValue(entity.Id, out var old))
        {
            // An entity holds one country; the records joined to it may be listed under several (a list's country headings).
            entity.Countries.UnionWith(old.Countries);
            if (entity.BirthDates.Count == 0 && old.BirthDates.Count > 0)
            {
                entity = entity with { BirthDates = old.BirthDates };
            }
        }

        _entities[entity.Id] = entity;
        _identifiers.Add(entity);
        _names.Add(entity);
        _fuzzy.Add(entity);
    }

    /// <summary>The indexed description of an entity, or null.</summary>
    /// <param name="id">Entity id.</param>
    /// <returns>The description.</returns>
    public PartyDescription? Find(string id) => _entities.GetValueOrDefault(id);

    /// <summary>Decides which entity <paramref name="record"/> is.</summary>
    /// <param name="record">The record.</param>
    /// <param name="exclude">Entities the record must not join (e.g. other parties of the same file).</param>
    /// <returns>The decision.</returns>
    public ResolutionDecision Resolve(PartyDescription record, Func<string, bool>? exclude = null)
    {
        var split = CompoundName.Split(record.Name);
        var blocked = new List<string>();
        ResolutionDecision? review = null;

        // A person's decision on this record comes first: the same row meets the same decision on every import.
        if (Decisions.Accepted(record.Id) is { } accepted && Candidate(accepted.Candidate.EntityId, exclude) is not null)
        {
            var d = accepted.Decision!;
            return new ResolutionDecision(ResolutionOutcome.Join, accepted.Candidate.EntityId, "review:accepted", accepted.Score,
                [$"{ReviewJson.StatusName(d.Status)} in review {accepted.Id} by {d.By}"], split);
        }

        if (Decisions.Count > 0)
        {
            var inner = exclude;
            exclude = id => Decisions.Rejects(record.Id, id) || (inner is not null && inner(id));
        }

        foreach (var (id, scheme) in _identifiers.Find(record))
        {
            if (Candidate(id, exclude) is not { } candidate)
            {
                continue;
            }

            var rule = "identifier:" + scheme;
            var verdict = ResolutionGuards.Check(record, candidate);
            if (verdict.Blocked)
            {
                blocked.Add($"{id}: {verdict.Reason}");
            }
            else if (verdict.Review)
            {
                review ??= new ResolutionDecision(ResolutionOutcome.Review, id, rule, 1, [$"same {scheme}", verdict.Reason!], split);
            }
            else
            {
                return new ResolutionDecision(ResolutionOutcome.Join, id, rule, 1, [$"same {scheme}"], split);
            }
        }

        var names = _names.Find(record);
        for (var i = 0; i < names.Count; i++)
        {
            var (id, recordKind, entityKind, key) = names[i];
            if (Candidate(id, exclude) is not { } candidate)
            {
                continue;
            }

            var kind = NameStage.Strength(recordKind, entityKind);
            var rule = kind.ToString().ToLowerInvariant();
            var why = $"'{key}' is the {Describe(recordKind)} of the record and the {Describe(entityKind)} of {id}";
            var verdict = ResolutionGuards.Check(record, candidate);
            if (verdict.Blocked)
            {
                blocked.Add($"{id}: {verdict.Reason}");
                continue;
            }

            // Two names that each lost a suffix may be two branches ("…, Beijing" and "…, Shanghai"). A short name
            // names too many things to join on alone, unless a full name is close as well: a bare acronym ("CASC",
            // "CNOOC"), a group's short form ("China Telecom" of China Telecom Group, which China Telecom Corporation
            // Limited also reduces to), or a short alias that both sides only list ("China Unicom").
            var shortName = kind != NameKind.Name && (IsAcronym(key)
                || (entityKind == NameKind.Alias && IsShortFormOf(key, candidate.Name))
                || (recordKind == NameKind.Alias && IsShortFormOf(key, record.Name))
                || (recordKind is NameKind.Alias or NameKind.Transliteration && entityKind != NameKind.Name && key.Count(c => c == ' ') < 2));
            var weak = (recordKind == NameKind.Suffix && entityKind == NameKind.Suffix) || shortName;
            var support = shortName && !verdict.Review && recordKind != NameKind.Suffix ? AcronymCorroboration.Support(record, candidate, key) : 0;
            if (support >= AcronymCorroboration.Threshold && Rival(record, names, i, exclude) is null)
            {
                var corroborated = $"{rule}+fuzzy {support.ToString("0.00", CultureInfo.InvariantCulture)}";
                return new ResolutionDecision(ResolutionOutcome.Join, id, corroborated, 1,
                    [why, $"and a full name scores {support.ToString("0.000", CultureInfo.InvariantCulture)} against {id}'s"], split);
            }

            if (verdict.Review || weak)
            {
                review ??= new ResolutionDecision(ResolutionOutcome.Review, id, rule, 1, [why, verdict.Reason ?? "too weak a name match to join alone"], split);
                continue;
            }

            if (Rival(record, names, i, exclude) is { } rival)
            {
                // Two parties answer to the name equally well: a person decides which, if either, the record is.
                review ??= new ResolutionDecision(ResolutionOutcome.Review, id, rule, 1, [why, $"'{key}' matches {rival} as well"], split);
                continue;
            }

            return new ResolutionDecision(ResolutionOutcome.Join, id, rule, 1, [why], split);
        }

        if (review is null)
        {
            foreach (var (id, score, recordName, entityName) in _fuzzy.Find(record, ReviewThreshold, exclude))
            {
                if (Candidate(id, exclude) is not { } candidate)
                {
                    continue;
                }

                var rule = "fuzzy " + score.ToString("0.00", CultureInfo.InvariantCulture);
                var why = $"'{recordName}' ~ '{entityName}' ({score.ToString("0.000", CultureInfo.InvariantCulture)})";
                var verdict = ResolutionGuards.Check(record, candidate);
                if (verdict.Blocked)
                {
                    blocked.Add($"{id}: {verdict.Reason}");
                    continue;
                }

                if (score >= JoinThreshold && !verdict.Review)
                {
                    return new ResolutionDecision(ResolutionOutcome.Join, id, rule, score, [why], split);
                }

                review = new ResolutionDecision(ResolutionOutcome.Review, id, rule, score, verdict.Reason is null ? [why] : [why, verdict.Reason], split);
                break;
            }
        }

        return review ?? new ResolutionDecision(ResolutionOutcome.New, null, "", 0, blocked, split);
    }

    /// <summary>What the resolver compares of an entity.</summary>
    /// <param name="e">The entity.</param>
    /// <returns>The description.</returns>
    public static PartyDescription Describe(Entity e)
    {
        var countries = new HashSet<string>(StringComparer.Ordinal);
        CountryMatcher.Add(countries, e.Country, Text(e.Properties.GetValueOrDefault("address")));
        return new PartyDescription
        {
            Id = e.Id,
            Label = e.PrimaryLabel == NodeLabels.Unidentified ? NodeLabels.Party : e.PrimaryLabel,
            Name = e.Name,
            Aliases = e.Aliases,
            Countries = countries,
            Identifiers = e.Identifiers,
            BirthDates = BirthDates(e.Properties),
        };
    }

    /// <summary>Dates of birth from the properties readers write them to (<c>datesOfBirth</c>, <c>birthDate</c>).</summary>
    /// <param name="properties">Entity or record properties.</param>
    /// <returns>Dates as published, trimmed.</returns>
    public static List<string> BirthDates(IReadOnlyDictionary<string, object?> properties)
    {
        var dates = new List<string>();
        foreach (var key in (ReadOnlySpan<string>)["datesOfBirth", "birthDate", "dateOfBirth"])
        {
            if (properties.GetValueOrDefault(key) is { } value)
            {
                foreach (var part in (Text(value) ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    dates.Add(part);
                }
            }
        }

        return dates;
    }

    private static string? Text(object? value) => value switch
    {
        string s => s,
        IReadOnlyList<object?> list => string.Join("; ", list),
        _ => null,
    };

    private static string Describe(NameKind kind) => kind switch
    {
        NameKind.Name => "name",
        NameKind.Alias => "alias",
        NameKind.Parenthetical => "parenthetical form",
        NameKind.Suffix => "name without its suffix",
        NameKind.Transliteration => "Latin transliteration",
        _ => "compound child",
    };

    /// <summary>A single word of at most six letters: an acronym or a brand that many parties share.</summary>
    private static bool IsAcronym(string key) => key.Length <= 6 && !key.Contains(' ', StringComparison.Ordinal);

    /// <summary>
    /// Whether <paramref name="key"/> is one or two words of <paramref name="name"/> with others left out ("china telecom"
    /// of "China Telecom Group"); a name without its abbreviation in brackets is the name, not a short form.
    /// </summary>
    private static bool IsShortFormOf(string key, string name)
    {
        var part = key.Split(' ');
        if (part.Length > 2)
        {
            return false;
        }

        var full = NameVariants.Key(NameVariants.Parenthetical(name)?.Outer ?? name).Split(' ');
        return part.Length < full.Length && Array.TrueForAll(part, t => Array.IndexOf(full, t) >= 0);
    }

    /// <summary>
    /// Another entity matched as well as match <paramref name="at"/> that the guards let join; or null. When the record's
    /// own name matched, an entity bearing it as its name is a better match than one listing it as an alias (a list names
    /// affiliates as aliases of their parent); when only the record's aliases matched, either kind is a rival.
    /// </summary>
    private string? Rival(PartyDescription record, List<(string Id, NameKind Record, NameKind Entity, string Key)> names, int at, Func<string, bool>? exclude)
    {
        var (_, recordKind, entityKind, _) = names[at];
        var byAlias = recordKind is NameKind.Alias or NameKind.Transliteration;
        var strength = NameStage.Strength(recordKind, entityKind);
        for (var j = 0; j < names.Count; j++)
        {
            if (j != at && names[j].Record == recordKind && (byAlias ? NameStage.Strength(names[j].Record, names[j].Entity) == strength : names[j].Entity == entityKind)
                && Candidate(names[j].Id, exclude) is { } other && !ResolutionGuards.Check(record, other).Blocked)
            {
                return names[j].Id;
            }
        }

        return null;
    }

    private PartyDescription? Candidate(string id, Func<string, bool>? exclude) =>
        exclude is not null && exclude(id) ? null : _entities.GetValueOrDefault(id);
}
