namespace SupplyGraph.Client;

/// <summary>The hub's answer to a subscribe or resume call.</summary>
/// <param name="SubscriptionId">The subscription's id on that server.</param>
/// <param name="Resumed">For a resume: true when the missed updates follow, false when a full refresh does.</param>
internal sealed record SubscribeAnswer(string SubscriptionId, bool Resumed);
