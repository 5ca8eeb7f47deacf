using SupplyGraph.Core.Text;

namespace SupplyGraph.Core.Resolution;

/// <summary>
/// Folds name tokens so that common Latin transliteration variants compare equal before scoring: sh/ch/zh/kh
/// (Mashino/Machino), ts/tz/c (Kontsern/Koncern/Concern), x/ks, ou/u, ph/f, ck/k, y/i (-skiy/-sky/-skii), a final
/// -ij, w/v, and doubled letters. Cyrillic names are written in Latin letters first (<see cref="ScriptFolding"/>).
/// </summary>
public static class TokenFolding
{
    /// <summary>The folded tokens of <paramref name="name"/> (legal forms dropped, encoding loss repaired).</summary>
    /// <param name="name">A name.</param>
    /// <returns>Folded tokens.</returns>
    public static string[] Tokens(string name)
    {
        // A record's names are folded when it is resolved and again when it becomes an entity: remember the last few
        // thousand per thread (a copy is returned, the caller may change it).
        var cache = _folded ??= new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (cache.TryGetValue(name, out var known))
        {
            return (string[])known.Clone();
        }

        var tokens = NameNormalizer.Tokens(ScriptFolding.Fold(NameVariants.RepairEncodingLoss(name)));
        for (var i = 0; i < tokens.Length; i++)
        {
            tokens[i] = Fold(tokens[i]);
        }

        if (cache.Count >= CacheSize)
        {
            cache.Clear();
        }

        cache[name] = (string[])tokens.Clone();
        return tokens;
    }

    private const int CacheSize = 8_192;

    [ThreadStatic]
    private static Dictionary<string, string[]>? _folded;

    /// <summary>Folds one lower-case token.</summary>
    /// <param name="token">A token.</param>
    /// <returns>The folded token.</returns>
    public static string Fold(string token)
    {
        // x becomes ks: a folded token can be up to twice as long.
        Span<char> buffer = token.Length <= 64 ? stackalloc char[token.Length * 2] : new char[token.Length * 2];
        var n = 0;
        for (var i = 0; i < token.Length; i++)
        {
            var c = token[i];
            var next = i + 1 < token.Length ? token[i + 1] : '\0';
            if (next == 'h' && c is 's' or 'c' or 'z' or 'k')
            {
                // sh, ch, zh, kh: one sound, spelt differently by each transliteration scheme.
                Append(buffer, ref n, c == 'k' ? 'h' : 's');
                i++;
                continue;
            }

            if (c == 'p' && next == 'h')
            {
                Append(buffer, ref n, 'f');
                i++;
                continue;
            }

            if (c is 'o' or 'i' or 'y' && next == 'u')
            {
                // ou/u (Tupolev, Toupolev); iu, yu and ju for the one Cyrillic letter ю (Biuro, Byuro, Buro).
                Append(buffer, ref n, 'u');
                i++;
                continue;
            }

            if (c == 'c' && next == 'k')
            {
                Append(buffer, ref n, 'k');
                i++;
                continue;
            }

            if (c == 't' && next is 's' or 'z')
            {
                // Цех: Tsekh, Tzekh, Cekh; Kontsern and Concern.
                Append(buffer, ref n, 's');
                i++;
                continue;
            }

            if (c == 'c')
            {
                // Latin c reads s before e, i, y and k elsewhere: Centr/Tsentr, Concern/Kontsern.
                Append(buffer, ref n, next is 'e' or 'i' or 'y' ? 's' : 'k');
                continue;
            }

            if (c == 'x')
            {
                Append(buffer, ref n, 'k');
                Append(buffer, ref n, 's');
                continue;
            }

            if (c == 'i' && next == 'j' && i + 2 == token.Length)
            {
                // -skij, -skiy, -sky, -skii: one ending.
                Append(buffer, ref n, 'i');
                i++;
                continue;
            }

            Append(buffer, ref n, c switch { 'y' => 'i', 'w' => 'v', 'q' => 'k', _ => c });
        }

        // Most tokens fold to themselves: no new string then.
        return buffer[..n].SequenceEqual(token) ? token : new string(buffer[..n]);
    }

    private static void Append(Span<char> buffer, ref int n, char c)
    {
        // Doubled letters ("Mohammed"/"Mohamed") carry no information across transliterations.
        if (n == 0 || buffer[n - 1] != c || char.IsDigit(c))
        {
            buffer[n++] = c;
        }
    }
}
