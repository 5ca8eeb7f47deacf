namespace SupplyGraph.Core.Resolution;

/// <summary>
/// A name's folded tokens with what <see cref="FuzzyScorer"/> needs of them computed once: each token's letters as
/// bits, the total length, whether any token has digits. Entities' names are scored against many records.
/// </summary>
public sealed class ScoredName
{
    /// <summary>Prepares <paramref name="tokens"/> for scoring.</summary>
    /// <param name="tokens">Folded tokens (<see cref="TokenFolding.Tokens"/>).</param>
    public ScoredName(string[] tokens)
    {
        Tokens = tokens;
        Letters = new ulong[tokens.Length];
        for (var i = 0; i < tokens.Length; i++)
        {
            foreach (var c in tokens[i])
            {
                Letters[i] |= 1UL << (c & 63);
                HasDigits |= char.IsAsciiDigit(c);
            }

            Length += tokens[i].Length;
        }
    }

    /// <summary>The folded tokens.</summary>
    public string[] Tokens { get; }

    /// <summary>Per token, its characters as bits (by code modulo 64: a collision only loosens a bound).</summary>
    public ulong[] Letters { get; }

    /// <summary>The tokens' lengths summed.</summary>
    public int Length { get; }

    /// <summary>Whether any token holds a digit.</summary>
    public bool HasDigits { get; }
}
