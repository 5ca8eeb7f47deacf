using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Storage;

namespace SupplyGraph.Core.Review;

/// <summary>
/// The decisions on the review queue, over any <see cref="IGraphStore"/>. Each decision is one ordinary
/// <see cref="ChangeBatch"/> through <see cref="IGraphStore.ApplyAsync"/> — the graph changes and the item's new
/// status together — so it is logged, pushed live like any change, and validated whole.
/// </summary>
public static class ReviewActions
{
    /// <summary>
    /// The record and the candidate are one party: the record's entity is merged into the candidate
    /// (<see cref="MergePlan"/>) and the item becomes accepted. When the record's entity is already gone, only the
    /// decision is recorded; it still decides the record on the next import.
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="id">The item's id.</param>
    /// <param name="by">Who decides.</param>
    /// <param name="note">Why, or null.</param>
    /// <param name="cancellationToken">Cancels before the commit.</param>
    /// <returns>What was done.</returns>
    /// <exception cref="ReviewNotFoundException">No item has the id.</exception>
    /// <exception cref="ReviewConflictException">The item is decided, or its candidate is gone.</exception>
    public static async Task<ReviewOutcome> AcceptAsync(IGraphStore store, string id, string by, string? note, CancellationToken cancellationToken = default)
    {
        var review = await OpenItemAsync(store, id, "accept", cancellationToken).ConfigureAwait(false);
        var candidate = await store.GetEntityAsync(review.Candidate.EntityId, cancellationToken).ConfigureAwait(false)
            ?? throw new ReviewConflictException("candidate.entityId", $"the candidate '{review.Candidate.EntityId}' of review item '{id}' no longer exists; reject the item or merge by hand");
        var changes = new List<Change>();
        MergeRecord? merge = null;
        if (await store.GetEntityAsync(review.Record.EntityId, cancellationToken).ConfigureAwait(false) is { } created)
        {
            (changes, merge) = await PlanMergeAsync(store, candidate, created, cancellationToken).ConfigureAwait(false);
        }

        var decided = review.With(new ReviewDecision(ReviewStatus.Accepted, by, DateTimeOffset.UtcNow, note), merge);
        return await CommitAsync(store, decided, changes, $"review accept {id}: {review.Record.EntityId} into {candidate.Id}", [], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The record and the candidate are different parties: only the item's status changes.</summary>
    /// <param name="store">The store.</param>
    /// <param name="id">The item's id.</param>
    /// <param name="by">Who decides.</param>
    /// <param name="note">Why, or null.</param>
    /// <param name="cancellationToken">Cancels before the commit.</param>
    /// <returns>What was done.</returns>
    /// <exception cref="ReviewNotFoundException">No item has the id.</exception>
    /// <exception cref="ReviewConflictException">The item is decided.</exception>
    public static async Task<ReviewOutcome> RejectAsync(IGraphStore store, string id, string by, string? note, CancellationToken cancellationToken = default)
    {
        var review = await OpenItemAsync(store, id, "reject", cancellationToken).ConfigureAwait(false);
        var decided = review.With(new ReviewDecision(ReviewStatus.Rejected, by, DateTimeOffset.UtcNow, note), null);
        return await CommitAsync(store, decided, [], $"review reject {id}", [], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Any two entities are one party, whether or not the queue proposed them: <paramref name="absorbId"/> is merged
    /// into <paramref name="keepId"/> and a merged item (record key <c>merge:ABSORBED</c>) records it, so that
    /// <see cref="SplitAsync"/> can undo it.
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="keepId">The entity that stays.</param>
    /// <param name="absorbId">The entity merged into it.</param>
    /// <param name="by">Who decides.</param>
    /// <param name="note">Why, or null.</param>
    /// <param name="cancellationToken">Cancels before the commit.</param>
    /// <returns>What was done.</returns>
    /// <exception cref="EntityNotFoundException">An entity does not exist.</exception>
    /// <exception cref="ReviewConflictException">The two are the same entity.</exception>
    public static async Task<ReviewOutcome> MergeAsync(IGraphStore store, string keepId, string absorbId, string by, string? note, CancellationToken cancellationToken = default)
    {
        if (keepId == absorbId)
        {
            throw new ReviewConflictException("absorb", $"cannot merge '{keepId}' into itself");
        }

        var kept = await store.GetEntityAsync(keepId, cancellationToken).ConfigureAwait(false) ?? throw new EntityNotFoundException(keepId, []);
        var absorbed = await store.GetEntityAsync(absorbId, cancellationToken).ConfigureAwait(false) ?? throw new EntityNotFoundException(absorbId, []);
        var (changes, merge) = await PlanMergeAsync(store, kept, absorbed, cancellationToken).ConfigureAwait(false);
        var key = ReviewRecord.ManualKeyPrefix + absorbId;
        var now = DateTimeOffset.UtcNow;

        // The same pair merged again after a split continues its item's history.
        var id = ReviewRecord.IdFor(key, keepId);
        var review = await store.GetReviewAsync(id, cancellationToken).ConfigureAwait(false) ?? new ReviewRecord
        {
            Id = id,
            RecordKey = key,
            Record = ReviewParty.Of(absorbed),
            Candidate = ReviewParty.Of(kept),
            Score = 1,
            MatchedBy = "manual",
            Reasons = [$"merged by {by}"],
            QueuedAt = now,
        };
        if (review.Status is ReviewStatus.Merged)
        {
            throw new ReviewConflictException("absorb", $"'{absorbId}' is already merged into '{keepId}' (review item {id})");
        }

        var decided = review.With(new ReviewDecision(ReviewStatus.Merged, by, now, note), merge);
        return await CommitAsync(store, decided, changes, $"review merge {absorbId} into {keepId}", [], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Undoes the merge an accepted or merged item made (<see cref="SplitPlan"/> says precisely what comes back);
    /// the item becomes split, which keeps the two apart on later imports.
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="id">The item's id.</param>
    /// <param name="by">Who decides.</param>
    /// <param name="note">Why, or null.</param>
    /// <param name="cancellationToken">Cancels before the commit.</param>
    /// <returns>What was done, with what could not be restored in <see cref="ReviewOutcome.Notes"/>.</returns>
    /// <exception cref="ReviewNotFoundException">No item has the id.</exception>
    /// <exception cref="ReviewConflictException">The item made no merge, or the graph no longer allows undoing it.</exception>
    public static async Task<ReviewOutcome> SplitAsync(IGraphStore store, string id, string by, string? note, CancellationToken cancellationToken = default)
    {
        var review = await store.GetReviewAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new ReviewNotFoundException(id);
        if (review.Status is not (ReviewStatus.Accepted or ReviewStatus.Merged) || review.Merge is not { } merge)
        {
            throw new ReviewConflictException("status", review.Status is ReviewStatus.Accepted or ReviewStatus.Merged
                ? $"review item '{id}' was {ReviewJson.StatusName(review.Status)} without a merge (its record's entity was already gone); there is nothing to split"
                : $"review item '{id}' is {ReviewJson.StatusName(review.Status)}; only an accepted or merged item can be split");
        }

        var keptNow = await store.GetEntityAsync(merge.Kept.Id, cancellationToken).ConfigureAwait(false)
            ?? throw new ReviewConflictException("merge.kept", $"'{merge.Kept.Id}' no longer exists; the merge of review item '{id}' cannot be undone");
        if (await store.GetEntityAsync(merge.Absorbed.Id, cancellationToken).ConfigureAwait(false) is not null)
        {
            throw new ReviewConflictException("merge.absorbed", $"an entity '{merge.Absorbed.Id}' exists again; the merge of review item '{id}' cannot be undone without replacing it");
        }

        // What the plan needs to know about the graph now: the ends of the relationships to restore, and the copies to delete.
        var entities = new Dictionary<string, bool>(StringComparer.Ordinal);
        var relationships = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var (original, writtenId) in merge.Moved)
        {
            foreach (var end in new[] { original.From, original.To })
            {
                if (!entities.ContainsKey(end))
                {
                    entities[end] = await store.GetEntityAsync(end, cancellationToken).ConfigureAwait(false) is not null;
                }
            }

            if (writtenId is not null && !relationships.ContainsKey(writtenId))
            {
                relationships[writtenId] = await store.GetRelationshipAsync(writtenId, cancellationToken).ConfigureAwait(false) is not null;
            }
        }

        var notes = new List<string>();
        var changes = SplitPlan.Build(merge, keptNow, e => entities.GetValueOrDefault(e), r => relationships.GetValueOrDefault(r), notes);
        var decided = review.With(new ReviewDecision(ReviewStatus.Split, by, DateTimeOffset.UtcNow, note), null);
        return await CommitAsync(store, decided, changes, $"review split {id}: {merge.Absorbed.Id} out of {merge.Kept.Id}", notes, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<ReviewRecord> OpenItemAsync(IGraphStore store, string id, string action, CancellationToken cancellationToken)
    {
        var review = await store.GetReviewAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new ReviewNotFoundException(id);
        return review.Status == ReviewStatus.Open
            ? review
            : throw new ReviewConflictException("status", $"review item '{id}' is already {ReviewJson.StatusName(review.Status)}" +
                (review.Decision is { } d ? $" (by {d.By} at {d.At:yyyy-MM-dd HH:mm} UTC)" : "") + $"; cannot {action} it");
    }

    private static async Task<(List<Change>, MergeRecord)> PlanMergeAsync(IGraphStore store, Entity kept, Entity absorbed, CancellationToken cancellationToken)
    {
        var relationships = await store.GetRelationshipsAsync(absorbed.Id, Direction.Both, cancellationToken).ConfigureAwait(false);

        // Which re-pointed ids the kept entity already has: its own relationships are the only ones a re-pointed id can name.
        var keptRelationships = await store.GetRelationshipsAsync(kept.Id, Direction.Both, cancellationToken).ConfigureAwait(false);
        var existing = keptRelationships.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        return MergePlan.Build(kept, absorbed, relationships, existing.Contains);
    }

    private static async Task<ReviewOutcome> CommitAsync(IGraphStore store, ReviewRecord decided, List<Change> changes, string description,
        IReadOnlyList<string> notes, CancellationToken cancellationToken)
    {
        changes.Add(new PutReview(decided));
        var commit = await store.ApplyAsync(new ChangeBatch(changes, description), cancellationToken: cancellationToken).ConfigureAwait(false);
        return new ReviewOutcome(decided, commit, notes);
    }
}
