using System.Collections;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Text;

namespace SupplyGraph.Core.Engine;

/// <summary>
/// Token index over entity names, aliases, parenthetical short forms and identifiers for case-insensitive, alias-aware, typo-tolerant search.
/// Each query token must match a token of the name exactly, as a prefix, or within a small edit distance.
/// </summary>
/// <remarks>
/// A snapshot's index is its base's table (built once per base and shared by every snapshot on it), with the hits of
/// nodes the delta deleted or changed dropped, and a small table of the delta's new and changed entities.
/// Hits are ordered by score, then by the length of the name matched, the name, and the node id; a node whose names
/// score equally shows the first of them (name, aliases, parenthetical parts, identifiers).
/// </remarks>
public sealed class NameIndex
{
    /// <summary>Score from which a single best hit is taken as the entity the user meant.</summary>
    public const double ConfidentScore = 0.8;

    /// <summary>How far the best hit must lead the next for a name to be taken as unambiguous.</summary>
    public const double ClearMargin = 0.1;

    private const int BaseTable = 0;
    private const int DeltaTable = 1;

    private readonly NameTable _base;
    private readonly NameTable _delta;
    private readonly Func<int, bool>? _changedSinceBase;
    private readonly Func<int, Entity> _entity;

    internal NameIndex(NameTable baseTable, NameTable deltaTable, Func<int, bool>? changedSinceBase, Func<int, Entity> entity)
    {
        _base = baseTable;
        _delta = deltaTable;
        _changedSinceBase = changedSinceBase;
        _entity = entity;
    }

    /// <summary>The index of <paramref name="graph"/>: its base's table, and a table of the entities its delta added or changed.</summary>
    internal static NameIndex For(GraphSnapshot graph)
    {
        var delta = graph.Delta;
        var baseTable = graph.Base.Names.Table;
        if (delta.Nodes.Count == 0)
        {
            return new NameIndex(baseTable, NameTable.Empty, null, graph.Entity);
        }

        var changed = new List<(int Node, Entity Entity)>(delta.Nodes.Count);
        foreach (var (node, entity) in delta.Nodes)
        {
            if (entity is not null)
            {
                changed.Add((node, entity));
            }
        }

        changed.Sort((a, b) => a.Node.CompareTo(b.Node));
        return new NameIndex(baseTable, NameTable.Build(changed), delta.Nodes.ContainsKey, graph.Entity);
    }

    /// <summary>Searches names and aliases.</summary>
    /// <param name="query">What the user typed.</param>
    /// <param name="limit">Most hits to return (one per entity).</param>
    /// <returns>Hits, best first, one per entity; the names matched are read when a hit is first looked at.</returns>
    public IReadOnlyList<NameHit> Search(string query, int limit)
    {
        var tokens = NameNormalizer.Tokens(query);
        if (tokens.Length == 0 || limit <= 0)
        {
            return [];
        }

        string[]? joined = tokens.Length > 1 ? [string.Concat(tokens)] : null;
        var best = new Dictionary<int, NameCandidate>();
        _base.Collect(tokens, _changedSinceBase, BaseTable, best);
        if (joined is not null)
        {
            _base.Collect(joined, _changedSinceBase, BaseTable, best);
        }

        if (_delta.EntryCount > 0)
        {
            _delta.Collect(tokens, null, DeltaTable, best);
            if (joined is not null)
            {
                _delta.Collect(joined, null, DeltaTable, best);
            }
        }

        return best.Count == 0 ? [] : new HitList(this, [.. best.Values], limit);
    }

    private NameTable TableOf(in NameCandidate c) => c.Table == BaseTable ? _base : _delta;

    private int NameLength(in NameCandidate c) => TableOf(c).NameLengthOf(c.Entry);

    private string NameOf(in NameCandidate c) => NameTable.NamesOf(_entity(c.Node))[TableOf(c).OrdinalOf(c.Entry)];

    /// <summary>
    /// Hits in order. Candidates are sorted by score, name length and node; a run of equal score and length is put in
    /// name order when first looked at, so a search with many hits reads only the records of the hits it shows.
    /// </summary>
    private sealed class HitList : IReadOnlyList<NameHit>
    {
        private readonly NameIndex _index;
        private readonly NameCandidate[] _candidates;
        private readonly string?[] _names;
        private readonly NameHit?[] _hits;

        public HitList(NameIndex index, NameCandidate[] candidates, int limit)
        {
            _index = index;
            Array.Sort(candidates, (a, b) =>
            {
                var c = b.Score.CompareTo(a.Score);
                if (c == 0)
                {
                    c = index.NameLength(a).CompareTo(index.NameLength(b));
                }

                return c != 0 ? c : a.Node.CompareTo(b.Node);
            });
            _candidates = candidates;
            _names = new string?[candidates.Length];
            Count = Math.Min(limit, candidates.Length);
            _hits = new NameHit?[Count];
        }

        public int Count { get; }

        public NameHit this[int index]
        {
            get
            {
                ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
                if (_hits[index] is { } hit)
                {
                    return hit;
                }

                OrderRunOf(index);
                var c = _candidates[index];
                return _hits[index] = new NameHit(c.Node, c.Score, _names[index]!);
            }
        }

        public IEnumerator<NameHit> GetEnumerator()
        {
            for (var i = 0; i < Count; i++)
            {
                yield return this[i];
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        /// <summary>Reads the names of the run of equal score and name length holding <paramref name="index"/>, and orders it by name.</summary>
        private void OrderRunOf(int index)
        {
            if (_names[index] is not null)
            {
                return;
            }

            var c = _candidates[index];
            var length = _index.NameLength(c);
            bool Same(int i) => _candidates[i].Score == c.Score && _index.NameLength(_candidates[i]) == length;
            var start = index;
            while (start > 0 && Same(start - 1))
            {
                start--;
            }

            var end = index + 1;
            while (end < _candidates.Length && Same(end))
            {
                end++;
            }

            var run = new (string Name, NameCandidate Candidate)[end - start];
            for (var i = start; i < end; i++)
            {
                run[i - start] = (_index.NameOf(_candidates[i]), _candidates[i]);
            }

            Array.Sort(run, static (a, b) =>
            {
                var c = string.CompareOrdinal(a.Name, b.Name);
                return c != 0 ? c : a.Candidate.Node.CompareTo(b.Candidate.Node);
            });
            for (var i = start; i < end; i++)
            {
                (_names[i], _candidates[i]) = run[i - start];
            }
        }
    }
}

/// <summary>A name-index hit.</summary>
/// <param name="Node">Node id.</param>
/// <param name="Score">0–1; 1 for an exact name or alias.</param>
/// <param name="MatchedName">The name or alias that matched.</param>
public sealed record NameHit(int Node, double Score, string MatchedName);
