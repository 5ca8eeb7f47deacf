using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using SupplyGraph.Core.Tests.Support;
using SupplyGraph.Server.Tests.Attacks;

namespace SupplyGraph.Server.Tests.OneLog;

/// <summary>
/// The server and the CLI as users run them, two processes on one data folder: whoever writes, the batch is in the one
/// log, and the server's live clients get it from there.
/// </summary>
public sealed class OneStoreTests : IAsyncLifetime
{
    private const string ReaderKey = "one-log-reader-key";
    private const string EditorKey = "one-log-editor-key";
    private readonly TempFolder _folder = new();
    private ServerProcess _server = null!;

    private string Data => Path.Combine(_folder.Path, "data");

    public async Task InitializeAsync() =>
        _server = await ServerProcess.StartAsync(ServerProcess.StartInfo(Data, new Dictionary<string, string>
        {
            ["SUPPLYGRAPH_API_KEYS"] = $"reader:{ReaderKey},editor:{EditorKey}",
        }));

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _folder.Dispose();
    }

    [Theory]
    [InlineData("sugon", "nettrix", 1)]
    [InlineData("iflytek", "high-end-ai-chips", 3)]
    public async Task PathsJson_CliAndRestOnOneStore_SameDocument(string from, string to, int k)
    {
        var cli = await CliStdout(k == 1 ? ["path", from, to, "--json"] : ["paths", from, to, "--k", k.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json"]);
        using var http = _server.Client(ReaderKey);
        var rest = await http.GetStringAsync(new Uri($"/api/paths?from={from}&to={to}&k={k}", UriKind.Relative));

        // One shape for both: the same paths, nodes, hops, evidence, lengths and confidences, property for property.
        using var a = JsonDocument.Parse(cli);
        using var b = JsonDocument.Parse(rest);
        Assert.True(a.RootElement.GetProperty("paths").GetArrayLength() > 0, cli);
        Assert.Equal(Canonical(b.RootElement), Canonical(a.RootElement));
    }

    [Theory]
    [InlineData("sugon", false)]
    [InlineData("inspur-group", true)]
    public async Task ExposureJson_CliAndRestOnOneStore_SameDocument(string entity, bool reverse)
    {
        var cli = await CliStdout(reverse ? ["exposure", entity, "--reverse", "--json"] : ["exposure", entity, "--json"]);
        using var http = _server.Client(ReaderKey);
        var rest = await http.GetStringAsync(new Uri($"/api/exposure?entity={entity}&reverse={(reverse ? "true" : "false")}", UriKind.Relative));

        using var a = JsonDocument.Parse(cli);
        using var b = JsonDocument.Parse(rest);
        Assert.True(a.RootElement.GetProperty("hits").GetArrayLength() > 0, cli);
        Assert.Equal(Canonical(b.RootElement, RouteAsLength), Canonical(a.RootElement, RouteAsLength));
    }

    [Theory]
    [InlineData("exposure", "/api/what-if/exposure?entity=taiwanese-chipmaker")]
    [InlineData("ownership", "/api/what-if/ownership/taiwanese-chipmaker?rule=bis-affiliates&asOf=2026-11-20")]
    [InlineData("paths", "/api/what-if/paths?from=taiwanese-chipmaker&to=inspur-group&k=2")]
    public async Task WhatIfJson_CliFileAndRestBodyOnOneStore_SameDocument(string command, string route)
    {
        // Inspur Group buys 51 % of the Taiwanese chipmaker: one batch, given to the CLI as a file and to REST as the body.
        const string batch = """
            {"relationships": [{"id": "what-if-inspur-owns-chipmaker", "type": "OWNS", "from": "inspur-group", "to": "taiwanese-chipmaker",
              "share": "51%", "provenance": {"source": "hypothesis", "quote": "Inspur Group buys 51 %"}}]}
            """;
        var file = Path.Combine(_folder.Path, $"what-if-{command}.json");
        await File.WriteAllTextAsync(file, batch);
        string[] args = command switch
        {
            "exposure" => ["exposure", "taiwanese-chipmaker", "--what-if", file, "--json"],
            "ownership" => ["ownership", "taiwanese-chipmaker", "--rule", "bis-affiliates", "--as-of", "2026-11-20", "--what-if", file, "--json"],
            _ => ["paths", "taiwanese-chipmaker", "inspur-group", "--k", "2", "--what-if", file, "--json"],
        };
        var cli = await CliStdout(args);
        using var http = _server.Client(ReaderKey);
        var response = await http.PostAsync(new Uri(route, UriKind.Relative), new StringContent(batch, System.Text.Encoding.UTF8, "application/json"));
        var rest = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, rest);

        using var a = JsonDocument.Parse(cli);
        using var b = JsonDocument.Parse(rest);
        Assert.NotEqual(Canonical(a.RootElement.GetProperty("before")), Canonical(a.RootElement.GetProperty("after")));
        Func<JsonProperty, string?>? hitRoutes = command == "exposure" ? RouteAsLength : null;
        Assert.Equal(Canonical(b.RootElement, hitRoutes), Canonical(a.RootElement, hitRoutes));
    }

    [Fact]
    public async Task CliImport_WhileServerRuns_ReachesHubClientsWithinOneSecondOfCommit()
    {
        await using var hub = await ConnectAsync();
        var updates = new List<(JsonElement Update, DateTimeOffset At)>();
        hub.On<JsonElement>("Update", u =>
        {
            lock (updates)
            {
                updates.Add((u, DateTimeOffset.UtcNow));
            }
        });
        await hub.InvokeAsync<JsonElement>("SubscribeEntity", "sugon");
        var last = (await _server.HealthAsync()).GetProperty("lastSequence").GetInt64();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stream = hub.StreamAsync<JsonElement>("Changes", last, stop.Token).GetAsyncEnumerator(stop.Token);

        var file = Path.Combine(_folder.Path, "supplier.json");
        await File.WriteAllTextAsync(file, """
            {"entities": [{"id": "one-log-supplier", "labels": ["Company"], "name": "One Log Supplier Ltd."}],
             "relationships": [{"type": "SUPPLIES", "from": "one-log-supplier", "to": "sugon", "provenance": {"source": "one-log-test"}}]}
            """);
        // The stream is read while the CLI runs: its entry's arrival is timed when it arrives, not when the CLI process
        // has ended (which it does well after its commit: the report, the store's close, the runtime's exit).
        var arrival = Task.Run(async () =>
        {
            Assert.True(await stream.MoveNextAsync());
            return (Entry: stream.Current, At: DateTimeOffset.UtcNow);
        });
        var cli = await Cli("import", file);
        Assert.True(cli.ExitCode == 0, cli.Output);

        var (entry, received) = await arrival.WaitAsync(TimeSpan.FromSeconds(30));
        var committedAt = entry.GetProperty("committedAt").GetDateTimeOffset();
        Assert.Equal(last + 1, entry.GetProperty("sequence").GetInt64());
        Assert.Contains("one-log-supplier", entry.GetProperty("changes").GetRawText(), StringComparison.Ordinal);
        Assert.True(received - committedAt <= TimeSpan.FromSeconds(1), $"the CLI's batch reached the change stream {(received - committedAt).TotalMilliseconds:0} ms after its commit");

        // The subscription on Sugon hears of its new supplier too, from the same log entry.
        (JsonElement Update, DateTimeOffset At) pushed = default;
        for (var clock = Stopwatch.StartNew(); clock.Elapsed < TimeSpan.FromSeconds(5) && pushed.Update.ValueKind == JsonValueKind.Undefined; await Task.Delay(20))
        {
            lock (updates)
            {
                pushed = updates.FirstOrDefault(u => u.Update.GetProperty("sequence").GetInt64() == last + 1);
            }
        }

        Assert.NotEqual(JsonValueKind.Undefined, pushed.Update.ValueKind);
        Assert.True(pushed.At - committedAt <= TimeSpan.FromSeconds(1), $"the update on Sugon came {(pushed.At - committedAt).TotalMilliseconds:0} ms after the commit");

        // And the server's reads see it without a restart.
        using var http = _server.Client(ReaderKey);
        var read = await http.GetAsync("/api/entities/one-log-supplier");
        Assert.Equal(System.Net.HttpStatusCode.OK, read.StatusCode);
        Assert.Contains("One Log Supplier Ltd.", await read.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Increments_FromServerAndCliAtOnce_LoseNoUpdate()
    {
        using var http = _server.Client(EditorKey);
        var created = await http.PostAsJsonAsync("/api/cypher", new { query = "CREATE (:Company {name: 'One Log Counter', count: 0})" });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        const string increment = "MATCH (n:Company {name: 'One Log Counter'}) SET n.count = n.count + 1";
        const int each = 500;

        // A CLI Cypher shell (its own process, its own store object on the same file) and REST Cypher through the server,
        // each reading the counter and writing it plus one, interleaved.
        var cli = CliWithInput(string.Concat(Enumerable.Repeat(increment + ";\n", each)), "cypher");
        for (var i = 0; i < each; i++)
        {
            var response = await http.PostAsJsonAsync("/api/cypher", new { query = increment });
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        var shell = await cli;
        Assert.True(shell.ExitCode == 0, shell.Output);
        var answer = await (await http.PostAsJsonAsync("/api/cypher", new { query = "MATCH (n:Company {name: 'One Log Counter'}) RETURN n.count AS count" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2 * each, answer.GetProperty("rows")[0][0].GetInt64());
    }

    [Fact]
    public async Task ChangeStream_ClientOfflineFor10000Changes_ResumesWithAllInOrder()
    {
        var start = (await _server.HealthAsync()).GetProperty("lastSequence").GetInt64();
        var seen = new List<long>();
        await using (var hub = await ConnectAsync())
        {
            // Online for the first batch, then gone.
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var stream = hub.StreamAsync<JsonElement>("Changes", start, stop.Token).GetAsyncEnumerator(stop.Token);
            await Write(0, 1);
            Assert.True(await stream.MoveNextAsync());
            seen.Add(stream.Current.GetProperty("sequence").GetInt64());
        }

        // 10,000 changes while it is away: 2,000 batches of 5, written by a third process's store on the same file.
        const int batches = 2_000;
        await Write(1, batches);

        await using var again = await ConnectAsync();
        using var resume = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var changes = 0;
        await foreach (var entry in again.StreamAsync<JsonElement>("Changes", seen[^1], resume.Token))
        {
            seen.Add(entry.GetProperty("sequence").GetInt64());
            changes += entry.GetProperty("changes").GetArrayLength();
            if (seen.Count == batches + 1)
            {
                break;
            }
        }

        Assert.Equal(Enumerable.Range(1, batches + 1).Select(i => start + i), seen);
        Assert.Equal(batches * 5, changes);

        async Task Write(int from, int count)
        {
            await using var store = Core.Storage.EmbeddedGraphStore.Open(Data);
            for (var b = from; b < from + count; b++)
            {
                var puts = Enumerable.Range(0, 5).Select(i => (Core.Model.Change)new Core.Model.PutEntity(new Core.Model.Entity
                {
                    Id = $"offline-{b}-{i}",
                    Labels = [Core.Model.NodeLabels.Company],
                    Name = $"Offline {b}/{i}",
                })).ToList();
                await store.ApplyAsync(new Core.Model.ChangeBatch(puts, $"offline batch {b}"));
            }
        }
    }

    private async Task<HubConnection> ConnectAsync()
    {
        var hub = new HubConnectionBuilder()
            .WithUrl(_server.BaseUrl + "/hubs/exposure", o => o.Headers["X-Api-Key"] = ReaderKey)
            .Build();
        await hub.StartAsync();
        return hub;
    }

    private Task<(int ExitCode, string Output)> Cli(params string[] args) => CliWithInput(null, args);

    // Objects with their properties sorted, so that two writers' documents compare by content.
    /// <summary>
    /// An exposure hit's route as its length only. Where two routes to a listed party have the same length, which one
    /// a search meets first follows the order of the relationships in memory, and that order differs between a
    /// server that applied the seed as a change and a process that loaded it from the file (sorted by id). The
    /// parties, hops, listings, confidences and scores must still agree; the paths tests compare routes in full.
    /// </summary>
    private static string? RouteAsLength(JsonProperty p) =>
        p.Name == "path" && p.Value.ValueKind == JsonValueKind.Object ? p.Value.GetProperty("length").GetRawText() : null;

    private static string Canonical(JsonElement e, Func<JsonProperty, string?>? replace = null) => e.ValueKind switch
    {
        JsonValueKind.Object => "{" + string.Join(",", e.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => JsonSerializer.Serialize(p.Name) + ":" + (replace?.Invoke(p) ?? Canonical(p.Value, replace)))) + "}",
        JsonValueKind.Array => "[" + string.Join(",", e.EnumerateArray().Select(x => Canonical(x, replace))) + "]",
        JsonValueKind.Number => e.GetDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        JsonValueKind.String => JsonSerializer.Serialize(e.GetString()),
        _ => e.GetRawText(),
    };

    private async Task<string> CliStdout(string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "SupplyGraph.Cli.dll"));
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["SUPPLYGRAPH_DATA"] = Data;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, await error);
        return await output;
    }

    private async Task<(int ExitCode, string Output)> CliWithInput(string? input, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "SupplyGraph.Cli.dll"));
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["SUPPLYGRAPH_DATA"] = Data;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
