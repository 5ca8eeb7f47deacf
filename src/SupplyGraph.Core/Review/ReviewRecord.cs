using System.Security.Cryptography;
using System.Text;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Review;

/// <summary>
/// One item of the review queue: a record that may be an existing entity, both sides as they were when it was queued,
/// the score and the reasons, and the decisions people made. Stored by every graph store (written with
/// <see cref="PutReview"/> in an ordinary batch) and never part of the graph itself.
/// </summary>
public sealed record ReviewRecord
{
    /// <summary>Prefix of the record keys of merges a person asked for (<c>merge:ABSORBED-ID</c>).</summary>
    public const string ManualKeyPrefix = "merge:";

    /// <summary>Stable id, <see cref="IdFor"/> of the record key and the candidate's id.</summary>
    public required string Id { get; init; }

    /// <summary>
    /// The source record's key in its import (e.g. <c>csl:Entity List (EL) - Bureau of Industry and Security:1234</c>);
    /// the same row meets the same decision when it is imported again. <c>merge:ID</c> for merges a person asked for.
    /// </summary>
    public required string RecordKey { get; init; }

    /// <summary>Where the record is (file and line); null for a merge a person asked for.</summary>
    public SourceLocation? At { get; init; }

    /// <summary>The record's side: the entity the import created for it.</summary>
    public required ReviewParty Record { get; init; }

    /// <summary>The existing entity the record may be.</summary>
    public required ReviewParty Candidate { get; init; }

    /// <summary>The score that queued the item (1 for an exact match a guard held back).</summary>
    public double Score { get; init; }

    /// <summary>The rule that proposed the candidate (<c>alias</c>, <c>fuzzy 0.91</c>, <c>manual</c>…).</summary>
    public string MatchedBy { get; init; } = "";

    /// <summary>Why: the names that matched and the guards that held the join back.</summary>
    public IReadOnlyList<string> Reasons { get; init; } = [];

    /// <summary>Where the item stands.</summary>
    public ReviewStatus Status { get; init; }

    /// <summary>When the item was queued (UTC).</summary>
    public DateTimeOffset QueuedAt { get; init; }

    /// <summary>Every decision made on the item, oldest first.</summary>
    public IReadOnlyList<ReviewDecision> Decisions { get; init; } = [];

    /// <summary>What the accept or merge changed in the graph; null when it changed nothing (or no merge happened).</summary>
    public MergeRecord? Merge { get; init; }

    /// <summary>The latest decision, or null while the item is open.</summary>
    public ReviewDecision? Decision => Decisions.Count == 0 ? null : Decisions[^1];

    /// <summary>The id of the item for a record and a candidate: the same pair always gets the same id.</summary>
    /// <param name="recordKey">The source record's key.</param>
    /// <param name="candidateId">The candidate entity's id.</param>
    /// <returns><c>rv-</c> and 16 hex digits of a SHA-256 of the pair.</returns>
    public static string IdFor(string recordKey, string candidateId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(recordKey + "\n" + candidateId));
        return "rv-" + Convert.ToHexStringLower(hash, 0, 8);
    }

    /// <summary>The item with one more decision and its status.</summary>
    /// <param name="decision">The decision.</param>
    /// <param name="merge">What the decision changed in the graph (kept as it was when null and the status is not a merge).</param>
    /// <returns>The updated item.</returns>
    public ReviewRecord With(ReviewDecision decision, MergeRecord? merge) =>
        this with { Status = decision.Status, Decisions = [.. Decisions, decision], Merge = merge ?? Merge };
}
