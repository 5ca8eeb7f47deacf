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

    /// <summary>How many blocked candidates are looked at per record name, excluded ones included.</summary>
    public const int MaxExamined = 200;

    private readonly List<(string Id, string Text, ScoredName Name)> _names = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _postings = new(StringComparer.Ordinal);
    private readonly List<int> _touched = [];
    private readonly List<int> _top = [];
    private readonly List<List<int>> _buckets = [];
    private int[] _counts = [];
    private int[] _stamps = [];
    private int _stamp;

    /// <summary>Indexes an entity's names.</summary>
    /// <param name="entity">The entity.</param>
    public void Add(PartyDescription entity)
    {
        foreach (var text in NameVariants.Texts(entity.Name, entity.Aliases))
        {
            var tokens = TokenFolding.Tokens(text);
            if (!Scorable(tokens) || !_seen.Add(entity.Id + "\n" + string.Join(' ', tokens)))
            {
                continue;
            }

            var index = _names.Count;
            _names.Add((entity.Id, text, new ScoredName(tokens)));
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
    /// <param name="exclude">Entities the record must not join, left out before scoring so that they take no candidate's place.</param>
    /// <returns>(entity id, score, the two names that scored it).</returns>
    public List<(string Id, double Score, string RecordName, string EntityName)> Find(PartyDescription record, double floor, Func<string, bool>? exclude = null)
    {
        var best = new Dictionary<string, (string Id, double Score, string RecordName, string EntityName)>(StringComparer.Ordinal);
        var scored = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in NameVariants.Texts(record.Name, record.Aliases))
        {
            // A variant that folds to the same tokens as an earlier one ("ROSNEFT TRADE LIMITED" beside "Rosneft Trade
            // Ltd.") scores the same candidates the same: the earlier already did.
            var tokens = TokenFolding.Tokens(text);
            if (!Scorable(tokens) || !scored.Add(string.Join(' ', tokens)))
            {
                continue;
            }

            BeginCount();
            foreach (var t in tokens)
            {
                Count(t);
                if (t.Length > 3)
                {
                    Count("^" + t[..3]);
                }
            }

            var name = new ScoredName(tokens);
            foreach (var n in TopHits(exclude))
            {
                var (id, entityText, entityName) = _names[n];
                var score = FuzzyScorer.Score(name, entityName, floor);
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

    /// <summary>
    /// Whether a name is long enough to score: a single short word is an acronym or a brand ("CSC" and "CSCC", "Higon"
    /// and "Hygon" name different parties), which only the exact stages may match.
    /// </summary>
    private static bool Scorable(string[] tokens) => tokens.Length > 1 || (tokens.Length == 1 && tokens[0].Length >= MinSingleWord);

    /// <summary>The shortest single-word name that fuzzy scoring compares.</summary>
    public const int MinSingleWord = 6;

    private void BeginCount()
    {
        if (_counts.Length < _names.Count)
        {
            Array.Resize(ref _counts, Math.Max(_names.Count, _counts.Length * 2));
            Array.Resize(ref _stamps, _counts.Length);
        }

        _touched.Clear();
        _stamp++;
    }

    /// <summary>Counts one more shared token for every name in the token's posting (generation-stamped, no clearing).</summary>
    private void Count(string token)
    {
        if (!_postings.TryGetValue(token, out var list) || list.Count > MaxPosting)
        {
            return;
        }

        foreach (var n in list)
        {
            if (_stamps[n] != _stamp)
            {
                _stamps[n] = _stamp;
                _counts[n] = 0;
                _touched.Add(n);
            }

            _counts[n]++;
        }
    }

    /// <summary>
    /// The <see cref="MaxScored"/> names sharing the most tokens that the record may join, ties by index, looking at no
    /// more than <see cref="MaxExamined"/> names: a bucket pass by count, no comparer sort.
    /// </summary>
    private List<int> TopHits(Func<string, bool>? exclude)
    {
        _top.Clear();
        var max = 0;
        foreach (var n in _touched)
        {
            max = Math.Max(max, _counts[n]);
        }

        while (_buckets.Count <= max)
        {
            _buckets.Add([]);
        }

        for (var c = 0; c <= max; c++)
        {
            _buckets[c].Clear();
        }

        foreach (var n in _touched)
        {
            _buckets[_counts[n]].Add(n);
        }

        var examined = 0;
        for (var c = max; c > 0; c--)
        {
            // Only the buckets taken are sorted, for a deterministic order: the low ones are the long ones.
            _buckets[c].Sort();
            foreach (var n in _buckets[c])
            {
                if (_top.Count == MaxScored || examined++ == MaxExamined)
                {
                    return _top;
                }

                if (exclude is null || !exclude(_names[n].Id))
                {
                    _top.Add(n);
                }
            }
        }

        return _top;
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
