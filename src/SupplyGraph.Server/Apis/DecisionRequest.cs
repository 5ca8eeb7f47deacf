namespace SupplyGraph.Server.Apis;

/// <summary>The optional body of a review decision.</summary>
/// <param name="Note">Why.</param>
/// <param name="By">Who decided; default: the key's role and name.</param>
public sealed record DecisionRequest(string? Note, string? By);
