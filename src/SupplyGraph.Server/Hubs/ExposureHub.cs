using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Analytics;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Live;
using SupplyGraph.Core.Model;
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
public sealed class ExposureHub(LiveService live, ChangeFeed feed, Microsoft.Extensions.Options.IOptions<SupplyGraphOptions> options, Core.Storage.IGraphStore store)
    : Hub<IExposureClient>
{
    // Arguments are checked here, each failure a HubException naming the argument: anything else thrown in a hub
    // method reaches the client only as "an unexpected error occurred".
    public SubscribeResult SubscribeEntity(string entityId) =>
        new(live.Subscribe(Context.ConnectionId, new EntityWatch(Id(entityId, "entityId"))), false);

    public SubscribeResult SubscribeExposure(ExposureRequest request)
    {
        if (request is null)
        {
            throw new HubException("request: is required ({\"entities\": [...], \"maxHops\", \"types\", \"direction\", \"lists\"})");
        }

        if (request.Entities is not { Count: > 0 })
        {
            throw new HubException("entities: at least one entity is required");
        }

        for (var i = 0; i < request.Entities.Count; i++)
        {
            Id(request.Entities[i], $"entities[{i}]");
        }

        var unknown = request.Types?.Where(t => t is null || !RelationshipTypes.IsKnown(t.ToUpperInvariant())).ToList();
        if (unknown is { Count: > 0 })
        {
            throw new HubException($"types: unknown relationship type(s) {string.Join(", ", unknown.Select(t => t is null ? "null" : $"'{StrictJson.Printable(t)}'"))}; known: {string.Join(", ", RelationshipTypes.All.Keys.Order(StringComparer.Ordinal))}");
        }

        if (request.Lists?.Any(l => string.IsNullOrWhiteSpace(l) || StrictJson.ControlCharacter(l, multiLine: false) is not null) == true)
        {
            throw new HubException("lists: each list must be a list id");
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
        Id(entityId, "entityId");
        if (string.IsNullOrWhiteSpace(rule))
        {
            throw new HubException($"rule: is required (one of {string.Join(", ", RuleProfiles.Defaults.Select(p => p.Id))})");
        }

        RuleProfile profile;
        try
        {
            profile = RuleProfiles.Get(rule);
        }
        catch (ArgumentException)
        {
            throw new HubException($"rule: unknown rule '{StrictJson.Printable(rule)}'; known: {string.Join(", ", RuleProfiles.Defaults.Select(p => p.Id))}");
        }

        return new(live.Subscribe(Context.ConnectionId, new OwnershipWatch(entityId, profile)), false);
    }

    /// <summary>After a reconnect: the updates after <paramref name="lastSequence"/> follow, or a full refresh when they are no longer kept.</summary>
    public SubscribeResult Resume(string subscriptionId, long lastSequence)
    {
        Id(subscriptionId, "subscriptionId");
        return lastSequence < 0
            ? throw new HubException("lastSequence: must be a sequence number ≥ 0")
            : new(subscriptionId, live.Resume(Context.ConnectionId, subscriptionId, lastSequence));
    }

    /// <summary>
    /// A stream of every batch committed after <paramref name="lastSequence"/> by any writer (this server, another,
    /// the CLI), read from the durable change log however far back it goes, then each new one as it is logged. A
    /// client that reconnects calls it again with the last sequence it has: nothing is skipped or repeated.
    /// </summary>
    public IAsyncEnumerable<SerializedEntry> Changes(long lastSequence, CancellationToken cancellationToken) =>
        lastSequence < 0 ? throw new HubException("lastSequence: must be a sequence number ≥ 0") : feed.FollowAsync(lastSequence, cancellationToken);

    /// <summary>One answer, not a subscription: the chokepoints from <c>request.From</c> to <c>request.To</c> (an entity or "listed").</summary>
    public async Task<ChokepointResult> Chokepoints(AnalysisRequest request)
    {
        var graph = await store.GraphAsync(Context.ConnectionAborted);
        var query = Query(request) with { Cancellation = Context.ConnectionAborted };
        var from = AnalysisRequest.Resolve(graph, request.From, "from");
        if (string.IsNullOrWhiteSpace(request.To))
        {
            throw new HubException("to: is required (an entity, or \"listed\")");
        }

        var anyItems = request.AnyItems ?? false;
        return request.To == "listed"
            ? Core.Analytics.Chokepoints.ToListed(graph, from, query, anyItems)
            : Domain(() => Core.Analytics.Chokepoints.Between(graph, from, AnalysisRequest.Resolve(graph, request.To, "to"), query, anyItems));
    }

    /// <summary>One answer: every ownership cycle, as of <paramref name="asOf"/> (YYYY-MM-DD) when given.</summary>
    public async Task<IReadOnlyList<OwnershipCycle>> OwnershipCycles(string? asOf)
    {
        var day = (new AnalysisRequest(null, null, null, null, null, null, null, asOf, null)).Query(options.Value.MaxHops, options.Value.MaxResults, 1).AsOf;
        return Core.Analytics.OwnershipCycles.All(await store.GraphAsync(Context.ConnectionAborted), day);
    }

    /// <summary>One answer: the exposure timeline of <c>request.From</c> over validity dates and the change log.</summary>
    public async Task<ExposureTimeline> Timeline(AnalysisRequest request)
    {
        var graph = await store.GraphAsync(Context.ConnectionAborted);
        var query = Query(request) with { Cancellation = Context.ConnectionAborted };
        var id = AnalysisRequest.Resolve(graph, request.From, "from");
        return ExposureTimelines.Of(graph, id, query, await ExposureTimelines.ReadLogAsync(store, Context.ConnectionAborted));
    }

    /// <summary>One answer: the key intermediaries from <c>request.Entities</c> to listed parties.</summary>
    public async Task<KeyIntermediariesResult> Intermediaries(AnalysisRequest request)
    {
        var graph = await store.GraphAsync(Context.ConnectionAborted);
        var query = (request ?? throw new HubException("request: is required")).Query(options.Value.MaxHops, options.Value.MaxResults, 10) with { Cancellation = Context.ConnectionAborted };
        if (request.Entities is not { Count: > 0 })
        {
            throw new HubException("entities: at least one entity is required");
        }

        var ids = request.Entities.Select((e, i) => AnalysisRequest.Resolve(graph, e, $"entities[{i}]")).ToList();
        return KeyIntermediaries.Of(graph, ids, query);
    }

    public bool Unsubscribe(string subscriptionId) => live.Unsubscribe(Context.ConnectionId, Id(subscriptionId, "subscriptionId"));

    private ExposureQuery Query(AnalysisRequest? request) =>
        (request ?? throw new HubException("request: is required ({\"from\", \"to\", \"entities\", \"maxHops\", \"types\", \"direction\", \"lists\", \"asOf\", \"limit\"})"))
            .Query(options.Value.MaxHops, options.Value.MaxResults, 20);

    /// <summary>Bad input found by Core (it names the field) reaches the client as a <see cref="HubException"/> naming it.</summary>
    private static T Domain<T>(Func<T> analysis)
    {
        try
        {
            return analysis();
        }
        catch (InvalidInputException ex)
        {
            throw new HubException($"{ex.Errors[0].Field}: {ex.Errors[0].Message}");
        }
    }

    private static string Id(string? value, string argument) =>
        string.IsNullOrWhiteSpace(value) ? throw new HubException($"{argument}: is required (a non-empty string)")
        : StrictJson.ControlCharacter(value, multiLine: false) is { } problem ? throw new HubException($"{argument}: {problem}")
        : value;

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
