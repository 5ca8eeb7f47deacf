using System.Globalization;
using System.Text.Json;
using SupplyGraph.Core.Screening;
using SupplyGraph.Server.Hubs;

namespace SupplyGraph.Server.Apis;

/// <summary>The JSON of saved screenings, their differences and decisions, as the API and the webhooks send them.</summary>
public static class ScreeningsJson
{
    public static void WriteScreening(Utf8JsonWriter j, SavedScreening s, IReadOnlyList<StoredRow>? rows, int decisions)
    {
        j.WriteStartObject();
        j.WriteString("id", s.Id);
        j.WriteString("input", s.Input);
        j.WriteString("status", s.Status);
        j.WriteNumber("rows", s.Rows.Count);
        j.WriteNumber("done", s.Status == SavedScreening.Completed ? s.Rows.Count : s.Done);
        j.WriteNumber("sequence", s.Sequence);
        j.WriteString("createdBy", s.CreatedBy);
        j.WriteString("createdAt", s.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
        if (s.Webhook is not null)
        {
            j.WriteString("webhook", s.Webhook);
        }

        if (s.Error is not null)
        {
            j.WriteString("error", s.Error);
        }

        j.WritePropertyName("parameters");
        ScreeningReportWriter.WriteParameters(j, s.Parameters);
        if (rows is not null)
        {
            j.WriteStartObject("summary");
            j.WriteNumber("rows", rows.Count);
            j.WriteNumber("flagged", rows.Count(r => r.Flagged));
            foreach (var group in rows.GroupBy(r => r.Verdict).OrderBy(g => g.Key))
            {
                j.WriteNumber(ScreeningReportWriter.Name(group.Key), group.Count());
            }

            j.WriteEndObject();
        }

        j.WriteNumber("decisions", decisions);
        j.WriteEndObject();
    }

    public static void WriteDiff(Utf8JsonWriter j, ScreeningDiff d)
    {
        j.WriteStartObject();
        j.WriteNumber("id", d.Id);
        j.WriteString("screening", d.ScreeningId);
        j.WriteNumber("sequence", d.Sequence);
        j.WriteString("at", d.At.ToString("O", CultureInfo.InvariantCulture));
        j.WriteNumber("row", d.Row);
        j.WriteString("before", d.Before);
        j.WriteString("after", d.After);
        j.WriteString("beforeHash", d.BeforeHash);
        j.WriteString("afterHash", d.AfterHash);
        j.WriteStartArray("why");
        foreach (var w in d.Why)
        {
            j.WriteStringValue(w);
        }

        j.WriteEndArray();
        if (d.Reopened is not null)
        {
            j.WriteString("reopened", d.Reopened);
        }

        j.WriteEndObject();
    }

    public static void WriteChange(Utf8JsonWriter j, ScreeningChange change)
    {
        j.WriteStartObject();
        j.WriteString("screening", change.Screening);
        j.WriteNumber("sequence", change.Sequence);
        j.WriteStartArray("diffs");
        foreach (var d in change.Diffs)
        {
            WriteDiff(j, d);
        }

        j.WriteEndArray();
        j.WriteEndObject();
    }

    public static void WriteDecision(Utf8JsonWriter j, ScreeningDecision d)
    {
        j.WriteStartObject();
        j.WriteString("screening", d.ScreeningId);
        j.WriteNumber("row", d.Row);
        j.WriteString("status", d.Status);
        j.WriteString("reason", d.Reason);
        j.WriteString("by", d.By);
        j.WriteString("at", d.At.ToString("O", CultureInfo.InvariantCulture));
        j.WriteString("evidenceHash", d.EvidenceHash);
        j.WriteNumber("sequence", d.Sequence);
        j.WriteEndObject();
    }
}
