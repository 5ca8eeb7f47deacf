using System.Globalization;
using System.Text;

namespace SupplyGraph.Cypher;

/// <summary>Kinds of temporal value.</summary>
public enum TemporalKind
{
    /// <summary>A calendar date.</summary>
    Date,

    /// <summary>A time of day without zone.</summary>
    LocalTime,

    /// <summary>A time of day with an offset.</summary>
    Time,

    /// <summary>A date and time without zone.</summary>
    LocalDateTime,

    /// <summary>A date and time with an offset.</summary>
    DateTime,
}

/// <summary>A Cypher temporal value (date, time, datetime with or without offset), nanosecond precision.</summary>
public sealed class CypherTemporal : IEquatable<CypherTemporal>
{
    private const long NanosPerDay = 86_400_000_000_000L;

    private CypherTemporal(TemporalKind kind, long dayNumber, long nanoOfDay, int offsetSeconds)
    {
        Kind = kind;
        DayNumber = dayNumber;
        NanoOfDay = nanoOfDay;
        OffsetSeconds = offsetSeconds;
        var days = dayNumber;
        var nanos = nanoOfDay - (offsetSeconds * 1_000_000_000L);
        while (nanos < 0)
        {
            nanos += NanosPerDay;
            days--;
        }

        while (nanos >= NanosPerDay)
        {
            nanos -= NanosPerDay;
            days++;
        }

        (_sortDays, _sortNanos) = kind is TemporalKind.Time ? (0, nanoOfDay - (offsetSeconds * 1_000_000_000L)) : (days, nanos);
    }

    private readonly long _sortDays;
    private readonly long _sortNanos;

    /// <summary>Which kind of temporal value.</summary>
    public TemporalKind Kind { get; }

    /// <summary>Days since 0001-01-01 (local date), for kinds with a date.</summary>
    public long DayNumber { get; }

    /// <summary>Nanoseconds since local midnight, for kinds with a time.</summary>
    public long NanoOfDay { get; }

    /// <summary>Offset from UTC in seconds, for zoned kinds.</summary>
    public int OffsetSeconds { get; }

    /// <summary>Builds a value from a Cypher map such as <c>{year: 1984, month: 10, day: 11}</c>.</summary>
    /// <param name="kind">Kind to build.</param>
    /// <param name="map">Components.</param>
    /// <returns>The value.</returns>
    public static CypherTemporal FromMap(TemporalKind kind, IReadOnlyDictionary<string, object?> map)
    {
        long Get(string key, long fallback) => map.TryGetValue(key, out var v) && v is long l ? l : fallback;
        long day = 0;
        if (kind is TemporalKind.Date or TemporalKind.LocalDateTime or TemporalKind.DateTime)
        {
            var date = new DateOnly((int)Get("year", 1), (int)Get("month", 1), (int)Get("day", 1));
            day = date.DayNumber;
        }

        long nanos = 0;
        if (kind is not TemporalKind.Date)
        {
            nanos = (Get("hour", 0) * 3600 + Get("minute", 0) * 60 + Get("second", 0)) * 1_000_000_000L
                + Get("millisecond", 0) * 1_000_000 + Get("microsecond", 0) * 1_000 + Get("nanosecond", 0);
        }

        var offset = 0;
        if (kind is TemporalKind.Time or TemporalKind.DateTime && map.TryGetValue("timezone", out var tz) && tz is string zone)
        {
            offset = ParseOffset(zone);
        }

        return new CypherTemporal(kind, day, nanos, offset);
    }

    /// <summary>Parses an ISO 8601 text of the given kind.</summary>
    /// <param name="kind">Kind to build.</param>
    /// <param name="text">E.g. <c>2019-10-09</c> or <c>2019-10-09T12:00:00+01:00</c>.</param>
    /// <returns>The value.</returns>
    public static CypherTemporal Parse(TemporalKind kind, string text)
    {
        long day = 0;
        var rest = text;
        if (kind is TemporalKind.Date or TemporalKind.LocalDateTime or TemporalKind.DateTime)
        {
            var datePart = kind == TemporalKind.Date ? text : text.Split('T')[0];
            day = DateOnly.ParseExact(datePart, "yyyy-MM-dd", CultureInfo.InvariantCulture).DayNumber;
            rest = kind == TemporalKind.Date ? "" : text.Contains('T', StringComparison.Ordinal) ? text[(text.IndexOf('T', StringComparison.Ordinal) + 1)..] : "00:00";
        }

        var offset = 0;
        if (kind is TemporalKind.Time or TemporalKind.DateTime)
        {
            var z = rest.IndexOfAny(['+', '-', 'Z']);
            if (z >= 0)
            {
                offset = ParseOffset(rest[z..]);
                rest = rest[..z];
            }
        }

        long nanos = 0;
        if (rest.Length > 0)
        {
            var parts = rest.Split(':');
            var seconds = parts.Length > 2 ? decimal.Parse(parts[2], CultureInfo.InvariantCulture) : 0m;
            nanos = (long.Parse(parts[0], CultureInfo.InvariantCulture) * 3600 + long.Parse(parts[1], CultureInfo.InvariantCulture) * 60) * 1_000_000_000L
                + (long)(seconds * 1_000_000_000m);
        }

        return new CypherTemporal(kind, day, nanos, offset);
    }

    /// <summary>This value moved by a duration (months first, then days, then time).</summary>
    /// <param name="d">The duration.</param>
    /// <param name="sign">1 to add, -1 to subtract.</param>
    /// <returns>The moved value.</returns>
    public CypherTemporal Plus(CypherDuration d, int sign = 1)
    {
        var day = DayNumber;
        if (Kind is TemporalKind.Date or TemporalKind.LocalDateTime or TemporalKind.DateTime)
        {
            var date = DateOnly.FromDayNumber((int)day).AddMonths((int)(sign * d.Months)).AddDays((int)(sign * d.Days));
            day = date.DayNumber;
        }

        var nanos = NanoOfDay;
        if (Kind != TemporalKind.Date)
        {
            nanos += sign * d.Nanos;
            var carry = Math.DivRem(nanos, NanosPerDay, out nanos);
            if (nanos < 0)
            {
                nanos += NanosPerDay;
                carry--;
            }

            if (Kind is TemporalKind.LocalDateTime or TemporalKind.DateTime)
            {
                day += carry;
            }
        }

        return new CypherTemporal(Kind, day, nanos, OffsetSeconds);
    }

    private static int ParseOffset(string zone)
    {
        if (zone is "Z" or "UTC")
        {
            return 0;
        }

        var sign = zone[0] == '-' ? -1 : 1;
        var body = zone.TrimStart('+', '-').Replace(":", "", StringComparison.Ordinal);
        var hours = int.Parse(body[..2], CultureInfo.InvariantCulture);
        var minutes = body.Length >= 4 ? int.Parse(body[2..4], CultureInfo.InvariantCulture) : 0;
        return sign * ((hours * 3600) + (minutes * 60));
    }

    /// <summary>Orders two values of the same kind; null when the kinds differ.</summary>
    /// <param name="other">Other value.</param>
    /// <returns>Sign of the comparison, or null.</returns>
    public int? CompareTo(CypherTemporal other)
    {
        if (other.Kind != Kind)
        {
            return null;
        }

        var c = _sortDays.CompareTo(other._sortDays);
        return c != 0 ? c : _sortNanos.CompareTo(other._sortNanos);
    }

    /// <inheritdoc />
    public bool Equals(CypherTemporal? other) => other is not null && other.Kind == Kind && CompareTo(other) == 0 && (Kind is not (TemporalKind.Time or TemporalKind.DateTime) || other.OffsetSeconds == OffsetSeconds);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as CypherTemporal);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, _sortDays, _sortNanos);

    /// <summary>ISO 8601 text, as Cypher prints it.</summary>
    /// <returns>E.g. <c>1984-10-11T12:30:14.000000012+00:15</c>.</returns>
    public override string ToString()
    {
        var sb = new StringBuilder();
        if (Kind is TemporalKind.Date or TemporalKind.LocalDateTime or TemporalKind.DateTime)
        {
            var d = DateOnly.FromDayNumber((int)DayNumber);
            sb.Append(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            if (Kind != TemporalKind.Date)
            {
                sb.Append('T');
            }
        }

        if (Kind != TemporalKind.Date)
        {
            var totalSeconds = NanoOfDay / 1_000_000_000L;
            var fraction = NanoOfDay % 1_000_000_000L;
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

            if (Kind is TemporalKind.Time or TemporalKind.DateTime)
            {
                if (OffsetSeconds == 0)
                {
                    sb.Append('Z');
                }
                else
                {
                    var o = Math.Abs(OffsetSeconds);
                    sb.Append(OffsetSeconds < 0 ? '-' : '+').Append(CultureInfo.InvariantCulture, $"{o / 3600:00}:{o / 60 % 60:00}");
                }
            }
        }

        return sb.ToString();
    }
}

/// <summary>A Cypher duration: months, days and nanoseconds, kept apart because their lengths vary.</summary>
/// <param name="Months">Whole months (years count 12).</param>
/// <param name="Days">Whole days (weeks count 7).</param>
/// <param name="Nanos">Nanoseconds (hours, minutes, seconds and fractions).</param>
public sealed record CypherDuration(long Months, long Days, long Nanos)
{
    /// <summary>Builds a duration from a map such as <c>{days: 4, minutes: 6}</c>.</summary>
    /// <param name="map">Components.</param>
    /// <returns>The duration.</returns>
    public static CypherDuration FromMap(IReadOnlyDictionary<string, object?> map)
    {
        double Get(string key) => map.TryGetValue(key, out var v) ? v switch { long l => l, double d => d, _ => 0 } : 0;
        var months = (Get("years") * 12) + Get("months");
        var days = (Get("weeks") * 7) + Get("days");
        var seconds = (Get("hours") * 3600) + (Get("minutes") * 60) + Get("seconds");
        var nanos = (seconds * 1e9) + (Get("milliseconds") * 1e6) + (Get("microseconds") * 1e3) + Get("nanoseconds");
        return new CypherDuration((long)months, (long)days, (long)Math.Round(nanos));
    }

    /// <summary>ISO 8601 text, e.g. <c>P4DT6M</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var sb = new StringBuilder("P");
        if (Months / 12 != 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{Months / 12}Y");
        }

        if (Months % 12 != 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{Months % 12}M");
        }

        if (Days != 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{Days}D");
        }

        if (Nanos != 0)
        {
            var seconds = Nanos / 1_000_000_000L;
            sb.Append('T');
            if (seconds / 3600 != 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $"{seconds / 3600}H");
            }

            if (seconds / 60 % 60 != 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $"{seconds / 60 % 60}M");
            }

            var rest = (Nanos % 60_000_000_000L) / 1e9;
            if (rest != 0)
            {
                sb.Append(rest.ToString("0.#########", CultureInfo.InvariantCulture)).Append('S');
            }
        }

        return sb.Length == 1 ? "PT0S" : sb.ToString();
    }
}
