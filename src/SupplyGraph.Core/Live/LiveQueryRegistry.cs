using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Live;

/// <summary>
/// The standing queries of a server. Commits are fed in sequence order; each returns the updates for the
/// subscriptions whose answers changed. Subscribing evaluates against the last graph fed, under the same lock,
/// so a subscription sees every commit after its first answer exactly once.
/// </summary>
public sealed class LiveQueryRegistry
{
    private readonly Dictionary<string, LiveQuery> _queries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private GraphSnapshot _graph;

    /// <summary>Creates the registry at the current graph.</summary>
    /// <param name="graph">The graph now.</param>
    public LiveQueryRegistry(GraphSnapshot graph) => _graph = graph;

    /// <summary>Number of subscriptions.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _queries.Count;
            }
        }
    }

    /// <summary>How many times a subscription was evaluated again after a commit touched it (for tests and metrics).</summary>
    public long Evaluations { get; private set; }

    /// <summary>Sequence of the last graph fed.</summary>
    public long Sequence
    {
        get
        {
            lock (_lock)
            {
                return _graph.Sequence;
            }
        }
    }

    /// <summary>Adds a subscription and returns its full current answer.</summary>
    /// <param name="subscriptionId">Unique id.</param>
    /// <param name="spec">What to watch.</param>
    /// <returns>The first message.</returns>
    /// <exception cref="EntityNotFoundException">The spec names an unknown entity.</exception>
    public LiveUpdate Subscribe(string subscriptionId, LiveQuerySpec spec)
    {
        lock (_lock)
        {
            CheckEntities(spec);
            var query = new LiveQuery(subscriptionId, spec);
            var first = query.Evaluate(_graph, full: true);
            _queries[subscriptionId] = query;
            return first;
        }
    }

    /// <summary>The full current answer of a subscription (for a client that must refresh).</summary>
    /// <param name="subscriptionId">The subscription.</param>
    /// <returns>The answer, or null when there is no such subscription.</returns>
    public LiveUpdate? Refresh(string subscriptionId)
    {
        lock (_lock)
        {
            return _queries.TryGetValue(subscriptionId, out var q) ? q.Evaluate(_graph, full: true) : null;
        }
    }

    /// <summary>Removes a subscription.</summary>
    /// <param name="subscriptionId">The subscription.</param>
    /// <returns>True when it existed.</returns>
    public bool Unsubscribe(string subscriptionId)
    {
        lock (_lock)
        {
            return _queries.Remove(subscriptionId);
        }
    }

    /// <summary>Feeds a commit; returns the updates of the subscriptions whose answers changed, in subscription order.</summary>
    /// <param name="entry">The committed batch.</param>
    /// <param name="after">The graph after it.</param>
    /// <returns>The updates.</returns>
    public IReadOnlyList<LiveUpdate> OnCommit(ChangeLogEntry entry, GraphSnapshot after)
    {
        lock (_lock)
        {
            var before = _graph;
            _graph = after;
            var updates = new List<LiveUpdate>();
            foreach (var query in _queries.Values)
            {
                if (!query.IsTouchedBy(entry.Changes, before, after))
                {
                    continue;
                }

                Evaluations++;
                var update = query.Evaluate(after, full: false);
                if (!LiveQuery.IsEmpty(update))
                {
                    updates.Add(update);
                }
            }

            return updates;
        }
    }

    private void CheckEntities(LiveQuerySpec spec)
    {
        IEnumerable<string> ids = spec switch
        {
            ExposureWatch e => e.Sources,
            OwnershipWatch o => [o.EntityId],
            _ => [],
        };
        foreach (var id in ids)
        {
            if (_graph.FindEntity(id) is null)
            {
                throw new EntityNotFoundException(id, []);
            }
        }
    }
}
