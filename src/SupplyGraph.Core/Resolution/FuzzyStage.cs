namespace SupplyGraph.Core.Resolution;

/// <summary>
/// Stage 3: token-set Jaro-Winkler over folded names (<see cref="TokenFolding"/>, <see cref="FuzzyScorer"/>).
/// Blocking keeps it linear: only names sharing a folded token or a three-letter token prefix with the record are
/// scored, tokens shared by very many names ("technology", "china") do not propose candidates, and only the
/// candidates sharing the most tokens are scored.
/// </summary>
/// <remarks>
/// Every record of an import runs this stage unless its name matched exactly, so shared-token counts live in a
/// generation-stamped array (no dictionary per record) and only the <see cref="MaxScored"/> best candidates are
/// ordered (a histogram of counts, no sort of every candidate): a 14,160-row list file spent half its resolution
/// time in those two.
/// Those buffers make an instance single-threaded, as an import is.
/// </remarks>
public sealed class FuzzyStage
{
    /// <summary>Postings longer than this are too common to propose candidates.</summary>
    public const int MaxPosting = 400;

    /// <summary>How many blocked candidates are scored per record name.</summary>
    public const int MaxScored = 40;

    private readonly List<(string Id, string Text, ScoredName Name)> _names = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _postings = new(StringComparer.Ordinal);
    private readonly List<int> _touched = [];
    private readonly List<int> _ties = [];
    private readonly List<(int Hits, int Index)> _top = new(MaxScored + 1);
    private int[] _hits = [];
    private int[] _stamp = [];
    private int _generation;

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
    /// <returns>(entity id, score, the two names that scored it).</returns>
    public List<(string Id, double Score, string RecordName, string EntityName)> Find(PartyDescription record, double floor)
    {
        var best = new Dictionary<string, (string Id, double Score, string RecordName, string EntityName)>(StringComparer.Ordinal);
        if (_hits.Length < _names.Count)
        {
            Array.Resize(ref _hits, Math.Max(_names.Count, _hits.Length * 2));
            Array.Resize(ref _stamp, _hits.Length);
        }

        var touched = _touched;
        var top = _top;
        var lookup = _postings.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> prefix = ['^', ' ', ' ', ' '];
        var scored = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in NameVariants.Texts(record.Name, record.Aliases))
        {
            // A variant that folds to the same tokens as an earlier one ("ROSNEFT TRADE LIMITED" beside "Rosneft Trade
            // Ltd.") scores the same candidates the same: the earlier already did.
            var tokens = TokenFolding.Tokens(text);
            if (tokens.Length == 0 || !scored.Add(string.Join(' ', tokens)))
            {
                continue;
            }

            NextGeneration();
            touched.Clear();
            foreach (var t in tokens)
            {
                Count(lookup, t, touched);
                if (t.Length > 3)
                {
                    t.AsSpan(0, 3).CopyTo(prefix[1..]);
                    Count(lookup, prefix, touched);
                }
            }

            // The MaxScored candidates sharing the most tokens, ties to the earlier-indexed name (as a full sort would).
            SelectTop(touched, top);
            var name = new ScoredName(tokens);
            foreach (var (_, index) in top)
            {
                var (id, entityText, entityName) = _names[index];
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
    /// The <see cref="MaxScored"/> touched names with the most shared tokens, ties to the earlier-indexed name, in that
    /// order. Counts are small numbers, so a histogram finds the cut-off count in one pass; only the names at the
    /// cut-off need ordering by index. (Inserting each candidate into a sorted list cost more than scoring them.)
    /// </summary>
    private void SelectTop(List<int> touched, List<(int Hits, int Index)> top)
    {
        top.Clear();
        var maxHits = 0;
        foreach (var n in touched)
        {
            maxHits = Math.Max(maxHits, _hits[n]);
        }

        Span<int> histogram = maxHits < 256 ? stackalloc int[maxHits + 1] : new int[maxHits + 1];
        histogram.Clear();
        foreach (var n in touched)
        {
            histogram[_hits[n]]++;
        }

        // Names with more hits than the cut-off are all taken; at the cut-off, the earliest-indexed fill the rest.
        var cutoff = maxHits;
        var above = 0;
        while (cutoff > 0 && above + histogram[cutoff] <= MaxScored)
        {
            above += histogram[cutoff];
            cutoff--;
        }

        _ties.Clear();
        foreach (var n in touched)
        {
            var hits = _hits[n];
            if (hits > cutoff)
            {
                top.Add((hits, n));
            }
            else if (hits == cutoff && cutoff > 0)
            {
                _ties.Add(n);
            }
        }

        if (_ties.Count > 0)
        {
            _ties.Sort();
            for (var i = 0; i < _ties.Count && top.Count < MaxScored; i++)
            {
                top.Add((cutoff, _ties[i]));
            }
        }

        top.Sort(static (x, y) => x.Hits != y.Hits ? y.Hits.CompareTo(x.Hits) : x.Index.CompareTo(y.Index));
    }

    private void NextGeneration()
    {
        if (++_generation == int.MaxValue)
        {
            Array.Clear(_stamp);
            _generation = 1;
        }
    }

    private void Count(Dictionary<string, List<int>>.AlternateLookup<ReadOnlySpan<char>> postings, ReadOnlySpan<char> token, List<int> touched)
    {
        if (!postings.TryGetValue(token, out var list) || list.Count > MaxPosting)
        {
            return;
        }

        foreach (var n in list)
        {
            if (_stamp[n] != _generation)
            {
                _stamp[n] = _generation;
                _hits[n] = 0;
                touched.Add(n);
            }

            _hits[n]++;
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
