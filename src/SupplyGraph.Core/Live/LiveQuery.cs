using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Live;

/// <summary>What a client watches.</summary>
public abstract record LiveQuerySpec;

/// <summary>Any change to an entity or its relationships.</summary>
/// <param name="EntityId">The entity.</param>
public sealed record EntityWatch(string EntityId) : LiveQuerySpec;

/// <summary>A standing exposure query.</summary>
/// <param name="Sources">Entity ids to start from.</param>
/// <param name="Query">Hops, types, direction, lists.</param>
public sealed record ExposureWatch(IReadOnlyList<string> Sources, ExposureQuery Query) : LiveQuerySpec;

/// <summary>A standing 50 %-rule determination.</summary>
/// <param name="EntityId">The entity.</param>
/// <param name="Rule">The profile.</param>
public sealed record OwnershipWatch(string EntityId, RuleProfile Rule) : LiveQuerySpec;

/// <summary>One message for one subscription: its full answer, or what changed, as of a commit.</summary>
/// <param name="SubscriptionId">The subscription.</param>
/// <param name="Sequence">The change-log sequence the answer reflects.</param>
/// <param name="Full">True for a full answer (first message, or a refresh); false for a diff.</param>
/// <param name="Entity">For entity watches: the entity (null when deleted) and its relationships.</param>
/// <param name="Exposure">For exposure watches: the full answer (when <paramref name="Full"/>) or the diff.</param>
/// <param name="Ownership">For ownership watches: the determination.</param>
public sealed record LiveUpdate(
    string SubscriptionId,
    long Sequence,
    bool Full,
    EntityState? Entity = null,
    ExposureUpdate? Exposure = null,
    OwnershipUpdate? Ownership = null);

/// <summary>An entity and its relationships at a sequence.</summary>
/// <param name="Id">The entity id.</param>
/// <param name="Entity">The entity, or null when it does not exist.</param>
/// <param name="Relationships">Its relationships.</param>
public sealed record EntityState(string Id, Entity? Entity, IReadOnlyList<Relationship> Relationships);

/// <summary>An exposure answer or its change.</summary>
/// <param name="Hits">Full answer: every hit. Diff: hits added or changed.</param>
/// <param name="Removed">Diff: ids of parties no longer reached.</param>
/// <param name="Score">The score after the commit.</param>
/// <param name="ScoreBefore">Diff: the score before.</param>
public sealed record ExposureUpdate(IReadOnlyList<ExposureHit> Hits, IReadOnlyList<string> Removed, double? Score, double? ScoreBefore);

/// <summary>An ownership determination, and the status before when it flipped.</summary>
/// <param name="Determination">The determination after the commit.</param>
/// <param name="StatusBefore">Diff: the status before.</param>
public sealed record OwnershipUpdate(OwnershipDetermination Determination, BlockStatus? StatusBefore);

/// <summary>
/// One subscription's standing answer and its footprint: the entities the answer was computed from. A commit
/// that touches none of them cannot change the answer, so only subscriptions whose footprint it touches are
/// evaluated again.
/// </summary>
internal sealed class LiveQuery(string id, LiveQuerySpec spec)
{
    /// <summary>Node ids the last answer read; valid while snapshots share <see cref="_footprintBase"/>.</summary>
    private HashSet<int> _footprint = [];

    /// <summary>For exposure: the nodes whose edges the search read (a subset of the footprint); null: all of it.</summary>
    private HashSet<int>? _expanded;
    private object? _footprintBase;
    private object? _answer;

    public string Id { get; } = id;

    public LiveQuerySpec Spec { get; } = spec;

    public LiveUpdate Evaluate(GraphSnapshot graph, bool full)
    {
        var previous = _answer;
        _footprintBase = graph.Base;
        switch (Spec)
        {
            case EntityWatch w:
                {
                    var state = EntityStateOf(graph, w.EntityId);
                    _footprint = graph.TryGetNode(w.EntityId, out var node) ? [node] : [];
                    _expanded = null;
                    _answer = state;
                    return new LiveUpdate(Id, graph.Sequence, full, Entity: state);
                }

            case ExposureWatch w:
                {
                    var result = Exposure.Of(graph, [.. w.Sources.Where(s => graph.FindEntity(s) is not null)], w.Query, out var reached, out var expanded);
                    _footprint = [.. reached];
                    _expanded = expanded;
                    _answer = result;
                    if (full || previous is not ExposureResult before)
                    {
                        return new LiveUpdate(Id, graph.Sequence, true, Exposure: new ExposureUpdate(result.Hits, [], result.Score, null));
                    }

                    var diff = WhatIf.Compare(before, result);
                    return new LiveUpdate(Id, graph.Sequence, false, Exposure: new ExposureUpdate(
                        [.. diff.Added, .. diff.Changed.Select(c => c.After)], [.. diff.Removed.Select(h => h.Party.Id)], diff.ScoreAfter, diff.ScoreBefore));
                }

            case OwnershipWatch w:
                {
                    var asOf = DateOnly.FromDateTime(DateTime.UtcNow);
                    var analysis = OwnershipAnalysis.Run(graph, w.Rule, asOf);
                    var determination = analysis.Determine(w.EntityId);
                    _footprint = OwnershipFootprint(graph, analysis.Stakes, w.EntityId);
                    _expanded = null;
                    _answer = determination;
                    var before = previous as OwnershipDetermination;
                    return new LiveUpdate(Id, graph.Sequence, full || before is null, Ownership: new OwnershipUpdate(determination, full ? null : before?.Status));
                }

            default:
                throw new NotSupportedException(Spec.GetType().Name);
        }
    }

    /// <summary>Whether the diff of <paramref name="update"/> says nothing changed (then nothing is sent).</summary>
    public static bool IsEmpty(LiveUpdate update) => !update.Full && update switch
    {
        { Exposure: { } e } => e.Hits.Count == 0 && e.Removed.Count == 0,
        { Ownership: { } o } => o.StatusBefore == o.Determination.Status,
        _ => false,
    };

    /// <summary>Whether the committed changes touch this subscription's footprint.</summary>
    public bool IsTouchedBy(IReadOnlyList<Change> changes, GraphSnapshot before, GraphSnapshot after)
    {
        if (!ReferenceEquals(after.Base, _footprintBase))
        {
            return true; // compaction renumbered the nodes: evaluate again
        }

        bool Hit(GraphSnapshot g, string entityId) => g.TryGetNode(entityId, out var n) && _footprint.Contains(n);
        bool Read(GraphSnapshot g, string entityId) => _expanded is null ? Hit(g, entityId) : g.TryGetNode(entityId, out var n) && _expanded.Contains(n);

        // A relationship matters when the search reads it (it leaves an expanded node in the search's direction)
        // or when it is a listing of a node the answer reports on.
        var direction = Spec is ExposureWatch e ? e.Query.Direction : Direction.Both;
        bool Matters(GraphSnapshot g, Relationship r) =>
            (direction != Direction.In && Read(g, r.From))
            || (direction != Direction.Out && Read(g, r.To))
            || (r.Type == RelationshipTypes.ListedOn && Hit(g, r.From))
            || (_expanded is null && Hit(g, r.To));
        bool Was(string relationshipId) => before.FindRelationship(relationshipId) is { } old && Matters(before, old);
        foreach (var change in changes)
        {
            var touched = change switch
            {
                PutEntity p => Hit(after, p.Entity.Id) || Hit(before, p.Entity.Id),
                DeleteEntity d => Hit(before, d.Id),
                PutRelationship p => Matters(after, p.Relationship) || Was(p.Relationship.Id),
                DeleteRelationship d => Was(d.Id),
                PutReview => false, // review items are beside the graph, never in an answer
                _ => true,
            };
            if (touched)
            {
                return true;
            }
        }

        return false;
    }

    internal static EntityState EntityStateOf(GraphSnapshot graph, string id) =>
        graph.TryGetNode(id, out var node)
            ? new EntityState(id, graph.Entity(node), [.. graph.EdgesAt(node, Direction.Both).Select(graph.Relationship)])
            : new EntityState(id, null, []);

    /// <summary>The entity and everything above it through stakes: a determination reads nothing else.</summary>
    private static HashSet<int> OwnershipFootprint(GraphSnapshot graph, OwnershipGraph stakes, string entityId)
    {
        if (!graph.TryGetNode(entityId, out var start))
        {
            return [];
        }

        var footprint = new HashSet<int> { start };
        var queue = new Queue<int>([start]);
        while (queue.TryDequeue(out var node))
        {
            foreach (var (owner, _) in stakes.ByOwned.Owned(node))
            {
                if (footprint.Add(owner))
                {
                    queue.Enqueue(owner);
                }
            }
        }

        return footprint;
    }
}
