using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Text;

namespace SupplyGraph.Core.Tests.Support;

/// <summary>
/// The name index as it was before it followed the base + delta split (one dictionary of postings and a record per
/// entry, built over the whole snapshot, with an edit distance against every token of the vocabulary): the oracle the
/// new index is compared with. Two ties it left to dictionary order are made explicit, as the new index breaks them:
/// a node whose names score equally keeps the first (lowest entry), and equal hits are ordered by node id.
/// </summary>
public sealed class LegacyNameIndex
{
    private readonly NameEntry[] _entries;
    private readonly Dictionary<string, List<int>> _postings = new(StringComparer.Ordinal);
    private readonly string[] _vocabulary;

    /// <summary>Indexes the names and aliases of every entity of <paramref name="graph"/>.</summary>
    /// <param name="graph">The graph.</param>
    public LegacyNameIndex(GraphSnapshot graph)
    {
        var entries = new List<NameEntry>(graph.LiveNodeCount * 2);
        for (var n = 0; n < graph.NodeCount; n++)
        {
            if (!graph.IsLiveNode(n))
            {
                continue;
            }

            var entity = graph.Entity(n);
            Add(entries, n, entity.Name);
            foreach (var alias in entity.Aliases)
            {
                Add(entries, n, alias);
            }

            // "… (SMIC)" is known as SMIC; the parenthetical is an alias the publisher wrote into the name.
            foreach (var name in entity.Aliases.Prepend(entity.Name))
            {
                if (SupplyGraph.Core.Resolution.NameVariants.Parenthetical(name) is { } p)
                {
                    Add(entries, n, p.Content);
                    Add(entries, n, p.Outer);
                }
            }

            // Identifiers are found as exact names: `find 5493001KJTIIGC8Y1R12` is the LEI holder.
            foreach (var value in entity.Identifiers.Values)
            {
                Add(entries, n, value);
            }
        }

        _entries = [.. entries];
        _vocabulary = [.. _postings.Keys];
    }

    /// <summary>Searches names and aliases.</summary>
    /// <param name="query">What the user typed.</param>
    /// <param name="limit">Most hits to return (one per entity).</param>
    /// <returns>Hits, best first, one per entity.</returns>
    public IReadOnlyList<NameHit> Search(string query, int limit)
    {
        var tokens = NameNormalizer.Tokens(query);
        if (tokens.Length == 0)
        {
            return [];
        }

        var best = new Dictionary<int, (NameHit Hit, int Entry)>();
        Collect(tokens, best);
        if (tokens.Length > 1)
        {
            Collect([string.Concat(tokens)], best);
        }

        return [.. best.Values
            .Select(b => b.Hit)
            .OrderByDescending(h => h.Score)
            .ThenBy(h => h.MatchedName.Length)
            .ThenBy(h => h.MatchedName, StringComparer.Ordinal)
            .ThenBy(h => h.Node)
            .Take(limit)];
    }

    private void Collect(string[] queryTokens, Dictionary<int, (NameHit Hit, int Entry)> best)
    {
        // entry -> (sum of token scores, tokens matched)
        var acc = new Dictionary<int, (double Sum, int Matched)>();
        for (var qi = 0; qi < queryTokens.Length; qi++)
        {
            var perEntry = new Dictionary<int, double>();
            foreach (var (token, score) in SimilarTokens(queryTokens[qi]))
            {
                foreach (var entry in _postings[token])
                {
                    if (!perEntry.TryGetValue(entry, out var s) || s < score)
                    {
                        perEntry[entry] = score;
                    }
                }
            }

            foreach (var (entry, score) in perEntry)
            {
                acc.TryGetValue(entry, out var a);
                if (a.Matched == qi)
                {
                    acc[entry] = (a.Sum + score, qi + 1);
                }
            }
        }

        var queryKey = string.Join(' ', queryTokens);
        foreach (var (entryId, (sum, matched)) in acc)
        {
            if (matched != queryTokens.Length)
            {
                continue;
            }

            var entry = _entries[entryId];
            // Fewer query tokens than name tokens ("nettrix" for "Nettrix Information Industry") costs a little.
            var score = entry.Key == queryKey
                ? 1.0
                : Math.Min(0.99, sum / queryTokens.Length * (0.7 + (0.3 * Math.Min(1.0, (double)queryTokens.Length / entry.TokenCount))));

            if (!best.TryGetValue(entry.Node, out var current) || current.Hit.Score < score || (current.Hit.Score == score && entryId < current.Entry))
            {
                best[entry.Node] = (new NameHit(entry.Node, score, entry.Name), entryId);
            }
        }
    }

    /// <summary>The tokens close to <paramref name="q"/>, by a scan of the whole vocabulary.</summary>
    public IEnumerable<(string Token, double Score)> SimilarTokens(string q)
    {
        var maxEdits = q.Length >= 8 ? 2 : q.Length >= 4 ? 1 : 0;
        foreach (var token in _vocabulary)
        {
            if (token.Length == q.Length && token == q)
            {
                yield return (token, 1.0);
            }
            else if (q.Length >= 3 && token.Length > q.Length && token.StartsWith(q, StringComparison.Ordinal))
            {
                yield return (token, 0.85);
            }
            else if (maxEdits > 0 && Math.Abs(token.Length - q.Length) <= maxEdits)
            {
                var d = NameNormalizer.EditDistance(q, token, maxEdits);
                if (d <= maxEdits)
                {
                    yield return (token, d == 1 ? 0.8 : 0.65);
                }
            }
        }
    }

    private void Add(List<NameEntry> entries, int node, string name)
    {
        var tokens = NameNormalizer.Tokens(name);
        if (tokens.Length == 0)
        {
            return;
        }

        var id = entries.Count;
        entries.Add(new NameEntry(node, name, string.Join(' ', tokens), tokens.Length));
        foreach (var t in tokens.Distinct())
        {
            Post(t, id);
        }

        if (tokens.Length > 1)
        {
            Post(string.Concat(tokens), id);
        }
    }

    private void Post(string token, int entry)
    {
        if (!_postings.TryGetValue(token, out var list))
        {
            _postings[token] = list = [];
        }

        if (list.Count == 0 || list[^1] != entry)
        {
            list.Add(entry);
        }
    }

    private sealed record NameEntry(int Node, string Name, string Key, int TokenCount);
}
