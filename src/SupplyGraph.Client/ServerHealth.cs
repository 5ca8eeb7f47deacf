namespace SupplyGraph.Client;

/// <summary>The server's <c>/health</c> answer.</summary>
/// <param name="Status"><c>ok</c>.</param>
/// <param name="Store">Where the data lives.</param>
/// <param name="Entities">Number of entities.</param>
/// <param name="Relationships">Number of relationships.</param>
/// <param name="LastSequence">The newest change-log sequence.</param>
/// <param name="Subscriptions">Live subscriptions on this server.</param>
/// <param name="UpdatesSent">Updates this server handed to SignalR since it started.</param>
/// <param name="RunningQueries">Queries holding a slot.</param>
/// <param name="WaitingQueries">Queries waiting for one.</param>
public sealed record ServerHealth(string Status, string Store, int Entities, int Relationships, long LastSequence, int Subscriptions, long UpdatesSent, int RunningQueries, int WaitingQueries);
