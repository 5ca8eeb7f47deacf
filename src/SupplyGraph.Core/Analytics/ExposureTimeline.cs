using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Analytics;

/// <summary>"Since when is X exposed, and through what?": the exposure of a party step by step over time.</summary>
/// <param name="Subject">The party.</param>
/// <param name="ByValidity">
/// Steps on the days relationships and listings near the party begin or end (their <c>validFrom</c>, and the day after
/// their <c>validTo</c>); the first step (no date) is the exposure before the earliest such day.
/// </param>
/// <param name="ByCommit">Steps at the commits of the change log that changed the exposure (as the graph stood after each).</param>
/// <param name="Truncated">True when the days or the log entries were capped.</param>
public sealed record ExposureTimeline(Entity Subject, IReadOnlyList<TimelineStep> ByValidity, IReadOnlyList<TimelineStep> ByCommit, bool Truncated);

/// <summary>One step of an exposure timeline: when, what changed, and the hits gained and lost, each with its chain.</summary>
/// <param name="Date">The day (validity steps); null for the state before the earliest dated change, and for commit steps.</param>
/// <param name="Sequence">The change log sequence (commit steps).</param>
/// <param name="CommittedAt">When the batch was committed (commit steps).</param>
/// <param name="What">What changed, in words.</param>
/// <param name="Relationships">The relationships (and listings) that begin or end on the day (validity steps).</param>
/// <param name="Gained">Listed parties reached from this step on, each with its path and listings.</param>
/// <param name="Lost">Listed parties no longer reached, each with the path it had.</param>
public sealed record TimelineStep(DateOnly? Date, long? Sequence, DateTimeOffset? CommittedAt, string What, IReadOnlyList<Relationship> Relationships,
    IReadOnlyList<ExposureHit> Gained, IReadOnlyList<ExposureHit> Lost);
