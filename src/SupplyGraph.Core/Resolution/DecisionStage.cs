using SupplyGraph.Core.Review;
using SupplyGraph.Core.Storage;

namespace SupplyGraph.Core.Resolution;

/// <summary>
/// The first stage: what people decided in the review queue, by source record key. An accepted (or merged) pair
/// joins the record to the candidate again (rule <c>review:accepted</c>); a rejected or split pair never joins and is
/// never queued again. Loaded from the store before an import runs (<see cref="LoadAsync"/>).
/// </summary>
public sealed class DecisionStage
{
    private readonly Dictionary<string, ReviewRecord> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ReviewRecord> _acceptedByKey = new(StringComparer.Ordinal);
    private readonly HashSet<(string RecordKey, string CandidateId)> _rejected = [];

    /// <summary>Indexes the decided items of <paramref name="reviews"/> (open items are kept only to be found by id).</summary>
    /// <param name="reviews">Review items from the store.</param>
    public DecisionStage(IEnumerable<ReviewRecord> reviews)
    {
        foreach (var review in reviews)
        {
            _byId[review.Id] = review;
            switch (review.Status)
            {
                case ReviewStatus.Accepted or ReviewStatus.Merged:
                    // A record has one accepted candidate; a later decision wins.
                    if (!_acceptedByKey.TryGetValue(review.RecordKey, out var earlier) || earlier.Decision!.At <= review.Decision!.At)
                    {
                        _acceptedByKey[review.RecordKey] = review;
                    }

                    break;
                case ReviewStatus.Rejected or ReviewStatus.Split:
                    _rejected.Add((review.RecordKey, review.Candidate.EntityId));
                    break;
            }
        }
    }

    /// <summary>A stage with no decisions.</summary>
    public static DecisionStage None { get; } = new([]);

    /// <summary>Number of items known.</summary>
    public int Count => _byId.Count;

    /// <summary>Reads every review item of <paramref name="store"/>, page by page.</summary>
    /// <param name="store">The store the import will be applied to.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The stage.</returns>
    public static async Task<DecisionStage> LoadAsync(IGraphStore store, CancellationToken cancellationToken = default)
    {
        const int PageSize = 1_000;
        var all = new List<ReviewRecord>();
        for (var offset = 0; ; offset += PageSize)
        {
            var page = await store.ReviewsAsync(new ReviewQuery(ReviewFilter.All, offset, PageSize), cancellationToken).ConfigureAwait(false);
            all.AddRange(page.Items);
            if (page.Items.Count < PageSize)
            {
                return new DecisionStage(all);
            }
        }
    }

    /// <summary>The stored item with this id, or null.</summary>
    /// <param name="reviewId">The item's id.</param>
    /// <returns>The item.</returns>
    public ReviewRecord? Find(string reviewId) => _byId.GetValueOrDefault(reviewId);

    /// <summary>The accepted (or merged) item of a record, or null.</summary>
    /// <param name="recordKey">The source record's key.</param>
    /// <returns>The item.</returns>
    public ReviewRecord? Accepted(string recordKey) => _acceptedByKey.GetValueOrDefault(recordKey);

    /// <summary>Whether a person decided that the record is not the candidate (rejected, or split after a merge).</summary>
    /// <param name="recordKey">The source record's key.</param>
    /// <param name="candidateId">The candidate entity.</param>
    /// <returns>True when the pair must not join.</returns>
    public bool Rejects(string recordKey, string candidateId) => _rejected.Contains((recordKey, candidateId));
}
