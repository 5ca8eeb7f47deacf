namespace SupplyGraph.Core.Screening;

/// <summary>How a file is screened; saved with a screening so that a re-run asks the same question.</summary>
/// <param name="K">Exposure reaches listed parties within this many hops (0 turns exposure off).</param>
/// <param name="Rules">Rule profile ids (<c>ofac</c>, <c>bis-affiliates</c>, <c>eu</c>, <c>uk</c>).</param>
/// <param name="AsOf">The day listings, stakes and rules are read as of; null for "today" at each run.</param>
/// <param name="Lists">Only these lists count for direct listings and exposure; null for every list.</param>
/// <param name="Types">Only these relationship types count for exposure; null for every type.</param>
public sealed record ScreeningParameters(int K, IReadOnlyList<string> Rules, DateOnly? AsOf = null, IReadOnlyList<string>? Lists = null, IReadOnlyList<string>? Types = null)
{
    /// <summary>The rules screened when none are named.</summary>
    public static IReadOnlyList<string> DefaultRules { get; } = ["ofac", "bis-affiliates"];

    /// <summary>Most hops a screening reaches; beyond it nearly everything is exposed to something.</summary>
    public const int MaxK = 6;

    /// <summary>Most exposure hits kept per row (nearest first).</summary>
    public const int MaxHitsPerRow = 25;
}
