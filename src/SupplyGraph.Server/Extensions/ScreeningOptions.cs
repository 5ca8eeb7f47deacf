namespace SupplyGraph.Server.Extensions;

/// <summary>Saved screenings' settings, from <c>SupplyGraph:Screening</c>.</summary>
public sealed class ScreeningOptions
{
    /// <summary>The key webhook payloads are signed with (HMAC-SHA256, header <c>X-SupplyGraph-Signature: sha256=HEX</c>); <c>SUPPLYGRAPH_WEBHOOK_SECRET</c> also sets it.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Attempts per delivery before it is given up (logged either way).</summary>
    public int WebhookAttempts { get; set; } = 5;

    /// <summary>Delay before the first retry; each further retry waits twice as long.</summary>
    public int WebhookFirstRetryMilliseconds { get; set; } = 1000;

    /// <summary>Sources older than this many days are flagged stale in screenings and the audit trail.</summary>
    public int SourceMaxAgeDays { get; set; } = 30;

    /// <summary>Most rows in one screening request.</summary>
    public int MaxRows { get; set; } = 100_000;

    /// <summary>The signing key: the setting, else <c>SUPPLYGRAPH_WEBHOOK_SECRET</c>; null when neither is set (payloads go unsigned).</summary>
    public string? Secret() => !string.IsNullOrEmpty(WebhookSecret) ? WebhookSecret : Environment.GetEnvironmentVariable("SUPPLYGRAPH_WEBHOOK_SECRET") is { Length: > 0 } s ? s : null;
}
