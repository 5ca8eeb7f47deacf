namespace SupplyGraph.Core.Model;

/// <summary>Where a change came from: a file and line, so that errors can point at it.</summary>
/// <param name="File">File name or other origin (e.g. "request body").</param>
/// <param name="Line">1-based line, or 0 when not line-based.</param>
public sealed record SourceLocation(string File, int Line)
{
    /// <inheritdoc/>
    public override string ToString() => Line > 0 ? $"{File}:{Line}" : File;
}

/// <summary>One change in a batch. Changes are applied in order and all-or-nothing.</summary>
public abstract record Change
{
    /// <summary>Where the change came from, for error messages.</summary>
    public SourceLocation? Origin { get; init; }
}

/// <summary>Create an entity, or replace it when its id exists.</summary>
/// <param name="Entity">The new record.</param>
public sealed record PutEntity(Entity Entity) : Change;

/// <summary>Delete an entity.</summary>
/// <param name="Id">Entity id.</param>
/// <param name="Detach">Also delete its relationships; without it, an entity that has any cannot be deleted.</param>
public sealed record DeleteEntity(string Id, bool Detach = false) : Change;

/// <summary>Create a relationship, or replace it when its id exists.</summary>
/// <param name="Relationship">The new record.</param>
public sealed record PutRelationship(Relationship Relationship) : Change;

/// <summary>Delete a relationship.</summary>
/// <param name="Id">Relationship id.</param>
public sealed record DeleteRelationship(string Id) : Change;

/// <summary>
/// Create or replace a review item (<see cref="Review.ReviewRecord"/>): stored beside the graph, never part of it, and
/// written in the same transaction as the batch's graph changes (an import's queued items, a decision with its merge).
/// </summary>
/// <param name="Review">The item.</param>
public sealed record PutReview(Review.ReviewRecord Review) : Change;

/// <summary>An atomic batch of changes: validated as a whole, committed in one transaction, logged once.</summary>
/// <param name="Changes">The changes, applied in order.</param>
/// <param name="Description">What the batch is, for the change log (e.g. "import graph-seed").</param>
public sealed record ChangeBatch(IReadOnlyList<Change> Changes, string? Description = null)
{
    /// <summary>A batch with no changes.</summary>
    public static ChangeBatch Empty { get; } = new([]);
}

/// <summary>What a committed batch did.</summary>
/// <param name="Sequence">The change log sequence number given to the batch.</param>
/// <param name="CommittedAt">When it was committed (UTC).</param>
/// <param name="EntitiesWritten">Entities created or replaced.</param>
/// <param name="RelationshipsWritten">Relationships created or replaced.</param>
/// <param name="EntitiesDeleted">Entities deleted.</param>
/// <param name="RelationshipsDeleted">Relationships deleted (including detached ones).</param>
/// <param name="ReviewsWritten">Review items created or replaced.</param>
public sealed record CommitResult(
    long Sequence,
    DateTimeOffset CommittedAt,
    int EntitiesWritten,
    int RelationshipsWritten,
    int EntitiesDeleted,
    int RelationshipsDeleted,
    int ReviewsWritten = 0);

/// <summary>One committed batch as the change log keeps it.</summary>
/// <param name="Sequence">Monotonically increasing sequence number.</param>
/// <param name="CommittedAt">Commit time (UTC).</param>
/// <param name="Description">The batch description.</param>
/// <param name="Changes">The changes, as committed (detached relationship deletes made explicit).</param>
public sealed record ChangeLogEntry(long Sequence, DateTimeOffset CommittedAt, string? Description, IReadOnlyList<Change> Changes);
