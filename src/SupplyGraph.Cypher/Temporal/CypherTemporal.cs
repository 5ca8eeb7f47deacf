using System.Globalization;
using System.Text;

namespace SupplyGraph.Cypher;

/// <summary>
/// A Cypher temporal value — date, local time, time, local date-time or date-time — at nanosecond precision. Dates
/// are epoch days (years ±999,999,999); zoned kinds keep their offset and, for a named zone, its IANA name.
/// </summary>
public sealed class CypherTemporal : IEquatable<CypherTemporal>
{
    internal CypherTemporal(TemporalKind kind, long epochDay, long nanoOfDay, int offsetSeconds = 0, string? zoneId = null)
    {
        Kind = kind;
        EpochDay = HasDate(kind) ? epochDay : 0;
        NanoOfDay = HasTime(kind) ? nanoOfDay : 0;
        OffsetSeconds = IsZoned(kind) ? offsetSeconds : 0;
        ZoneId = kind == TemporalKind.DateTime ? zoneId : null;
    }

    /// <summary>Which kind of temporal value.</summary>
    public TemporalKind Kind { get; }

    /// <summary>Days since 1970-01-01 of the local date (0 for kinds without a date).</summary>
    public long EpochDay { get; }

    /// <summary>Nanoseconds since local midnight (0 for a date).</summary>
    public long NanoOfDay { get; }

    /// <summary>Offset from UTC in seconds, for zoned kinds.</summary>
    public int OffsetSeconds { get; }

    /// <summary>The IANA zone name of a date-time built in a named zone, else null.</summary>
    public string? ZoneId { get; }

    internal static bool HasDate(TemporalKind kind) => kind is TemporalKind.Date or TemporalKind.LocalDateTime or TemporalKind.DateTime;

    internal static bool HasTime(TemporalKind kind) => kind is not TemporalKind.Date;

    internal static bool IsZoned(TemporalKind kind) => kind is TemporalKind.Time or TemporalKind.DateTime;

    internal bool HasDatePart => HasDate(Kind);

    internal bool HasTimePart => HasTime(Kind);

    internal bool Zoned => IsZoned(Kind);

    internal TemporalZone Zone => TemporalZone.Of(OffsetSeconds, ZoneId);

    /// <summary>Seconds since the epoch (UTC) of a date-time; the local reading for other kinds.</summary>
    internal long EpochSecond => (EpochDay * 86_400) + (NanoOfDay / Calendar.NanosPerSecond) - OffsetSeconds;

    internal int NanoOfSecond => (int)(NanoOfDay % Calendar.NanosPerSecond);

    /// <summary>The instant in nanoseconds (UTC for zoned kinds), wide enough for every year.</summary>
    internal Int128 TotalNanos => ((Int128)EpochDay * Calendar.NanosPerDay) + NanoOfDay - ((Int128)OffsetSeconds * Calendar.NanosPerSecond);

    /// <summary>Builds a value from a Cypher map such as <c>{year: 1984, month: 10, day: 11}</c>.</summary>
    /// <param name="kind">Kind to build.</param>
    /// <param name="map">Components, and other temporal values to take components from (<c>date</c>, <c>time</c>, <c>datetime</c>).</param>
    /// <returns>The value.</returns>
    /// <exception cref="CypherException">A component is unknown, of the wrong type or out of range.</exception>
    public static CypherTemporal FromMap(TemporalKind kind, IReadOnlyDictionary<string, object?> map) => TemporalBuilder.FromMap(kind, map);

    /// <summary>Parses ISO 8601 text of the given kind, extended or compact, with week and ordinal dates.</summary>
    /// <param name="kind">Kind to build.</param>
    /// <param name="text">E.g. <c>2019-10-09</c>, <c>2015W302</c>, <c>20150721T214032.142+0100</c>, <c>2015-07-21T21:40[Europe/London]</c>.</param>
    /// <returns>The value.</returns>
    /// <exception cref="CypherException">The text is not a temporal value of that kind.</exception>
    public static CypherTemporal Parse(TemporalKind kind, string text) => TemporalParser.Parse(kind, text);

    /// <summary>Orders two values of the same kind (zoned kinds by instant); null when the kinds differ.</summary>
    /// <param name="other">Other value.</param>
    /// <returns>Sign of the comparison, or null.</returns>
    public int? CompareTo(CypherTemporal other)
    {
        if (other.Kind != Kind)
        {
            return null;
        }

        var c = Kind == TemporalKind.Time
            ? (NanoOfDay - (OffsetSeconds * Calendar.NanosPerSecond)).CompareTo(other.NanoOfDay - (other.OffsetSeconds * Calendar.NanosPerSecond))
            : TotalNanos.CompareTo(other.TotalNanos);
        if (c != 0 || !Zoned)
        {
            return c;
        }

        // Same instant: java.time orders by local reading, then zone, so that only equal values compare 0.
        c = EpochDay.CompareTo(other.EpochDay);
        c = c != 0 ? c : NanoOfDay.CompareTo(other.NanoOfDay);
        return c != 0 ? c : string.CompareOrdinal(ZoneId ?? "", other.ZoneId ?? "");
    }

    /// <inheritdoc />
    public bool Equals(CypherTemporal? other) => other is not null && other.Kind == Kind && other.EpochDay == EpochDay
        && other.NanoOfDay == NanoOfDay && other.OffsetSeconds == OffsetSeconds && other.ZoneId == ZoneId;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as CypherTemporal);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, EpochDay, NanoOfDay, OffsetSeconds, ZoneId);

    /// <summary>ISO 8601 text, as Cypher prints it.</summary>
    /// <returns>E.g. <c>1984-10-11T12:30:14.000000012+00:15</c> or <c>2015-07-21T21:40:32.142+02:00[Europe/Stockholm]</c>.</returns>
    public override string ToString()
    {
        var sb = new StringBuilder();
        if (HasDatePart)
        {
            AppendDate(sb, EpochDay);
            if (Kind != TemporalKind.Date)
            {
                sb.Append('T');
            }
        }

        if (HasTimePart)
        {
            AppendTime(sb, NanoOfDay);
        }

        if (Zoned)
        {
            sb.Append(TemporalZone.FormatOffset(OffsetSeconds));
            if (ZoneId is not null)
            {
                sb.Append('[').Append(ZoneId).Append(']');
            }
        }

        return sb.ToString();
    }

    private static void AppendDate(StringBuilder sb, long epochDay)
    {
        var (year, month, day) = Calendar.Civil(epochDay);
        if (year > 9999)
        {
            sb.Append('+').Append(year.ToString(CultureInfo.InvariantCulture));
        }
        else if (year < 0)
        {
            sb.Append('-').Append((-year).ToString("0000", CultureInfo.InvariantCulture));
        }
        else
        {
            sb.Append(year.ToString("0000", CultureInfo.InvariantCulture));
        }

        sb.Append(CultureInfo.InvariantCulture, $"-{month:00}-{day:00}");
    }

    private static void AppendTime(StringBuilder sb, long nanoOfDay)
    {
        var totalSeconds = nanoOfDay / Calendar.NanosPerSecond;
        var fraction = nanoOfDay % Calendar.NanosPerSecond;
        sb.Append(CultureInfo.InvariantCulture, $"{totalSeconds / 3600:00}:{totalSeconds / 60 % 60:00}");
        if (totalSeconds % 60 != 0 || fraction != 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $":{totalSeconds % 60:00}");
            if (fraction != 0)
            {
                var digits = fraction.ToString("000000000", CultureInfo.InvariantCulture);
                sb.Append('.').Append(fraction % 1_000_000 == 0 ? digits[..3] : fraction % 1_000 == 0 ? digits[..6] : digits);
            }
        }
    }
}
