namespace SupplyGraph.Cypher;

/// <summary>
/// The zone whose rules a named zone follows in the tz database's main data, which java.time (and so Neo4j) ships:
/// zones that have agreed since 1970 are one zone there (<c>Europe/Stockholm</c> follows <c>Europe/Berlin</c>, so
/// 1818 in Stockholm is Berlin's local mean time, +00:53:28). Debian and others build their zone files with the
/// "backzone" data, which keeps each merged zone's older history (Stockholm's own +01:12:12), so the system's file
/// alone would give different answers before 1970.
/// </summary>
/// <remarks>
/// Derived from the system's own tables, not a list of ours: <c>zone1970.tab</c> names the zones of the main data with
/// the countries each covers; a zone of <c>zone.tab</c> that is not among them follows the one row of
/// <c>zone1970.tab</c> that covers its country. A country covered by several rows (or none) leaves the zone as it is.
/// </remarks>
internal static class ZoneLinks
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Links = new(Read);

    /// <summary>The zone whose rules <paramref name="zoneId"/> follows: itself unless it was merged into another.</summary>
    public static string RulesOf(string zoneId) => Links.Value.TryGetValue(zoneId, out var target) ? target : zoneId;

    private static Dictionary<string, string> Read()
    {
        var links = new Dictionary<string, string>(StringComparer.Ordinal);
        if (ZoneHistory.Root() is not { } root)
        {
            return links;
        }

        try
        {
            var zone1970 = Path.Combine(root, "zone1970.tab");
            var zone = Path.Combine(root, "zone.tab");
            if (!File.Exists(zone1970) || !File.Exists(zone))
            {
                return links;
            }

            var main = new HashSet<string>(StringComparer.Ordinal);
            var rowsOf = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var (countries, id) in Rows(zone1970))
            {
                main.Add(id);
                foreach (var country in countries.Split(','))
                {
                    (rowsOf.TryGetValue(country, out var list) ? list : rowsOf[country] = []).Add(id);
                }
            }

            foreach (var (country, id) in Rows(zone))
            {
                if (!main.Contains(id) && rowsOf.TryGetValue(country, out var targets) && targets.Count == 1)
                {
                    links[id] = targets[0];
                }
            }
        }
        catch (IOException)
        {
            // No tables readable: every zone follows its own file.
        }
        catch (UnauthorizedAccessException)
        {
        }

        return links;
    }

    /// <summary>The (country codes, zone) columns of a tab file, comments skipped.</summary>
    private static IEnumerable<(string Countries, string Zone)> Rows(string path)
    {
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var columns = line.Split('\t');
            if (columns.Length >= 3)
            {
                yield return (columns[0], columns[2]);
            }
        }
    }
}
