namespace SupplyGraph.Server.Apis;

/// <summary>A decision on a screened row, bound to the row's current evidence.</summary>
/// <param name="Status">true-match, false-positive or needs-review.</param>
/// <param name="Reason">Why.</param>
public sealed record ScreeningDecisionRequest(string Status, string Reason);
