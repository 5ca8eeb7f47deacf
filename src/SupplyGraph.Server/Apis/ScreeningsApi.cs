using System.ComponentModel;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Screening;
using SupplyGraph.Server.Extensions;
using SupplyGraph.Server.Hubs;

namespace SupplyGraph.Server.Apis;

/// <summary>
/// Saved screenings (either store): start one (asynchronous, with progress), read its results, differences,
/// decisions, webhook deliveries and audit trail, and record decisions. Reading needs the reader role, starting a
/// screening or deciding the editor role; who acts is the API key's name.
/// </summary>
public static class ScreeningsApi
{
    public static void MapScreeningsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/screenings").WithTags("Screenings");
        // The screening answers are written by hand (ScreeningsJson, which the webhooks send too, and ScreeningReportWriter);
        // they are declared with the Core types they come from, whose schemas ScreeningSchemas fills with the fields written.
        api.MapPost("/", Start).RequireAuthorization(Policies.Write).AcceptsJson<ScreeningRequest>().Produces<SavedScreening>(StatusCodes.Status202Accepted)
            .WithSummary("Start a saved screening of a counterparty file")
            .WithDescription("Screens every row (resolution, ownership rules, exposure within k hops) in the background: 202 with the screening, whose done counts rows as they are screened; the screening then follows the change log and records every change of a row's verdict.");
        api.MapGet("/", List).RequireAuthorization(Policies.Read).Produces<IReadOnlyList<SavedScreening>>()
            .WithSummary("All saved screenings")
            .WithDescription("Each screening's id, input, status, progress, parameters and who started it.");
        api.MapGet("/{id}", Get).RequireAuthorization(Policies.Read).Produces<SavedScreening>().ProducesProblemFor(404)
            .WithSummary("One saved screening with its summary")
            .WithDescription("The screening, and once completed a summary: rows, flagged and the count per verdict.");
        api.MapGet("/{id}/results", Results).RequireAuthorization(Policies.Read).Produces<ScreeningResultsPage>().ProducesProblemFor(400).ProducesProblemFor(404)
            .WithSummary("A screening's rows with their verdicts and chains")
            .WithDescription("Rows in order, each with its resolution, verdicts per rule and the evidence chains; flagged=true for flagged rows only.");
        api.MapGet("/{id}/diffs", Diffs).RequireAuthorization(Policies.Read).Produces<IReadOnlyList<ScreeningDiff>>().ProducesProblemFor(400).ProducesProblemFor(404)
            .WithSummary("Changes of rows' verdicts since the screening ran")
            .WithDescription("Each difference: the row, before and after, the change-log sequence that caused it and why; after= to read on from the last one seen.");
        api.MapGet("/{id}/decisions", Decisions).RequireAuthorization(Policies.Read).Produces<IReadOnlyList<ScreeningDecision>>().ProducesProblemFor(404)
            .WithSummary("Decisions recorded on a screening's rows")
            .WithDescription("Each decision with its row, status, reason, who and when, and the evidence it was bound to.");
        api.MapPut("/{id}/rows/{row:int}/decision", Decide).RequireAuthorization(Policies.Write).AcceptsJson<ScreeningDecisionRequest>().Produces<ScreeningDecision>().ProducesProblemFor(404)
            .WithSummary("Record a decision on a screened row")
            .WithDescription("Bound to the row's current evidence; re-opened by the follower when the evidence changes.");
        api.MapGet("/{id}/deliveries", Deliveries).RequireAuthorization(Policies.Read).Produces<IReadOnlyList<WebhookDelivery>>().ProducesProblemFor(404)
            .WithSummary("Webhook deliveries of a screening")
            .WithDescription("Each attempt: URL, when, HTTP status, whether it was delivered and the differences it carried.");
        api.MapGet("/{id}/audit", Audit).RequireAuthorization(Policies.Read).Produces<string>(contentType: "application/jsonl", additionalContentTypes: "text/csv").ProducesProblemFor(400).ProducesProblemFor(404)
            .WithSummary("A screening's audit trail")
            .WithDescription("Every event of the screening, append-only, as JSON lines (default) or CSV (format=csv).");
        app.MapGet("/api/audit", Audit).RequireAuthorization(Policies.Read).WithTags("Screenings").Produces<string>(contentType: "application/jsonl", additionalContentTypes: "text/csv").ProducesProblemFor(400)
            .WithSummary("The audit trail of every screening")
            .WithDescription("Every event of every screening, append-only, as JSON lines (default) or CSV (format=csv).");
        app.MapGet("/api/sources", Sources).RequireAuthorization(Policies.Read).WithTags("Screenings").Produces<DataVersion>()
            .WithSummary("The lists behind the verdicts and how fresh they are")
            .WithDescription("Each list's entries, publication date, last import and whether it is older than the configured age.");
    }

    /// <summary>
    /// <c>{"input": "suppliers.csv", "csv": "name,country\n…", "k": 2, "rules": ["ofac","eu"], "asOf": "2026-01-31", "lists": [...],
    /// "types": [...], "webhook": "https://…"}</c>; answers 202 with the screening, whose <c>done</c> counts rows as they are screened.
    /// </summary>
    private static async Task<IResult> Start(ScreeningService service, HttpRequest request, ClaimsPrincipal user, IOptions<ScreeningOptions> options, CancellationToken ct)
    {
        var body = await Http.JsonAsync(request, ct);
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("", "the body must be a JSON object with 'csv'");
        }

        var input = Text(body, "input") ?? "request.csv";
        var csv = Text(body, "csv") ?? throw Invalid("csv", "'csv' is required: the counterparty file's text (header: name, country, identifiers, id, type)");
        var rows = CounterpartyFile.Read(new StringReader(csv), input);
        if (rows.Count > options.Value.MaxRows)
        {
            throw Invalid("csv", $"at most {options.Value.MaxRows:N0} rows per screening; this file has {rows.Count:N0}");
        }

        var k = body.TryGetProperty("k", out var kValue) ? kValue.ValueKind == JsonValueKind.Number && kValue.TryGetInt32(out var kn) && kn >= 0 && kn <= ScreeningParameters.MaxK
            ? kn : throw Invalid("k", $"'k' must be a whole number from 0 to {ScreeningParameters.MaxK}") : 2;
        var rules = Strings(body, "rules")?.Select(r => r.Equals("bis", StringComparison.OrdinalIgnoreCase) ? "bis-affiliates" : r.ToLowerInvariant()).Distinct().ToList()
            ?? [.. ScreeningParameters.DefaultRules];
        foreach (var rule in rules)
        {
            if (!RuleProfiles.Defaults.Any(p => p.Id == rule))
            {
                throw Invalid("rules", $"unknown rule '{StrictJson.Printable(rule)}'; known: {string.Join(", ", RuleProfiles.Defaults.Select(p => p.Id))}");
            }
        }

        DateOnly? asOf = Text(body, "asOf") is { } day
            ? DateOnly.TryParseExact(day, "yyyy-MM-dd", out var d) ? d : throw Invalid("asOf", "'asOf' must be a date as YYYY-MM-DD")
            : null;
        var webhook = Text(body, "webhook");
        if (webhook is not null && (!Uri.TryCreate(webhook, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            throw Invalid("webhook", "'webhook' must be an absolute http or https URL");
        }

        var saved = service.Start(input, rows, new ScreeningParameters(k, rules, asOf, Strings(body, "lists"), Strings(body, "types")), webhook, Who(user));
        return Json(j => ScreeningsJson.WriteScreening(j, saved, null, 0), StatusCodes.Status202Accepted, $"/api/screenings/{saved.Id}");
    }

    private static IResult List(ScreeningService service) => Json(j =>
    {
        j.WriteStartArray();
        foreach (var s in service.Store.List())
        {
            ScreeningsJson.WriteScreening(j, s, null, 0);
        }

        j.WriteEndArray();
    });

    private static IResult Get(ScreeningService service, string id)
    {
        var s = Find(service, id);
        var rows = s.Status == SavedScreening.Completed ? service.Store.Rows(id) : null;
        return Json(j => ScreeningsJson.WriteScreening(j, s, rows, service.Store.Decisions(id).Count));
    }

    /// <summary>Rows as JSON with their chains; <c>?flagged=true</c> for flagged rows only, <c>offset</c> and <c>limit</c> to page.</summary>
    private static IResult Results(
        ScreeningService service,
        string id,
        [FromQuery, Description("Skip this many rows. Default: 0.")] int? offset,
        [FromQuery, Description("At most this many rows, from 1 to 1000. Default: 100.")] int? limit,
        [FromQuery, Description("Flagged rows only. Default: false.")] bool? flagged)
    {
        Find(service, id);
        var skip = (int)QueryValues.NonNegative(offset, "offset");
        var rows = service.Store.Rows(id, skip, QueryValues.Int(limit, "limit", 100, 1000), flagged is true);
        var json = new StringBuilder("{\"rows\":[");
        for (var i = 0; i < rows.Count; i++)
        {
            json.Append(i == 0 ? "" : ",").Append(rows[i].Json);
        }

        json.Append("],\"offset\":").Append(skip).Append('}');
        return Microsoft.AspNetCore.Http.Results.Text(json.ToString(), "application/json", Encoding.UTF8);
    }

    private static IResult Diffs(ScreeningService service, string id, [FromQuery, Description("Differences after this id. Default: 0 (all).")] long? after)
    {
        Find(service, id);
        var diffs = service.Store.Diffs(id, after is null or >= 0 ? after ?? 0 : throw Invalid("after", "'after' must be a difference id ≥ 0"));
        return Json(j =>
        {
            j.WriteStartArray();
            foreach (var d in diffs)
            {
                ScreeningsJson.WriteDiff(j, d);
            }

            j.WriteEndArray();
        });
    }

    private static IResult Decisions(ScreeningService service, string id)
    {
        Find(service, id);
        var decisions = service.Store.Decisions(id);
        return Json(j =>
        {
            j.WriteStartArray();
            foreach (var d in decisions)
            {
                ScreeningsJson.WriteDecision(j, d);
            }

            j.WriteEndArray();
        });
    }

    /// <summary><c>{"status": "false-positive", "reason": "…"}</c>: bound to the row's current evidence; re-opened by the follower when it changes.</summary>
    private static async Task<IResult> Decide(ScreeningService service, string id, int row, HttpRequest request, ClaimsPrincipal user, CancellationToken ct)
    {
        Find(service, id);
        var body = await Http.JsonAsync(request, ct);
        var status = (body.ValueKind == JsonValueKind.Object ? Text(body, "status") : null) ?? throw Invalid("status", $"'status' is required: {string.Join(", ", ScreeningDecision.Statuses)}");
        var reason = Text(body, "reason") ?? throw Invalid("reason", "'reason' is required");
        var data = await service.DataVersionAsync(ct);
        var decision = service.Store.Decide(id, row, status, reason, Who(user), data, DateTimeOffset.UtcNow);
        return Json(j => ScreeningsJson.WriteDecision(j, decision));
    }

    private static IResult Deliveries(ScreeningService service, string id)
    {
        Find(service, id);
        var deliveries = service.Store.Deliveries(id);
        return Json(j =>
        {
            j.WriteStartArray();
            foreach (var d in deliveries)
            {
                j.WriteStartObject();
                j.WriteNumber("id", d.Id);
                j.WriteString("url", d.Url);
                j.WriteNumber("attempt", d.Attempt);
                j.WriteString("at", d.At.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
                j.WriteNumber("statusCode", d.StatusCode);
                j.WriteBoolean("delivered", d.Delivered);
                if (d.Error is not null)
                {
                    j.WriteString("error", d.Error);
                }

                j.WriteString("diffs", d.Payload);
                j.WriteEndObject();
            }

            j.WriteEndArray();
        });
    }

    /// <summary>The append-only audit trail as JSON lines (default) or CSV (<c>?format=csv</c>); of one screening or of all.</summary>
    private static IResult Audit(ScreeningService service, [FromQuery, Description("jsonl (default) or csv.")] string? format, [Description("The screening whose trail; default: every screening's.")] string? id = null)
    {
        if (id is not null)
        {
            Find(service, id);
        }

        var records = service.Store.Audit(id);
        format ??= "jsonl";
        var text = new StringWriter();
        switch (format)
        {
            case "jsonl":
                ScreeningStore.WriteAuditJsonLines(records, text);
                return Microsoft.AspNetCore.Http.Results.Text(text.ToString(), "application/jsonl", Encoding.UTF8);
            case "csv":
                ScreeningStore.WriteAuditCsv(records, text);
                return Microsoft.AspNetCore.Http.Results.Text(text.ToString(), "text/csv", Encoding.UTF8);
            default:
                throw Invalid("format", "'format' must be jsonl or csv");
        }
    }

    /// <summary>Each list's entries, publication date, last import and whether it is older than the configured age.</summary>
    private static async Task<IResult> Sources(ScreeningService service, CancellationToken ct)
    {
        var data = await service.DataVersionAsync(ct);
        return Json(j => ScreeningReportWriter.WriteDataVersion(j, data));
    }

    private static SavedScreening Find(ScreeningService service, string id) =>
        service.Store.Get(id) ?? throw new EntityNotFoundException(id, [], $"no screening '{StrictJson.Printable(id)}'");

    /// <summary>Who acts: the API key's name (<c>name=role:key</c> in the configuration), else its role.</summary>
    private static string Who(ClaimsPrincipal user) => user.Identity?.Name is { Length: > 0 } name && name != "key" ? name : user.FindFirstValue(ClaimTypes.Role) ?? "unknown";

    private static IResult Json(Action<Utf8JsonWriter> write, int status = StatusCodes.Status200OK, string? location = null)
    {
        var json = GraphJson.ToJson(write);
        return location is null
            ? Microsoft.AspNetCore.Http.Results.Text(json, "application/json", Encoding.UTF8, status)
            : new CreatedLike(json, status, location);
    }

    private static string? Text(JsonElement body, string name) =>
        body.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Null => null,
            _ => throw Invalid(name, $"'{name}' must be a string"),
        } : null;

    private static List<string>? Strings(JsonElement body, string name)
    {
        if (!body.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.Array || v.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            throw Invalid(name, $"'{name}' must be an array of strings");
        }

        return [.. v.EnumerateArray().Select(e => e.GetString()!)];
    }

    private static InvalidInputException Invalid(string field, string message) => new(new InputError(new SourceLocation("request body", 0), field, message));

    /// <summary>A JSON answer with a status and a Location header (202 for a queued screening).</summary>
    private sealed class CreatedLike(string json, int status, string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.Headers.Location = location;
            httpContext.Response.ContentType = "application/json; charset=utf-8";
            return httpContext.Response.WriteAsync(json);
        }
    }
}
