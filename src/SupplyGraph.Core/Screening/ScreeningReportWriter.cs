using System.Globalization;
using System.Net;
using System.Text.Json;
using nietras.SeparatedValues;
using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Screening;

/// <summary>Writes a screening as CSV (one line per row), JSON (everything, with chains), or an HTML report with the chains.</summary>
public static class ScreeningReportWriter
{
    /// <summary>The verdict as written in every format (<c>possibly-covered</c>, <c>no-match</c>).</summary>
    /// <param name="verdict">The verdict.</param>
    /// <returns>Its name.</returns>
    public static string Name(ScreeningVerdict verdict) => verdict switch
    {
        ScreeningVerdict.Listed => "listed",
        ScreeningVerdict.Covered => "covered",
        ScreeningVerdict.PossiblyCovered => "possibly-covered",
        ScreeningVerdict.Exposed => "exposed",
        ScreeningVerdict.Ambiguous => "ambiguous",
        ScreeningVerdict.Clear => "clear",
        _ => "no-match",
    };

    /// <summary>A rule status as written (<c>blocked</c>, <c>possibly-blocked</c>, <c>not-blocked</c>).</summary>
    /// <param name="status">The status.</param>
    /// <returns>Its name.</returns>
    public static string Name(BlockStatus status) => status switch
    {
        BlockStatus.Blocked => "blocked",
        BlockStatus.PossiblyBlocked => "possibly-blocked",
        _ => "not-blocked",
    };

    /// <summary>One line per row: the input, the match, the verdict, each rule's status and test, the nearest hit and the evidence hash.</summary>
    /// <param name="report">The screening.</param>
    /// <param name="text">Where to write.</param>
    public static void WriteCsv(ScreeningReport report, TextWriter text)
    {
        using var writer = Sep.New(',').Writer(o => o with { Escape = true }).To(text, leaveOpen: true);
        foreach (var r in report.Rows)
        {
            using var row = writer.NewRow();
            row["row"].Format(r.Input.Row);
            row["id"].Set(r.Input.OwnId ?? "");
            row["name"].Set(r.Input.Name);
            row["country"].Set(r.Input.Country ?? "");
            row["verdict"].Set(Name(r.Verdict));
            row["flagged"].Set(r.Flagged ? "yes" : "no");
            row["match"].Set(r.Match.Outcome);
            row["entity"].Set(r.Match.EntityId ?? "");
            row["entity_name"].Set(r.Match.EntityName ?? "");
            row["matched_by"].Set(r.Match.MatchedBy);
            row["listings"].Set(string.Join("; ", r.Listings.Select(l => l.List.Id).Distinct()));
            foreach (var rule in report.Parameters.Rules)
            {
                var v = r.Rules.FirstOrDefault(x => x.Rule.Equals(rule, StringComparison.OrdinalIgnoreCase));
                row[rule + "_status"].Set(v is null ? "" : Name(v.Status));
                row[rule + "_test"].Set(v?.Test ?? "");
            }

            row["exposure_hits"].Format(r.Exposure.Count);
            row["nearest_hit"].Set(r.Exposure.Count == 0 ? "" : PathText(r.Exposure[0].Path));
            row["evidence_hash"].Set(r.EvidenceHash);
        }
    }

    /// <summary>The whole screening as one JSON object: parameters, data version, summary, rows with chains and evidence.</summary>
    /// <param name="report">The screening.</param>
    /// <param name="j">Where to write.</param>
    public static void WriteJson(ScreeningReport report, Utf8JsonWriter j)
    {
        j.WriteStartObject();
        j.WriteString("input", report.Input);
        j.WriteString("asOf", Day(report.AsOf));
        j.WriteString("ranAt", report.RanAt.ToString("O", CultureInfo.InvariantCulture));
        j.WritePropertyName("parameters");
        WriteParameters(j, report.Parameters);
        j.WritePropertyName("data");
        WriteDataVersion(j, report.Data);
        j.WritePropertyName("summary");
        WriteSummary(j, report.Summary);
        j.WriteStartArray("rows");
        foreach (var r in report.Rows)
        {
            WriteRow(j, r);
        }

        j.WriteEndArray();
        j.WriteEndObject();
    }

    /// <summary>Parameters as JSON.</summary>
    /// <param name="j">Where to write.</param>
    /// <param name="p">The parameters.</param>
    public static void WriteParameters(Utf8JsonWriter j, ScreeningParameters p)
    {
        j.WriteStartObject();
        j.WriteNumber("k", p.K);
        Strings(j, "rules", p.Rules);
        if (p.AsOf is { } day)
        {
            j.WriteString("asOf", Day(day));
        }

        if (p.Lists is not null)
        {
            Strings(j, "lists", p.Lists);
        }

        if (p.Types is not null)
        {
            Strings(j, "types", p.Types);
        }

        j.WriteEndObject();
    }

    /// <summary>A data version as JSON: the sequence and each source's publication, last import and staleness.</summary>
    /// <param name="j">Where to write.</param>
    /// <param name="data">The version.</param>
    public static void WriteDataVersion(Utf8JsonWriter j, DataVersion data)
    {
        j.WriteStartObject();
        j.WriteNumber("sequence", data.Sequence);
        j.WriteStartArray("sources");
        foreach (var s in data.Sources)
        {
            j.WriteStartObject();
            j.WriteString("list", s.ListId);
            j.WriteString("name", s.Name);
            j.WriteNumber("entries", s.Entries);
            if (s.Published is { } p)
            {
                j.WriteString("published", Day(p));
            }
            else
            {
                j.WriteNull("published");
            }

            if (s.LastImported is { } at)
            {
                j.WriteString("lastImported", at.ToString("O", CultureInfo.InvariantCulture));
            }
            else
            {
                j.WriteNull("lastImported");
            }

            j.WriteBoolean("stale", s.Stale);
            j.WriteEndObject();
        }

        j.WriteEndArray();
        j.WriteEndObject();
    }

    /// <summary>A summary as JSON.</summary>
    /// <param name="j">Where to write.</param>
    /// <param name="s">The summary.</param>
    public static void WriteSummary(Utf8JsonWriter j, ScreeningSummary s)
    {
        j.WriteStartObject();
        j.WriteNumber("rows", s.Rows);
        j.WriteNumber("flagged", s.Flagged);
        foreach (var (verdict, count) in s.ByVerdict)
        {
            j.WriteNumber(Name(verdict), count);
        }

        j.WriteEndObject();
    }

    /// <summary>One row's result as JSON, with its chains and their evidence.</summary>
    /// <param name="j">Where to write.</param>
    /// <param name="r">The result.</param>
    public static void WriteRow(Utf8JsonWriter j, ScreeningRowResult r)
    {
        j.WriteStartObject();
        j.WriteNumber("row", r.Input.Row);
        j.WriteNumber("line", r.Input.Line);
        j.WritePropertyName("input");
        j.WriteStartObject();
        j.WriteString("name", r.Input.Name);
        Optional(j, "id", r.Input.OwnId);
        Optional(j, "country", r.Input.Country);
        Optional(j, "type", r.Input.Type);
        Optional(j, "birthDate", r.Input.BirthDate);
        j.WriteStartObject("identifiers");
        foreach (var (scheme, value) in r.Input.Identifiers)
        {
            j.WriteString(scheme, value);
        }

        j.WriteEndObject();
        j.WriteEndObject();
        j.WriteString("verdict", Name(r.Verdict));
        j.WriteBoolean("flagged", r.Flagged);
        j.WriteString("evidenceHash", r.EvidenceHash);
        j.WritePropertyName("match");
        j.WriteStartObject();
        j.WriteString("outcome", r.Match.Outcome);
        Optional(j, "entity", r.Match.EntityId);
        Optional(j, "entityName", r.Match.EntityName);
        j.WriteString("matchedBy", r.Match.MatchedBy);
        j.WriteNumber("score", Math.Round(r.Match.Score, 4));
        Strings(j, "reasons", r.Match.Reasons);
        j.WriteEndObject();
        j.WriteStartArray("listings");
        foreach (var l in r.Listings)
        {
            j.WriteStartObject();
            j.WriteString("list", l.List.Id);
            j.WriteString("listName", l.List.Name);
            Optional(j, "since", l.Since is { } since ? Day(since) : null);
            j.WriteString("relationship", l.Relationship.Id);
            j.WritePropertyName("evidence");
            GraphJson.WriteProvenance(j, l.Relationship.Provenance);
            j.WriteEndObject();
        }

        j.WriteEndArray();
        j.WriteStartArray("rules");
        foreach (var v in r.Rules)
        {
            j.WriteStartObject();
            j.WriteString("rule", v.Rule);
            j.WriteString("name", v.Name);
            j.WriteString("citation", v.Citation);
            j.WriteBoolean("inForce", v.InForce);
            j.WriteString("status", Name(v.Status));
            j.WriteString("test", v.Test);
            j.WriteNumber("aggregateLow", Math.Round(v.AggregateLow, 6));
            j.WriteNumber("aggregateHigh", Math.Round(v.AggregateHigh, 6));
            Strings(j, "unknowns", v.Unknowns);
            j.WriteString("explanation", v.Explanation);
            j.WriteStartArray("chain");
            foreach (var step in v.Chain)
            {
                j.WriteStartObject();
                j.WriteString("owner", step.Owner.Id);
                j.WriteString("owned", step.Owned.Id);
                j.WriteString("share", step.Share.ToString());
                j.WriteString("relationship", step.Relationship.Id);
                j.WriteString("type", step.Relationship.Type);
                j.WritePropertyName("evidence");
                GraphJson.WriteProvenance(j, step.Relationship.Provenance);
                j.WriteEndObject();
            }

            j.WriteEndArray();
            j.WriteEndObject();
        }

        j.WriteEndArray();
        j.WriteStartArray("exposure");
        foreach (var h in r.Exposure)
        {
            j.WriteStartObject();
            j.WriteString("party", h.Party.Id);
            j.WriteString("partyName", h.Party.Name);
            j.WriteNumber("hops", h.Hops);
            j.WriteNumber("confidence", Math.Round(h.Confidence, 4));
            Strings(j, "lists", [.. h.Listings.Select(l => l.List.Id).Distinct()]);
            j.WriteStartArray("path");
            foreach (var hop in h.Path.Hops)
            {
                j.WriteStartObject();
                j.WriteString("relationship", hop.Relationship.Id);
                j.WriteString("type", hop.Relationship.Type);
                j.WriteString("from", hop.Relationship.From);
                j.WriteString("to", hop.Relationship.To);
                j.WriteBoolean("forward", hop.Forward);
                j.WritePropertyName("evidence");
                GraphJson.WriteProvenance(j, hop.Relationship.Provenance);
                j.WriteEndObject();
            }

            j.WriteEndArray();
            j.WriteEndObject();
        }

        j.WriteEndArray();
        j.WriteEndObject();
    }

    /// <summary>A self-contained HTML report: summary, data version with stale sources marked, and each flagged row with its chains and evidence.</summary>
    /// <param name="report">The screening.</param>
    /// <param name="w">Where to write.</param>
    public static void WriteHtml(ScreeningReport report, TextWriter w)
    {
        static string H(string? s) => WebUtility.HtmlEncode(s ?? "");
        w.WriteLine("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Screening " + H(report.Input) + "</title>");
        w.WriteLine("<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}"
            + ".flag{background:#fde8e8}.stale{color:#b00}.chain{font-family:monospace;font-size:12px}.ev{color:#555;font-size:12px}</style></head><body>");
        w.WriteLine($"<h1>Screening of {H(report.Input)}</h1>");
        w.WriteLine($"<p>As of {Day(report.AsOf)}, run {H(report.RanAt.ToString("u", CultureInfo.InvariantCulture))} on change sequence {report.Data.Sequence}; "
            + $"k = {report.Parameters.K}; rules: {H(string.Join(", ", report.Parameters.Rules))}.</p>");
        var s = report.Summary;
        w.WriteLine($"<h2>Summary</h2><p>{s.Rows} rows, <b>{s.Flagged} flagged</b>: " + string.Join(", ", s.ByVerdict.Where(kv => kv.Value > 0).Select(kv => $"{kv.Value} {Name(kv.Key)}")) + ".</p>");
        w.WriteLine("<h2>Sources</h2><table><tr><th>list</th><th>entries</th><th>published</th><th>last imported</th><th></th></tr>");
        foreach (var src in report.Data.Sources)
        {
            w.WriteLine($"<tr{(src.Stale ? " class=\"stale\"" : "")}><td>{H(src.Name)} ({H(src.ListId)})</td><td>{src.Entries}</td><td>{(src.Published is { } p ? Day(p) : "not given")}</td>"
                + $"<td>{H(src.LastImported?.ToString("u", CultureInfo.InvariantCulture) ?? "not in the log")}</td><td>{(src.Stale ? "stale" : "")}</td></tr>");
        }

        w.WriteLine("</table><h2>Rows</h2><table><tr><th>row</th><th>id</th><th>name</th><th>verdict</th><th>match</th><th>evidence</th></tr>");
        foreach (var r in report.Rows)
        {
            w.Write($"<tr{(r.Flagged ? " class=\"flag\"" : "")}><td>{r.Input.Row}</td><td>{H(r.Input.OwnId)}</td><td>{H(r.Input.Name)}<br><span class=\"ev\">{H(r.Input.Country)}</span></td>"
                + $"<td>{Name(r.Verdict)}</td><td>{H(r.Match.Outcome)} {H(r.Match.EntityName)} <span class=\"ev\">{H(r.Match.EntityId)} · {H(r.Match.MatchedBy)}<br>{H(string.Join("; ", r.Match.Reasons))}</span></td><td>");
            foreach (var l in r.Listings)
            {
                w.Write($"<div>listed on {H(l.List.Name)} since {(l.Since is { } since ? Day(since) : "date not given")} <span class=\"ev\">{H(Evidence(l.Relationship.Provenance))}</span></div>");
            }

            foreach (var v in r.Rules.Where(v => v.Status != BlockStatus.NotBlocked || v.Unknowns.Count > 0))
            {
                w.Write($"<div><b>{H(v.Name)}</b>: {Name(v.Status)} ({H(v.Test)}) <span class=\"ev\">{H(v.Citation)}</span><br>{H(v.Explanation)}");
                foreach (var step in v.Chain)
                {
                    w.Write($"<div class=\"chain\">{H(step.Owner.Name)} —{H(step.Relationship.Type)} {H(step.Share.ToString())}→ {H(step.Owned.Name)} <span class=\"ev\">{H(Evidence(step.Relationship.Provenance))}</span></div>");
                }

                if (v.Unknowns.Count > 0)
                {
                    w.Write($"<div class=\"ev\">unknown: {H(string.Join("; ", v.Unknowns))}</div>");
                }

                w.Write("</div>");
            }

            foreach (var h in r.Exposure)
            {
                w.Write($"<div class=\"chain\">{h.Hops} hop(s) to {H(h.Party.Name)} ({H(string.Join(", ", h.Listings.Select(l => l.List.Id).Distinct()))}): {H(PathText(h.Path))}");
                foreach (var hop in h.Path.Hops)
                {
                    w.Write($"<div class=\"ev\">{H(hop.Relationship.Type)}: {H(Evidence(hop.Relationship.Provenance))}</div>");
                }

                w.Write("</div>");
            }

            w.WriteLine("</td></tr>");
        }

        w.WriteLine("</table></body></html>");
    }

    /// <summary>A path in one line: <c>A —SUPPLIES→ B ←OWNS— C</c>.</summary>
    /// <param name="path">The path.</param>
    /// <returns>The text.</returns>
    public static string PathText(GraphPath path)
    {
        var text = new System.Text.StringBuilder(path.Nodes[0].Name);
        for (var i = 0; i < path.Hops.Count; i++)
        {
            var hop = path.Hops[i];
            text.Append(hop.Forward ? $" —{hop.Relationship.Type}→ " : $" ←{hop.Relationship.Type}— ").Append(path.Nodes[i + 1].Name);
        }

        return text.ToString();
    }

    private static string Evidence(Provenance p) =>
        $"{p.Source}{(p.Record is null ? "" : " · " + p.Record)}{(p.Date is { } d ? " · " + Day(d) : "")}{(string.IsNullOrWhiteSpace(p.Quote) ? "" : $" · \u201c{p.Quote}\u201d")}";

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void Optional(Utf8JsonWriter j, string name, string? value)
    {
        if (value is not null)
        {
            j.WriteString(name, value);
        }
    }

    private static void Strings(Utf8JsonWriter j, string name, IEnumerable<string> values)
    {
        j.WriteStartArray(name);
        foreach (var v in values)
        {
            j.WriteStringValue(v);
        }

        j.WriteEndArray();
    }
}
