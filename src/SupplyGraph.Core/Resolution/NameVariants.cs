using System.Text;
using System.Text.RegularExpressions;
using SupplyGraph.Core.Text;

namespace SupplyGraph.Core.Resolution;

/// <summary>
/// The exact-match keys of a party's names: name and aliases, trailing parentheticals as aliases, the name without a
/// city or sub-unit suffix, the child of a compound name, and the Latin form of a Cyrillic name. Keys are
/// <see cref="NameNormalizer.Key"/> of the text after <see cref="RepairEncodingLoss"/> and <see cref="ScriptFolding.FoldHan"/>.
/// </summary>
public static partial class NameVariants
{
    /// <summary>Every key of the party's names, each with the strongest kind that produced it.</summary>
    /// <param name="name">Display name.</param>
    /// <param name="aliases">Aliases.</param>
    /// <returns>Key → kind.</returns>
    public static Dictionary<string, NameKind> Keys(string name, IReadOnlyList<string> aliases)
    {
        var keys = new Dictionary<string, NameKind>(StringComparer.Ordinal);
        AddAll(keys, name, NameKind.Name);
        for (var i = 0; i < aliases.Count; i++)
        {
            AddAll(keys, aliases[i], NameKind.Alias);
        }

        if (CompoundName.Split(name) is { } split)
        {
            Add(keys, split.Child, NameKind.Compound);
        }

        return keys;
    }

    /// <summary>Every name the party is known by, for fuzzy scoring: names, aliases, parentheticals, compound child.</summary>
    /// <param name="name">Display name.</param>
    /// <param name="aliases">Aliases.</param>
    /// <returns>The texts.</returns>
    public static List<string> Texts(string name, IReadOnlyList<string> aliases)
    {
        var texts = new List<string>(aliases.Count + 3) { name };
        texts.AddRange(aliases);
        if (Parenthetical(name) is { } p)
        {
            texts.Add(p.Outer);
        }

        if (CompoundName.Split(name) is { } split)
        {
            texts.Add(split.Child);
        }

        return texts;
    }

    /// <summary>
    /// A trailing parenthetical that abbreviates or shortens the name it ends ("(SMIC)", "(Huawei)", "(CETC 13)"):
    /// the name without it and the content. Null for a place or note ("(Beijing)", "(See …)").
    /// </summary>
    /// <param name="name">A name.</param>
    /// <returns>The outer name and the content, or null.</returns>
    public static (string Outer, string Content)? Parenthetical(string name)
    {
        var m = Trailing().Match(name);
        if (!m.Success)
        {
            return null;
        }

        var outer = name[..m.Index].Trim().TrimEnd(',', ';');
        var content = m.Groups[1].Value.Trim();
        var outerTokens = NameNormalizer.Tokens(outer);
        var contentTokens = NameNormalizer.Tokens(content);
        if (outerTokens.Length == 0 || contentTokens.Length == 0 || contentTokens.Length > 3)
        {
            return null;
        }

        var initials = new StringBuilder();
        foreach (var t in outer.Split([' ', '-', ','], StringSplitOptions.RemoveEmptyEntries))
        {
            if (char.IsLetterOrDigit(t[0]))
            {
                initials.Append(char.ToLowerInvariant(t[0]));
            }
        }

        foreach (var token in contentTokens)
        {
            // A shortening repeats a word of the name, abbreviates it (initials in order), numbers it ("13" of "13th"),
            // or both ("CETC55" of "China Electronics Technology … Corporation 55th Research Institute").
            if (!Array.Exists(outerTokens, o => o == token || NumberOf(token, o))
                && !IsSubsequence(token, initials.ToString())
                && !(token.AsSpan().IndexOfAnyInRange('0', '9') is > 1 and var at
                    && IsSubsequence(token[..at], initials.ToString()) && Array.Exists(outerTokens, o => NumberOf(token[at..], o))))
            {
                return null;
            }
        }

        return (outer, content);
    }

    /// <summary>The name without trailing city, region or sub-unit segments; null when it has none.</summary>
    /// <param name="name">A name.</param>
    /// <returns>The shorter name, or null.</returns>
    public static string? WithoutSuffix(string name)
    {
        var text = SubUnit().Replace(name, "").Trim();
        // Two segments at most ("…, Wuhan, Hubei"): further back they are the parent's name ("Academy …, Institute of …").
        for (var stripped = 0; stripped < 2; stripped++)
        {
            var comma = text.LastIndexOf(',');
            if (comma <= 0)
            {
                break;
            }

            var segment = text[(comma + 1)..].Trim().TrimEnd('.');
            var tokens = segment.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // A place is one or two words without digits and without a legal form ("Ltd." after a comma is not a city).
            if (tokens.Length is 0 or > 2 || segment.Any(char.IsDigit) || NameNormalizer.Key(segment).Length == 0 || LegalForm().IsMatch(segment))
            {
                break;
            }

            text = text[..comma].Trim();
        }

        // Two tokens or more: the key (tokens joined by spaces, remembered) has a space.
        return text.Length > 0 && text != name.Trim() && NameNormalizer.Key(text).Contains(' ', StringComparison.Ordinal) ? text : null;
    }

    /// <summary>
    /// Drops characters that stand for a letter lost in a conversion (<c>People?s</c>, <c>Co”peratief</c>, U+FFFD)
    /// so that the remaining letters compare; a lone <c>?</c> between words is kept as punctuation.
    /// </summary>
    /// <param name="text">A name.</param>
    /// <returns>The repaired text.</returns>
    public static string RepairEncodingLoss(string text)
    {
        if (text.AsSpan().IndexOfAny("?”“\uFFFD") < 0)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '?' or '”' or '“' or '\uFFFD' && i > 0 && i + 1 < text.Length && char.IsLetter(text[i - 1]) && char.IsLetter(text[i + 1]))
            {
                continue;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary>The exact-match key of <paramref name="text"/>.</summary>
    /// <param name="text">A name.</param>
    /// <returns>The key (empty when the name has no letters or digits).</returns>
    public static string Key(string text) => NameNormalizer.Key(ScriptFolding.FoldHan(RepairEncodingLoss(text)));

    private static void AddAll(Dictionary<string, NameKind> keys, string text, NameKind kind)
    {
        Add(keys, text, kind);
        if (Parenthetical(text) is { } p)
        {
            Add(keys, p.Outer, NameKind.Parenthetical);
            Add(keys, p.Content, NameKind.Parenthetical);
        }

        if (WithoutSuffix(text) is { } shorter)
        {
            Add(keys, shorter, NameKind.Suffix);
        }

        if (ScriptFolding.HasCyrillic(text))
        {
            // Захаров and Zakharov: the Latin spelling most publishers use.
            Add(keys, ScriptFolding.ToLatin(text), NameKind.Transliteration);
        }
    }

    private static void Add(Dictionary<string, NameKind> keys, string text, NameKind kind)
    {
        var key = Key(text);
        if (key.Length > 0 && (!keys.TryGetValue(key, out var old) || kind < old))
        {
            keys[key] = kind;
        }
    }

    /// <summary>Whether <paramref name="number"/> (all digits) numbers <paramref name="word"/> ("13" of "13th", "55" of "55").</summary>
    private static bool NumberOf(string number, string word) =>
        number.Length > 0 && char.IsAsciiDigit(number[0]) && word.StartsWith(number, StringComparison.Ordinal)
        && (word.Length == number.Length || !char.IsAsciiDigit(word[number.Length]));

    private static bool IsSubsequence(string needle, string haystack)
    {
        var j = 0;
        for (var i = 0; i < haystack.Length && j < needle.Length; i++)
        {
            if (haystack[i] == needle[j])
            {
                j++;
            }
        }

        return j == needle.Length && needle.Length >= 2;
    }

    [GeneratedRegex(@"\(([^()]{1,40})\)\s*\.?\s*$")]
    private static partial Regex Trailing();

    [GeneratedRegex(@"[;,]?\s*(and\s+)?any\s+successors?,?\s+sub-units?.*$", RegexOptions.IgnoreCase)]
    private static partial Regex SubUnit();

    [GeneratedRegex(@"\b(co|ltd|llc|inc|corp|corporation|company|limited|gmbh|plc|jsc|llp|pte|bhd|fze|fzco|s\.?a|s\.?r\.?l|b\.?v|n\.?v|ag|oy|ab|as|kk|k\.k)\b\.?", RegexOptions.IgnoreCase)]
    private static partial Regex LegalForm();
}
