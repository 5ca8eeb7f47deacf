using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using SupplyGraph.Core.Tests.Support;

namespace SupplyGraph.Neo4j.Tests;

/// <summary>
/// The server as docker compose runs it — the settings of <c>deploy/server-neo4j.env</c>, keys, a password from the
/// environment — against the local Neo4j instead of the compose service: a real process over real HTTP.
/// </summary>
[Collection(Neo4jServer.Collection)]
public sealed class ServerOnNeo4jTests
{
    private const string Reader = "reader-key-neo4j-01";
    private const string Editor = "editor-key-neo4j-01";

    private static Dictionary<string, string> ComposeSettings() =>
        File.ReadAllLines(Path.Combine(RepoPaths.Root, "deploy", "server-neo4j.env"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0], p => p[1]);

    [SkippableFact]
    public async Task Server_WithComposeSettingsOnNeo4j_SeedsAndServesApiAndCypher()
    {
        RequiredService.SkipIf(Neo4jServer.Settings is null, Neo4jServer.NotConfigured);
        await Neo4jServer.ResetAsync(Neo4jServer.Settings!); // an empty database: the server seeds it on first start, as under compose

        var port = FreePort();
        var info = ServerStartInfo($"http://0.0.0.0:{port}");
        var settings = ComposeSettings();
        Assert.Equal("http://neo4j:7474", settings["SupplyGraph__Neo4jUrl"]);
        foreach (var (key, value) in settings)
        {
            info.Environment[key] = value.Replace("http://neo4j:7474", Neo4jServer.Settings!.Url.ToString().TrimEnd('/'), StringComparison.Ordinal);
        }

        info.Environment["SUPPLYGRAPH_NEO4J_PASSWORD"] = Neo4jServer.Settings!.Password;
        info.Environment["SUPPLYGRAPH_API_KEYS"] = $"reader:{Reader},editor:{Editor}";
        info.Environment["SupplyGraph__SeedDirectory"] = RepoPaths.Seed;
        using var data = new TempFolder(); // the server's side tables (watchlists) beside Neo4j
        info.Environment["SupplyGraph__DataDirectory"] = data.Path;
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var server = Process.Start(info)!;
        var log = new System.Text.StringBuilder();
        server.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        server.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
            var health = await WaitHealthyAsync(http, server, log);
            Assert.StartsWith("neo4j: ", health.GetProperty("store").GetString(), StringComparison.Ordinal);
            Assert.True(health.GetProperty("entities").GetInt32() > 3000, "the seed graph was loaded into Neo4j");

            http.DefaultRequestHeaders.Add("X-Api-Key", Reader);
            var entity = await http.GetFromJsonAsync<JsonElement>("/api/entities/iflytek");
            Assert.Equal("bis-entity-list", entity.GetProperty("listings")[0].GetProperty("list").GetString());

            var paths = await http.GetFromJsonAsync<JsonElement>("/api/paths?from=Sugon&to=nettrix");
            Assert.Equal("nettrix", paths.GetProperty("paths")[0].GetProperty("nodes")[1].GetProperty("id").GetString());

            var exposure = await http.GetFromJsonAsync<JsonElement>("/api/exposure?entity=sugon&types=MANUFACTURES_FOR&direction=in&maxHops=1");
            Assert.Equal(5, exposure.GetProperty("hits").GetArrayLength());

            var cypher = await http.PostAsJsonAsync("/api/cypher", new { query = "MATCH (n {id: $id}) RETURN n.name AS name", parameters = new { id = "sugon" } });
            Assert.Equal("Sugon", (await cypher.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rows")[0][0].GetString());
            var write = await http.PostAsJsonAsync("/api/cypher", new { query = "MATCH (n {id: 'sugon'}) SET n.note = 'x'" });
            Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);

            // Writes go through the store contract into Neo4j: an editor's batch, then read back.
            using var editor = new HttpClient { BaseAddress = http.BaseAddress };
            editor.DefaultRequestHeaders.Add("X-Api-Key", Editor);
            var batch = await editor.PostAsync("/api/batches", new StringContent(
                """{"relationships": [{"id": "compose-test", "type": "SUPPLIES", "from": "intel", "to": "sugon", "provenance": {"source": "compose test"}}]}""",
                System.Text.Encoding.UTF8, "application/json"));
            Assert.True(batch.IsSuccessStatusCode, await batch.Content.ReadAsStringAsync());
            var rel = await http.GetFromJsonAsync<JsonElement>("/api/relationships/compose-test");
            Assert.Equal("compose test", rel.GetProperty("provenance").GetProperty("source").GetString());

            // What-if runs in Neo4j mode as on the embedded store: the hypothetical batch changes the answer, not the data.
            var whatIf = await editor.PostAsync("/api/what-if/exposure?entity=intel&maxHops=1", new StringContent(
                """{"relationships": [{"id": "what-if-test", "type": "SUPPLIES", "from": "intel", "to": "iflytek", "provenance": {"source": "what-if test"}}]}""",
                System.Text.Encoding.UTF8, "application/json"));
            Assert.True(whatIf.IsSuccessStatusCode, await whatIf.Content.ReadAsStringAsync());
            var compared = await whatIf.Content.ReadFromJsonAsync<JsonElement>();
            Assert.DoesNotContain(compared.GetProperty("before").GetProperty("hits").EnumerateArray(), h => h.GetProperty("party").GetProperty("id").GetString() == "iflytek");
            Assert.Contains(compared.GetProperty("after").GetProperty("hits").EnumerateArray(), h => h.GetProperty("party").GetProperty("id").GetString() == "iflytek");
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/relationships/what-if-test")).StatusCode);

            // The dashboard, in a real browser, on Neo4j: live (the hub follows Neo4j's log), answers and a server-kept watchlist.
            Assert.True(health.GetProperty("live").GetBoolean());
            var browser = await RunDashboardAsync($"http://127.0.0.1:{port}", Reader, Editor, server, log);
            Assert.Equal("live", browser.GetProperty("status").GetString());
            Assert.True(browser.GetProperty("sameConnection").GetBoolean(), "leaving the key field reconnected the hub");
            Assert.Equal("Sugon: blocked", browser.GetProperty("badge").GetString());
            Assert.Equal(["neo4j list"], browser.GetProperty("serverLists").EnumerateArray().Select(l => l.GetString()));
            Assert.Equal(["sugon", "henan-dingxin", "nettrix", "suma-technology", "suma-usi"], browser.GetProperty("initial").EnumerateArray().Select(p => p.GetString()));
            Assert.Equal("blocked", browser.GetProperty("verdict").GetString());
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    [SkippableFact]
    public async Task Server_Neo4jUnreachable_RetriesThenFailsWithAClearMessage()
    {
        RequiredService.SkipIf(Neo4jServer.Settings is null, Neo4jServer.NotConfigured);
        var info = ServerStartInfo($"http://127.0.0.1:{FreePort()}");
        info.Environment["SupplyGraph__Neo4jUrl"] = $"http://127.0.0.1:{FreePort()}";
        info.Environment["SupplyGraph__Neo4jStartupSeconds"] = "8";
        info.Environment["SUPPLYGRAPH_NEO4J_PASSWORD"] = "whatever";
        var (exitCode, text) = await RunToExitAsync(info, TimeSpan.FromSeconds(90));
        Assert.NotEqual(0, exitCode);
        Assert.Contains("is not answering yet (attempt 1", text, StringComparison.Ordinal);
        Assert.Contains("cannot use Neo4j at", text, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Server_WrongNeo4jPassword_StopsAtOnceSayingSo()
    {
        RequiredService.SkipIf(Neo4jServer.Settings is null, Neo4jServer.NotConfigured);
        var info = ServerStartInfo($"http://127.0.0.1:{FreePort()}");
        info.Environment["SupplyGraph__Neo4jUrl"] = Neo4jServer.Settings!.Url.ToString();
        info.Environment["SUPPLYGRAPH_NEO4J_PASSWORD"] = "not-the-password";
        var clock = Stopwatch.StartNew();
        var (exitCode, text) = await RunToExitAsync(info, TimeSpan.FromSeconds(60));
        Assert.NotEqual(0, exitCode);
        Assert.Contains("wrong user or password", text, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "a wrong password is not retried");
    }

    private static async Task<JsonElement> RunDashboardAsync(string url, string reader, string editor, Process server, System.Text.StringBuilder log)
    {
        var folder = Path.Combine(RepoPaths.Root, "tests", "browser");
        Assert.True(File.Exists("/usr/bin/chromium") && Directory.Exists(Path.Combine(folder, "node_modules", "playwright-core")),
            "run scripts/test.sh (it installs Debian's chromium and playwright-core)");
        var info = new ProcessStartInfo("node", [Path.Combine(folder, "dashboard.cjs"), url, reader, editor, "neo4j"]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var (exitCode, text) = await RunToExitAsync(info, TimeSpan.FromSeconds(120));
        if (exitCode != 0)
        {
            // The page's own account says what it saw; whether the server had gone or what it logged says why (a closed
            // hub connection in CI once could not be explained without it).
            string serverLog;
            lock (log)
            {
                serverLog = log.ToString();
            }

            Assert.Fail($"{text}\nserver {(server.HasExited ? $"exited with {server.ExitCode}" : "still running")}; its log's end:\n{serverLog[Math.Max(0, serverLog.Length - 4000)..]}");
        }

        return JsonDocument.Parse(text.Trim().Split('\n').Last(l => l.StartsWith('{'))).RootElement.Clone();
    }

    /// <summary>The server as the container starts it: <c>dotnet SupplyGraph.Server.dll --urls URL</c>.</summary>
    private static ProcessStartInfo ServerStartInfo(string urls)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "SupplyGraph.Server.dll"));
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(urls);
        return info;
    }

    /// <summary>Runs a process to its end (within <paramref name="limit"/>); returns its exit code and everything it printed.</summary>
    private static async Task<(int ExitCode, string Output)> RunToExitAsync(ProcessStartInfo info, TimeSpan limit)
    {
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(limit);
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await output + await error);
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static async Task<JsonElement> WaitHealthyAsync(HttpClient http, Process server, System.Text.StringBuilder log)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            if (server.HasExited)
            {
                throw new InvalidOperationException("the server exited:\n" + log);
            }

            try
            {
                return await http.GetFromJsonAsync<JsonElement>("/health");
            }
            catch (HttpRequestException)
            {
                await Task.Delay(500);
            }
        }

        throw new TimeoutException("the server did not answer /health:\n" + log);
    }
}
