using System.Globalization;
using System.Text.RegularExpressions;

namespace SupplyGraph.Cypher;

/// <summary>
/// A time zone as openCypher writes it: a fixed offset (<c>Z</c>, <c>+01:00</c>, <c>-02:05:07</c>) or a named IANA zone
/// (<c>Europe/Stockholm</c>, read through <see cref="TimeZoneInfo"/>, which on Linux uses the system's tz database, with
/// the rules java.time gives it: see <see cref="ZoneLinks"/>).
/// Local times that a named zone skips (a gap) move forward by the gap; ambiguous ones (an overlap) take the earlier
/// offset — java.time's rules, which Neo4j follows.
/// </summary>
internal sealed partial class TemporalZone
{
    private readonly TimeZoneInfo? _info;

    private TemporalZone(int offset, string? id, TimeZoneInfo? info)
    {
        FixedOffset = offset;
        Id = id;
        _info = info;
    }

    public static readonly TemporalZone Utc = new(0, null, null);

    /// <summary>The offset of a fixed zone (meaningless for a named one).</summary>
    public int FixedOffset { get; }

    /// <summary>The IANA name of a named zone, or null for a fixed offset.</summary>
    public string? Id { get; }

    public static TemporalZone OfOffset(int seconds) => seconds == 0 ? Utc : new(seconds, null, null);

    public static TemporalZone Of(int offset, string? id) => id is null ? OfOffset(offset) : Named(id);

    [GeneratedRegex(@"^([+-])(\d{2})(?::?(\d{2})(?::?(\d{2}))?)?$")]
    private static partial Regex OffsetPattern();

    /// <summary>Parses <c>Z</c>, <c>±hh</c>, <c>±hhmm</c>, <c>±hh:mm</c>, <c>±hh:mm:ss</c> or a zone name.</summary>
    public static TemporalZone Parse(string text)
    {
        if (text is "Z" or "z")
        {
            return Utc;
        }

        if (TryParseOffset(text, out var seconds))
        {
            return OfOffset(seconds);
        }

        return Named(text);
    }

    public static bool TryParseOffset(string text, out int seconds)
    {
        seconds = 0;
        if (text is "Z" or "z")
        {
            return true;
        }

        var m = OffsetPattern().Match(text);
        if (!m.Success)
        {
            return false;
        }

        int Part(int g) => m.Groups[g].Success ? int.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture) : 0;
        var (hours, minutes, secs) = (Part(2), Part(3), Part(4));
        if (hours > 18 || minutes > 59 || secs > 59 || (hours == 18 && (minutes > 0 || secs > 0)))
        {
            throw CypherException.Argument("InvalidArgumentValue", $"Invalid time zone offset '{text}' (offsets run from -18:00 to +18:00)");
        }

        seconds = (m.Groups[1].Value == "-" ? -1 : 1) * ((hours * 3600) + (minutes * 60) + secs);
        return true;
    }

    private static TemporalZone Named(string id)
    {
        try
        {
            return new TemporalZone(0, id, TimeZoneInfo.FindSystemTimeZoneById(ZoneLinks.RulesOf(id)));
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            throw CypherException.Argument("InvalidArgumentValue", $"Unknown time zone '{id}'");
        }
    }

    /// <summary>The offset in force at an instant (seconds since the epoch, UTC).</summary>
    public int OffsetAt(long epochSecond)
    {
        if (_info is null)
        {
            return FixedOffset;
        }

        if (ZoneHistory.EarlyOffset(ZoneLinks.RulesOf(Id!), epochSecond) is { } early)
        {
            return early;
        }

        // TimeZoneInfo only knows years 1-9999; beyond them the nearest rule holds.
        var clamped = Math.Clamp(epochSecond, -62_135_596_800L + 86_400, 253_402_300_799L - 86_400);
        return (int)_info.GetUtcOffset(DateTimeOffset.FromUnixTimeSeconds(clamped)).TotalSeconds;
    }

    /// <summary>
    /// The offset for a local date and time, and that local time moved forward when it falls in a gap.
    /// </summary>
    public (long EpochDay, long NanoOfDay, int Offset) ResolveLocal(long epochDay, long nanoOfDay)
    {
        if (_info is null)
        {
            return (epochDay, nanoOfDay, FixedOffset);
        }

        var localSecond = (epochDay * 86_400) + (nanoOfDay / Calendar.NanosPerSecond);
        var before = OffsetAt(localSecond - 86_400);
        var after = OffsetAt(localSecond + 86_400);
        var beforeValid = OffsetAt(localSecond - before) == before;
        var afterValid = OffsetAt(localSecond - after) == after;
        if (beforeValid)
        {
            return (epochDay, nanoOfDay, before);
        }

        if (afterValid)
        {
            return (epochDay, nanoOfDay, after);
        }

        // A gap: the instant the earlier offset gives, shown with the later offset.
        var shiftedNanos = nanoOfDay + ((after - before) * Calendar.NanosPerSecond);
        var day = epochDay + Calendar.FloorDiv(shiftedNanos, Calendar.NanosPerDay);
        return (day, Calendar.FloorMod(shiftedNanos, Calendar.NanosPerDay), after);
    }

    /// <summary>Offset text as openCypher prints it: <c>Z</c>, <c>+01:00</c>, <c>+00:53:28</c>.</summary>
    public static string FormatOffset(int seconds)
    {
        if (seconds == 0)
        {
            return "Z";
        }

        var o = Math.Abs(seconds);
        var text = string.Create(CultureInfo.InvariantCulture, $"{(seconds < 0 ? '-' : '+')}{o / 3600:00}:{o / 60 % 60:00}");
        return o % 60 == 0 ? text : text + string.Create(CultureInfo.InvariantCulture, $":{o % 60:00}");
    }
}
