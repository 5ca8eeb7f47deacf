using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Screening;
using SupplyGraph.Server.Extensions;
using SupplyGraph.Server.Hubs;

namespace SupplyGraph.Server.Apis;

/// <summary>
/// Saved screenings (embedded store only): start one (asynchronous, with progress), read its results, differences,
/// decisions, webhook deliveries and audit trail, and record decisions. Reading needs the reader role, starting a
/// screening or deciding the editor role; who acts is the API key's name.
/// </summary>
public static class ScreeningsApi
{
    public static void MapScreeningsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/screenings").WithTags("Screenings");
        api.MapPost("/", Start).RequireAuthorization(Policies.Write);
        api.MapGet("/", List).RequireAuthorization(Policies.Read);
        api.MapGet("/{id}", Get).RequireAuthorization(Policies.Read);
        api.MapGet("/{id}/results", Results).RequireAuthorization(Policies.Read);
        api.MapGet("/{id}/diffs", Diffs).RequireAuthorization(Policies.Read);
        api.MapGet("/{id}/decisions", Decisions).RequireAuthorization(Policies.Read);
        api.MapPut("/{id}/rows/{row:int}/decision", Decide).RequireAuthorization(Policies.Write);
        api.MapGet("/{id}/deliveries", Deliveries).RequireAuthorization(Policies.Read);
        api.MapGet("/{id}/audit", Audit).RequireAuthorization(Policies.Read);
        app.MapGet("/api/audit", Audit).RequireAuthorization(Policies.Read).WithTags("Screenings");
        app.MapGet("/api/sources", Sources).RequireAuthorization(Policies.Read).WithTags("Screenings");
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
    private static IResult Results(ScreeningService service, string id, HttpRequest request)
    {
        Find(service, id);
        var offset = int.TryParse(request.Query["offset"].FirstOrDefault() ?? "0", out var o) && o >= 0 ? o : throw new ArgumentException("'offset' must be a whole number ≥ 0", "offset");
        var limit = Http.Int(request, "limit", 100, 1000);
        var flagged = request.Query["flagged"].FirstOrDefault() is "true" or "1";
        var rows = service.Store.Rows(id, offset, limit, flagged);
        var json = new StringBuilder("{\"rows\":[");
        for (var i = 0; i < rows.Count; i++)
        {
            json.Append(i == 0 ? "" : ",").Append(rows[i].Json);
        }

        json.Append("],\"offset\":").Append(offset).Append('}');
        return Microsoft.AspNetCore.Http.Results.Text(json.ToString(), "application/json", Encoding.UTF8);
    }

    private static IResult Diffs(ScreeningService service, string id, HttpRequest request)
    {
        Find(service, id);
        var after = long.TryParse(request.Query["after"].FirstOrDefault() ?? "0", out var a) && a >= 0 ? a : throw Invalid("after", "'after' must be a difference id ≥ 0");
        var diffs = service.Store.Diffs(id, after);
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
    private static IResult Audit(ScreeningService service, HttpRequest request, string? id = null)
    {
        if (id is not null)
        {
            Find(service, id);
        }

        var records = service.Store.Audit(id);
        var format = request.Query["format"].FirstOrDefault() ?? "jsonl";
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
