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
    public static double Score(string[] a, string[] b) => Score(new ScoredName(a), new ScoredName(b), 0);

    /// <summary>
    /// The similarity of two folded names when it is at least <paramref name="floor"/>; otherwise some value below
    /// <paramref name="floor"/>, found early: scoring stops once the unmatched tokens make the floor unreachable,
    /// which is most candidates of a blocked search.
    /// </summary>
    /// <param name="a">First name.</param>
    /// <param name="b">Second name.</param>
    /// <param name="floor">The lowest score of interest.</param>
    /// <returns>The score, exact when at least <paramref name="floor"/>.</returns>
    public static double Score(ScoredName a, ScoredName b, double floor)
    {
        if (a.Tokens.Length == 0 || b.Tokens.Length == 0)
        {
            return 0;
        }

        double total = a.Length + b.Length;
        var reachable = total;
        double matched = 0;
        if (!Side(a, b, ref matched, ref reachable, floor * total) || !Side(b, a, ref matched, ref reachable, floor * total))
        {
            return Math.Max(0, reachable / total);
        }

        var score = matched / total;
        // "… 33 Research Institute" and "… 31 Research Institute" are siblings however alike the rest: at most a review.
        return (a.HasDigits || b.HasDigits) && NumbersDiffer(a.Tokens, b.Tokens) ? Math.Min(score, NumberCap) : score;
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

    /// <summary>Adds one side's matched weight; false as soon as <paramref name="needed"/> is out of reach.</summary>
    private static bool Side(ScoredName from, ScoredName to, ref double matched, ref double reachable, double needed)
    {
        for (var i = 0; i < from.Tokens.Length; i++)
        {
            var token = from.Tokens[i];
            var best = 0.0;
            for (var j = 0; j < to.Tokens.Length && best < 1; j++)
            {
                // Pairs that cannot reach the token floor count as unmatched whatever their exact similarity.
                var s = token == to.Tokens[j] ? 1.0
                    : CanReach(token.Length, from.Letters[i], to.Tokens[j].Length, to.Letters[j], Math.Max(best, TokenFloor)) ? JaroWinkler(token, to.Tokens[j])
                    : 0;
                if (s > best)
                {
                    best = s;
                }
            }

            double weight = token.Length;
            // Numbers must be equal: "13th Research Institute" is not the 14th.
            if (best >= TokenFloor && !(IsNumber(token) && best < 1))
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
    /// Whether Jaro-Winkler of two strings can reach <paramref name="target"/>, from their lengths and letters alone:
    /// a character whose letter the other string lacks cannot match (each letter missing on one side costs at least
    /// one character), and the rest match at best without transpositions and with the full prefix bonus.
    /// </summary>
    private static bool CanReach(int sLength, ulong sLetters, int tLength, ulong tLetters, double target)
    {
        var possible = Math.Min(
            sLength - System.Numerics.BitOperations.PopCount(sLetters & ~tLetters),
            tLength - System.Numerics.BitOperations.PopCount(tLetters & ~sLetters));
        if (possible <= 0)
        {
            return false;
        }

        double m = possible;
        var jaro = ((m / sLength) + (m / tLength) + 1) / 3;
        return jaro + (0.4 * (1 - jaro)) >= target - 1e-9;
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
