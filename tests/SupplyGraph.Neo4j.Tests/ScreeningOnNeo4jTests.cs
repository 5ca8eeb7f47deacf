using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SupplyGraph.Core.Tests.Support;

namespace SupplyGraph.Neo4j.Tests;

/// <summary>
/// Saved screenings in Neo4j mode: a real server process on Neo4j seeds it, runs a screening through
/// <c>POST /api/screenings</c> on the store's projection, then follows Neo4j's change log: a listing written through
/// the REST API changes the verdict of the affected row, and the difference is recorded.
/// </summary>
[Collection(Neo4jServer.Collection)]
public sealed class ScreeningOnNeo4jTests
{
    private const string Reader = "reader-key-screen-neo4j";
    private const string Editor = "editor-key-screen-neo4j";

    // Real names of the seed: Sugon is on the Entity List, Intel is a partner of listed Inspur, the third is nobody.
    private const string Csv = """
        id,name,country,type
        C1,Sugon,China,Company
        C2,Intel,United States,Company
        C3,Nobody Trading Ltd,Nowhere,Company
        """;

    [SkippableFact]
    public async Task Screening_OnNeo4j_RunsAndFollowsTheLog()
    {
        RequiredService.SkipIf(Neo4jServer.Settings is null, Neo4jServer.NotConfigured);
        var settings = Neo4jServer.Settings!;
        await Neo4jServer.ResetAsync(settings); // empty: the server seeds it on its first start
        using var data = new TempFolder(); // the server's side tables (screenings, watchlists) beside Neo4j
        await using var server = await ServerProcess.StartAsync(settings, $"reader:{Reader},editor:{Editor}", new Dictionary<string, string>
        {
            ["SupplyGraph__SeedDirectory"] = RepoPaths.Seed,
            ["SupplyGraph__DataDirectory"] = data.Path,
        });
        using var editor = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(30) };
        editor.DefaultRequestHeaders.Add("X-Api-Key", Editor);

        var start = await editor.PostAsJsonAsync("/api/screenings", new { input = "counterparties.csv", csv = Csv, k = 1, rules = new[] { "ofac", "bis", "eu", "uk" } });
        Assert.True(start.StatusCode == HttpStatusCode.Accepted, $"{(int)start.StatusCode}: {await start.Content.ReadAsStringAsync()}\n{server.Log()}");
        var id = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var done = await UntilAsync(editor, $"/api/screenings/{id}", s => s.GetProperty("status").GetString() is "done" or "failed", server);
        Assert.True(done.GetProperty("status").GetString() == "done", done.ToString());
        var rows = (await editor.GetFromJsonAsync<JsonElement>($"/api/screenings/{id}/results")).GetProperty("rows");
        Assert.Equal(["listed", "exposed", "no-match"], rows.EnumerateArray().Select(r => r.GetProperty("verdict").GetString()));

        // Intel listed through the REST API: the write goes into Neo4j, the screening follows the SgChange log.
        var write = await editor.PostAsync("/api/batches", new StringContent(
            """{"relationships": [{"type": "LISTED_ON", "from": "intel", "to": "bis-entity-list", "provenance": {"source": "screening test"}}]}""",
            Encoding.UTF8, "application/json"));
        Assert.True(write.IsSuccessStatusCode, await write.Content.ReadAsStringAsync());
        var sequence = (await write.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sequence").GetInt64();

        var diffs = await UntilAsync(editor, $"/api/screenings/{id}/diffs", d => d.GetArrayLength() > 0, server);
        var intel = Assert.Single(diffs.EnumerateArray());
        Assert.Equal((2, "exposed", "listed", sequence), (intel.GetProperty("row").GetInt32(), intel.GetProperty("before").GetString(), intel.GetProperty("after").GetString(),
            intel.GetProperty("sequence").GetInt64()));
    }

    private static async Task<JsonElement> UntilAsync(HttpClient http, string url, Func<JsonElement, bool> done, ServerProcess server)
    {
        for (var clock = Stopwatch.StartNew(); ; await Task.Delay(200))
        {
            var answer = await http.GetFromJsonAsync<JsonElement>(url);
            if (done(answer))
            {
                return answer;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"timed out on {url}: {answer}\n{server.Log()}");
        }
    }
}
