using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace SupplyGraph.Core.Text;

/// <summary>
/// Turns names into comparable tokens: accents dropped, lower case, punctuation removed, and legal-form words
/// ("Co., Ltd.", "LLC") left out, so that "Suma Techology Co., Ltd." and "suma technology" share tokens.
/// </summary>
public static class NameNormalizer
{
    private static readonly FrozenSet<string> Noise = new[]
    {
        "co", "ltd", "inc", "llc", "corp", "corporation", "company", "limited", "gmbh", "plc", "sa", "ag", "jsc",
        "pjsc", "ojsc", "cjsc", "ooo", "oao", "zao", "pte", "sdn", "bhd", "srl", "bv", "nv", "the", "of", "and",
        "joint", "stock", "liability",
        // Russian and Ukrainian legal forms as transliterated (Obshchestvo s Ogranichennoy Otvetstvennostyu is "LLC").
        "ao", "pao", "tov", "obshchestvo", "s", "ogranichennoy", "ogranichennoi", "otvetstvennostyu", "otvetstvennostiu",
        "otvetstvennostju", "aktsionernoe", "aktsionernoye", "aktsionerne", "zakrytoe", "zakrytoye", "otkrytoe", "otkrytoye",
        "publichnoe", "publichnoye", "tovarystvo", "z", "obmezhenoyu", "obmezhenoiu", "vidpovidalnistyu", "vidpovidalnistiu",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Tokens of <paramref name="name"/> without legal-form words (all tokens when only those remain).</summary>
    /// <param name="name">A name.</param>
    /// <returns>The tokens.</returns>
    public static string[] Tokens(string name)
    {
        var all = RawTokens(name);
        var kept = 0;
        foreach (var t in all)
        {
            kept += Noise.Contains(t) ? 0 : 1;
        }

        if (kept == all.Length || kept == 0)
        {
            return all;
        }

        var result = new string[kept];
        var n = 0;
        foreach (var t in all)
        {
            if (!Noise.Contains(t))
            {
                result[n++] = t;
            }
        }

        return result;
    }

    /// <summary>The normalized form used for exact comparison: tokens joined by single spaces.</summary>
    /// <param name="name">A name.</param>
    /// <returns>The key.</returns>
    public static string Key(string name)
    {
        // Resolution keys every name several times (the record, its variants, then the entity it becomes): remember
        // the last few thousand per thread rather than tokenizing again.
        var cache = _keys ??= new Dictionary<string, string>(StringComparer.Ordinal);
        if (cache.TryGetValue(name, out var key))
        {
            return key;
        }

        if (cache.Count >= KeyCacheSize)
        {
            cache.Clear();
        }

        key = string.Join(' ', Tokens(name));
        cache[name] = key;
        return key;
    }

    private const int KeyCacheSize = 8_192;

    [ThreadStatic]
    private static Dictionary<string, string>? _keys;

    /// <summary>
    /// One pass over the name: letters and digits lower-cased into tokens, apostrophes, dots and combining marks
    /// dropped without splitting ("U.S.A." → usa), anything else a separator. Entity resolution tokenizes every name
    /// of every record and entity, so ASCII names (most) skip Unicode decomposition and category lookups.
    /// </summary>
    private static string[] RawTokens(string name)
    {
        var ascii = System.Text.Ascii.IsValid(name);
        var text = ascii ? name : name.Normalize(NormalizationForm.FormD);
        var buffer = text.Length <= 256 ? stackalloc char[text.Length] : new char[text.Length];
        var tokens = new List<string>(8);
        var length = 0;
        foreach (var c in text)
        {
            if (c is '\'' or '’' or '.' || (!ascii && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark))
            {
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                buffer[length++] = char.ToLowerInvariant(c);
            }
            else if (length > 0)
            {
                tokens.Add(new string(buffer[..length]));
                length = 0;
            }
        }

        if (length > 0)
        {
            tokens.Add(new string(buffer[..length]));
        }

        return [.. tokens];
    }

    /// <summary>
    /// Optimal-string-alignment distance (Levenshtein plus adjacent transposition), giving up above
    /// <paramref name="max"/>.
    /// </summary>
    /// <param name="a">First string.</param>
    /// <param name="b">Second string.</param>
    /// <param name="max">Largest distance of interest.</param>
    /// <returns>The distance, or <paramref name="max"/> + 1 when larger.</returns>
    public static int EditDistance(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int max)
    {
        if (Math.Abs(a.Length - b.Length) > max)
        {
            return max + 1;
        }

        Span<int> prev2 = stackalloc int[b.Length + 1];
        Span<int> prev = stackalloc int[b.Length + 1];
        Span<int> cur = stackalloc int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            prev[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            var rowMin = cur[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var v = Math.Min(Math.Min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    v = Math.Min(v, prev2[j - 2] + 1);
                }

                cur[j] = v;
                rowMin = Math.Min(rowMin, v);
            }

            if (rowMin > max)
            {
                return max + 1;
            }

            var t = prev2;
            prev2 = prev;
            prev = cur;
            cur = t;
        }

        return Math.Min(prev[b.Length], max + 1);
    }
}
