using System.Globalization;
using System.Text;

namespace SupplyGraph.Cypher;

/// <summary>
/// A Cypher duration: months, days, and seconds with nanoseconds, kept apart because the length of a month or a day
/// varies. Nanoseconds are normalised to 0..999,999,999 (so -0.4 s is -1 s and 600,000,000 ns), as in Neo4j.
/// </summary>
public sealed class CypherDuration : IEquatable<CypherDuration>
{
    /// <summary>Average month (365.2425 / 12 days) in seconds: fractions of months become days and time by it.</summary>
    internal const long AverageMonthSeconds = 2_629_746;

    /// <summary>Creates a duration; seconds and nanoseconds are normalised together.</summary>
    /// <param name="months">Whole months (years count 12).</param>
    /// <param name="days">Whole days (weeks count 7).</param>
    /// <param name="seconds">Seconds.</param>
    /// <param name="nanos">Nanoseconds, any sign or size.</param>
    public CypherDuration(long months, long days, long seconds, long nanos)
    {
        Months = months;
        Days = days;
        Seconds = checked(seconds + Calendar.FloorDiv(nanos, Calendar.NanosPerSecond));
        Nanos = (int)Calendar.FloorMod(nanos, Calendar.NanosPerSecond);
    }

    /// <summary>Whole months.</summary>
    public long Months { get; }

    /// <summary>Whole days.</summary>
    public long Days { get; }

    /// <summary>Whole seconds (rounded down: -0.4 s is -1).</summary>
    public long Seconds { get; }

    /// <summary>Nanoseconds of the second, 0..999,999,999.</summary>
    public int Nanos { get; }

    internal Int128 TotalTimeNanos => ((Int128)Seconds * Calendar.NanosPerSecond) + Nanos;

    internal static CypherDuration FromNanos(long months, long days, Int128 nanos)
    {
        var seconds = nanos / Calendar.NanosPerSecond;
        var rest = nanos % Calendar.NanosPerSecond;
        if (seconds > long.MaxValue || seconds < long.MinValue)
        {
            throw CypherException.Argument("InvalidArgumentValue", "Duration out of range");
        }

        return new CypherDuration(months, days, (long)seconds, (long)rest);
    }

    /// <summary>
    /// A duration from components that may have fractions: a fraction of a month becomes days and time by the average
    /// month, a fraction of a day becomes seconds, a fraction of a second nanoseconds (Neo4j's rule).
    /// </summary>
    internal static CypherDuration Approximate(decimal months, decimal days, decimal seconds, decimal nanos)
    {
        try
        {
            // Carried in seconds, not in fractional days, so that decimal division never rounds a carried part.
            var wholeMonths = decimal.Truncate(months);
            var daySeconds = (days * 86_400m) + ((months - wholeMonths) * AverageMonthSeconds);
            var wholeDays = decimal.Truncate(daySeconds / 86_400m);
            seconds += daySeconds - (wholeDays * 86_400m);
            var wholeSeconds = decimal.Truncate(seconds);
            nanos += (seconds - wholeSeconds) * 1_000_000_000m;
            return new CypherDuration((long)wholeMonths, (long)wholeDays, (long)wholeSeconds, (long)decimal.Truncate(nanos));
        }
        catch (OverflowException)
        {
            throw CypherException.Argument("InvalidArgumentValue", "Duration out of range");
        }
    }

    /// <summary>Builds a duration from a map such as <c>{days: 4, minutes: 6.5}</c>.</summary>
    /// <param name="map">Components: years, quarters, months, weeks, days, hours, minutes, seconds, milliseconds, microseconds, nanoseconds.</param>
    /// <returns>The duration.</returns>
    /// <exception cref="CypherException">A key is unknown or a value is not a number.</exception>
    public static CypherDuration FromMap(IReadOnlyDictionary<string, object?> map)
    {
        decimal years = 0, quarters = 0, months = 0, weeks = 0, days = 0, hours = 0, minutes = 0, seconds = 0, millis = 0, micros = 0, nanos = 0;
        foreach (var (key, value) in map)
        {
            if (value is null)
            {
                continue;
            }

            var number = value switch
            {
                long l => l,
                double d when double.IsFinite(d) && Math.Abs(d) < 7.9e27 => (decimal)d,
                _ => throw CypherException.Type("InvalidArgumentType", $"duration() expects numbers, got {Values.TypeName(value)} for '{key}'"),
            };
            switch (key.ToLowerInvariant())
            {
                case "years": years = number; break;
                case "quarters": quarters = number; break;
                case "months": months = number; break;
                case "weeks": weeks = number; break;
                case "days": days = number; break;
                case "hours": hours = number; break;
                case "minutes": minutes = number; break;
                case "seconds": seconds = number; break;
                case "milliseconds": millis = number; break;
                case "microseconds": micros = number; break;
                case "nanoseconds": nanos = number; break;
                default: throw CypherException.Argument("InvalidArgumentValue", $"duration() does not know the component '{key}'");
            }
        }

        try
        {
            return Approximate(
                (years * 12) + (quarters * 3) + months,
                (weeks * 7) + days,
                (hours * 3600) + (minutes * 60) + seconds,
                (millis * 1_000_000) + (micros * 1_000) + nanos);
        }
        catch (OverflowException)
        {
            throw CypherException.Argument("InvalidArgumentValue", "Duration out of range");
        }
    }

    /// <summary>Parses ISO 8601 duration text: <c>P14DT16H12M</c>, <c>P5M1.5D</c>, <c>PT-0.001S</c>, <c>P2012-02-02T14:37:21.545</c>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The duration.</returns>
    /// <exception cref="CypherException">The text is not a duration.</exception>
    public static CypherDuration Parse(string text) => TemporalParser.ParseDuration(text);

    /// <inheritdoc />
    public bool Equals(CypherDuration? other) => other is not null && other.Months == Months && other.Days == Days && other.Seconds == Seconds && other.Nanos == Nanos;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as CypherDuration);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Months, Days, Seconds, Nanos);

    /// <summary>ISO 8601 text as Cypher prints it, e.g. <c>P12Y5M14DT16H13M10.000000001S</c> or <c>PT-1M-0.001S</c>.</summary>
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

        var total = TotalTimeNanos;
        if (total != 0)
        {
            // Hours, minutes and seconds each truncated toward zero, so every part carries the sign of the whole.
            sb.Append('T');
            var hours = total / (Int128)(3600 * Calendar.NanosPerSecond);
            var minutes = total / (Int128)(60 * Calendar.NanosPerSecond) % 60;
            var rest = total % (Int128)(60 * Calendar.NanosPerSecond);
            if (hours != 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $"{hours}H");
            }

            if (minutes != 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $"{minutes}M");
            }

            if (rest != 0)
            {
                var abs = rest < 0 ? -rest : rest;
                sb.Append(rest < 0 ? "-" : "").Append(CultureInfo.InvariantCulture, $"{abs / Calendar.NanosPerSecond}");
                var fraction = (long)(abs % Calendar.NanosPerSecond);
                if (fraction != 0)
                {
                    sb.Append('.').Append(fraction.ToString("000000000", CultureInfo.InvariantCulture).TrimEnd('0'));
                }

                sb.Append('S');
            }
        }

        return sb.Length == 1 ? "PT0S" : sb.ToString();
    }
}
