namespace SupplyGraph.Core.Resolution;

/// <summary>
/// Stage 3: token-set Jaro-Winkler over folded names (<see cref="TokenFolding"/>, <see cref="FuzzyScorer"/>).
/// Blocking keeps it linear: only names sharing a folded token or a three-letter token prefix with the record are
/// scored, tokens shared by very many names ("technology", "china") do not propose candidates, and only the
/// candidates sharing the most tokens are scored.
/// </summary>
public sealed class FuzzyStage
{
    /// <summary>Postings longer than this are too common to propose candidates.</summary>
    public const int MaxPosting = 400;

    /// <summary>How many blocked candidates are scored per record name.</summary>
    public const int MaxScored = 40;

    private readonly List<(string Id, string Text, string[] Tokens)> _names = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _postings = new(StringComparer.Ordinal);

    /// <summary>Indexes an entity's names.</summary>
    /// <param name="entity">The entity.</param>
    public void Add(PartyDescription entity)
    {
        foreach (var text in NameVariants.Texts(entity.Name, entity.Aliases))
        {
            var tokens = TokenFolding.Tokens(text);
            if (tokens.Length == 0 || !_seen.Add(entity.Id + "\n" + string.Join(' ', tokens)))
            {
                continue;
            }

            var index = _names.Count;
            _names.Add((entity.Id, text, tokens));
            foreach (var t in tokens)
            {
                Post(t, index);
                if (t.Length > 3)
                {
                    Post("^" + t[..3], index);
                }
            }
        }
    }

    /// <summary>The best-scoring entities for the record, best first, at least <paramref name="floor"/>.</summary>
    /// <param name="record">The record.</param>
    /// <param name="floor">Lowest score of interest.</param>
    /// <returns>(entity id, score, the two names that scored it).</returns>
    public List<(string Id, double Score, string RecordName, string EntityName)> Find(PartyDescription record, double floor)
    {
        var best = new Dictionary<string, (string Id, double Score, string RecordName, string EntityName)>(StringComparer.Ordinal);
        var hits = new Dictionary<int, int>();
        foreach (var text in NameVariants.Texts(record.Name, record.Aliases))
        {
            var tokens = TokenFolding.Tokens(text);
            if (tokens.Length == 0)
            {
                continue;
            }

            hits.Clear();
            foreach (var t in tokens)
            {
                Count(t, hits);
                if (t.Length > 3)
                {
                    Count("^" + t[..3], hits);
                }
            }

            var ranked = new List<KeyValuePair<int, int>>(hits);
            ranked.Sort((x, y) => x.Value != y.Value ? y.Value.CompareTo(x.Value) : x.Key.CompareTo(y.Key));
            for (var i = 0; i < ranked.Count && i < MaxScored; i++)
            {
                var (id, entityText, entityTokens) = _names[ranked[i].Key];
                var score = FuzzyScorer.Score(tokens, entityTokens, floor);
                if (score >= floor && (!best.TryGetValue(id, out var old) || old.Score < score))
                {
                    best[id] = (id, score, text, entityText);
                }
            }
        }

        var result = new List<(string, double, string, string)>(best.Values);
        result.Sort((x, y) => x.Item2 != y.Item2 ? y.Item2.CompareTo(x.Item2) : string.CompareOrdinal(x.Item1, y.Item1));
        return result;
    }

    private void Count(string token, Dictionary<int, int> hits)
    {
        if (!_postings.TryGetValue(token, out var list) || list.Count > MaxPosting)
        {
            return;
        }

        foreach (var n in list)
        {
            hits[n] = hits.TryGetValue(n, out var c) ? c + 1 : 1;
        }
    }

    private void Post(string token, int index)
    {
        if (!_postings.TryGetValue(token, out var list))
        {
            _postings[token] = list = [];
        }

        if (list.Count == 0 || list[^1] != index)
        {
            list.Add(index);
        }
    }
}
