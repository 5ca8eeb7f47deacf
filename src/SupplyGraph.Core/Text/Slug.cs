using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SupplyGraph.Core.Text;

/// <summary>Readable ids: lower-case ASCII letters, digits and single hyphens (<c>henan-dingxin</c>).</summary>
public static partial class Slug
{
    /// <summary>Longest slug made from a name; longer names are cut at a word boundary.</summary>
    public const int MaxLength = 80;

    /// <summary>Makes a slug from a name: accents dropped, other characters to hyphens, at most <see cref="MaxLength"/> characters.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The slug; "x" when the name has no letters or digits.</returns>
    public static string From(string name)
    {
        var decomposed = name.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        var pendingHyphen = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            var lower = char.ToLowerInvariant(c);
            if (lower is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                if (pendingHyphen && sb.Length > 0)
                {
                    sb.Append('-');
                }

                sb.Append(lower);
                pendingHyphen = false;
            }
            else if (c != '\'' && c != '’')
            {
                pendingHyphen = true;
            }
        }

        if (sb.Length == 0)
        {
            return "x";
        }

        var slug = sb.ToString();
        if (slug.Length > MaxLength)
        {
            var cut = slug.LastIndexOf('-', MaxLength);
            slug = slug[..(cut > 0 ? cut : MaxLength)];
        }

        return slug;
    }

    /// <summary>Whether <paramref name="id"/> is a valid id: 1–200 characters of letters, digits and <c>-_.:/</c>.</summary>
    /// <param name="id">The id.</param>
    /// <returns>True when valid.</returns>
    public static bool IsValidId(string? id) => id is not null && IdPattern().IsMatch(id);

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.:/>\-]{0,199}$")]
    private static partial Regex IdPattern();
}
