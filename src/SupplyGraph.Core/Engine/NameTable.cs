using SupplyGraph.Core.Model;
using SupplyGraph.Core.Text;

namespace SupplyGraph.Core.Engine;

/// <summary>
/// The name index of a set of entities in arrays: one ordinally sorted token table (the characters of every token once,
/// with offsets), postings as one entry-id array with offsets per token, and per entry its node, its tokens, and
/// which of the entity's names it is (the name string itself is read back from the record when a hit is shown).
/// </summary>
/// <remarks>
/// A base's table is built once and shared by every snapshot on that base; a snapshot's delta gets a small table of
/// its own. The former index held a record, a key string and a list per entry and a dictionary of postings: at 10M
/// entities its build took 35–60 s and held 2.5 GB, and every write threw it away; this one takes 15 s and 437 MB, once
/// per base (bench/README.md, name search).
/// Typo candidates come from a walk of the sorted table as a trie, pruned as soon as a prefix is more than the allowed
/// edits from the query, instead of an edit distance against every token of the vocabulary.
/// </remarks>
internal sealed class NameTable
{
    /// <summary>A table with no entries.</summary>
    public static NameTable Empty { get; } = Build([]);

    private readonly char[] _tokenChars;
    private readonly int[] _tokenStart;
    private readonly int[] _postingStart;
    private readonly int[] _postings;
    private readonly int[] _entryNode;
    private readonly int[] _entryOrdinal;
    private readonly int[] _entryNameLength;

    // Per entry its name's tokens in order, then, for a name of several tokens, their concatenation (posted as well).
    private readonly int[] _entryTokenStart;
    private readonly int[] _entryTokens;

    private NameTable(char[] tokenChars, int[] tokenStart, int[] postingStart, int[] postings, int[] entryNode, int[] entryOrdinal,
        int[] entryNameLength, int[] entryTokenStart, int[] entryTokens)
    {
        _tokenChars = tokenChars;
        _tokenStart = tokenStart;
        _postingStart = postingStart;
        _postings = postings;
        _entryNode = entryNode;
        _entryOrdinal = entryOrdinal;
        _entryNameLength = entryNameLength;
        _entryTokenStart = entryTokenStart;
        _entryTokens = entryTokens;
    }

    /// <summary>Distinct tokens.</summary>
    public int TokenCount => _tokenStart.Length - 1;

    /// <summary>Indexed names (an entity has one per name, alias, parenthetical part and identifier).</summary>
    public int EntryCount => _entryNode.Length;

    /// <summary>Bytes held by the table's arrays.</summary>
    public long Bytes => (2L * _tokenChars.Length) + (4L * (_tokenStart.Length + _postingStart.Length + _postings.Length + _entryNode.Length
        + _entryOrdinal.Length + _entryNameLength.Length + _entryTokenStart.Length + _entryTokens.Length));

    /// <summary>The node of entry <paramref name="entry"/>.</summary>
    public int NodeOf(int entry) => _entryNode[entry];

    /// <summary>Which of its entity's names (<see cref="NamesOf"/>) entry <paramref name="entry"/> is.</summary>
    public int OrdinalOf(int entry) => _entryOrdinal[entry];

    /// <summary>The length of entry <paramref name="entry"/>'s name, for ordering hits before their names are read.</summary>
    public int NameLengthOf(int entry) => _entryNameLength[entry];

    /// <summary>
    /// The names of an entity the index holds, in the order entries are made: name, aliases, the two parts of each
    /// parenthetical short form ("… (SMIC)" is known as SMIC), identifier values (`find 5493001KJTIIGC8Y1R12` is the LEI
    /// holder). Names without a token are in the list but get no entry.
    /// </summary>
    public static List<string> NamesOf(Entity entity)
    {
        var names = new List<string>(2 + entity.Aliases.Count + entity.Identifiers.Count) { entity.Name };
        names.AddRange(entity.Aliases);
        for (var i = 0; i <= entity.Aliases.Count; i++)
        {
            if (Resolution.NameVariants.Parenthetical(i == 0 ? entity.Name : entity.Aliases[i - 1]) is { } p)
            {
                names.Add(p.Content);
                names.Add(p.Outer);
            }
        }

        names.AddRange(entity.Identifiers.Values);
        return names;
    }

    /// <summary>Builds the table of <paramref name="entities"/>, given by ascending node id.</summary>
    public static NameTable Build(IEnumerable<(int Node, Entity Entity)> entities)
    {
        var builder = new Builder();
        foreach (var (node, entity) in entities)
        {
            builder.Add(node, entity);
        }

        return builder.Finish();
    }

    /// <summary>Takes entities one at a time (by ascending node id), then makes the table.</summary>
    public sealed class Builder
    {
        private readonly List<int> _entryNode = [];
        private readonly List<int> _entryOrdinal = [];
        private readonly List<int> _entryNameLength = [];
        private readonly List<int> _entryTokenStart = [];
        private readonly List<int> _entryTokens = [];

        // Tokens interned into one character pool (token id → start; the next start is its end) through an
        // open-addressing table of ids + 1: a dictionary of strings held a string and an entry per token, some 600 MB
        // of the build's peak at 10M distinct tokens.
        private char[] _chars = new char[1 << 12];
        private int[] _starts = new int[1 << 10];
        private int _tokenCount;
        private int[] _slots = new int[1 << 11];

        /// <summary>Indexes the names of <paramref name="entity"/>, node <paramref name="node"/>.</summary>
        public void Add(int node, Entity entity)
        {
            var names = NamesOf(entity);
            for (var ordinal = 0; ordinal < names.Count; ordinal++)
            {
                var nameTokens = NameNormalizer.Tokens(names[ordinal]);
                if (nameTokens.Length == 0)
                {
                    continue;
                }

                _entryNode.Add(node);
                _entryOrdinal.Add(ordinal);
                _entryNameLength.Add(names[ordinal].Length);
                _entryTokenStart.Add(_entryTokens.Count);
                foreach (var t in nameTokens)
                {
                    _entryTokens.Add(Intern(t));
                }

                if (nameTokens.Length > 1)
                {
                    _entryTokens.Add(Intern(string.Concat(nameTokens)));
                }
            }
        }

        /// <summary>The table of everything added.</summary>
        public NameTable Finish()
        {
            _entryTokenStart.Add(_entryTokens.Count);
            _slots = [];

            // Token ids become ranks in ordinal order, so that prefixes are ranges and the table can be walked as a trie.
            var order = new int[_tokenCount];
            for (var i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }

            Array.Sort(order, (a, b) => Pooled(a).SequenceCompareTo(Pooled(b)));
            var rank = new int[order.Length];
            var tokenStart = new int[order.Length + 1];
            for (var r = 0; r < order.Length; r++)
            {
                rank[order[r]] = r;
                tokenStart[r + 1] = tokenStart[r] + Pooled(order[r]).Length;
            }

            var tokenChars = new char[tokenStart[^1]];
            for (var r = 0; r < order.Length; r++)
            {
                Pooled(order[r]).CopyTo(tokenChars.AsSpan(tokenStart[r]));
            }

            _chars = [];
            var entryTokens = _entryTokens.ToArray();
            for (var i = 0; i < entryTokens.Length; i++)
            {
                entryTokens[i] = rank[entryTokens[i]];
            }

            var starts = _entryTokenStart.ToArray();
            var (postingStart, postings) = Post(starts, entryTokens, order.Length);
            return new NameTable(tokenChars, tokenStart, postingStart, postings, [.. _entryNode], [.. _entryOrdinal], [.. _entryNameLength], starts, entryTokens);
        }

        private ReadOnlySpan<char> Pooled(int id) => _chars.AsSpan(_starts[id], _starts[id + 1] - _starts[id]);

        private int Intern(string token)
        {
            var mask = _slots.Length - 1;
            var slot = string.GetHashCode(token.AsSpan()) & mask;
            for (; _slots[slot] != 0; slot = (slot + 1) & mask)
            {
                if (Pooled(_slots[slot] - 1).SequenceEqual(token))
                {
                    return _slots[slot] - 1;
                }
            }

            var id = _tokenCount++;
            var start = _starts[id];
            if (start + token.Length > _chars.Length)
            {
                Array.Resize(ref _chars, Math.Max(_chars.Length * 2, start + token.Length));
            }

            token.CopyTo(_chars.AsSpan(start));
            if (id + 2 > _starts.Length)
            {
                Array.Resize(ref _starts, _starts.Length * 2);
            }

            _starts[id + 1] = start + token.Length;
            _slots[slot] = id + 1;
            if (_tokenCount > _slots.Length / 2)
            {
                Rehash();
            }

            return id;
        }

        private void Rehash()
        {
            _slots = new int[_slots.Length * 2];
            var mask = _slots.Length - 1;
            for (var id = 0; id < _tokenCount; id++)
            {
                var slot = string.GetHashCode(Pooled(id)) & mask;
                while (_slots[slot] != 0)
                {
                    slot = (slot + 1) & mask;
                }

                _slots[slot] = id + 1;
            }
        }
    }

    /// <summary>Postings by token: each entry once per distinct token, in entry order (a counting sort).</summary>
    private static (int[] Start, int[] Postings) Post(int[] entryTokenStart, int[] entryTokens, int tokenCount)
    {
        var start = new int[tokenCount + 1];
        var last = new int[tokenCount];
        Array.Fill(last, -1);
        var entries = entryTokenStart.Length - 1;
        for (var e = 0; e < entries; e++)
        {
            for (var i = entryTokenStart[e]; i < entryTokenStart[e + 1]; i++)
            {
                var t = entryTokens[i];
                if (last[t] != e)
                {
                    last[t] = e;
                    start[t + 1]++;
                }
            }
        }

        for (var t = 0; t < tokenCount; t++)
        {
            start[t + 1] += start[t];
        }

        var postings = new int[start[tokenCount]];
        var fill = new int[tokenCount];
        Array.Copy(start, fill, tokenCount);
        Array.Fill(last, -1);
        for (var e = 0; e < entries; e++)
        {
            for (var i = entryTokenStart[e]; i < entryTokenStart[e + 1]; i++)
            {
                var t = entryTokens[i];
                if (last[t] != e)
                {
                    last[t] = e;
                    postings[fill[t]++] = e;
                }
            }
        }

        return (start, postings);
    }

    /// <summary>
    /// Entries that match every query token (exactly, as a prefix, or within a small edit distance), scored as the
    /// index always has: 1 for a name whose tokens are the query's, else the mean token score, less when the name has
    /// more tokens than the query. Each node keeps its best entry, the earliest of equals.
    /// </summary>
    /// <param name="queryTokens">Normalised query tokens.</param>
    /// <param name="hidden">Nodes whose entries here no longer count (deleted or changed since), or null.</param>
    /// <param name="table">Tag recorded with each candidate.</param>
    /// <param name="best">Node → best candidate so far, updated.</param>
    public void Collect(string[] queryTokens, Func<int, bool>? hidden, int table, Dictionary<int, NameCandidate> best)
    {
        var n = queryTokens.Length;
        var exact = new int[n];
        Dictionary<int, (double Sum, int Matched)>? acc = null;
        var similar = new List<(int Token, double Score)>();
        for (var qi = 0; qi < n; qi++)
        {
            exact[qi] = Find(queryTokens[qi]);
            similar.Clear();
            Similar(queryTokens[qi], exact[qi], similar);
            var perEntry = new Dictionary<int, double>();
            foreach (var (token, score) in similar)
            {
                for (var p = _postingStart[token]; p < _postingStart[token + 1]; p++)
                {
                    var entry = _postings[p];
                    if (!perEntry.TryGetValue(entry, out var s) || s < score)
                    {
                        perEntry[entry] = score;
                    }
                }
            }

            if (acc is null)
            {
                acc = new Dictionary<int, (double, int)>(perEntry.Count);
                foreach (var (entry, score) in perEntry)
                {
                    acc[entry] = (0.0 + score, 1);
                }
            }
            else
            {
                foreach (var (entry, score) in perEntry)
                {
                    if (acc.TryGetValue(entry, out var a) && a.Matched == qi)
                    {
                        acc[entry] = (a.Sum + score, qi + 1);
                    }
                }
            }

            if (acc.Count == 0)
            {
                return;
            }
        }

        foreach (var (entry, (sum, matched)) in acc!)
        {
            var node = _entryNode[entry];
            if (matched != n || (hidden is not null && hidden(node)))
            {
                continue;
            }

            var length = _entryTokenStart[entry + 1] - _entryTokenStart[entry];
            var tokenCount = length == 1 ? 1 : length - 1;
            // Fewer query tokens than name tokens ("nettrix" for "Nettrix Information Industry") costs a little.
            var score = IsKey(entry, exact, tokenCount)
                ? 1.0
                : Math.Min(0.99, sum / n * (0.7 + (0.3 * Math.Min(1.0, (double)n / tokenCount))));
            if (!best.TryGetValue(node, out var current) || current.Score < score || (current.Score == score && current.Table == table && entry < current.Entry))
            {
                best[node] = new NameCandidate(node, score, table, entry);
            }
        }
    }

    /// <summary>Whether the entry's tokens are exactly the query's, in order (its normalised name is the query's).</summary>
    private bool IsKey(int entry, int[] exact, int tokenCount)
    {
        if (tokenCount != exact.Length)
        {
            return false;
        }

        var at = _entryTokenStart[entry];
        for (var i = 0; i < exact.Length; i++)
        {
            if (_entryTokens[at + i] != exact[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The tokens close to <paramref name="q"/>: itself (1), longer tokens it begins (0.85), one edit (0.8), two (0.65).</summary>
    internal void Similar(string q, int exact, List<(int Token, double Score)> into)
    {
        if (exact >= 0)
        {
            into.Add((exact, 1.0));
        }

        if (q.Length >= 3)
        {
            for (var t = exact >= 0 ? exact + 1 : LowerBound(q); t < TokenCount && Token(t).StartsWith(q, StringComparison.Ordinal); t++)
            {
                into.Add((t, 0.85));
            }
        }

        var maxEdits = q.Length >= 8 ? 2 : q.Length >= 4 ? 1 : 0;
        if (maxEdits > 0 && TokenCount > 0)
        {
            new TypoWalk(this, q, maxEdits, exact, into).Run();
        }
    }

    /// <summary>The id of token <paramref name="token"/>, or -1.</summary>
    public int Find(ReadOnlySpan<char> token)
    {
        var t = LowerBound(token);
        return t < TokenCount && Token(t).SequenceEqual(token) ? t : -1;
    }

    /// <summary>Token <paramref name="t"/> as a string.</summary>
    public string TokenAt(int t) => new(Token(t));

    private ReadOnlySpan<char> Token(int t) => _tokenChars.AsSpan(_tokenStart[t], _tokenStart[t + 1] - _tokenStart[t]);

    /// <summary>The first token not ordinally less than <paramref name="s"/>.</summary>
    private int LowerBound(ReadOnlySpan<char> s)
    {
        int lo = 0, hi = TokenCount;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (Token(mid).SequenceCompareTo(s) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>
    /// The tokens within an optimal-string-alignment distance of the query, found by walking the sorted table as a trie
    /// with one row of the distance matrix per depth; a prefix whose row exceeds the limit everywhere is left, with
    /// every token below it (no later row can come back under the limit).
    /// </summary>
    private sealed class TypoWalk(NameTable table, string q, int maxEdits, int exact, List<(int Token, double Score)> into)
    {
        private readonly int _width = q.Length + 1;
        private readonly int[] _rows = new int[(q.Length + maxEdits + 1) * (q.Length + 1)];
        private readonly char[] _path = new char[q.Length + maxEdits];

        public void Run()
        {
            for (var j = 0; j < _width; j++)
            {
                _rows[j] = j;
            }

            Descend(0, 0, table.TokenCount);
        }

        /// <summary>Tokens [lo, hi) share the prefix of <paramref name="depth"/> characters whose row is at that depth.</summary>
        private void Descend(int depth, int lo, int hi)
        {
            var start = lo;
            if (table.Token(lo).Length == depth)
            {
                var d = _rows[(depth * _width) + q.Length];
                if (d <= maxEdits && lo != exact && !(q.Length >= 3 && depth > q.Length && table.Token(lo).StartsWith(q, StringComparison.Ordinal)))
                {
                    into.Add((lo, d == 1 ? 0.8 : 0.65));
                }

                start++;
            }

            if (depth == q.Length + maxEdits)
            {
                return;
            }

            while (start < hi)
            {
                var c = table.Token(start)[depth];
                var end = End(start, hi, depth, c);
                if (Row(depth, c) <= maxEdits)
                {
                    _path[depth] = c;
                    Descend(depth + 1, start, end);
                }

                start = end;
            }
        }

        /// <summary>The first token in [lo, hi) whose character at <paramref name="depth"/> is above <paramref name="c"/>.</summary>
        private int End(int lo, int hi, int depth, char c)
        {
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (table.Token(mid)[depth] <= c)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            return lo;
        }

        /// <summary>Fills the row for the prefix extended by <paramref name="c"/> at depth + 1; returns its minimum.</summary>
        private int Row(int depth, char c)
        {
            var prev = _rows.AsSpan(depth * _width, _width);
            var cur = _rows.AsSpan((depth + 1) * _width, _width);
            var prev2 = depth > 0 ? _rows.AsSpan((depth - 1) * _width, _width) : default;
            cur[0] = depth + 1;
            var min = cur[0];
            for (var j = 1; j < _width; j++)
            {
                var v = Math.Min(Math.Min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + (q[j - 1] == c ? 0 : 1));
                if (depth > 0 && j > 1 && q[j - 1] == _path[depth - 1] && q[j - 2] == c)
                {
                    v = Math.Min(v, prev2[j - 2] + 1);
                }

                cur[j] = v;
                min = Math.Min(min, v);
            }

            return min;
        }
    }
}

/// <summary>A node's best entry so far in a search: its score, and which table and entry it came from.</summary>
internal readonly record struct NameCandidate(int Node, double Score, int Table, int Entry);
