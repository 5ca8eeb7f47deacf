namespace SupplyGraph.Cypher;

/// <summary>
/// The proleptic Gregorian calendar over epoch days (days since 1970-01-01) as <see cref="long"/>: openCypher's years
/// run from -999,999,999 to +999,999,999, far outside <see cref="DateOnly"/>. ISO weeks start on Monday; week 1 is the
/// week holding 4 January.
/// </summary>
internal static class Calendar
{
    public const long MinYear = -999_999_999;
    public const long MaxYear = 999_999_999;
    public const long NanosPerSecond = 1_000_000_000L;
    public const long NanosPerDay = 86_400_000_000_000L;

    /// <summary>Epoch day of a valid year, month and day (H. Hinnant's days_from_civil).</summary>
    public static long EpochDay(long year, long month, long day)
    {
        var y = month <= 2 ? year - 1 : year;
        var era = (y >= 0 ? y : y - 399) / 400;
        var yearOfEra = y - (era * 400);
        var dayOfYear = ((153 * (month + (month > 2 ? -3 : 9))) + 2) / 5 + day - 1;
        var dayOfEra = (yearOfEra * 365) + (yearOfEra / 4) - (yearOfEra / 100) + dayOfYear;
        return (era * 146097) + dayOfEra - 719468;
    }

    /// <summary>Year, month and day of an epoch day.</summary>
    public static (long Year, int Month, int Day) Civil(long epochDay)
    {
        var z = epochDay + 719468;
        var era = (z >= 0 ? z : z - 146096) / 146097;
        var dayOfEra = z - (era * 146097);
        var yearOfEra = (dayOfEra - (dayOfEra / 1460) + (dayOfEra / 36524) - (dayOfEra / 146096)) / 365;
        var dayOfYear = dayOfEra - ((365 * yearOfEra) + (yearOfEra / 4) - (yearOfEra / 100));
        var mp = ((5 * dayOfYear) + 2) / 153;
        var day = (int)(dayOfYear - (((153 * mp) + 2) / 5) + 1);
        var month = (int)(mp < 10 ? mp + 3 : mp - 9);
        var year = yearOfEra + (era * 400);
        return (month <= 2 ? year + 1 : year, month, day);
    }

    public static bool IsLeap(long year) => year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);

    public static int DaysInMonth(long year, long month) => month switch
    {
        2 => IsLeap(year) ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    /// <summary>ISO day of week: Monday 1 … Sunday 7 (1970-01-01 was a Thursday).</summary>
    public static int DayOfWeek(long epochDay) => (int)FloorMod(epochDay + 3, 7) + 1;

    /// <summary>Epoch day of the Monday that starts week 1 of <paramref name="weekYear"/>.</summary>
    public static long WeekYearStart(long weekYear)
    {
        var jan4 = EpochDay(weekYear, 1, 4);
        return jan4 - DayOfWeek(jan4) + 1;
    }

    public static int WeeksInWeekYear(long weekYear) => (int)((WeekYearStart(weekYear + 1) - WeekYearStart(weekYear)) / 7);

    public static (long WeekYear, int Week) IsoWeek(long epochDay)
    {
        var year = Civil(epochDay).Year;
        var weekYear = epochDay < WeekYearStart(year) ? year - 1 : epochDay >= WeekYearStart(year + 1) ? year + 1 : year;
        return (weekYear, (int)((epochDay - WeekYearStart(weekYear)) / 7) + 1);
    }

    public static int OrdinalDay(long epochDay) => (int)(epochDay - EpochDay(Civil(epochDay).Year, 1, 1)) + 1;

    public static int Quarter(int month) => ((month - 1) / 3) + 1;

    public static int DayOfQuarter(long epochDay)
    {
        var (year, month, _) = Civil(epochDay);
        return (int)(epochDay - EpochDay(year, ((Quarter(month) - 1) * 3) + 1, 1)) + 1;
    }

    /// <summary>The same day of month <paramref name="months"/> later, clamped to the month's last day.</summary>
    public static long PlusMonths(long epochDay, long months)
    {
        if (months == 0)
        {
            return epochDay;
        }

        var (year, month, day) = Civil(epochDay);
        var total = (year * 12) + (month - 1) + months;
        var newYear = FloorDiv(total, 12);
        var newMonth = FloorMod(total, 12) + 1;
        CheckYear(newYear);
        return EpochDay(newYear, newMonth, Math.Min(day, DaysInMonth(newYear, newMonth)));
    }

    public static long FloorDiv(long a, long b) => (a / b) - ((a % b != 0 && (a < 0) != (b < 0)) ? 1 : 0);

    public static long FloorMod(long a, long b) => a - (FloorDiv(a, b) * b);

    public static void CheckYear(long year)
    {
        if (year is < MinYear or > MaxYear)
        {
            throw CypherException.Argument("InvalidArgumentValue", $"Year {year} is out of range ({MinYear} to {MaxYear})");
        }
    }

    /// <summary>Epoch day of a date given by fields, each checked against its range.</summary>
    public static long Checked(long year, long month, long day)
    {
        CheckYear(year);
        Range("month", month, 1, 12);
        Range("day", day, 1, DaysInMonth(year, month));
        return EpochDay(year, month, day);
    }

    public static void Range(string field, long value, long min, long max)
    {
        if (value < min || value > max)
        {
            throw CypherException.Argument("InvalidArgumentValue", $"Invalid value for {field}: {value} (valid values {min} - {max})");
        }
    }
}
