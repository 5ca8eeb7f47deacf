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
    public static double Score(string[] a, string[] b) => Score(a, b, 0);

    /// <summary>
    /// The similarity of two folded token sets when it is at least <paramref name="floor"/>; otherwise some value
    /// below <paramref name="floor"/>, found early: scoring stops once the unmatched tokens make the floor
    /// unreachable, which is most candidates of a blocked search.
    /// </summary>
    /// <param name="a">First name's tokens.</param>
    /// <param name="b">Second name's tokens.</param>
    /// <param name="floor">The lowest score of interest.</param>
    /// <returns>The score, exact when at least <paramref name="floor"/>.</returns>
    public static double Score(string[] a, string[] b, double floor)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return 0;
        }

        double total = Length(a) + Length(b);
        var reachable = total;
        double matched = 0;
        if (!Side(a, b, ref matched, ref reachable, floor * total) || !Side(b, a, ref matched, ref reachable, floor * total))
        {
            return reachable / total;
        }

        var score = matched / total;
        // "… 33 Research Institute" and "… 31 Research Institute" are siblings however alike the rest: at most a review.
        return NumbersDiffer(a, b) ? Math.Min(score, NumberCap) : score;
    }

    /// <summary>The highest score of two names whose numbers differ: below the join threshold.</summary>
    public const double NumberCap = 0.9;

    private static bool NumbersDiffer(string[] a, string[] b)
    {
        if (!HasDigit(a) && !HasDigit(b))
        {
            return false;
        }

        var na = new HashSet<string>(StringComparer.Ordinal);
        var nb = new HashSet<string>(StringComparer.Ordinal);
        Digits(a, na);
        Digits(b, nb);
        return !na.SetEquals(nb);
    }

    private static bool HasDigit(string[] tokens)
    {
        foreach (var t in tokens)
        {
            if (t.AsSpan().IndexOfAnyInRange('0', '9') >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private static int Length(string[] tokens)
    {
        var n = 0;
        foreach (var t in tokens)
        {
            n += t.Length;
        }

        return n;
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

    /// <summary>Adds one side's matched weight; false as soon as <paramref name="needed"/> is out of reach.</summary>
    private static bool Side(string[] from, string[] to, ref double matched, ref double reachable, double needed)
    {
        for (var i = 0; i < from.Length; i++)
        {
            var best = 0.0;
            var letters = Letters(from[i]);
            for (var j = 0; j < to.Length && best < 1; j++)
            {
                // Pairs that cannot reach the token floor count as unmatched whatever their exact similarity.
                var s = from[i] == to[j] ? 1.0 : CanReach(from[i].Length, to[j], letters, Math.Max(best, TokenFloor)) ? JaroWinkler(from[i], to[j]) : 0;
                if (s > best)
                {
                    best = s;
                }
            }

            double weight = from[i].Length;
            // Numbers must be equal: "13th Research Institute" is not the 14th.
            if (best >= TokenFloor && !(IsNumber(from[i]) && best < 1))
            {
                matched += weight * best;
                reachable -= weight * (1 - best);
            }
            else
            {
                reachable -= weight;
            }

            if (needed > 0 && reachable < needed)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether Jaro-Winkler of a string of <paramref name="sLength"/> characters, whose letters are
    /// <paramref name="sLetters"/>, and <paramref name="t"/> can reach <paramref name="target"/>: at most the characters
    /// of <paramref name="t"/> that occur in the other string match, with no transpositions and the full prefix bonus.
    /// Costs one pass over <paramref name="t"/> instead of Jaro-Winkler's pass over every pair in range.
    /// </summary>
    private static bool CanReach(int sLength, string t, ulong sLetters, double target)
    {
        var possible = 0;
        foreach (var c in t)
        {
            possible += (int)((sLetters >> (c & 63)) & 1);
        }

        double m = Math.Min(possible, sLength);
        var jaro = ((m / sLength) + (m / t.Length) + 1) / 3;
        return jaro + (0.4 * (1 - jaro)) >= target - 1e-9;
    }

    /// <summary>The characters of a token as bits (by code modulo 64: a collision only loosens the bound).</summary>
    private static ulong Letters(string token)
    {
        ulong bits = 0;
        foreach (var c in token)
        {
            bits |= 1UL << (c & 63);
        }

        return bits;
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

        if (s.Length > 64 || t.Length > 64)
        {
            return JaroWinklerLong(s, t);
        }

        // Tokens are short: the matched flags fit one word each, with no buffer to clear.
        var range = Math.Max(0, (Math.Max(s.Length, t.Length) / 2) - 1);
        ulong sMatched = 0, tMatched = 0;
        var matches = 0;
        for (var i = 0; i < s.Length; i++)
        {
            var lo = Math.Max(0, i - range);
            var hi = Math.Min(t.Length - 1, i + range);
            var c = s[i];
            for (var j = lo; j <= hi; j++)
            {
                if ((tMatched & (1UL << j)) == 0 && c == t[j])
                {
                    sMatched |= 1UL << i;
                    tMatched |= 1UL << j;
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
        while (sMatched != 0)
        {
            if (s[System.Numerics.BitOperations.TrailingZeroCount(sMatched)] != t[System.Numerics.BitOperations.TrailingZeroCount(tMatched)])
            {
                transpositions++;
            }

            sMatched &= sMatched - 1;
            tMatched &= tMatched - 1;
        }

        return Finish(s, t, matches, transpositions);
    }

    private static double JaroWinklerLong(string s, string t)
    {
        var range = Math.Max(0, (Math.Max(s.Length, t.Length) / 2) - 1);
        var sMatched = new bool[s.Length];
        var tMatched = new bool[t.Length];
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

        return Finish(s, t, matches, transpositions);
    }

    private static double Finish(string s, string t, int matches, int transpositions)
    {
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
