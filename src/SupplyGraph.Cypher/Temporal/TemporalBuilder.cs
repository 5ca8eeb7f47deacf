namespace SupplyGraph.Cypher;

/// <summary>
/// Builds temporal values from maps of components, from other temporal values (<c>date({date: dt, day: 1})</c>),
/// and by truncation. Components given in the map win; the rest come from the <c>date</c>, <c>time</c> or
/// <c>datetime</c> value in it; the zone of a <c>time</c>/<c>datetime</c> value is kept, and a <c>timezone</c> given
/// beside one converts the instant into that zone (openCypher's selection rules).
/// </summary>
internal static class TemporalBuilder
{
    private static readonly HashSet<string> DateKeys = new(StringComparer.Ordinal) { "year", "month", "day", "week", "dayOfWeek", "ordinalDay", "quarter", "dayOfQuarter" };

    private static readonly HashSet<string> TimeKeys = new(StringComparer.Ordinal) { "hour", "minute", "second", "millisecond", "microsecond", "nanosecond" };

    public static long WeekDate(long weekYear, long week, long dayOfWeek)
    {
        Calendar.CheckYear(weekYear);
        Calendar.Range("week", week, 1, Calendar.WeeksInWeekYear(weekYear));
        Calendar.Range("dayOfWeek", dayOfWeek, 1, 7);
        return Calendar.WeekYearStart(weekYear) + ((week - 1) * 7) + dayOfWeek - 1;
    }

    /// <summary>A zoned value for the instant that a local reading with <paramref name="offset"/> names, in <paramref name="zone"/>.</summary>
    public static CypherTemporal AtInstant(TemporalKind kind, long epochDay, long nanoOfDay, int offset, TemporalZone zone)
    {
        if (kind == TemporalKind.Time)
        {
            var target = zone.Id is null ? zone.FixedOffset : zone.OffsetAt(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            var nanos = Calendar.FloorMod(nanoOfDay + ((long)(target - offset) * Calendar.NanosPerSecond), Calendar.NanosPerDay);
            return new CypherTemporal(kind, 0, nanos, target);
        }

        var epochSecond = (epochDay * 86_400) + (nanoOfDay / Calendar.NanosPerSecond) - offset;
        var newOffset = zone.OffsetAt(epochSecond);
        var local = (Int128)epochDay * Calendar.NanosPerDay + nanoOfDay + ((Int128)(newOffset - offset) * Calendar.NanosPerSecond);
        var day = (long)(local / Calendar.NanosPerDay);
        var rest = (long)(local % Calendar.NanosPerDay);
        if (rest < 0)
        {
            rest += Calendar.NanosPerDay;
            day--;
        }

        return new CypherTemporal(kind, day, rest, newOffset, zone.Id);
    }

    /// <summary>A value of <paramref name="kind"/> at local date and time in a zone (resolving gaps and overlaps).</summary>
    public static CypherTemporal InZone(TemporalKind kind, long epochDay, long nanoOfDay, TemporalZone zone)
    {
        if (kind == TemporalKind.Time)
        {
            var offset = zone.Id is null ? zone.FixedOffset : zone.OffsetAt(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            return new CypherTemporal(kind, 0, nanoOfDay, offset);
        }

        if (kind != TemporalKind.DateTime)
        {
            return new CypherTemporal(kind, epochDay, nanoOfDay);
        }

        var (day, nanos, resolved) = zone.ResolveLocal(epochDay, nanoOfDay);
        return new CypherTemporal(kind, day, nanos, resolved, zone.Id);
    }

    /// <summary><c>date(other)</c>, <c>time(other)</c>, …: the parts of another temporal value the kind holds.</summary>
    public static CypherTemporal Convert(TemporalKind kind, CypherTemporal other, string function)
    {
        if (other.Kind == kind)
        {
            return other;
        }

        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (CypherTemporal.HasDate(kind) && CypherTemporal.HasTime(kind))
        {
            map[other.HasDatePart && other.HasTimePart ? "datetime" : other.HasDatePart ? "date" : "time"] = other;
            if (!other.HasDatePart)
            {
                throw CypherException.Type("InvalidArgumentType", $"{function}() cannot build a {kind} from a {other.Kind}: it has no date");
            }
        }
        else if (CypherTemporal.HasDate(kind))
        {
            map["date"] = other;
        }
        else
        {
            map["time"] = other;
        }

        return FromMap(kind, map);
    }

    public static CypherTemporal FromMap(TemporalKind kind, IReadOnlyDictionary<string, object?> map) => Build(kind, map, null, null, null, convertZone: true);

    /// <summary>
    /// The general builder. <paramref name="baseDate"/>/<paramref name="baseTime"/>/<paramref name="baseZone"/> are
    /// given by truncation; otherwise they come from the map's <c>date</c>, <c>time</c> and <c>datetime</c> entries.
    /// </summary>
    public static CypherTemporal Build(TemporalKind kind, IReadOnlyDictionary<string, object?> map, long? baseDate, long? baseTime, TemporalZone? baseZone, bool convertZone)
    {
        var fields = new Dictionary<string, long>(StringComparer.Ordinal);
        TemporalZone? zone = null;
        foreach (var (key, value) in map)
        {
            switch (key)
            {
                case "date" or "time" or "datetime":
                    if (value is null)
                    {
                        continue;
                    }

                    if (value is not CypherTemporal other)
                    {
                        throw CypherException.Type("InvalidArgumentType", $"'{key}' must be a temporal value, got {Values.TypeName(value)}");
                    }

                    if (key != "time")
                    {
                        if (!other.HasDatePart)
                        {
                            throw CypherException.Type("InvalidArgumentType", $"'{key}' must hold a date, got a {other.Kind}");
                        }

                        baseDate = other.EpochDay;
                    }

                    if (key != "date" && other.HasTimePart)
                    {
                        baseTime = other.NanoOfDay;
                        if (other.Zoned)
                        {
                            baseZone = other.Zone;
                        }
                    }

                    break;
                case "timezone":
                    zone = value switch
                    {
                        null => null,
                        string s => TemporalZone.Parse(s),
                        _ => throw CypherException.Type("InvalidArgumentType", $"'timezone' must be a String, got {Values.TypeName(value)}"),
                    };
                    break;
                default:
                    if (!DateKeys.Contains(key) && !TimeKeys.Contains(key))
                    {
                        throw CypherException.Argument("InvalidArgumentValue", $"No such field: '{key}'");
                    }

                    if (value is null)
                    {
                        continue;
                    }

                    fields[key] = value as long? ?? throw CypherException.Type("InvalidArgumentType", $"'{key}' must be an Integer, got {Values.TypeName(value)}");
                    break;
            }
        }

        long epochDay = 0;
        if (CypherTemporal.HasDate(kind))
        {
            epochDay = DateFrom(fields, baseDate);
        }

        long nanoOfDay = 0;
        if (CypherTemporal.HasTime(kind))
        {
            nanoOfDay = TimeFrom(fields, baseTime);
        }

        if (!CypherTemporal.IsZoned(kind))
        {
            return new CypherTemporal(kind, epochDay, nanoOfDay);
        }

        if (baseZone is null || !convertZone)
        {
            return InZone(kind, epochDay, nanoOfDay, zone ?? baseZone ?? TemporalZone.Utc);
        }

        var inBase = InZone(kind, epochDay, nanoOfDay, baseZone);
        return zone is null ? inBase : AtInstant(kind, inBase.EpochDay, inBase.NanoOfDay, inBase.OffsetSeconds, zone);
    }

    private static long DateFrom(Dictionary<string, long> f, long? baseDate)
    {
        long? Get(string key) => f.TryGetValue(key, out var v) ? v : null;
        var year = Get("year");
        if (Get("week") is { } week)
        {
            var weekYear = year ?? (baseDate is { } b ? Calendar.IsoWeek(b).WeekYear : throw Missing("year", "week"));
            var dow = Get("dayOfWeek") ?? (baseDate is { } bd ? Calendar.DayOfWeek(bd) : 1);
            return WeekDate(weekYear, week, dow);
        }

        if (Get("ordinalDay") is { } ordinal)
        {
            var y = year ?? (baseDate is { } b ? Calendar.Civil(b).Year : throw Missing("year", "ordinalDay"));
            Calendar.CheckYear(y);
            Calendar.Range("ordinalDay", ordinal, 1, Calendar.IsLeap(y) ? 366 : 365);
            return Calendar.EpochDay(y, 1, 1) + ordinal - 1;
        }

        if (Get("quarter") is { } quarter || (Get("dayOfQuarter") is not null && !f.ContainsKey("month")))
        {
            var y = year ?? (baseDate is { } b ? Calendar.Civil(b).Year : throw Missing("year", "quarter"));
            var q = Get("quarter") ?? (baseDate is { } bq ? Calendar.Quarter(Calendar.Civil(bq).Month) : 1);
            Calendar.CheckYear(y);
            Calendar.Range("quarter", q, 1, 4);
            var start = Calendar.EpochDay(y, ((q - 1) * 3) + 1, 1);
            var length = Calendar.EpochDay(q == 4 ? y + 1 : y, q == 4 ? 1 : (q * 3) + 1, 1) - start;
            var dayOfQuarter = Get("dayOfQuarter") ?? (baseDate is { } bdq ? Calendar.DayOfQuarter(bdq) : 1);
            Calendar.Range("dayOfQuarter", dayOfQuarter, 1, length);
            return start + dayOfQuarter - 1;
        }

        if (Get("dayOfWeek") is { } dayOfWeek && Get("month") is null && Get("day") is null)
        {
            if (baseDate is not { } b)
            {
                throw Missing("week", "dayOfWeek");
            }

            var (weekYear, w) = Calendar.IsoWeek(b);
            return WeekDate(year ?? weekYear, w, dayOfWeek);
        }

        if (baseDate is { } based)
        {
            var (by, bm, bday) = Calendar.Civil(based);
            return Calendar.Checked(year ?? by, Get("month") ?? bm, Get("day") ?? bday);
        }

        if (year is null)
        {
            if (f.Count == 0 || f.Keys.All(TimeKeys.Contains))
            {
                throw CypherException.Argument("InvalidArgumentValue", "A date needs at least a year (or a date to take it from)");
            }

            throw Missing("year", f.Keys.First(DateKeys.Contains));
        }

        if (Get("day") is not null && Get("month") is null)
        {
            throw Missing("month", "day");
        }

        return Calendar.Checked(year.Value, Get("month") ?? 1, Get("day") ?? 1);
    }

    private static long TimeFrom(Dictionary<string, long> f, long? baseTime)
    {
        long? Get(string key) => f.TryGetValue(key, out var v) ? v : null;
        var b = baseTime ?? 0;
        var hour = Get("hour") ?? (baseTime is null ? 0 : b / 3_600_000_000_000L);
        var minute = Get("minute") ?? (baseTime is null ? 0 : b / 60_000_000_000L % 60);
        var second = Get("second") ?? (baseTime is null ? 0 : b / Calendar.NanosPerSecond % 60);
        if (baseTime is null && ((Get("minute") is not null && Get("hour") is null) || (Get("second") is not null && Get("minute") is null)))
        {
            throw Missing(Get("hour") is null ? "hour" : "minute", Get("second") is not null ? "second" : "minute");
        }

        Calendar.Range("hour", hour, 0, 23);
        Calendar.Range("minute", minute, 0, 59);
        Calendar.Range("second", second, 0, 59);
        long fraction;
        if (Get("millisecond") is null && Get("microsecond") is null && Get("nanosecond") is null)
        {
            fraction = b % Calendar.NanosPerSecond;
        }
        else
        {
            var ms = Get("millisecond") ?? 0;
            var us = Get("microsecond") ?? 0;
            var ns = Get("nanosecond") ?? 0;
            Calendar.Range("millisecond", ms, 0, 999);
            Calendar.Range("microsecond", us, 0, Get("millisecond") is null ? 999_999 : 999);
            Calendar.Range("nanosecond", ns, 0, Get("millisecond") is null && Get("microsecond") is null ? 999_999_999 : 999);
            fraction = (ms * 1_000_000) + (us * 1_000) + ns;
        }

        return (((hour * 3600) + (minute * 60) + second) * Calendar.NanosPerSecond) + fraction;
    }

    private static CypherException Missing(string needed, string given) =>
        CypherException.Argument("InvalidArgumentValue", $"'{given}' needs '{needed}' (or a temporal value to take it from)");

    /// <summary>The current time: the statement's clock, in UTC or the zone given.</summary>
    public static CypherTemporal Now(TemporalKind kind, DateTimeOffset now, TemporalZone? zone = null)
    {
        var epochNanos = (now.ToUnixTimeMilliseconds() * 1_000_000) + (now.Ticks % 10_000 * 100);
        var utc = new CypherTemporal(TemporalKind.DateTime, Calendar.FloorDiv(epochNanos, Calendar.NanosPerDay), Calendar.FloorMod(epochNanos, Calendar.NanosPerDay));
        var here = AtInstant(TemporalKind.DateTime, utc.EpochDay, utc.NanoOfDay, 0, zone ?? TemporalZone.Utc);
        return new CypherTemporal(kind, here.EpochDay, here.NanoOfDay, here.OffsetSeconds, here.ZoneId);
    }

    /// <summary><c>X.truncate(unit, value, map)</c>: the value cut to the unit, then adjusted by the map.</summary>
    public static CypherTemporal Truncate(TemporalKind kind, string unit, CypherTemporal value, IReadOnlyDictionary<string, object?> map)
    {
        long? date = value.HasDatePart ? value.EpochDay : null;
        long? time = value.HasTimePart ? value.NanoOfDay : null;
        var u = unit.ToLowerInvariant();
        var dateUnit = u is "millennium" or "century" or "decade" or "year" or "weekyear" or "quarter" or "month" or "week" or "day";
        if (CypherTemporal.HasDate(kind) && date is null)
        {
            throw CypherException.Type("InvalidArgumentType", $"Cannot truncate a {value.Kind} to a {kind}: it has no date");
        }

        if (dateUnit && u != "day" && !CypherTemporal.HasDate(kind))
        {
            throw CypherException.Argument("InvalidArgumentValue", $"Cannot truncate a {kind} to the unit '{unit}'");
        }

        if (date is { } d)
        {
            var (year, month, _) = Calendar.Civil(d);
            date = u switch
            {
                "millennium" => Calendar.EpochDay(Calendar.FloorDiv(year, 1000) * 1000, 1, 1),
                "century" => Calendar.EpochDay(Calendar.FloorDiv(year, 100) * 100, 1, 1),
                "decade" => Calendar.EpochDay(Calendar.FloorDiv(year, 10) * 10, 1, 1),
                "year" => Calendar.EpochDay(year, 1, 1),
                "weekyear" => Calendar.WeekYearStart(Calendar.IsoWeek(d).WeekYear),
                "quarter" => Calendar.EpochDay(year, ((Calendar.Quarter(month) - 1) * 3) + 1, 1),
                "month" => Calendar.EpochDay(year, month, 1),
                "week" => d - Calendar.DayOfWeek(d) + 1,
                _ => d,
            };
        }

        var t = time ?? 0;
        t = dateUnit ? 0 : u switch
        {
            "hour" => t - (t % 3_600_000_000_000L),
            "minute" => t - (t % 60_000_000_000L),
            "second" => t - (t % Calendar.NanosPerSecond),
            "millisecond" => t - (t % 1_000_000),
            "microsecond" => t - (t % 1_000),
            _ => throw CypherException.Argument("InvalidArgumentValue", $"Unknown truncation unit '{unit}'"),
        };

        // The map adjusts the truncated value: a sub-second field replaces only what the unit cut away.
        var adjusted = new Dictionary<string, object?>(map, StringComparer.Ordinal);
        if (u is "millisecond" or "microsecond" && (adjusted.ContainsKey("nanosecond") || adjusted.ContainsKey("microsecond")))
        {
            var kept = t % Calendar.NanosPerSecond;
            var ns = (adjusted.GetValueOrDefault("nanosecond") as long?) ?? 0;
            var us = (adjusted.GetValueOrDefault("microsecond") as long?) ?? 0;
            adjusted.Remove("nanosecond");
            adjusted.Remove("microsecond");
            adjusted.Remove("millisecond");
            adjusted["nanosecond"] = kept + (us * 1000) + ns;
        }

        return Build(kind, adjusted, date, t, value.Zoned ? value.Zone : null, convertZone: false);
    }
}
