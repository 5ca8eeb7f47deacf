using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SupplyGraph.Server.Tests.Screening;

/// <summary>
/// The OpenAPI document types the screening answers, and the real answers are what it says: a screening is started on
/// the seed graph, decided on, changed by a batch (a new subsidiary of listed Sugon appears, so a no-match row becomes
/// covered with an ownership chain, re-opens the decision made on it, and is posted to a webhook), and the JSON of every
/// screening endpoint is checked against the operation's documented 2xx schema. The graph answers clients build on most
/// (paths, exposure, entity, neighbourhood) are checked the same way.
/// </summary>
public sealed class ScreeningAnswerContractTests(ScreeningServerFactory server) : IClassFixture<ScreeningServerFactory>
{
    // Sugon is on the Entity List; Intel is a hop from listed Inspur; Northwind is not in the graph until the batch below.
    private const string Csv = """
        id,name,country,type
        C1,Sugon,China,Company
        C2,Intel,United States,Company
        C3,Northwind Precision Optics Ltd,United Kingdom,Company
        """;

    private const string Subsidiary = """
        {"entities": [{"id": "northwind-optics", "labels": ["Company"], "name": "Northwind Precision Optics Ltd", "country": "United Kingdom"}],
         "relationships": [{"id": "sugon-owns-northwind", "type": "OWNS", "from": "sugon", "to": "northwind-optics", "share": 0.6,
           "provenance": {"source": "companies-register-extract.pdf", "quote": "Sugon holds 60% of the shares", "date": "2026-11-30", "confidence": 0.9}}]}
        """;

    private readonly List<string> _errors = [];

    private async Task<OpenApiAnswerValidator> DocumentAsync()
    {
        var text = await server.Http(ServerFactory.ReaderKey).GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        return new OpenApiAnswerValidator(JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>The answer's JSON, after checking its status and recording where it differs from the document.</summary>
    private async Task<JsonElement> ConformingAsync(OpenApiAnswerValidator document, HttpResponseMessage response, string method, string template, HttpStatusCode status = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {text}");
        _errors.AddRange(document.Check(method, template, (int)status, text).Select(e => $"{method} {template}: {e}"));
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<JsonElement> UntilAsync(Func<Task<JsonElement>> read, Func<JsonElement, bool> done, string what)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var answer = await read();
            if (done(answer))
            {
                return answer;
            }

            Assert.True(DateTime.UtcNow < until, $"timed out waiting for {what}: {answer}");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task ScreeningAnswers_OfEveryEndpoint_ConformToTheDocumentedSchemas()
    {
        var document = await DocumentAsync();
        using var webhook = new WebhookReceiver(failFirst: 1);
        var analyst = server.Http(ScreeningServerFactory.AnalystKey);

        var started = await ConformingAsync(document, await analyst.PostAsJsonAsync("/api/screenings", new { input = "contract.csv", csv = Csv, k = 1, rules = new[] { "ofac", "bis" }, webhook = webhook.Url }),
            "POST", "/api/screenings", HttpStatusCode.Accepted);
        var id = started.GetProperty("id").GetString()!;
        var screening = $"/api/screenings/{id}";
        await UntilAsync(async () => await ConformingAsync(document, await analyst.GetAsync(screening), "GET", "/api/screenings/{id}"),
            s => s.GetProperty("status").GetString() == "done", "the run");
        var rows = (await ConformingAsync(document, await analyst.GetAsync($"{screening}/results"), "GET", "/api/screenings/{id}/results")).GetProperty("rows");
        Assert.Equal(["listed", "exposed", "no-match"], rows.EnumerateArray().Select(r => r.GetProperty("verdict").GetString()));

        // Decisions, one of them on the row the batch will change (re-opened, so the difference carries 'reopened').
        await ConformingAsync(document, await analyst.PutAsJsonAsync($"{screening}/rows/1/decision", new { status = "true-match", reason = "same company, same address" }),
            "PUT", "/api/screenings/{id}/rows/{row}/decision");
        await ConformingAsync(document, await analyst.PutAsJsonAsync($"{screening}/rows/3/decision", new { status = "false-positive", reason = "not in the graph: nothing known" }),
            "PUT", "/api/screenings/{id}/rows/{row}/decision");

        var batch = await analyst.PostAsync(new Uri("/api/batches", UriKind.Relative), new StringContent(Subsidiary, System.Text.Encoding.UTF8, "application/json"));
        Assert.True(batch.IsSuccessStatusCode, await batch.Content.ReadAsStringAsync());
        var diffs = await UntilAsync(async () => await ConformingAsync(document, await analyst.GetAsync($"{screening}/diffs"), "GET", "/api/screenings/{id}/diffs"),
            d => d.GetArrayLength() > 0, "the difference");
        var diff = Assert.Single(diffs.EnumerateArray());
        Assert.Equal(("no-match", "covered", "false-positive"), (diff.GetProperty("before").GetString(), diff.GetProperty("after").GetString(), diff.GetProperty("reopened").GetString()));
        await UntilAsync(async () => await ConformingAsync(document, await analyst.GetAsync($"{screening}/deliveries"), "GET", "/api/screenings/{id}/deliveries"),
            d => d.EnumerateArray().Any(x => x.GetProperty("delivered").GetBoolean()), "the webhook delivery");

        var decisions = await ConformingAsync(document, await analyst.GetAsync($"{screening}/decisions"), "GET", "/api/screenings/{id}/decisions");
        Assert.Contains(decisions.EnumerateArray(), d => d.GetProperty("status").GetString() == "reopened");
        var covered = (await ConformingAsync(document, await analyst.GetAsync($"{screening}/results?flagged=true&offset=1"), "GET", "/api/screenings/{id}/results"))
            .GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("row").GetInt32() == 3);
        var step = Assert.Single(covered.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("rule").GetString() == "bis-affiliates").GetProperty("chain").EnumerateArray());
        Assert.Equal("companies-register-extract.pdf", step.GetProperty("evidence").GetProperty("source").GetString());
        Assert.NotEqual(0, covered.GetProperty("exposure").GetArrayLength());
        await ConformingAsync(document, await analyst.GetAsync(screening), "GET", "/api/screenings/{id}");
        var all = await ConformingAsync(document, await analyst.GetAsync("/api/screenings"), "GET", "/api/screenings");
        Assert.Contains(all.EnumerateArray(), s => s.GetProperty("id").GetString() == id && s.TryGetProperty("webhook", out _));
        var sources = await ConformingAsync(document, await analyst.GetAsync("/api/sources"), "GET", "/api/sources");
        Assert.NotEqual(0, sources.GetProperty("sources").GetArrayLength());

        Assert.True(_errors.Count == 0, string.Join("\n", _errors));
    }

    [Fact]
    public async Task GraphAnswers_PathsExposureEntityNeighbourhood_ConformToTheDocumentedSchemas()
    {
        var document = await DocumentAsync();
        var reader = server.Http(ServerFactory.ReaderKey);
        await ConformingAsync(document, await reader.GetAsync("/api/paths?from=sugon&to=nettrix"), "GET", "/api/paths");
        await ConformingAsync(document, await reader.GetAsync("/api/exposure?entity=intel"), "GET", "/api/exposure");
        await ConformingAsync(document, await reader.GetAsync("/api/entities/sugon"), "GET", "/api/entities/{id}");
        await ConformingAsync(document, await reader.GetAsync("/api/entities/sugon/neighbourhood"), "GET", "/api/entities/{id}/neighbourhood");
        Assert.True(_errors.Count == 0, string.Join("\n", _errors));
    }
}
