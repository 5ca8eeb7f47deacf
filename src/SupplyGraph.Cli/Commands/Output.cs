using System.Globalization;
using System.Text.Json;
using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Cli.Commands;

/// <summary>How entities, evidence and paths look on a terminal and in <c>--json</c>.</summary>
public static class Output
{
    /// <summary>
    /// The server's JSON (camelCase, enums as camelCase strings, Core's converters), indented for a terminal, and with
    /// "→", "≥" and "->" written as themselves rather than \u escapes: it is read by people and tools, never put in HTML.
    /// </summary>
    public static readonly JsonSerializerOptions RestJson = new(SupplyGraph.Client.ClientJson.Options)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Label(Entity e) => $"{e.Name} ({e.Id})";

    public static string Number(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    public static string Percent(double v) => (v * 100).ToString("0.##", CultureInfo.InvariantCulture) + " %";

    public static string Date(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "not given";

    public static string Headline(Entity e) =>
        $"{e.Name}  [{e.Id}]  {string.Join(':', e.Labels)}" + (e.Country is null ? "" : $"  {e.Country}");

    public static void WriteEvidence(TextWriter w, Provenance p, string indent)
    {
        var record = p.Record is null ? "" : $" · {p.Record}";
        w.WriteLine($"{indent}source: {p.Source}{record} · date: {Date(p.Date)} · confidence: {p.Confidence.ToString("0.##", CultureInfo.InvariantCulture)}");
        if (!string.IsNullOrWhiteSpace(p.Quote))
        {
            w.WriteLine($"{indent}\"{p.Quote}\"");
        }
    }

    public static void WriteListings(TextWriter w, IReadOnlyList<Listing> listings, string indent)
    {
        foreach (var l in listings)
        {
            var since = l.Since is null ? "date not given" : $"since {Date(l.Since)}";
            w.WriteLine($"{indent}listed on {l.List.Name} ({l.List.Id}) {since}");
            if (l.Relationship.Properties.TryGetValue("citations", out var citations))
            {
                w.WriteLine($"{indent}  citations: {PropertyValues.Format(citations)}");
            }
            else
            {
                WriteEvidence(w, l.Relationship.Provenance, indent + "  ");
            }
        }
    }

    public static void WriteHop(TextWriter w, PathHop hop, string indent)
    {
        var r = hop.Relationship;
        var arrow = hop.Forward ? $"—{r.Type}→" : $"←{r.Type}—";
        var extra = new List<string>();
        if (!r.Share.IsUnknown)
        {
            extra.Add("share " + r.Share);
        }

        if (r.Items.Count > 0)
        {
            extra.Add("items: " + string.Join(", ", r.Items));
        }

        w.WriteLine($"{indent}{arrow}  ({r.From} → {r.To}){(extra.Count > 0 ? "  " + string.Join("; ", extra) : "")}");
        WriteEvidence(w, r.Provenance, indent + "    ");
    }

    public static void WriteJson(TextWriter w, Action<Utf8JsonWriter> write) => w.WriteLine(GraphJson.ToJson(write, indented: true));

    public static void WriteListingsJson(Utf8JsonWriter j, IReadOnlyList<Listing> listings)
    {
        j.WriteStartArray("listings");
        foreach (var l in listings)
        {
            j.WriteStartObject();
            j.WriteString("list", l.List.Id);
            j.WriteString("listName", l.List.Name);
            if (l.Since is { } since)
            {
                j.WriteString("since", since.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }

            j.WritePropertyName("relationship");
            GraphJson.Write(j, l.Relationship);
            j.WriteEndObject();
        }

        j.WriteEndArray();
    }

    /// <summary>Says which way a traversal went, so that a route against the relationships is never read as one along them.</summary>
    public static string DirectionLabel(Direction direction) => direction switch
    {
        Direction.Out => "direction out: along the relationships",
        Direction.In => "direction in: against the relationships",
        _ => "direction both: either way; a hop marked ←…— runs against its relationship (--direction out follows them only)",
    };

    public const string ScoreHelp = "score: 0 = no listed party in reach, 1 = a source is itself listed; each hit weighs confidence × 2^−hops and hits combine as 1 − Π(1 − weight)";

    public static Direction ParseDirection(string? text) => text?.ToLowerInvariant() switch
    {
        null or "both" => Direction.Both,
        "out" => Direction.Out,
        "in" => Direction.In,
        _ => throw new UsageException($"--direction expects out, in or both, got '{text}'"),
    };

    public static IReadOnlyList<string>? ParseTypes(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var types = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t => t.ToUpperInvariant()).ToList();
        var unknown = types.Where(t => !RelationshipTypes.IsKnown(t)).ToList();
        return unknown.Count == 0
            ? types
            : throw new UsageException($"unknown relationship type(s) {string.Join(", ", unknown)}; known: {string.Join(", ", RelationshipTypes.All.Keys.Order(StringComparer.Ordinal))}");
    }
}
