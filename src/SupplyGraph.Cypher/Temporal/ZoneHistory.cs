using System.Buffers.Binary;
using System.Collections.Concurrent;

namespace SupplyGraph.Cypher;

/// <summary>
/// What <see cref="TimeZoneInfo"/> gets wrong before a zone's first transition: the tz database's local mean time
/// (Berlin +00:53:28 until 1893, which Stockholm follows: see <see cref="ZoneLinks"/>), which java.time and so Neo4j
/// report and .NET does not.
/// Read from the zone's TZif file (RFC 8536: time type 0 holds before the first transition).
/// </summary>
internal static class ZoneHistory
{
    private static readonly ConcurrentDictionary<string, (long FirstTransition, int Offset)?> Cache = new(StringComparer.Ordinal);

    private static readonly string[] Roots = ["/usr/share/zoneinfo", "/usr/lib/zoneinfo", "/usr/share/lib/zoneinfo"];

    /// <summary>The offset before the first transition, when <paramref name="epochSecond"/> is before it; else null.</summary>
    public static int? EarlyOffset(string zoneId, long epochSecond) =>
        Cache.GetOrAdd(zoneId, Read) is { } early && epochSecond < early.FirstTransition ? early.Offset : null;

    /// <summary>The system's zone folder (<c>TZDIR</c> when set), or null when there is none.</summary>
    public static string? Root() =>
        Environment.GetEnvironmentVariable("TZDIR") is { Length: > 0 } dir ? dir : Roots.FirstOrDefault(Directory.Exists);

    private static (long, int)? Read(string zoneId)
    {
        try
        {
            var root = Root();
            if (root is null || zoneId.Contains("..", StringComparison.Ordinal))
            {
                return null;
            }

            var path = Path.Combine(root, zoneId);
            return File.Exists(path) ? Parse(File.ReadAllBytes(path)) : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static (long, int)? Parse(ReadOnlySpan<byte> data)
    {
        static int Count(ReadOnlySpan<byte> header, int i) => BinaryPrimitives.ReadInt32BigEndian(header[(20 + (4 * i))..]);
        if (data.Length < 44 || data[0] != 'T' || data[1] != 'Z' || data[2] != 'i' || data[3] != 'f')
        {
            return null;
        }

        var version = data[4];
        var timeSize = 4;
        if (version >= '2')
        {
            // Skip the 32-bit block to the 64-bit one, which holds transitions before 1901.
            var v1 = 44 + (Count(data, 3) * 5) + (Count(data, 4) * 6) + Count(data, 5) + (Count(data, 2) * 8) + Count(data, 1) + Count(data, 0);
            data = data[v1..];
            timeSize = 8;
        }

        var timeCount = Count(data, 3);
        var typeCount = Count(data, 4);
        if (timeCount == 0 || typeCount == 0)
        {
            return null;
        }

        var body = data[44..];
        var first = timeSize == 8 ? BinaryPrimitives.ReadInt64BigEndian(body) : BinaryPrimitives.ReadInt32BigEndian(body);
        var types = body[(timeCount * (timeSize + 1))..];
        return (first, BinaryPrimitives.ReadInt32BigEndian(types));
    }
}
