namespace SupplyGraph.Core.Screening;

/// <summary>A screening kept in the store: its input, parameters, the change sequence its results hold for, and its state.</summary>
/// <param name="Id">Screening id (<c>scr-…</c>).</param>
/// <param name="Input">The counterparty file's name.</param>
/// <param name="Rows">The rows as read.</param>
/// <param name="Parameters">Rules, k, day, lists, types.</param>
/// <param name="Webhook">A URL every difference is posted to (signed), or null.</param>
/// <param name="CreatedBy">Who started it (the API key's name, or the CLI user).</param>
/// <param name="CreatedAt">When.</param>
/// <param name="Sequence">The change-log sequence its results are current to (0 until the first run completes).</param>
/// <param name="Status"><c>queued</c>, <c>running</c>, <c>done</c> or <c>failed</c>.</param>
/// <param name="Done">Rows screened so far in the current run.</param>
/// <param name="Error">Why it failed, when it did.</param>
public sealed record SavedScreening(
    string Id,
    string Input,
    IReadOnlyList<Counterparty> Rows,
    ScreeningParameters Parameters,
    string? Webhook,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    long Sequence,
    string Status,
    int Done,
    string? Error = null)
{
    /// <summary>Waiting for its first run.</summary>
    public const string Queued = "queued";

    /// <summary>Its first run is under way.</summary>
    public const string Running = "running";

    /// <summary>Results are current to <see cref="Sequence"/>, and follow the log from there.</summary>
    public const string Completed = "done";

    /// <summary>The run stopped; <see cref="Error"/> says why.</summary>
    public const string Failed = "failed";
}

/// <summary>What changed for one row when a later batch was followed, and why.</summary>
/// <param name="Id">Difference id (increasing).</param>
/// <param name="ScreeningId">The screening.</param>
/// <param name="Sequence">The change-log sequence that changed it.</param>
/// <param name="At">When it was recorded.</param>
/// <param name="Row">The row.</param>
/// <param name="Before">The verdict before (<c>clear</c>, <c>listed</c>…).</param>
/// <param name="After">The verdict after.</param>
/// <param name="BeforeHash">Evidence hash before.</param>
/// <param name="AfterHash">Evidence hash after.</param>
/// <param name="Why">The facts gained (<c>+ …</c>) and lost (<c>- …</c>), and the batch that did it.</param>
/// <param name="Reopened">The decision that was re-opened by this change, if any (its previous status).</param>
public sealed record ScreeningDiff(long Id, string ScreeningId, long Sequence, DateTimeOffset At, int Row, string Before, string After,
    string BeforeHash, string AfterHash, IReadOnlyList<string> Why, string? Reopened);

/// <summary>A reviewer's decision on a row, bound to the evidence it was made on.</summary>
/// <param name="ScreeningId">The screening.</param>
/// <param name="Row">The row.</param>
/// <param name="Status"><c>true-match</c>, <c>false-positive</c>, <c>needs-review</c>, or <c>reopened</c> when the evidence changed under it.</param>
/// <param name="Reason">Why (the reviewer's words, or what changed for a re-opened one).</param>
/// <param name="By">Who (an API key's name, or <c>system</c> for a re-opening).</param>
/// <param name="At">When.</param>
/// <param name="EvidenceHash">The evidence it was made on.</param>
/// <param name="Sequence">The change-log sequence it was made at.</param>
public sealed record ScreeningDecision(string ScreeningId, int Row, string Status, string Reason, string By, DateTimeOffset At, string EvidenceHash, long Sequence)
{
    /// <summary>The statuses a reviewer may record.</summary>
    public static IReadOnlyList<string> Statuses { get; } = ["true-match", "false-positive", "needs-review"];

    /// <summary>The status of a decision whose evidence changed.</summary>
    public const string Reopened = "reopened";
}

/// <summary>One append-only audit record: who did what, when, on which data version.</summary>
/// <param name="Id">Increasing id.</param>
/// <param name="At">When.</param>
/// <param name="Who">An API key's name, the CLI user, or <c>system</c> (re-evaluations).</param>
/// <param name="Action"><c>screening-run</c>, <c>screening-reevaluated</c>, <c>decision</c>, <c>decision-reopened</c>.</param>
/// <param name="ScreeningId">The screening.</param>
/// <param name="Row">The row, for decisions.</param>
/// <param name="Data">The data version: change sequence and each source's publication and last import.</param>
/// <param name="Detail">What was decided or found (JSON).</param>
public sealed record AuditRecord(long Id, DateTimeOffset At, string Who, string Action, string ScreeningId, int? Row, DataVersion Data, string Detail);

/// <summary>One attempt to deliver a difference to a webhook.</summary>
/// <param name="Id">Increasing id.</param>
/// <param name="ScreeningId">The screening.</param>
/// <param name="Url">Where.</param>
/// <param name="Attempt">1 for the first try.</param>
/// <param name="At">When.</param>
/// <param name="StatusCode">The HTTP status, or 0 when no answer came.</param>
/// <param name="Error">What went wrong, if anything.</param>
/// <param name="Delivered">Whether the receiver took it (2xx).</param>
/// <param name="Payload">The diff ids the payload carried.</param>
public sealed record WebhookDelivery(long Id, string ScreeningId, string Url, int Attempt, DateTimeOffset At, int StatusCode, string? Error, bool Delivered, string Payload);
