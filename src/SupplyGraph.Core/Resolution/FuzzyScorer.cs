namespace SupplyGraph.Core.Resolution;

/// <summary>
/// Token-set similarity of two folded names: every token is paired with its most similar token on the other side
/// (Jaro-Winkler), and the pairs are averaged weighted by token length over both sides, so that a missing word costs
/// as much as its length and the order of words does not matter. Words of up to four letters match only when equal
/// ("SMIC" is not "SMIT"). Some differences cap the score below the join threshold, so that a person decides: other
/// numbers ("33rd" and "31st Institute"), an abbreviation ("Tech. Dev." for "Technical Development"), and one word
/// more on one side with every other word matched ("Zhejiang Dahua Technology" and "Dahua Technology", a missing
/// patronymic), which also lifts the score to a review.
/// </summary>
public static class FuzzyScorer
{
    /// <summary>Token pairs less similar than this count as unmatched.</summary>
    public const double TokenFloor = 0.86;

    /// <summary>The highest score of two names whose numbers differ, or with an abbreviation or one word more: below the join threshold.</summary>
    public const double NumberCap = 0.9;

    /// <summary>The score of two names that differ by one word only: high enough for a review.</summary>
    public const double OneWordMore = 0.86;

    /// <summary>Words this short match only when equal.</summary>
    public const int ShortWord = 4;

    /// <summary>The similarity of two folded token sets, 0–1.</summary>
    /// <param name="a">First name's tokens.</param>
    /// <param name="b">Second name's tokens.</param>
    /// <param name="floor">
    /// Scores below this are of no interest: scoring stops (returning 0) as soon as the weight lost exceeds what the
    /// floor allows, which is most candidates after their first unmatched word.
    /// </param>
    /// <returns>The score.</returns>
    public static double Score(string[] a, string[] b, double floor = 0) => Score(new ScoredName(a), new ScoredName(b), floor);

    /// <summary>The similarity of two prepared names, 0 once it is sure to be below <paramref name="floor"/>.</summary>
    /// <param name="a">First name.</param>
    /// <param name="b">Second name.</param>
    /// <param name="floor">The lowest score of interest.</param>
    /// <returns>The score, exact when at least <paramref name="floor"/>.</returns>
    public static double Score(ScoredName a, ScoredName b, double floor)
    {
        var (na, nb) = (a.Tokens.Length, b.Tokens.Length);
        if (na == 0 || nb == 0)
        {
            return 0;
        }

        double total = a.Length + b.Length;
        // One word more on the longer side may still make a review, so its loss does not stop the scoring.
        var oneMore = na != nb && Math.Min(na, nb) >= 2;
        var tally = new Tally { AllowedLoss = (1 - floor) * total };
        if (!Side(a, b, ref tally, oneMore ? (na > nb ? 1 : 0) : -1, out var unmatchedA)
            || !Side(b, a, ref tally, oneMore ? (nb > na ? 1 : 0) : -1, out var unmatchedB))
        {
            return 0;
        }

        var score = tally.Matched / total;
        var capped = tally.Abbreviated || ((a.HasDigits || b.HasDigits) && NumbersDiffer(a.Tokens, b.Tokens));
        if (oneMore && (na > nb ? (unmatchedA, unmatchedB) : (unmatchedB, unmatchedA)) == (1, 0))
        {
            score = Math.Max(score, OneWordMore);
            capped = true;
        }

        return capped ? Math.Min(score, NumberCap) : score;
    }

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

    /// <summary>
    /// Pairs each token of <paramref name="from"/> with its best match; false once the loss exceeds the allowed loss and more
    /// than <paramref name="unmatchedAllowed"/> tokens are unmatched (-1: any loss over the allowed stops).
    /// </summary>
    private static bool Side(ScoredName from, ScoredName to, ref Tally tally, int unmatchedAllowed, out int unmatched)
    {
        unmatched = 0;
        for (var i = 0; i < from.Tokens.Length; i++)
        {
            var token = from.Tokens[i];
            // An equal token first: most matching names share most words, and equality is cheaper than Jaro-Winkler.
            var best = Array.IndexOf(to.Tokens, token) >= 0 ? 1.0 : 0.0;
            var abbreviation = false;
            for (var j = 0; j < to.Tokens.Length && best < 1; j++)
            {
                var other = to.Tokens[j];
                // Pairs that cannot reach the token floor (or the best so far) skip Jaro-Winkler: the bound is exact enough.
                var s = token.Length <= ShortWord || other.Length <= ShortWord
                    || !CanReach(token.Length, from.Letters[i], other.Length, to.Letters[j], Math.Max(best, TokenFloor))
                    ? 0
                    : JaroWinkler(token, other);
                if (s < TokenFloor && IsAbbreviation(token, other))
                {
                    (s, abbreviation) = (TokenFloor, true);
                }

                if (s > best)
                {
                    best = s;
                }
            }

            double weight = token.Length;
            // Numbers must be equal: "13th Research Institute" is not the 14th.
            if (best >= TokenFloor && !(IsNumber(token) && best < 1))
            {
                tally.Matched += weight * best;
                tally.Lost += weight * (1 - best);
                tally.Abbreviated |= abbreviation && best == TokenFloor;
            }
            else
            {
                tally.Lost += weight;
                unmatched++;
            }

            if (tally.Lost > tally.AllowedLoss && unmatched > unmatchedAllowed)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>"tech" for "technical", "dev" for "development": a word of three letters or more that starts a longer one.</summary>
    private static bool IsAbbreviation(string a, string b) =>
        a.Length >= 3 && b.Length >= 3 && !IsNumber(a) && !IsNumber(b)
        && (a.Length + 2 <= b.Length ? b.StartsWith(a, StringComparison.Ordinal) : b.Length + 2 <= a.Length && a.StartsWith(b, StringComparison.Ordinal));

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

    private struct Tally
    {
        public double Matched;
        public double Lost;
        public double AllowedLoss;
        public bool Abbreviated;
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
