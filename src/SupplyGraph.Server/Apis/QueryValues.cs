namespace SupplyGraph.Server.Apis;

/// <summary>
/// Checks on typed query parameters after binding, with messages that name the parameter (the binder has already
/// refused values of the wrong type: see <see cref="Extensions.ProblemMapping"/>).
/// </summary>
public static class QueryValues
{
    /// <summary>A whole number from 1 to <paramref name="max"/>; absent: <paramref name="fallback"/>, within the maximum.</summary>
    public static int Int(int? value, string name, int fallback, int max) => value switch
    {
        null => Math.Min(fallback, max),
        >= 1 when value <= max => value.Value,
        _ => throw new ArgumentException($"'{name}' must be a whole number from 1 to {max}", name),
    };

    /// <summary>A whole number ≥ 0 (an offset or a sequence number); absent: 0.</summary>
    public static long NonNegative(long? value, string name, string what = "a whole number") =>
        value is null or >= 0 ? value ?? 0 : throw new ArgumentException($"'{name}' must be {what} ≥ 0", name);

    /// <summary>Repeated and comma-separated values as one list; none: null.</summary>
    public static IReadOnlyList<string>? List(string[]? values)
    {
        var list = (values ?? []).SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        return list.Count == 0 ? null : list;
    }

    /// <summary>A required text parameter that is present but empty is refused as missing.</summary>
    public static string Required(string? value, string name) =>
        value is { Length: > 0 } ? value : throw new ArgumentException($"query parameter '{name}' is required", name);
}
