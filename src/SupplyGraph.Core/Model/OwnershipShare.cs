using System.Globalization;

namespace SupplyGraph.Core.Model;

/// <summary>
/// An ownership stake as a fraction of 1: exact (<see cref="Low"/> = <see cref="High"/>), a range, or unknown
/// (both null). Sources often give "between 25 % and 50 %" or nothing at all; the 50 % rules must not guess.
/// </summary>
/// <param name="Low">The smallest the stake can be, as a fraction 0–1, or null when unknown.</param>
/// <param name="High">The largest the stake can be, as a fraction 0–1, or null when unknown.</param>
public readonly record struct OwnershipShare(double? Low, double? High)
{
    /// <summary>A stake whose size is not known.</summary>
    public static OwnershipShare Unknown => default;

    /// <summary>Whether nothing is known about the size of the stake.</summary>
    public bool IsUnknown => Low is null && High is null;

    /// <summary>Whether the stake is known exactly.</summary>
    public bool IsExact => Low is not null && Low == High;

    /// <summary>An exact stake.</summary>
    /// <param name="fraction">The stake as a fraction 0–1.</param>
    /// <returns>The share.</returns>
    public static OwnershipShare Exact(double fraction) => new(fraction, fraction);

    /// <summary>
    /// Parses the forms users write: a fraction (<c>0.5</c>), a percentage (<c>50%</c>), a range
    /// (<c>25-50%</c>, <c>0.25-0.5</c>) or <c>unknown</c>.
    /// </summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="share">The parsed share.</param>
    /// <param name="error">Why the text is not a share, when it is not.</param>
    /// <returns>True when <paramref name="text"/> is a valid share within 0–100 %.</returns>
    public static bool TryParse(string? text, out OwnershipShare share, out string? error)
    {
        share = Unknown;
        error = null;
        var t = text?.Trim() ?? "";
        if (t.Length == 0 || t.Equals("unknown", StringComparison.OrdinalIgnoreCase) || t == "?")
        {
            return true;
        }

        var percent = t.EndsWith('%');
        if (percent)
        {
            t = t[..^1].Trim();
        }

        var dash = t.IndexOf('-', 1);
        string lowText = dash < 0 ? t : t[..dash].Trim().TrimEnd('%');
        string highText = dash < 0 ? t : t[(dash + 1)..].Trim();
        if (!TryNumber(lowText, out var low) || !TryNumber(highText, out var high))
        {
            error = $"'{text}' is not a share: write a fraction (0.5), a percentage (50%), a range (25-50%) or 'unknown'";
            return false;
        }

        if (percent)
        {
            low /= 100;
            high /= 100;
        }

        return TryCreate(low, high, text!, out share, out error);
    }

    /// <summary>Creates a share from fractions, checking that it lies within 0–1 and that low ≤ high.</summary>
    /// <param name="low">Smallest fraction.</param>
    /// <param name="high">Largest fraction.</param>
    /// <param name="shownAs">How the user wrote it, for the error message.</param>
    /// <param name="share">The share.</param>
    /// <param name="error">Why it is invalid.</param>
    /// <returns>True when valid.</returns>
    public static bool TryCreate(double low, double high, string shownAs, out OwnershipShare share, out string? error)
    {
        share = Unknown;
        error = null;
        if (double.IsNaN(low) || double.IsNaN(high) || low < 0 || high > 1 || low > high)
        {
            error = low > high && low >= 0 && high <= 1
                ? $"share range '{shownAs}' has its low end above its high end"
                : $"share '{shownAs}' is outside 0–100 % (fractions are 0–1; write 50% for a percentage)";
            return false;
        }

        share = new OwnershipShare(low, high);
        return true;
    }

    private static bool TryNumber(string s, out double value) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary>Formats the share as users write it: <c>50%</c>, <c>25%-50%</c> or <c>unknown</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        if (IsUnknown)
        {
            return "unknown";
        }

        static string P(double? v) => (v!.Value * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";
        return IsExact ? P(Low) : $"{P(Low)}-{P(High)}";
    }
}
