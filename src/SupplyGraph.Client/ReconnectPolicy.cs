using Microsoft.AspNetCore.SignalR.Client;

namespace SupplyGraph.Client;

/// <summary>Reconnects at once, then after growing pauses (at most 5 s), until <paramref name="giveUpAfter"/> has passed.</summary>
internal sealed class ReconnectPolicy(TimeSpan giveUpAfter) : IRetryPolicy
{
    private static readonly TimeSpan[] Pauses = [TimeSpan.Zero, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)];

    public TimeSpan? NextRetryDelay(RetryContext retryContext) =>
        retryContext.ElapsedTime >= giveUpAfter ? null
        : retryContext.PreviousRetryCount < Pauses.Length ? Pauses[retryContext.PreviousRetryCount]
        : TimeSpan.FromSeconds(5);
}
