namespace SupplyGraph.Client;

/// <summary>A change-log entry without its changes: which batch, when, and what it was.</summary>
/// <param name="Sequence">The entry's sequence number.</param>
/// <param name="CommittedAt">When the batch was committed (UTC).</param>
/// <param name="Description">The batch's description, if it had one.</param>
public sealed record ChangeLogHead(long Sequence, DateTimeOffset CommittedAt, string? Description);
