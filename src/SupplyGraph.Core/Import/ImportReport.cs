using System.Text.Json.Serialization;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Import;

/// <summary>
/// What an import did — or, on a dry run, would do: for each source file and in total, how its records were
/// resolved (joined to an existing entity by which rule, created, queued for review), which lines were refused and
/// why, and how many entities and relationships were written. Computed by <see cref="ImportSession.Report"/> from
/// the decisions, changes and problems the session records.
/// </summary>
/// <param name="Outcome">Committed, dry run, refused, or partly committed (a chunked import that met a problem).</param>
/// <param name="Sources">One entry per source file, in reading order.</param>
/// <param name="Total">The sum over <paramref name="Sources"/> (its <see cref="ImportSourceReport.Source"/> is <c>total</c>).</param>
public sealed record ImportReport(ImportOutcome Outcome, IReadOnlyList<ImportSourceReport> Sources, ImportSourceReport Total)
{
    /// <summary>Sequence numbers of the committed batches, oldest first: one for an atomic import, one per chunk otherwise.</summary>
    public IReadOnlyList<long> Sequences { get; init; } = [];

    /// <summary>
    /// Review items written (or, on a dry run, that would be): a record queued again against the same candidate, or
    /// already decided, is not counted, so this can be below <see cref="ImportSourceReport.QueuedForReview"/>.
    /// </summary>
    public int ReviewItemsWritten { get; init; }

    /// <summary>Every problem, each naming file, line and field (in JSON: <c>total.problems</c>).</summary>
    [JsonIgnore]
    public IReadOnlyList<InputError> Problems => Total.Problems;
}

/// <summary>How an import ended.</summary>
public enum ImportOutcome
{
    /// <summary>Everything was committed.</summary>
    Committed,

    /// <summary>Everything was read, resolved and validated; nothing was changed.</summary>
    DryRun,

    /// <summary>Problems were found; nothing was changed.</summary>
    Refused,

    /// <summary>A chunked import met problems after committing some chunks: those stay; nothing after the problem was committed.</summary>
    PartlyCommitted,
}
