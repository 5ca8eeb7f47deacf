using System.Globalization;
using System.Text.Json;

namespace SupplyGraph.Core.Algorithms;

/// <summary>A period in which a rule is suspended (both days inclusive).</summary>
/// <param name="From">First day of the suspension.</param>
/// <param name="To">Last day of the suspension.</param>
public sealed record DateRange(DateOnly From, DateOnly To);

/// <summary>
/// A 50 %-rule profile as data: which lists seed it, the threshold, whether it covers only non-US entities, and
/// the dates it is in force. Changing a date is an edit to <c>rule-profiles.json</c>, not to code.
/// </summary>
/// <param name="Id">Profile id (<c>ofac</c>, <c>bis-affiliates</c>).</param>
/// <param name="Name">Display name.</param>
/// <param name="Citation">Legal citation.</param>
/// <param name="Lists">List entity ids whose parties seed the rule.</param>
/// <param name="Threshold">Aggregate ownership from which an entity is covered (0.5).</param>
/// <param name="NonUsOnly">Whether only entities outside the United States are covered.</param>
/// <param name="EffectiveFrom">First day in force, or null for always.</param>
/// <param name="Suspensions">Periods in which the rule does not apply.</param>
/// <param name="Severity">Lists from most to least restrictive, for the listing an affiliate inherits.</param>
public sealed record RuleProfile(string Id, string Name, string Citation, IReadOnlyList<string> Lists, double Threshold, bool NonUsOnly,
    DateOnly? EffectiveFrom, IReadOnlyList<DateRange> Suspensions, IReadOnlyList<string> Severity)
{
    /// <summary>Whether the rule applies on <paramref name="day"/>.</summary>
    /// <param name="day">The day.</param>
    /// <returns>True when in force and not suspended.</returns>
    public bool InForceOn(DateOnly day) =>
        (EffectiveFrom is null || day >= EffectiveFrom) && !Suspensions.Any(s => s.From <= day && day <= s.To);

    /// <summary>Whether ownership must exceed the threshold (EU, UK: "more than 50 %") rather than reach it (OFAC: "50 % or more").</summary>
    public bool Exceeds { get; init; }

    /// <summary>Relationship types through which a covered party controls another (EU, UK: <c>CONTROLS</c>); empty when ownership alone counts.</summary>
    public IReadOnlyList<string> Control { get; init; } = [];

    /// <summary>Tests of the rule the graph holds no data for (board appointments, voting rights): every verdict names them as unknown.</summary>
    public IReadOnlyList<string> Unrecorded { get; init; } = [];

    /// <summary>The aggregate from which an entity is covered, as the fixpoint compares it (just above the threshold when it must be exceeded).</summary>
    public double EffectiveThreshold => Exceeds ? Threshold + 1e-6 : Threshold;
}

/// <summary>Reads rule profiles; the defaults ship inside the library.</summary>
public static class RuleProfiles
{
    private static readonly Lazy<IReadOnlyList<RuleProfile>> s_defaults = new(() =>
    {
        using var stream = typeof(RuleProfiles).Assembly.GetManifestResourceStream("SupplyGraph.Core.rule-profiles.json")!;
        return Parse(stream);
    });

    /// <summary>The built-in profiles (OFAC, BIS Affiliates, EU, UK).</summary>
    public static IReadOnlyList<RuleProfile> Defaults => s_defaults.Value;

    /// <summary>The built-in OFAC 50 Percent Rule profile.</summary>
    public static RuleProfile Ofac => Get("ofac");

    /// <summary>The built-in BIS Affiliates Rule profile.</summary>
    public static RuleProfile BisAffiliates => Get("bis-affiliates");

    /// <summary>A built-in profile by id.</summary>
    /// <param name="id">Profile id.</param>
    /// <returns>The profile.</returns>
    /// <exception cref="ArgumentException">No such profile.</exception>
    public static RuleProfile Get(string id) =>
        Defaults.FirstOrDefault(p => p.Id.Equals(id, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown rule profile '{id}'; known: {string.Join(", ", Defaults.Select(p => p.Id))}");

    /// <summary>Parses a profiles file (<c>{"profiles": [...]}</c>).</summary>
    /// <param name="json">The file's content.</param>
    /// <returns>The profiles.</returns>
    public static IReadOnlyList<RuleProfile> Parse(Stream json)
    {
        using var doc = JsonDocument.Parse(json);
        return [.. doc.RootElement.GetProperty("profiles").EnumerateArray().Select(p => new RuleProfile(
            p.GetProperty("id").GetString()!,
            p.GetProperty("name").GetString()!,
            p.GetProperty("citation").GetString()!,
            [.. p.GetProperty("lists").EnumerateArray().Select(l => l.GetString()!)],
            p.GetProperty("threshold").GetDouble(),
            p.GetProperty("nonUsOnly").GetBoolean(),
            Date(p.GetProperty("effectiveFrom")),
            [.. p.GetProperty("suspensions").EnumerateArray().Select(s => new DateRange(Date(s.GetProperty("from"))!.Value, Date(s.GetProperty("to"))!.Value))],
            [.. p.GetProperty("severity").EnumerateArray().Select(l => l.GetString()!)])
        {
            Exceeds = p.TryGetProperty("exceeds", out var exceeds) && exceeds.GetBoolean(),
            Control = p.TryGetProperty("control", out var control) ? [.. control.EnumerateArray().Select(t => t.GetString()!)] : [],
            Unrecorded = p.TryGetProperty("unrecorded", out var unrecorded) ? [.. unrecorded.EnumerateArray().Select(t => t.GetString()!)] : [],
        })];
    }

    private static DateOnly? Date(JsonElement e) =>
        e.ValueKind == JsonValueKind.Null ? null : DateOnly.ParseExact(e.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
