using System.Text;
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
        var tokens = NameNormalizer.Tokens(ScriptFolding.Fold(NameVariants.RepairEncodingLoss(name)));
        for (var i = 0; i < tokens.Length; i++)
        {
            tokens[i] = Fold(tokens[i]);
        }

        return tokens;
    }

    /// <summary>Folds one lower-case token.</summary>
    /// <param name="token">A token.</param>
    /// <returns>The folded token.</returns>
    public static string Fold(string token)
    {
        var sb = new StringBuilder(token.Length);
        for (var i = 0; i < token.Length; i++)
        {
            var c = token[i];
            var next = i + 1 < token.Length ? token[i + 1] : '\0';
            if (next == 'h' && c is 's' or 'c' or 'z' or 'k')
            {
                // sh, ch, zh, kh: one sound, spelt differently by each transliteration scheme.
                Append(sb, c == 'k' ? 'h' : 's');
                i++;
                continue;
            }

            if (c == 'p' && next == 'h')
            {
                Append(sb, 'f');
                i++;
                continue;
            }

            if (c is 'o' or 'i' or 'y' && next == 'u')
            {
                // ou/u (Tupolev, Toupolev); iu, yu and ju for the one Cyrillic letter ю (Biuro, Byuro, Buro).
                Append(sb, 'u');
                i++;
                continue;
            }

            if (c == 'c' && next == 'k')
            {
                Append(sb, 'k');
                i++;
                continue;
            }

            if (c == 't' && next is 's' or 'z')
            {
                // Цех: Tsekh, Tzekh, Cekh; Kontsern and Concern.
                Append(sb, 's');
                i++;
                continue;
            }

            if (c == 'c')
            {
                // Latin c reads s before e, i, y and k elsewhere: Centr/Tsentr, Concern/Kontsern.
                Append(sb, next is 'e' or 'i' or 'y' ? 's' : 'k');
                continue;
            }

            if (c == 'x')
            {
                Append(sb, 'k');
                Append(sb, 's');
                continue;
            }

            if (c == 'i' && next == 'j' && i + 2 == token.Length)
            {
                // -skij, -skiy, -sky, -skii: one ending.
                Append(sb, 'i');
                i++;
                continue;
            }

            Append(sb, c switch { 'y' => 'i', 'w' => 'v', 'q' => 'k', _ => c });
        }

        return sb.ToString();
    }

    private static void Append(StringBuilder sb, char c)
    {
        // Doubled letters ("Mohammed"/"Mohamed") carry no information across transliterations.
        if (sb.Length == 0 || sb[^1] != c || char.IsDigit(c))
        {
            sb.Append(c);
        }
    }
}
