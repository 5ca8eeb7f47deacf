namespace SupplyGraph.Core.Screening;

/// <summary>A row's overall result, most severe first; every value but <see cref="Clear"/> and <see cref="NoMatch"/> flags the row.</summary>
public enum ScreeningVerdict
{
    /// <summary>The party is itself on a list.</summary>
    Listed,

    /// <summary>A rule covers it: owned (or controlled) by listed parties.</summary>
    Covered,

    /// <summary>A rule may cover it: unknown or ranged stakes decide.</summary>
    PossiblyCovered,

    /// <summary>A listed party is within k hops.</summary>
    Exposed,

    /// <summary>The row may be one of the graph's parties but the resolver would not decide which: a person must.</summary>
    Ambiguous,

    /// <summary>Matched, and nothing listed, covering or within k hops.</summary>
    Clear,

    /// <summary>No party of the graph matches the row: nothing is known about it, which is not a clearance.</summary>
    NoMatch,
}
