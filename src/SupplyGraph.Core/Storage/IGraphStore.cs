using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Review;

namespace SupplyGraph.Core.Storage;

/// <summary>
/// The store contract every backend (embedded SQLite, Neo4j) implements and the compliance suite checks.
/// All writes go through <see cref="ApplyAsync"/>: validated whole, committed atomically, logged once.
/// </summary>
public interface IGraphStore : IAsyncDisposable
{
    /// <summary>Where the data lives, for people ("embedded: /data/graph.db").</summary>
    string Description { get; }

    /// <summary>Gets an entity by id.</summary>
    /// <param name="id">Entity id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entity, or null.</returns>
    Task<Entity?> GetEntityAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Gets a relationship by id.</summary>
    /// <param name="id">Relationship id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The relationship, or null.</returns>
    Task<Relationship?> GetRelationshipAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The relationships at an entity.</summary>
    /// <param name="entityId">Entity id.</param>
    /// <param name="direction">Outgoing, incoming or both.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The relationships (empty when the entity does not exist).</returns>
    Task<IReadOnlyList<Relationship>> GetRelationshipsAsync(string entityId, Direction direction, CancellationToken cancellationToken = default);

    /// <summary>Finds entities by name, alias or id (case-insensitive, typo-tolerant).</summary>
    /// <param name="text">What the user typed.</param>
    /// <param name="limit">Most matches.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Matches, best first.</returns>
    Task<IReadOnlyList<EntityMatch>> FindAsync(string text, int limit = 20, CancellationToken cancellationToken = default);

    /// <summary>Finds entities by name, alias or id, keeping those with the filter's country and label.</summary>
    /// <param name="text">What the user typed.</param>
    /// <param name="limit">Most matches (after filtering).</param>
    /// <param name="filter">Country and label the matches must have.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Matches, best first.</returns>
    /// <exception cref="InvalidInputException">The filter names an unknown label.</exception>
    Task<IReadOnlyList<EntityMatch>> FindAsync(string text, int limit, FindFilter filter, CancellationToken cancellationToken = default);

    /// <summary>Resolves an id, name or alias to one entity.</summary>
    /// <param name="reference">What the user wrote.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entity.</returns>
    /// <exception cref="EntityNotFoundException">No match, or an ambiguous one.</exception>
    Task<Entity> ResolveAsync(string reference, CancellationToken cancellationToken = default);

    /// <summary>Validates and commits a batch atomically, then appends it to the change log.</summary>
    /// <param name="batch">The changes.</param>
    /// <param name="progress">Receives progress for large batches.</param>
    /// <param name="cancellationToken">Cancels before commit; a cancelled batch changes nothing.</param>
    /// <returns>What was committed.</returns>
    /// <exception cref="InvalidInputException">The batch is invalid; nothing changed.</exception>
    Task<CommitResult> ApplyAsync(ChangeBatch batch, IProgress<ApplyProgress>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a batch too large to hold as objects (<see cref="StreamedBatch"/>) as <see cref="ApplyInChunksAsync"/>
    /// writes a held one: validated whole first (nothing is written when it has a problem), then in transactions of at
    /// most <paramref name="chunkSize"/> changes, each with its log entry, entity puts first. The embedded store keeps
    /// only dense state while it validates (an id → int map of the entities, a hash per relationship id) and, for a
    /// large batch, builds its graph afterwards from its tables by streaming; this default reads the whole batch into
    /// memory and calls <see cref="ApplyInChunksAsync"/>.
    /// </summary>
    /// <param name="batch">The changes: entity and relationship puts.</param>
    /// <param name="chunkSize">Most changes per commit.</param>
    /// <param name="progress">Receives progress.</param>
    /// <param name="cancellationToken">Cancels before the next chunk; committed chunks stay.</param>
    /// <returns>What each chunk committed, in order.</returns>
    /// <exception cref="InvalidInputException">The batch is invalid (or its source found problems); nothing was written.</exception>
    async Task<IReadOnlyList<CommitResult>> ApplyStreamedAsync(StreamedBatch batch, int chunkSize, IProgress<ApplyProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var changes = new List<Change>();
        batch.Read(changes.Add);
        return await ApplyInChunksAsync(new ChangeBatch(changes, batch.Description), chunkSize, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes a large batch as several commits of at most <paramref name="chunkSize"/> changes, each logged as its own
    /// entry ("description (chunk k of n)"), in the order of <see cref="ChunkedBatch.Split"/>, so every committed prefix is a
    /// valid graph. Not atomic: a crash leaves the store at a chunk boundary, with log and data agreeing. The embedded
    /// store validates the whole batch first (nothing is written when it has a problem) and holds the write lock across
    /// the chunks; this default commits the chunks one by one through <see cref="ApplyAsync"/>.
    /// </summary>
    /// <param name="batch">The changes.</param>
    /// <param name="chunkSize">Most changes per commit.</param>
    /// <param name="progress">Receives progress.</param>
    /// <param name="cancellationToken">Cancels before the next chunk; committed chunks stay.</param>
    /// <returns>What each chunk committed, in order (empty for an empty batch).</returns>
    /// <exception cref="InvalidInputException">The batch (or, in this default, a chunk) is invalid; that chunk and the ones after it are not written.</exception>
    async Task<IReadOnlyList<CommitResult>> ApplyInChunksAsync(ChangeBatch batch, int chunkSize, IProgress<ApplyProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var chunks = ChunkedBatch.Split(batch.Changes, chunkSize);
        var results = new List<CommitResult>(chunks.Count);
        for (var k = 0; k < chunks.Count; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var description = chunks.Count == 1 ? batch.Description : $"{batch.Description ?? "batch"} (chunk {k + 1} of {chunks.Count})";
            results.Add(await ApplyAsync(new ChangeBatch(chunks[k], description), progress, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    /// <summary>Committed batches after <paramref name="sequence"/>, oldest first.</summary>
    /// <param name="sequence">Last sequence already seen (0 for all).</param>
    /// <param name="limit">Most entries.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entries.</returns>
    Task<IReadOnlyList<ChangeLogEntry>> ChangesSinceAsync(long sequence, int limit = 100, CancellationToken cancellationToken = default);

    /// <summary>
    /// Follows the change log: every batch committed after <paramref name="afterSequence"/> by any writer (this
    /// process, the CLI, another server), oldest first, then each new one as it is logged, until cancelled. This is
    /// the one feed everything downstream (live queries, the hub, replicas) is driven by.
    /// </summary>
    /// <param name="afterSequence">Last sequence already seen (0 for the whole log).</param>
    /// <param name="cancellationToken">Ends the feed.</param>
    /// <returns>The log entries, in sequence order, without gaps or repeats.</returns>
    IAsyncEnumerable<ChangeLogEntry> FollowAsync(long afterSequence, CancellationToken cancellationToken = default);

    /// <summary>A page of the review queue (items written by <see cref="PutReview"/>), in queue order.</summary>
    /// <param name="query">Which items (open, decided, all) and which page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page and the number of items the filter matches.</returns>
    Task<ReviewPage> ReviewsAsync(ReviewQuery query, CancellationToken cancellationToken = default);

    /// <summary>Gets one review item by id.</summary>
    /// <param name="id">The item's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The item, or null.</returns>
    Task<ReviewRecord?> GetReviewAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Counts and the last sequence number.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The statistics.</returns>
    Task<GraphStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default);

    /// <summary>The entities indexed by id and name, to resolve references in imported batches (relationships may be absent).</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>A snapshot holding at least every entity.</returns>
    Task<GraphSnapshot> EntityIndexAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The whole graph in memory, for the analytics kernels (<see cref="GraphStoreQueries"/>), live queries and
    /// what-if: this store's newest state as this process knows it — its own commits at once, other writers'
    /// batches as the change log is followed (within the store's poll interval). The embedded store answers with
    /// its snapshot; a remote store with a projection loaded once and kept current from its log
    /// (<see cref="GraphProjection"/>). Hold on to it for a consistent view across several reads.
    /// </summary>
    /// <param name="cancellationToken">Cancels the first load.</param>
    /// <returns>The graph, with the sequence it reflects.</returns>
    Task<GraphSnapshot> GraphAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Shortest path between two entities. Every store returns the same path: among the fewest-hop paths the
    /// best-evidenced, then the one whose relationship ids come first (<see cref="Paths.ShortestCanonical"/>).
    /// </summary>
    /// <param name="from">Start entity id.</param>
    /// <param name="to">End entity id.</param>
    /// <param name="query">Direction, types, hop limit and other filters.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The path, or null when none exists within the limits.</returns>
    Task<GraphPath?> ShortestPathAsync(string from, string to, PathQuery query, CancellationToken cancellationToken = default);

    /// <summary>Listed parties the sources reach within the query's hops, each with its best path.</summary>
    /// <param name="sourceIds">Entity ids to start from.</param>
    /// <param name="query">Hops, types, direction, date and lists.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The exposure answer.</returns>
    Task<ExposureResult> ExposureAsync(IReadOnlyList<string> sourceIds, ExposureQuery query, CancellationToken cancellationToken = default);

    /// <summary>Whether an entity is covered by a 50 %-rule profile as of a day, and why.</summary>
    /// <param name="entityId">Entity id.</param>
    /// <param name="rule">The profile.</param>
    /// <param name="asOf">The day.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The determination.</returns>
    Task<OwnershipDetermination> OwnershipAsync(string entityId, RuleProfile rule, DateOnly asOf, CancellationToken cancellationToken = default);
}

/// <summary>Progress of a large batch.</summary>
/// <param name="Stage">"validating", "writing", "indexing" or "committed".</param>
/// <param name="Done">Items done in this stage.</param>
/// <param name="Total">Items in this stage.</param>
public sealed record ApplyProgress(string Stage, int Done, int Total);

/// <summary>Size of the graph.</summary>
/// <param name="Entities">Number of entities.</param>
/// <param name="Relationships">Number of relationships.</param>
/// <param name="LastSequence">Sequence of the last committed batch (0 when none).</param>
/// <param name="RelationshipsByType">Relationship counts per type.</param>
public sealed record GraphStatistics(int Entities, int Relationships, long LastSequence, IReadOnlyDictionary<string, int> RelationshipsByType);
