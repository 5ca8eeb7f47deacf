namespace SupplyGraph.Cypher;

/// <summary>
/// The temporal functions (<c>date</c>, <c>localtime</c>, <c>time</c>, <c>localdatetime</c>, <c>datetime</c>, their
/// <c>.truncate</c>, <c>.statement</c>/<c>.transaction</c>/<c>.realtime</c>, <c>datetime.fromepoch[millis]</c>;
/// <c>duration</c> and <c>duration.between</c>/<c>inMonths</c>/<c>inDays</c>/<c>inSeconds</c>) and the component
/// accessors (<c>d.year</c>, <c>d.week</c>, <c>dur.minutesOfHour</c>, …).
/// </summary>
internal static class TemporalFunctions
{
    private static TemporalKind? KindOf(string name) => name switch
    {
        "date" => TemporalKind.Date,
        "localtime" => TemporalKind.LocalTime,
        "time" => TemporalKind.Time,
        "localdatetime" => TemporalKind.LocalDateTime,
        "datetime" => TemporalKind.DateTime,
        _ => null,
    };

    private static void Arity(CallExpr call, Eval[] args, int min, int max)
    {
        if (args.Length < min || args.Length > max)
        {
            throw CypherException.Syntax("InvalidNumberOfArguments", $"Function '{call.Name}' takes {min}..{max} arguments, got {args.Length}", call.Pos);
        }
    }

    /// <summary>Compiles a temporal function call, or returns false when <paramref name="name"/> is not one.</summary>
    public static bool TryCompile(string name, CallExpr call, Eval[] args, out Eval eval)
    {
        eval = null!;
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        var head = dot < 0 ? name : name[..dot];
        var member = dot < 0 ? null : name[(dot + 1)..];
        if (head == "duration")
        {
            eval = member switch
            {
                null => Duration(call, args),
                "between" or "inmonths" or "indays" or "inseconds" => Between(call, args, member),
                _ => null!,
            };
            return eval is not null;
        }

        if (KindOf(head) is not { } kind)
        {
            return false;
        }

        eval = member switch
        {
            null => Construct(kind, call, args),
            "truncate" => Truncate(kind, call, args),
            "statement" or "transaction" => Construct(kind, call, args),
            "realtime" => Construct(kind, call, args, realtime: true),
            "fromepoch" when kind == TemporalKind.DateTime => FromEpoch(call, args, millis: false),
            "fromepochmillis" when kind == TemporalKind.DateTime => FromEpoch(call, args, millis: true),
            _ => null!,
        };
        return eval is not null;
    }

    private static Eval Construct(TemporalKind kind, CallExpr call, Eval[] args, bool realtime = false)
    {
        Arity(call, args, 0, 1);
        DateTimeOffset Clock(ExecContext ctx) => realtime ? DateTimeOffset.UtcNow : ctx.StatementTime;
        if (args.Length == 0)
        {
            return (_, ctx) => TemporalBuilder.Now(kind, Clock(ctx));
        }

        var arg = args[0];
        var fn = call.Name;
        return (row, ctx) => arg(row, ctx) switch
        {
            null => null,
            Dictionary<string, object?> m when m.Count == 1 && m.TryGetValue("timezone", out var tz) =>
                TemporalBuilder.Now(kind, Clock(ctx), tz is string s ? TemporalZone.Parse(s) : throw CypherException.Type("InvalidArgumentType", $"'timezone' must be a String, got {Values.TypeName(tz)}")),
            Dictionary<string, object?> m => TemporalBuilder.FromMap(kind, m),
            string s => TemporalParser.Parse(kind, s),
            CypherTemporal t => TemporalBuilder.Convert(kind, t, fn),
            var x => throw CypherException.Type("InvalidArgumentType", $"{fn}() expects a map, a string or a temporal value, got {Values.TypeName(x)}"),
        };
    }

    private static Eval Truncate(TemporalKind kind, CallExpr call, Eval[] args)
    {
        Arity(call, args, 2, 3);
        var fn = call.Name;
        return (row, ctx) =>
        {
            var unit = args[0](row, ctx);
            var value = args[1](row, ctx);
            var map = args.Length > 2 ? args[2](row, ctx) : null;
            if (unit is null || value is null)
            {
                return null;
            }

            return TemporalBuilder.Truncate(
                kind,
                unit as string ?? throw CypherException.Type("InvalidArgumentType", $"{fn}() expects a unit String, got {Values.TypeName(unit)}"),
                value as CypherTemporal ?? throw CypherException.Type("InvalidArgumentType", $"{fn}() expects a temporal value, got {Values.TypeName(value)}"),
                map switch
                {
                    null => new Dictionary<string, object?>(),
                    Dictionary<string, object?> m => m,
                    _ => throw CypherException.Type("InvalidArgumentType", $"{fn}() expects a map of fields, got {Values.TypeName(map)}"),
                });
        };
    }

    private static Eval FromEpoch(CallExpr call, Eval[] args, bool millis)
    {
        Arity(call, args, millis ? 1 : 2, millis ? 1 : 2);
        return (row, ctx) =>
        {
            var first = args[0](row, ctx);
            var second = millis ? 0L : args[1](row, ctx);
            if (first is null || second is null)
            {
                return null;
            }

            if (first is not long a || second is not long b)
            {
                throw CypherException.Type("InvalidArgumentType", $"{call.Name}() expects Integers");
            }

            var nanos = millis ? (Int128)a * 1_000_000 : ((Int128)a * Calendar.NanosPerSecond) + b;
            var day = (long)(nanos / Calendar.NanosPerDay);
            var rest = (long)(nanos % Calendar.NanosPerDay);
            if (rest < 0)
            {
                rest += Calendar.NanosPerDay;
                day--;
            }

            return new CypherTemporal(TemporalKind.DateTime, day, rest);
        };
    }

    private static Eval Duration(CallExpr call, Eval[] args)
    {
        Arity(call, args, 1, 1);
        var arg = args[0];
        return (row, ctx) => arg(row, ctx) switch
        {
            null => null,
            Dictionary<string, object?> m => CypherDuration.FromMap(m),
            string s => TemporalParser.ParseDuration(s),
            CypherDuration d => d,
            var x => throw CypherException.Type("InvalidArgumentType", $"duration() expects a map or a string, got {Values.TypeName(x)}"),
        };
    }

    private static Eval Between(CallExpr call, Eval[] args, string member)
    {
        Arity(call, args, 2, 2);
        var unit = member switch { "inmonths" => "months", "indays" => "days", "inseconds" => "seconds", _ => "" };
        return (row, ctx) =>
        {
            var a = args[0](row, ctx);
            var b = args[1](row, ctx);
            if (a is null || b is null)
            {
                return null;
            }

            if (a is not CypherTemporal from || b is not CypherTemporal to)
            {
                throw CypherException.Type("InvalidArgumentType", $"{call.Name}() expects two temporal values, got {Values.TypeName(a)} and {Values.TypeName(b)}");
            }

            return TemporalArithmetic.Between(from, to, unit);
        };
    }

    /// <summary>A component of a temporal value or duration (<c>d.year</c>, <c>dur.days</c>).</summary>
    public static object? Component(object target, string key) => target switch
    {
        CypherTemporal t => Component(t, key),
        CypherDuration d => Component(d, key),
        _ => null,
    };

    private static object? Component(CypherTemporal t, string key)
    {
        var k = key.ToLowerInvariant();
        if (t.HasDatePart)
        {
            var (year, month, day) = Calendar.Civil(t.EpochDay);
            object? value = k switch
            {
                "year" => year,
                "quarter" => (long)Calendar.Quarter(month),
                "month" => (long)month,
                "week" => (long)Calendar.IsoWeek(t.EpochDay).Week,
                "weekyear" => Calendar.IsoWeek(t.EpochDay).WeekYear,
                "day" => (long)day,
                "ordinalday" => (long)Calendar.OrdinalDay(t.EpochDay),
                "weekday" or "dayofweek" => (long)Calendar.DayOfWeek(t.EpochDay),
                "dayofquarter" => (long)Calendar.DayOfQuarter(t.EpochDay),
                _ => null,
            };
            if (value is not null)
            {
                return value;
            }
        }

        if (t.HasTimePart)
        {
            var n = t.NanoOfDay;
            object? value = k switch
            {
                "hour" => n / 3_600_000_000_000L,
                "minute" => n / 60_000_000_000L % 60,
                "second" => n / Calendar.NanosPerSecond % 60,
                "millisecond" => n % Calendar.NanosPerSecond / 1_000_000,
                "microsecond" => n % Calendar.NanosPerSecond / 1_000,
                "nanosecond" => n % Calendar.NanosPerSecond,
                _ => null,
            };
            if (value is not null)
            {
                return value;
            }
        }

        if (t.Zoned)
        {
            object? value = k switch
            {
                "timezone" => t.ZoneId ?? TemporalZone.FormatOffset(t.OffsetSeconds),
                "offset" => TemporalZone.FormatOffset(t.OffsetSeconds),
                "offsetminutes" => (long)(t.OffsetSeconds / 60),
                "offsetseconds" => (long)t.OffsetSeconds,
                _ => null,
            };
            if (value is not null)
            {
                return value;
            }
        }

        if (t.Kind == TemporalKind.DateTime)
        {
            switch (k)
            {
                case "epochseconds":
                    return t.EpochSecond;
                case "epochmillis":
                    return (t.EpochSecond * 1000) + (t.NanoOfSecond / 1_000_000);
            }
        }

        throw CypherException.Argument("InvalidArgumentValue", $"A {t.Kind} has no component '{key}'");
    }

    private static object? Component(CypherDuration d, string key) => key.ToLowerInvariant() switch
    {
        "years" => d.Months / 12,
        "quarters" => d.Months / 3,
        "months" => d.Months,
        "weeks" => d.Days / 7,
        "days" => d.Days,
        "hours" => d.Seconds / 3600,
        "minutes" => d.Seconds / 60,
        "seconds" => d.Seconds,
        "milliseconds" => (d.Seconds * 1000) + (d.Nanos / 1_000_000),
        "microseconds" => (d.Seconds * 1_000_000) + (d.Nanos / 1_000),
        "nanoseconds" => (d.Seconds * Calendar.NanosPerSecond) + d.Nanos,
        "quartersofyear" => d.Months / 3 % 4,
        "monthsofquarter" => d.Months % 3,
        "monthsofyear" => d.Months % 12,
        "daysofweek" => d.Days % 7,
        "minutesofhour" => d.Seconds / 60 % 60,
        "secondsofminute" => d.Seconds % 60,
        "millisecondsofsecond" => (long)(d.Nanos / 1_000_000),
        "microsecondsofsecond" => (long)(d.Nanos / 1_000),
        "nanosecondsofsecond" => (long)d.Nanos,
        _ => throw CypherException.Argument("InvalidArgumentValue", $"A Duration has no component '{key}'"),
    };
}
