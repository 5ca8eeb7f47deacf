using SupplyGraph.Core.Resolution;

namespace SupplyGraph.Core.Tests.Resolution;

/// <summary>
/// The fast paths of <see cref="FuzzyScorer"/> (early exit below a floor, letter-set bound before Jaro-Winkler,
/// bit-mask Jaro-Winkler) must give the scores of the plain algorithm, or the evaluation's figures would drift.
/// </summary>
public sealed class FuzzyScorerTests
{
    // A small alphabet, so that random tokens are often similar and every branch (equal, near, far) is taken.
    private const string Alphabet = "aeioustnrkhz1";

    [Theory]
    [InlineData(0.5)] // a low floor: little is pruned
    [InlineData(EntityResolver.ReviewThreshold)] // the floor the resolver uses
    [InlineData(EntityResolver.JoinThreshold)] // a high floor: most is pruned
    public void Score_WithFloor_ExactAtOrAboveFloorAndBelowItOtherwise(double floor)
    {
        var random = new Random(7);
        var pruned = 0;
        for (var n = 0; n < 20_000; n++)
        {
            var a = Tokens(random);
            var b = random.NextDouble() < 0.5 ? Mutate(a, random) : Tokens(random);
            var full = ReferenceScore(a, b);
            var fast = FuzzyScorer.Score(new ScoredName(a), new ScoredName(b), floor);
            if (full >= floor)
            {
                Assert.Equal(full, fast);
            }
            else
            {
                Assert.True(fast < floor, $"{string.Join(' ', a)} / {string.Join(' ', b)}: {fast} for {full}");
                pruned += fast != full ? 1 : 0;
            }

            Assert.Equal(full, FuzzyScorer.Score(a, b));
        }

        // The early exit must actually happen, or the test proves nothing about it.
        Assert.True(pruned > 0);
    }

    [Fact]
    public void JaroWinkler_ShortAndLongStrings_SameAsTextbookAlgorithm()
    {
        var random = new Random(11);
        for (var n = 0; n < 20_000; n++)
        {
            // Up to 80 characters: both the one-word bit masks (≤ 64) and the array path.
            var s = Word(random, random.Next(1, 81));
            var t = random.NextDouble() < 0.5 ? Word(random, random.Next(1, 81)) : Mutate([s], random)[0];
            Assert.Equal(TextbookJaroWinkler(s, t), FuzzyScorer.JaroWinkler(s, t));
        }
    }

    [Fact]
    public void JaroWinkler_KnownPairs_TextbookValues()
    {
        // The classic examples (Winkler 1990, as in most references): MARTHA/MARHTA 0.961, DWAYNE/DUANE 0.84, DIXON/DICKSONX 0.813.
        Assert.Equal(0.961, FuzzyScorer.JaroWinkler("martha", "marhta"), 3);
        Assert.Equal(0.84, FuzzyScorer.JaroWinkler("dwayne", "duane"), 3);
        Assert.Equal(0.813, FuzzyScorer.JaroWinkler("dixon", "dicksonx"), 3);
    }

    private static string[] Tokens(Random random) =>
        [.. Enumerable.Range(0, random.Next(1, 6)).Select(_ => Word(random, random.Next(1, 10)))];

    private static string Word(Random random, int length) =>
        string.Create(length, random, (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Alphabet[r.Next(Alphabet.Length)];
            }
        });

    /// <summary>A near copy: one letter changed, dropped or added in some tokens, a token dropped or added.</summary>
    private static string[] Mutate(string[] tokens, Random random)
    {
        var result = tokens.Select(t =>
        {
            if (random.NextDouble() < 0.5 || t.Length < 2)
            {
                return t;
            }

            var i = random.Next(t.Length);
            return random.Next(3) switch
            {
                0 => t[..i] + Alphabet[random.Next(Alphabet.Length)] + t[(i + 1)..],
                1 => t.Remove(i, 1),
                _ => t.Insert(i, Alphabet[random.Next(Alphabet.Length)].ToString()),
            };
        }).ToList();
        if (random.NextDouble() < 0.2 && result.Count > 1)
        {
            result.RemoveAt(random.Next(result.Count));
        }
        else if (random.NextDouble() < 0.2)
        {
            result.Add(Word(random, random.Next(1, 8)));
        }

        return [.. result];
    }

    /// <summary>
    /// The scorer as specified, with no shortcuts: token-set Jaro-Winkler weighted by length; short words only when
    /// equal; an abbreviation, other numbers or one word more cap the score below a join (one word more lifts it to a review).
    /// </summary>
    private static double ReferenceScore(string[] a, string[] b)
    {
        double matched = 0, total = 0;
        var abbreviated = false;
        var unmatchedA = Side(a, b, ref matched, ref total, ref abbreviated);
        var unmatchedB = Side(b, a, ref matched, ref total, ref abbreviated);
        var score = matched / total;
        var digitsA = a.Select(t => new string([.. t.Where(char.IsAsciiDigit)])).Where(d => d.Length > 0).ToHashSet();
        var digitsB = b.Select(t => new string([.. t.Where(char.IsAsciiDigit)])).Where(d => d.Length > 0).ToHashSet();
        var capped = abbreviated || !digitsA.SetEquals(digitsB);
        var (longer, shorter) = a.Length > b.Length ? (unmatchedA, unmatchedB) : (unmatchedB, unmatchedA);
        if (a.Length != b.Length && Math.Min(a.Length, b.Length) >= 2 && longer == 1 && shorter == 0)
        {
            score = Math.Max(score, FuzzyScorer.OneWordMore);
            capped = true;
        }

        return capped ? Math.Min(score, FuzzyScorer.NumberCap) : score;

        static int Side(string[] from, string[] to, ref double matched, ref double total, ref bool abbreviated)
        {
            var unmatched = 0;
            foreach (var f in from)
            {
                var best = 0.0;
                var abbreviation = false;
                foreach (var t in to)
                {
                    var s = f == t ? 1.0 : f.Length <= FuzzyScorer.ShortWord || t.Length <= FuzzyScorer.ShortWord ? 0 : TextbookJaroWinkler(f, t);
                    if (s < FuzzyScorer.TokenFloor && IsAbbreviation(f, t))
                    {
                        (s, abbreviation) = (FuzzyScorer.TokenFloor, true);
                    }

                    best = Math.Max(best, s);
                }

                total += f.Length;
                if (best >= FuzzyScorer.TokenFloor && !(f.All(char.IsAsciiDigit) && best < 1))
                {
                    matched += f.Length * best;
                    abbreviated |= abbreviation && best == FuzzyScorer.TokenFloor;
                }
                else
                {
                    unmatched++;
                }
            }

            return unmatched;
        }

        static bool IsAbbreviation(string x, string y) =>
            x.Length >= 3 && y.Length >= 3 && !x.All(char.IsAsciiDigit) && !y.All(char.IsAsciiDigit)
            && ((x.Length + 2 <= y.Length && y.StartsWith(x, StringComparison.Ordinal)) || (y.Length + 2 <= x.Length && x.StartsWith(y, StringComparison.Ordinal)));
    }

    private static double TextbookJaroWinkler(string s, string t)
    {
        var range = Math.Max(0, (Math.Max(s.Length, t.Length) / 2) - 1);
        var sMatched = new bool[s.Length];
        var tMatched = new bool[t.Length];
        var matches = 0;
        for (var i = 0; i < s.Length; i++)
        {
            for (var j = Math.Max(0, i - range); j <= Math.Min(t.Length - 1, i + range); j++)
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

        var sOrder = s.Where((_, i) => sMatched[i]).ToArray();
        var tOrder = t.Where((_, j) => tMatched[j]).ToArray();
        var transpositions = sOrder.Where((c, k) => c != tOrder[k]).Count();
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
