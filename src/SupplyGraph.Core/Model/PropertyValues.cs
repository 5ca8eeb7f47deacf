using System.Globalization;

namespace SupplyGraph.Core.Model;

/// <summary>
/// The value types a property may hold: <see cref="string"/>, <see cref="long"/>, <see cref="double"/>,
/// <see cref="bool"/>, and lists of those. Dates are ISO-8601 strings. Every store can hold these.
/// </summary>
public static class PropertyValues
{
    /// <summary>Whether <paramref name="value"/> is an allowed property value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>True when allowed (null counts as absent, which is allowed).</returns>
    public static bool IsAllowed(object? value) => value switch
    {
        null or string or long or double or bool => true,
        IReadOnlyList<object?> list => list.All(v => v is string or long or double or bool),
        _ => false,
    };

    /// <summary>Formats a value for people: lists joined with "; ", numbers invariant.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text.</returns>
    public static string Format(object? value) => value switch
    {
        null => "",
        string s => s,
        double d => d.ToString("0.####", CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IReadOnlyList<object?> list => string.Join("; ", list.Select(Format)),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
