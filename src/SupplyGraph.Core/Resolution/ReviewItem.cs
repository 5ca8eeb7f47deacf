using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Resolution;

/// <summary>
/// A possible join the resolver would not make on its own: the record became <paramref name="CreatedId"/> and may be
/// <paramref name="CandidateId"/>. Plain values only, so a review queue can store it and accept, reject, merge or split later.
/// </summary>
/// <param name="RecordKey">The record's key in its import (e.g. <c>csl:Entity List (EL)…:123</c>).</param>
/// <param name="At">Where the record is.</param>
/// <param name="RecordName">The record's name.</param>
/// <param name="CreatedId">The entity created for the record.</param>
/// <param name="CandidateId">The existing entity it may be.</param>
/// <param name="CandidateName">That entity's name.</param>
/// <param name="Score">The score that placed it between the thresholds, or 1 when a guard blocked an exact match.</param>
/// <param name="Rule">The rule that proposed the candidate.</param>
/// <param name="Reasons">The names that matched and the guards that blocked.</param>
public sealed record ReviewItem(
    string RecordKey,
    SourceLocation At,
    string RecordName,
    string CreatedId,
    string CandidateId,
    string CandidateName,
    double Score,
    string Rule,
    IReadOnlyList<string> Reasons);
