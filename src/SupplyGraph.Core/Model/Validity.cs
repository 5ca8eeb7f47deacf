namespace SupplyGraph.Core.Model;

/// <summary>The period in which a relationship holds; an open end means "not known to start/end".</summary>
/// <param name="From">First day the relationship holds, or null if it holds since before any date asked.</param>
/// <param name="To">Last day the relationship holds, or null if it still holds.</param>
public readonly record struct Validity(DateOnly? From, DateOnly? To)
{
    /// <summary>A validity with no bounds: always holds.</summary>
    public static Validity Always => default;

    /// <summary>Whether the relationship holds on <paramref name="day"/>.</summary>
    /// <param name="day">The day asked about.</param>
    /// <returns>True when <paramref name="day"/> lies within both bounds (inclusive).</returns>
    public bool HoldsOn(DateOnly day) => (From is null || From.Value <= day) && (To is null || day <= To.Value);
}
