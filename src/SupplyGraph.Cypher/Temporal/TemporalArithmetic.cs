namespace SupplyGraph.Cypher;

/// <summary>
/// Temporal arithmetic as Neo4j defines it: a duration moves a value by months (day clamped to the month's end),
/// then days, then seconds and nanoseconds; a date takes the seconds only as whole days, a time ignores months and
/// days. <c>duration.between</c> counts months, then days, then the rest, like java.time's <c>until</c>.
/// </summary>
internal static class TemporalArithmetic
{
    public static CypherDuration Negate(CypherDuration d) => CypherDuration.FromNanos(checked(-d.Months), checked(-d.Days), -d.TotalTimeNanos);

    public static CypherDuration Add(CypherDuration a, CypherDuration b, int sign) =>
        Checked(() => CypherDuration.FromNanos(checked(a.Months + (sign * b.Months)), checked(a.Days + (sign * b.Days)), a.TotalTimeNanos + (sign * b.TotalTimeNanos)));

    public static CypherDuration Multiply(CypherDuration d, object factor, bool divide)
    {
        decimal f = factor switch
        {
            long l => l,
            double x when double.IsFinite(x) && Math.Abs(x) < 7.9e27 => (decimal)x,
            _ => throw CypherException.Argument("InvalidArgumentValue", $"Cannot {(divide ? "divide" : "multiply")} a Duration by {Values.Render(factor)}"),
        };
        if (divide && f == 0)
        {
            throw CypherException.Argument("InvalidArgumentValue", "Division of a Duration by zero");
        }

        return Checked(() => divide
            ? CypherDuration.Approximate(d.Months / f, d.Days / f, d.Seconds / f, d.Nanos / f)
            : CypherDuration.Approximate(d.Months * f, d.Days * f, d.Seconds * f, d.Nanos * f));
    }

    private static T Checked<T>(Func<T> f)
    {
        try
        {
            return f();
        }
        catch (OverflowException)
        {
            throw CypherException.Argument("InvalidArgumentValue", "Temporal arithmetic out of range");
        }
    }

    public static CypherTemporal Plus(CypherTemporal t, CypherDuration d, int sign) => Checked(() => PlusUnchecked(t, sign < 0 ? Negate(d) : d));

    private static CypherTemporal PlusUnchecked(CypherTemporal t, CypherDuration d)
    {
        switch (t.Kind)
        {
            case TemporalKind.Date:
                {
                    var day = Calendar.PlusMonths(t.EpochDay, d.Months) + d.Days;
                    // Seconds count as whole days only (truncated toward zero), as java's LocalDate takes them.
                    day += d.Seconds / 86_400;
                    return new CypherTemporal(t.Kind, Checked(day), 0);
                }

            case TemporalKind.LocalTime or TemporalKind.Time:
                {
                    var nanos = (long)(((Int128)t.NanoOfDay + d.TotalTimeNanos) % Calendar.NanosPerDay);
                    return new CypherTemporal(t.Kind, 0, nanos < 0 ? nanos + Calendar.NanosPerDay : nanos, t.OffsetSeconds);
                }

            default:
                {
                    var day = Calendar.PlusMonths(t.EpochDay, d.Months) + d.Days;
                    CypherTemporal moved = t.Kind == TemporalKind.DateTime && t.ZoneId is not null
                        ? TemporalBuilder.InZone(t.Kind, day, t.NanoOfDay, t.Zone)
                        : new CypherTemporal(t.Kind, day, t.NanoOfDay, t.OffsetSeconds, t.ZoneId);
                    var local = ((Int128)moved.EpochDay * Calendar.NanosPerDay) + moved.NanoOfDay + d.TotalTimeNanos;
                    var (newDay, newNanos) = Split(local);
                    if (t.Kind == TemporalKind.DateTime && t.ZoneId is not null)
                    {
                        // Time moves the instant; the zone then gives the offset at the new instant.
                        return TemporalBuilder.AtInstant(t.Kind, newDay, newNanos, moved.OffsetSeconds, t.Zone);
                    }

                    return new CypherTemporal(t.Kind, Checked(newDay), newNanos, t.OffsetSeconds, t.ZoneId);
                }
        }
    }

    private static long Checked(long epochDay)
    {
        Calendar.CheckYear(Calendar.Civil(epochDay).Year);
        return epochDay;
    }

    private static (long Day, long Nanos) Split(Int128 localNanos)
    {
        var day = localNanos / Calendar.NanosPerDay;
        var rest = localNanos % Calendar.NanosPerDay;
        if (rest < 0)
        {
            rest += Calendar.NanosPerDay;
            day--;
        }

        return ((long)day, (long)rest);
    }

    /// <summary>One side of <c>duration.between</c>: a local reading (date and/or time) and a zone, if any.</summary>
    private readonly record struct Point(long? Day, long? Nanos, TemporalZone? Zone);

    /// <summary>
    /// Both sides completed from each other: a side without a date takes the other's, a side without a zone is read in
    /// the other's, and the end is moved into the start's zone (java's ZonedDateTime.until).
    /// </summary>
    private static (Point From, Point To) Align(CypherTemporal a, CypherTemporal b)
    {
        var start = new Point(a.HasDatePart ? a.EpochDay : null, a.HasTimePart ? a.NanoOfDay : null, a.Zoned ? a.Zone : null);
        var finish = new Point(b.HasDatePart ? b.EpochDay : null, b.HasTimePart ? b.NanoOfDay : null, b.Zoned ? b.Zone : null);
        if (start.Day is null && finish.Day is not null)
        {
            start = start with { Day = finish.Day };
        }
        else if (finish.Day is null && start.Day is not null)
        {
            finish = finish with { Day = start.Day };
        }

        start = start with { Zone = start.Zone ?? finish.Zone };
        finish = finish with { Zone = finish.Zone ?? start.Zone };
        if (a.Zoned && b.Zoned)
        {
            // Two zoned values: read the end as the same instant in the start's zone (a time's zone is its offset).
            var zone = a.Kind == TemporalKind.Time ? TemporalZone.OfOffset(a.OffsetSeconds) : a.Zone;
            if (finish.Day is { } day)
            {
                var end = TemporalBuilder.AtInstant(TemporalKind.DateTime, day, finish.Nanos ?? 0, b.OffsetSeconds, zone);
                finish = new Point(end.EpochDay, end.NanoOfDay, zone);
            }
            else
            {
                var end = TemporalBuilder.AtInstant(TemporalKind.Time, 0, b.NanoOfDay, b.OffsetSeconds, zone);
                finish = new Point(null, end.NanoOfDay, zone);
            }
        }

        return (start, finish);
    }

    private static Int128 LocalNanos(Point p) => ((Int128)(p.Day ?? 0) * Calendar.NanosPerDay) + (p.Nanos ?? 0);

    /// <summary>The instant of a point (local reading less its offset), or the local reading when it has no zone.</summary>
    private static Int128 InstantNanos(Point p)
    {
        if (p.Zone is null || p.Day is null)
        {
            return LocalNanos(p) - (p.Zone is null ? 0 : (Int128)p.Zone.FixedOffset * Calendar.NanosPerSecond);
        }

        var (_, _, offset) = p.Zone.ResolveLocal(p.Day.Value, p.Nanos ?? 0);
        return LocalNanos(p) - ((Int128)offset * Calendar.NanosPerSecond);
    }

    /// <summary>Whole months from start to end, less one when the end's time of day has not reached the start's.</summary>
    private static long MonthsUntil(Point start, Point finish)
    {
        var endDay = AdjustedEndDay(start, finish);
        var (fy, fm, fd) = Calendar.Civil(start.Day!.Value);
        var (ty, tm, td) = Calendar.Civil(endDay);
        var packed1 = (((fy * 12) + fm - 1) * 32) + fd;
        var packed2 = (((ty * 12) + tm - 1) * 32) + td;
        return (packed2 - packed1) / 32;
    }

    private static long DaysUntil(Point start, Point finish) => AdjustedEndDay(start, finish) - start.Day!.Value;

    private static long AdjustedEndDay(Point start, Point finish)
    {
        var endDay = finish.Day!.Value;
        var (ft, tt) = (start.Nanos ?? 0, finish.Nanos ?? 0);
        if (endDay > start.Day!.Value && tt < ft)
        {
            endDay--;
        }
        else if (endDay < start.Day.Value && tt > ft)
        {
            endDay++;
        }

        return endDay;
    }

    private static Point PlusDays(Point p, long months, long days)
    {
        var day = Calendar.PlusMonths(p.Day!.Value, months) + days;
        return p with { Day = day };
    }

    private static Int128 NanosUntil(Point start, Point finish) =>
        start.Zone is not null && start.Day is not null ? InstantNanos(finish) - InstantNanos(start) : LocalNanos(finish) - LocalNanos(start);

    public static CypherDuration Between(CypherTemporal a, CypherTemporal b, string unit) => Checked(() => BetweenUnchecked(a, b, unit));

    private static CypherDuration BetweenUnchecked(CypherTemporal a, CypherTemporal b, string unit)
    {
        var (start, finish) = Align(a, b);
        // Months and days only between two values that both have a date; a borrowed date places a time, no more.
        var dated = a.HasDatePart && b.HasDatePart;
        switch (unit)
        {
            case "months":
                return new CypherDuration(dated ? MonthsUntil(start, finish) : 0, 0, 0, 0);
            case "days":
                return new CypherDuration(0, dated ? DaysUntil(start, finish) : 0, 0, 0);
            case "seconds":
                return CypherDuration.FromNanos(0, 0, NanosUntil(start, finish));
        }

        long months = 0, days = 0;
        if (dated)
        {
            months = MonthsUntil(start, finish);
            start = PlusDays(start, months, 0);
            days = DaysUntil(start, finish);
            start = PlusDays(start, 0, days);
        }

        return CypherDuration.FromNanos(months, days, NanosUntil(start, finish));
    }
}
