using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using SupplyGraph.Core.Import;
using SupplyGraph.Core.Storage;
using SupplyGraph.Core.Tests.Support;
using SupplyGraph.Server.Extensions;

namespace SupplyGraph.Server.Tests.Screening;

/// <summary>
/// Saved screenings end to end: a screening runs through the API, a list changes (another process imports the real
/// Consolidated Screening List sample into the same store file), and the server follows the log: the affected rows
/// only are re-evaluated, the differences are recorded and pushed to a hub client and a signed webhook, a decision
/// whose evidence changed is re-opened while another is kept, and the audit export names every data version.
/// </summary>
public sealed class ScreeningsApiTests(ScreeningServerFactory server) : IClassFixture<ScreeningServerFactory>
{
    // Real names: four in the seed (Sugon and CETC 13 listed, Intel next to listed Inspur, AASPT on the MEU list) and
    // two that only the CSL sample holds (SME Bank on the SSI list, Sinobright on the State Department's ISN list).
    private const string Csv = """
        id,name,country,type
        C1,Sugon,China,Company
        C2,China Electronics Technology Group Corporation 13th Research Institute (CETC 13),China,
        C3,Intel,United States,Company
        C4,SME BANK,Russia,Company
        C5,Academy of Aerospace Solid Propulsion Technology (AASPT),China,
        C6,Sinobright Import and Export Company,China,Company
        """;

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<JsonElement> WaitForAsync(HttpClient http, string id, Func<JsonElement, bool> done)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var s = await JsonOf(await http.GetAsync($"/api/screenings/{id}"));
            if (done(s))
            {
                return s;
            }

            Assert.True(DateTime.UtcNow < until, "timed out: " + s);
            await Task.Delay(100);
        }
    }

    private static async Task<T> NextAsync<T>(ChannelReader<T> reader)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await reader.ReadAsync(timeout.Token);
    }

    [Fact]
    public async Task ListChange_ReevaluatesAffectedRows_PushesToHubAndWebhook_ReopensOnlyTheDecisionWhoseEvidenceChanged()
    {
        using var webhook = new WebhookReceiver(failFirst: 1);
        var analyst = server.Http(ScreeningServerFactory.AnalystKey);
        var start = await analyst.PostAsJsonAsync("/api/screenings", new { input = "counterparties.csv", csv = Csv, k = 1, rules = new[] { "ofac", "bis", "eu", "uk" }, webhook = webhook.Url });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var id = (await JsonOf(start)).GetProperty("id").GetString()!;
        Assert.Equal($"/api/screenings/{id}", start.Headers.Location!.OriginalString);
        var done = await WaitForAsync(analyst, id, s => s.GetProperty("status").GetString() == "done");
        var ranAt = done.GetProperty("sequence").GetInt64();
        Assert.Equal(6, done.GetProperty("done").GetInt32());

        var rows = (await JsonOf(await analyst.GetAsync($"/api/screenings/{id}/results"))).GetProperty("rows");
        string Verdict(JsonElement r, int row) => r[row - 1].GetProperty("verdict").GetString()!;
        Assert.Equal(["listed", "listed", "exposed", "no-match", "listed", "no-match"], Enumerable.Range(1, 6).Select(i => Verdict(rows, i)));

        // Decisions: CETC 13 "false positive" (its evidence will change), Intel "false positive" and Sugon "true match" (theirs will not).
        async Task Decide(int row, string status, string reason) =>
            await JsonOf(await analyst.PutAsJsonAsync($"/api/screenings/{id}/rows/{row}/decision", new { status, reason }));
        await Decide(2, "false-positive", "our supplier is CETC 14, not the 13th institute");
        await Decide(3, "false-positive", "a partnership, not a supply relationship");
        await Decide(1, "true-match", "same company, same address");

        await using var hub = new HubConnectionBuilder()
            .WithUrl(server.BaseUrl + "/hubs/screenings", o => o.Headers.Add("X-Api-Key", ServerFactory.ReaderKey))
            .Build();
        var pushed = Channel.CreateUnbounded<JsonElement>();
        hub.On<JsonElement>("ScreeningChanged", change => pushed.Writer.TryWrite(change));
        await hub.StartAsync();
        var missed = await hub.InvokeAsync<JsonElement>("Subscribe", id, 0L);
        Assert.Equal(0, missed.GetArrayLength());

        // Another writer (as the CLI would) imports the real CSL sample into the same store file: the server follows its log.
        long importedAt;
        await using (var cli = EmbeddedGraphStore.Open(server.DataDirectory))
        {
            var report = await Importer.RunAsync(cli, [Path.Combine(RepoPaths.Shared, "data", "csl", "consolidated_sample_2025.csv")], new ImportOptions());
            Assert.Equal(ImportOutcome.Committed, report.Outcome);
            importedAt = report.Sequences.Single();
        }

        var change = await NextAsync(pushed.Reader);
        Assert.Equal(id, change.GetProperty("screening").GetString());
        Assert.Equal(importedAt, change.GetProperty("sequence").GetInt64());
        var changedRows = change.GetProperty("diffs").EnumerateArray().Select(d => d.GetProperty("row").GetInt32()).Order().ToList();
        Assert.Contains(2, changedRows);
        Assert.Contains(4, changedRows);
        Assert.DoesNotContain(1, changedRows);
        Assert.DoesNotContain(3, changedRows);
        var bank = change.GetProperty("diffs").EnumerateArray().Single(d => d.GetProperty("row").GetInt32() == 4);
        Assert.Equal(("no-match", "listed"), (bank.GetProperty("before").GetString(), bank.GetProperty("after").GetString()));
        Assert.Contains(bank.GetProperty("why").EnumerateArray(), w => w.GetString()!.StartsWith("+ listed on", StringComparison.Ordinal));
        var cetc = change.GetProperty("diffs").EnumerateArray().Single(d => d.GetProperty("row").GetInt32() == 2);
        Assert.Equal("false-positive", cetc.GetProperty("reopened").GetString());

        // The webhook: refused once (500), delivered on the retry, signed over the exact bytes, the same differences.
        var (body, signature, _) = await NextAsync(webhook.Received);
        Assert.Equal(WebhookSender.Sign(Encoding.UTF8.GetBytes(body), ScreeningServerFactory.WebhookSecret), signature);
        using var payload = JsonDocument.Parse(body);
        Assert.Equal(changedRows, payload.RootElement.GetProperty("diffs").EnumerateArray().Select(d => d.GetProperty("row").GetInt32()).Order());
        // The sender records a delivery once the receiver has answered, so the second record may land just after the
        // body above was received: read until both are there (a bounded wait; the assertion below still decides).
        var deliveries = await JsonOf(await analyst.GetAsync($"/api/screenings/{id}/deliveries"));
        for (var wait = 0; wait < 50 && deliveries.GetArrayLength() < 2; wait++)
        {
            await Task.Delay(100);
            deliveries = await JsonOf(await analyst.GetAsync($"/api/screenings/{id}/deliveries"));
        }

        Assert.Equal([(1, 500, false), (2, 200, true)], deliveries.EnumerateArray().Select(d => (d.GetProperty("attempt").GetInt32(), d.GetProperty("statusCode").GetInt32(), d.GetProperty("delivered").GetBoolean())));

        // The difference is recorded; only the affected rows were re-evaluated (Sugon is not within a hop of anything the import touched).
        var diffs = await JsonOf(await analyst.GetAsync($"/api/screenings/{id}/diffs"));
        Assert.Equal(changedRows, diffs.EnumerateArray().Select(d => d.GetProperty("row").GetInt32()).Order());
        var audit = (await (await analyst.GetAsync($"/api/screenings/{id}/audit")).Content.ReadAsStringAsync())
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        var reevaluated = audit.Single(a => a.GetProperty("action").GetString() == "screening-reevaluated").GetProperty("detail");
        Assert.InRange(reevaluated.GetProperty("reevaluated").GetInt32(), changedRows.Count, 5);

        // Decisions: CETC 13 re-opened with the reason; Intel and Sugon kept as decided.
        var decisions = (await JsonOf(await analyst.GetAsync($"/api/screenings/{id}/decisions"))).EnumerateArray().ToDictionary(d => d.GetProperty("row").GetInt32());
        Assert.Equal("reopened", decisions[2].GetProperty("status").GetString());
        Assert.Contains($"change #{importedAt}", decisions[2].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(("false-positive", "alice"), (decisions[3].GetProperty("status").GetString(), decisions[3].GetProperty("by").GetString()));
        Assert.Equal("true-match", decisions[1].GetProperty("status").GetString());

        // The audit export names the data version of every run and decision: the sequence, and each list's publication and last import.
        Assert.Equal(["screening-run", "decision", "decision", "decision", "decision-reopened", "screening-reevaluated"], audit.Select(a => a.GetProperty("action").GetString()));
        foreach (var a in audit)
        {
            var data = a.GetProperty("data");
            var expected = a.GetProperty("action").GetString() is "decision-reopened" or "screening-reevaluated" ? importedAt : ranAt;
            Assert.Equal(expected, data.GetProperty("sequence").GetInt64());
            var sources = data.GetProperty("sources").EnumerateArray().ToList();
            Assert.Contains(sources, s => s.GetProperty("list").GetString() == "bis-entity-list" && s.GetProperty("lastImported").ValueKind == JsonValueKind.String);
            Assert.All(sources, s => Assert.True(s.TryGetProperty("published", out _) && s.TryGetProperty("stale", out _)));
        }

        Assert.Equal(["alice", "alice", "alice", "alice", "system", "system"], audit.Select(a => a.GetProperty("who").GetString()));
        var afterImport = audit.Single(a => a.GetProperty("action").GetString() == "screening-reevaluated").GetProperty("data").GetProperty("sources").EnumerateArray();
        Assert.Contains(afterImport, s => s.GetProperty("list").GetString() == "bis-meu" && s.GetProperty("lastImported").GetString() != null);
        var csv = await (await analyst.GetAsync($"/api/screenings/{id}/audit?format=csv")).Content.ReadAsStringAsync();
        Assert.Equal(7, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.StartsWith("id,at,who,action,screening,row,sequence,sources,detail", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_BadCsv_Is400NamingLineAndField_AndNothingIsSaved()
    {
        var analyst = server.Http(ScreeningServerFactory.AnalystKey);
        var before = (await JsonOf(await analyst.GetAsync("/api/screenings"))).GetArrayLength();
        var response = await analyst.PostAsJsonAsync("/api/screenings", new { csv = "name,identifiers\nSugon,lei:NOT-AN-LEI\n" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"field\":\"identifiers\"", problem, StringComparison.Ordinal);
        Assert.Contains("request.csv:2", problem, StringComparison.Ordinal);
        Assert.Equal(before, (await JsonOf(await analyst.GetAsync("/api/screenings"))).GetArrayLength());
    }

    [Fact]
    public async Task Decide_AsReader_IsForbidden()
    {
        var reader = server.Http(ServerFactory.ReaderKey);
        var response = await reader.PutAsJsonAsync("/api/screenings/scr-none/rows/1/decision", new { status = "true-match", reason = "x" });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
