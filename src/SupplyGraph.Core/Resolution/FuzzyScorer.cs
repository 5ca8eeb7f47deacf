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
    public static double Score(string[] a, string[] b, double floor = 0)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return 0;
        }

        double total = 0;
        foreach (var t in a)
        {
            total += t.Length;
        }

        foreach (var t in b)
        {
            total += t.Length;
        }

        // One word more on the longer side may still make a review, so its loss does not stop the scoring.
        var oneMore = a.Length != b.Length && Math.Min(a.Length, b.Length) >= 2;
        var tally = new Tally { AllowedLoss = (1 - floor) * total };
        if (!Side(a, b, ref tally, oneMore ? (a.Length > b.Length ? 1 : 0) : -1, out var unmatchedA)
            || !Side(b, a, ref tally, oneMore ? (b.Length > a.Length ? 1 : 0) : -1, out var unmatchedB))
        {
            return 0;
        }

        var score = tally.Matched / total;
        var capped = tally.Abbreviated || NumbersDiffer(a, b);
        if (oneMore && (a.Length > b.Length ? (unmatchedA, unmatchedB) : (unmatchedB, unmatchedA)) == (1, 0))
        {
            score = Math.Max(score, OneWordMore);
            capped = true;
        }

        return capped ? Math.Min(score, NumberCap) : score;
    }

    private static bool NumbersDiffer(string[] a, string[] b)
    {
        if (!HasDigit(a) && !HasDigit(b))
        {
            // Most names have no number: skip the sets.
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
    private static bool Side(string[] from, string[] to, ref Tally tally, int unmatchedAllowed, out int unmatched)
    {
        unmatched = 0;
        for (var i = 0; i < from.Length; i++)
        {
            var token = from[i];
            // An equal token first: most matching names share most words, and equality is cheaper than Jaro-Winkler.
            var best = Array.IndexOf(to, token) >= 0 ? 1.0 : 0.0;
            var abbreviation = false;
            for (var j = 0; j < to.Length && best < 1; j++)
            {
                var other = to[j];
                var s = token.Length <= ShortWord || other.Length <= ShortWord ? 0 : JaroWinkler(token, other);
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
