namespace SupplyGraph.Core.Resolution;

/// <summary>
/// Token-set similarity of two folded names: every token is paired with its most similar token on the other side
/// (Jaro-Winkler), and the pairs are averaged weighted by token length over both sides, so that a missing word costs
/// as much as its length and the order of words does not matter.
/// </summary>
public static class FuzzyScorer
{
    /// <summary>Token pairs less similar than this count as unmatched.</summary>
    public const double TokenFloor = 0.86;

    /// <summary>The similarity of two folded token sets, 0–1.</summary>
    /// <param name="a">First name's tokens.</param>
    /// <param name="b">Second name's tokens.</param>
    /// <returns>The score.</returns>
    public static double Score(string[] a, string[] b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return 0;
        }

        double matched = 0, total = 0;
        Side(a, b, ref matched, ref total);
        Side(b, a, ref matched, ref total);
        var score = total == 0 ? 0 : matched / total;
        // "… 33 Research Institute" and "… 31 Research Institute" are siblings however alike the rest: at most a review.
        return NumbersDiffer(a, b) ? Math.Min(score, NumberCap) : score;
    }

    /// <summary>The highest score of two names whose numbers differ: below the join threshold.</summary>
    public const double NumberCap = 0.9;

    private static bool NumbersDiffer(string[] a, string[] b)
    {
        var na = new HashSet<string>(StringComparer.Ordinal);
        var nb = new HashSet<string>(StringComparer.Ordinal);
        Digits(a, na);
        Digits(b, nb);
        return !na.SetEquals(nb);
    }

    /// <summary>The digits of every token that has some ("723rd" → 723, "4paradigm" → 4).</summary>
    private static void Digits(string[] tokens, HashSet<string> into)
    {
        foreach (var t in tokens)
        {
            var digits = new string(Array.FindAll(t.ToCharArray(), char.IsAsciiDigit));
            if (digits.Length > 0)
            {
                into.Add(digits);
            }
        }
    }

    private static bool IsNumber(string token)
    {
        foreach (var c in token)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static void Side(string[] from, string[] to, ref double matched, ref double total)
    {
        for (var i = 0; i < from.Length; i++)
        {
            var best = 0.0;
            for (var j = 0; j < to.Length && best < 1; j++)
            {
                var s = from[i] == to[j] ? 1.0 : JaroWinkler(from[i], to[j]);
                if (s > best)
                {
                    best = s;
                }
            }

            double weight = from[i].Length;
            total += weight;
            // Numbers must be equal: "13th Research Institute" is not the 14th.
            if (best >= TokenFloor && !(IsNumber(from[i]) && best < 1))
            {
                matched += weight * best;
            }
        }
    }

    /// <summary>Jaro-Winkler similarity with the usual prefix scale 0.1 over up to four characters.</summary>
    /// <param name="s">First string.</param>
    /// <param name="t">Second string.</param>
    /// <returns>0–1.</returns>
    public static double JaroWinkler(string s, string t)
    {
        if (s.Length == 0 || t.Length == 0)
        {
            return 0;
        }

        var range = Math.Max(0, (Math.Max(s.Length, t.Length) / 2) - 1);
        Span<bool> sMatched = stackalloc bool[s.Length];
        Span<bool> tMatched = stackalloc bool[t.Length];
        var matches = 0;
        for (var i = 0; i < s.Length; i++)
        {
            var lo = Math.Max(0, i - range);
            var hi = Math.Min(t.Length - 1, i + range);
            for (var j = lo; j <= hi; j++)
            {
                if (!tMatched[j] && s[i] == t[j])
                {
                    sMatched[i] = tMatched[j] = true;
                    matches++;
                    break;
                }
            }
        }

        if (matches == 0)
        {
            return 0;
        }

        var transpositions = 0;
        for (int i = 0, k = 0; i < s.Length; i++)
        {
            if (!sMatched[i])
            {
                continue;
            }

            while (!tMatched[k])
            {
                k++;
            }

            if (s[i] != t[k])
            {
                transpositions++;
            }

            k++;
        }

        double m = matches;
        var jaro = ((m / s.Length) + (m / t.Length) + ((m - (transpositions / 2.0)) / m)) / 3.0;
        var prefix = 0;
        while (prefix < 4 && prefix < s.Length && prefix < t.Length && s[prefix] == t[prefix])
        {
            prefix++;
        }

        return jaro + (prefix * 0.1 * (1 - jaro));
    }
}
