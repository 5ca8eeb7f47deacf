using SupplyGraph.Core.Model;
using SupplyGraph.Core.Resolution;

namespace SupplyGraph.Core.Review;

/// <summary>Turns an import's <see cref="ReviewItem"/>s into stored review items, written in the import's own batch.</summary>
public static class ReviewQueue
{
    /// <summary>
    /// One <see cref="PutReview"/> per new pair. A pair already in the queue is not written again (it keeps its place
    /// and its decisions), nor is a pair whose entities the batch does not leave in place.
    /// </summary>
    /// <param name="items">The import's review items.</param>
    /// <param name="current">The entity of an id as the batch leaves it, or null.</param>
    /// <param name="decisions">The items already stored.</param>
    /// <param name="now">The queue time.</param>
    /// <returns>The changes, in the items' order.</returns>
    public static IEnumerable<Change> Changes(IReadOnlyList<ReviewItem> items, Func<string, Entity?> current, DecisionStage decisions, DateTimeOffset now)
    {
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var id = ReviewRecord.IdFor(item.RecordKey, item.CandidateId);
            if (decisions.Find(id) is { } stored && (stored.Status != ReviewStatus.Open || stored.Record.EntityId == item.CreatedId))
            {
                continue;
            }

            if (current(item.CreatedId) is not { } created || current(item.CandidateId) is not { } candidate || !written.Add(id))
            {
                continue;
            }

            yield return new PutReview(new ReviewRecord
            {
                Id = id,
                RecordKey = item.RecordKey,
                At = item.At,
                Record = ReviewParty.Of(created),
                Candidate = ReviewParty.Of(candidate),
                Score = Math.Clamp(item.Score, 0, 1),
                MatchedBy = item.Rule,
                Reasons = item.Reasons,
                Status = ReviewStatus.Open,
                QueuedAt = now,
            })
            { Origin = item.At };
        }
    }
}
