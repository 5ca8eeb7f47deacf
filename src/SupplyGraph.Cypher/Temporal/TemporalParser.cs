using System.Globalization;
using System.Text.RegularExpressions;

namespace SupplyGraph.Cypher;

/// <summary>
/// ISO 8601 text to temporal values, as openCypher accepts it: calendar (<c>2015-07-21</c>, <c>20150721</c>,
/// <c>2015-07</c>), week (<c>2015-W30-2</c>, <c>2015W302</c>), ordinal (<c>2015-202</c>) and year-only dates; times with
/// optional minutes, seconds and up to nine fraction digits, extended or compact; offsets and <c>[Zone/Name]</c>.
/// </summary>
internal static partial class TemporalParser
{
    [GeneratedRegex(@"^(?<y>[+-]?\d{4,9})(?:-W(?<w>\d{2})(?:-(?<wd>\d))?|-(?<o>\d{3})|-(?<m>\d{2})(?:-(?<d>\d{2}))?)?$")]
    private static partial Regex ExtendedDate();

    [GeneratedRegex(@"^(?<y>\d{4})(?:W(?<w>\d{2})(?<wd>\d)?|(?<m>\d{2})(?<d>\d{2})?|(?<o>\d{3}))?$")]
    private static partial Regex CompactDate();

    [GeneratedRegex(@"^(?<h>\d{2})(?:(?<sep>:?)(?<mi>\d{2})(?:\k<sep>(?<s>\d{2})(?:[.,](?<f>\d{1,9}))?)?)?$")]
    private static partial Regex TimeOfDay();

    [GeneratedRegex(@"^(?<neg>-)?P(?:(?<y>-?\d+(?:[.,]\d+)?)Y)?(?:(?<mo>-?\d+(?:[.,]\d+)?)M)?(?:(?<w>-?\d+(?:[.,]\d+)?)W)?(?:(?<d>-?\d+(?:[.,]\d+)?)D)?(?:T(?:(?<h>-?\d+(?:[.,]\d+)?)H)?(?:(?<mi>-?\d+(?:[.,]\d+)?)M)?(?:(?<s>-?\d+(?:[.,]\d+)?)S)?)?$", RegexOptions.IgnoreCase)]
    private static partial Regex DurationUnits();

    [GeneratedRegex(@"^(?<neg>-)?P(?<y>\d{4})-?(?<mo>\d{2})-?(?<d>\d{2})T(?<h>\d{2}):?(?<mi>\d{2}):?(?<s>\d{2}(?:[.,]\d{1,9})?)$")]
    private static partial Regex DurationAlternative();

    private static CypherException Invalid(TemporalKind kind, string text) =>
        CypherException.Argument("InvalidArgumentValue", $"Text cannot be parsed to a {kind}: '{text}'");

    public static CypherTemporal Parse(TemporalKind kind, string text)
    {
        var body = text.Trim();
        string? zoneName = null;
        var bracket = body.IndexOf('[', StringComparison.Ordinal);
        if (bracket >= 0)
        {
            if (!body.EndsWith(']') || kind != TemporalKind.DateTime)
            {
                throw Invalid(kind, text);
            }

            zoneName = body[(bracket + 1)..^1];
            body = body[..bracket];
        }

        long epochDay = 0;
        var timeText = body;
        if (CypherTemporal.HasDate(kind))
        {
            var t = body.IndexOf('T', StringComparison.OrdinalIgnoreCase);
            var dateText = t >= 0 ? body[..t] : body;
            timeText = t >= 0 ? body[(t + 1)..] : "";
            epochDay = ParseDate(dateText) ?? throw Invalid(kind, text);
            if (kind == TemporalKind.Date && t >= 0)
            {
                throw Invalid(kind, text);
            }
        }

        string? offsetText = null;
        if (CypherTemporal.IsZoned(kind) && timeText.Length > 0)
        {
            var z = timeText.IndexOfAny(['+', '-', 'Z', 'z']);
            if (z >= 0)
            {
                offsetText = timeText[z..];
                timeText = timeText[..z];
            }
        }

        long nanoOfDay = 0;
        if (CypherTemporal.HasTime(kind))
        {
            if (timeText.Length > 0 || !CypherTemporal.HasDate(kind))
            {
                nanoOfDay = ParseTime(timeText) ?? throw Invalid(kind, text);
            }
        }

        if (!CypherTemporal.IsZoned(kind))
        {
            return new CypherTemporal(kind, epochDay, nanoOfDay);
        }

        int? offset = null;
        if (offsetText is not null)
        {
            if (!TemporalZone.TryParseOffset(offsetText, out var seconds))
            {
                throw Invalid(kind, text);
            }

            offset = seconds;
        }

        if (zoneName is not null)
        {
            var zone = TemporalZone.Parse(zoneName);
            var (day, nanos, resolved) = zone.ResolveLocal(epochDay, nanoOfDay);
            if (offset is { } given && given != resolved)
            {
                // The text names both: the instant its offset gives, shown in the zone.
                return TemporalBuilder.AtInstant(kind, epochDay, nanoOfDay, given, zone);
            }

            return new CypherTemporal(kind, day, nanos, resolved, zone.Id);
        }

        return new CypherTemporal(kind, epochDay, nanoOfDay, offset ?? 0);
    }

    /// <summary>Epoch day of date text, or null when it is not a date.</summary>
    public static long? ParseDate(string text)
    {
        var compact = text.Length > 4 && char.IsAsciiDigit(text[0]) && text[4] != '-';
        var m = compact ? CompactDate().Match(text) : ExtendedDate().Match(text);
        if (!m.Success)
        {
            return null;
        }

        long Num(string group, long fallback) => m.Groups[group].Success ? long.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture) : fallback;
        var year = Num("y", 0);
        Calendar.CheckYear(year);
        if (m.Groups["w"].Success)
        {
            return TemporalBuilder.WeekDate(year, Num("w", 1), Num("wd", 1));
        }

        if (m.Groups["o"].Success)
        {
            var ordinal = Num("o", 1);
            Calendar.Range("ordinalDay", ordinal, 1, Calendar.IsLeap(year) ? 366 : 365);
            return Calendar.EpochDay(year, 1, 1) + ordinal - 1;
        }

        return Calendar.Checked(year, Num("m", 1), Num("d", 1));
    }

    /// <summary>Nanosecond of day of time text, or null when it is not a time.</summary>
    public static long? ParseTime(string text)
    {
        var m = TimeOfDay().Match(text);
        if (!m.Success)
        {
            return null;
        }

        long Num(string group) => m.Groups[group].Success ? long.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture) : 0;
        var (hour, minute, second) = (Num("h"), Num("mi"), Num("s"));
        Calendar.Range("hour", hour, 0, 23);
        Calendar.Range("minute", minute, 0, 59);
        Calendar.Range("second", second, 0, 59);
        var fraction = m.Groups["f"].Success ? long.Parse(m.Groups["f"].Value.PadRight(9, '0'), CultureInfo.InvariantCulture) : 0;
        return (((hour * 3600) + (minute * 60) + second) * Calendar.NanosPerSecond) + fraction;
    }

    public static CypherDuration ParseDuration(string text)
    {
        var s = text.Trim();
        var m = DurationUnits().Match(s);
        if (!m.Success || s.EndsWith('T') || s.Length < 3)
        {
            m = DurationAlternative().Match(s);
            if (!m.Success)
            {
                throw CypherException.Argument("InvalidArgumentValue", $"Text cannot be parsed to a Duration: '{text}'");
            }
        }

        decimal Num(string group) => m.Groups[group].Success ? decimal.Parse(m.Groups[group].Value.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture) : 0m;
        var sign = m.Groups["neg"].Success ? -1m : 1m;
        return CypherDuration.Approximate(
            sign * ((Num("y") * 12) + Num("mo")),
            sign * ((Num("w") * 7) + Num("d")),
            sign * ((Num("h") * 3600) + (Num("mi") * 60) + Num("s")),
            0m);
    }
}
