namespace SupplyGraph.Server.Apis;

/// <summary>The body of a merge: two entities as one.</summary>
/// <param name="Keep">The id of the entity that stays.</param>
/// <param name="Absorb">The id of the entity merged into it.</param>
/// <param name="Note">Why.</param>
/// <param name="By">Who decided; default: the key's role and name.</param>
public sealed record MergeRequest(string Keep, string Absorb, string? Note, string? By);
