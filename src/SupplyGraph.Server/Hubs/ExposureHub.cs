using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Live;
using SupplyGraph.Server.Extensions;

namespace SupplyGraph.Server.Hubs;

/// <summary>What the server calls on a client.</summary>
public interface IExposureClient
{
    /// <summary>A subscription's full answer (first message, or a refresh) or what changed, tagged with the commit's sequence.</summary>
    Task Update(LiveUpdate update);
}

/// <summary>An exposure subscription as a client sends it.</summary>
public sealed record ExposureRequest(IReadOnlyList<string> Entities, int? MaxHops, IReadOnlyList<string>? Types, string? Direction, IReadOnlyList<string>? Lists);

/// <summary>The answer to a subscribe or resume call.</summary>
/// <param name="SubscriptionId">Keep it: resume with it after a reconnect.</param>
/// <param name="Resumed">For resume: true when the missed updates follow; false when a full refresh follows instead.</param>
public sealed record SubscribeResult(string SubscriptionId, bool Resumed);

/// <summary>
/// Live exposure: subscribe to an entity, a standing exposure query or an ownership determination; each
/// subscription's first message is its full answer, then one diff per commit that changes it, in commit order.
/// </summary>
[Authorize(Policy = Policies.Read)]
public sealed class ExposureHub(LiveService live, Microsoft.Extensions.Options.IOptions<SupplyGraphOptions> options) : Hub<IExposureClient>
{
    public SubscribeResult SubscribeEntity(string entityId) => new(live.Subscribe(Context.ConnectionId, new EntityWatch(entityId)), false);

    public SubscribeResult SubscribeExposure(ExposureRequest request)
    {
        if (request.Entities is not { Count: > 0 })
        {
            throw new HubException("entities: at least one entity is required");
        }

        var hops = request.MaxHops ?? ExposureQuery.Default.MaxHops;
        if (hops < 1 || hops > options.Value.MaxHops)
        {
            throw new HubException($"maxHops: must be from 1 to {options.Value.MaxHops}");
        }

        var query = ExposureQuery.Default with
        {
            MaxHops = hops,
            Types = request.Types?.Select(t => t.ToUpperInvariant()).ToList(),
            Direction = request.Direction?.ToLowerInvariant() switch
            {
                null or "both" => Direction.Both,
                "out" => Direction.Out,
                "in" => Direction.In,
                _ => throw new HubException("direction: must be out, in or both"),
            },
            Lists = request.Lists,
            MaxResults = options.Value.MaxResults,
        };
        return new(live.Subscribe(Context.ConnectionId, new ExposureWatch(request.Entities, query)), false);
    }

    public SubscribeResult SubscribeOwnership(string entityId, string rule)
    {
        RuleProfile profile;
        try
        {
            profile = RuleProfiles.Get(rule);
        }
        catch (ArgumentException ex)
        {
            throw new HubException("rule: " + ex.Message);
        }

        return new(live.Subscribe(Context.ConnectionId, new OwnershipWatch(entityId, profile)), false);
    }

    /// <summary>After a reconnect: the updates after <paramref name="lastSequence"/> follow, or a full refresh when they are no longer kept.</summary>
    public SubscribeResult Resume(string subscriptionId, long lastSequence) =>
        new(subscriptionId, live.Resume(Context.ConnectionId, subscriptionId, lastSequence));

    public bool Unsubscribe(string subscriptionId) => live.Unsubscribe(Context.ConnectionId, subscriptionId);

    public override Task OnConnectedAsync()
    {
        live.Connected(Context.ConnectionId, Context.Abort);
        return base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        live.Detach(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }
}
