using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using SupplyGraph.Core.Screening;
using SupplyGraph.Server.Extensions;

namespace SupplyGraph.Server.Hubs;

/// <summary>What the server calls on a screening subscriber.</summary>
public interface IScreeningClient
{
    /// <summary>A followed batch changed rows of a subscribed screening.</summary>
    Task ScreeningChanged(ScreeningChange change);
}

/// <summary>The differences one batch made to one screening.</summary>
/// <param name="Screening">The screening.</param>
/// <param name="Sequence">The batch.</param>
/// <param name="Diffs">The changed rows, with what changed and why.</param>
public sealed record ScreeningChange(string Screening, long Sequence, IReadOnlyList<ScreeningDiff> Diffs);

/// <summary>Live screening differences: subscribe to a saved screening; each batch that changes rows of it sends one <see cref="ScreeningChange"/>.</summary>
[Authorize(Policy = Policies.Read)]
public sealed class ScreeningHub(ScreeningService screenings) : Hub<IScreeningClient>
{
    /// <summary>The group a screening's changes go to.</summary>
    public static string Group(string screeningId) => "screening:" + screeningId;

    /// <summary>Subscribes to a screening; returns the differences after <paramref name="afterDiff"/> so that a client resumes without a gap.</summary>
    public async Task<IReadOnlyList<ScreeningDiff>> Subscribe(string screeningId, long afterDiff = 0)
    {
        if (string.IsNullOrEmpty(screeningId) || screenings.Store.Get(screeningId) is null)
        {
            throw new HubException($"screeningId: no screening '{Core.Model.StrictJson.Printable(screeningId ?? "")}'");
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, Group(screeningId));
        return screenings.Store.Diffs(screeningId, afterDiff);
    }

    /// <summary>Ends a subscription.</summary>
    public Task Unsubscribe(string screeningId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, Group(screeningId ?? ""));
}
