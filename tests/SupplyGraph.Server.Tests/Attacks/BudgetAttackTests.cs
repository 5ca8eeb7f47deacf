using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SupplyGraph.Core.Tests.Support;

namespace SupplyGraph.Server.Tests.Attacks;

/// <summary>The attack suite shares one server process and runs one test at a time, so that time and memory are each attack's own.</summary>
[CollectionDefinition(Name)]
public sealed class AttackCollection : ICollectionFixture<AttackServer>
{
    public const string Name = "attacks";
}

/// <summary>
/// Issue 11 §1, as an attacker with a reader key would try it on the real server: every query ends within its time
/// budget + 10 %, the server's resident memory stays under slots × memory budget + 512 MB, the answer is a 4xx
/// problem naming the budget, and SIGTERM stops the server within 5 s whatever runs.
/// </summary>
[Collection(AttackCollection.Name)]
public sealed class BudgetAttackTests(AttackServer fixture)
{
    // 35 billion rows of scalar comparisons: time, not memory (trail enumeration would be charged per trail and hit memory).
    private const string CpuBound = "MATCH (a), (b), (c) WHERE a.name = b.id RETURN count(*) AS n";
    private const string ListDoubling = "WITH reduce(l = [1], x IN range(1, 40) | l + l) AS l RETURN size(l)";

    private ServerProcess Server => fixture.Server;

    public static TheoryData<string> MemoryBusters => new()
    {
        // The list doubles 40 times: 2^40 slots.
        ListDoubling,
        // The string doubles 40 times.
        "WITH reduce(s = 'a', x IN range(1, 40) | s + s) AS s RETURN size(s)",
        // A billion-element range.
        "RETURN size(range(1, 1000000000)) AS n",
        // collect over a long UNWIND.
        "UNWIND range(1, 100000000) AS x RETURN size(collect(x)) AS n",
        // Sorting a large cartesian product of wide rows.
        "UNWIND range(1, 20000) AS a UNWIND range(1, 20000) AS b RETURN a, b, toString(a) + toString(b) AS s ORDER BY s DESC LIMIT 1",
    };

    [Theory]
    [MemberData(nameof(MemoryBusters))]
    public async Task Cypher_MemoryBuster_StopsWithin10PercentOfBudgetUnderTheMemoryCeiling(string query)
    {
        Server.ResetPeakRss();
        var (status, problem, elapsed) = await CypherAsync(AttackServer.ReaderKey, query);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains(problem.GetProperty("budget").GetString(), new[] { "memory", "time" });
        Assert.Contains("budget", problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
        Assert.True(elapsed <= AttackServer.TimeCeiling, $"answered after {elapsed.TotalSeconds:0.00} s: {problem}");
        AssertRssUnderCeiling();
    }

    [Fact]
    public async Task Cypher_CpuBoundQuery_StopsOnTimeBudgetWithin10Percent()
    {
        var (status, problem, elapsed) = await CypherAsync(AttackServer.ReaderKey, CpuBound);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("time", problem.GetProperty("budget").GetString());
        Assert.InRange(elapsed, TimeSpan.FromSeconds(AttackServer.TimeBudgetSeconds * 0.9), AttackServer.TimeCeiling);
    }

    [Fact]
    public async Task Cypher_SixteenBudgetBustersAtOnce_EachEndsWithinBudgetAndMemoryHolds()
    {
        Server.ResetPeakRss();
        var queries = Enumerable.Range(0, 16).Select(i => i % 2 == 0 ? ListDoubling : CpuBound).ToList();
        var answers = await Task.WhenAll(queries.Select(q => CypherAsync(AttackServer.ReaderKey, q)));

        foreach (var (status, problem, elapsed) in answers)
        {
            // Over budget (422) while running, or busy (503) when no slot freed within the budget.
            Assert.True(status is HttpStatusCode.UnprocessableEntity or HttpStatusCode.ServiceUnavailable, $"{status}: {problem}");
            Assert.True(elapsed <= AttackServer.TimeCeiling, $"answered after {elapsed.TotalSeconds:0.00} s: {problem}");
        }

        AssertRssUnderCeiling();

        // An answer at the deadline does not wait for its query to unwind; the slot frees as soon as it has.
        var running = -1;
        for (var clock = Stopwatch.StartNew(); running != 0 && clock.Elapsed < TimeSpan.FromSeconds(2); await Task.Delay(50))
        {
            running = (await Server.HealthAsync()).GetProperty("runningQueries").GetInt32();
        }

        Assert.Equal(0, running);
    }

    [Fact]
    public async Task Cypher_CatastrophicRegex_IsACypherErrorWithinBudget()
    {
        var (status, problem, elapsed) = await CypherAsync(AttackServer.ReaderKey, "RETURN 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!' =~ '(a+)+b' AS m");

        Assert.True((int)status is >= 400 and < 500, $"{status}: {problem}");
        Assert.Equal("query", problem.GetProperty("field").GetString());
        Assert.True(elapsed <= AttackServer.TimeCeiling, $"answered after {elapsed.TotalSeconds:0.00} s");
    }

    [Fact]
    public async Task Cypher_ClientDisconnects_QueryIsCancelledAtOnce()
    {
        using var http = Server.Client(AttackServer.ReaderKey);
        using var gone = new CancellationTokenSource(TimeSpan.FromMilliseconds(800));
        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => http.PostAsJsonAsync("/api/cypher", new { query = CpuBound }, gone.Token));

        // Well before the 5 s budget would end it, the slot is free again.
        var running = -1;
        while (clock.Elapsed < TimeSpan.FromSeconds(AttackServer.TimeBudgetSeconds - 1.5))
        {
            running = (await Server.HealthAsync()).GetProperty("runningQueries").GetInt32();
            if (running == 0)
            {
                break;
            }

            await Task.Delay(50);
        }

        Assert.Equal(0, running);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2.5), $"the query ran {clock.Elapsed.TotalSeconds:0.00} s after a disconnect at 0.8 s");
    }

    [Fact]
    public async Task Cypher_EditorWriteOverTheChangeCap_IsRefusedAndNothingChanges()
    {
        var before = (await Server.HealthAsync()).GetProperty("lastSequence").GetInt64();
        var (status, problem, _) = await CypherAsync(AttackServer.EditorKey,
            $"UNWIND range(1, {AttackServer.MaxChanges * 2}) AS i CREATE (:Company {{name: 'Flood ' + toString(i)}})");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("changes", problem.GetProperty("budget").GetString());
        Assert.Contains(AttackServer.MaxChanges.ToString(System.Globalization.CultureInfo.InvariantCulture), problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
        Assert.Equal(before, (await Server.HealthAsync()).GetProperty("lastSequence").GetInt64());
    }

    public static TheoryData<string> AnalyticsAtTheirLimits => new()
    {
        // Every simple path up to the hop limit, as many as the result limit allows.
        "/api/paths?from=sugon&to=baai&all=true&maxHops=10&limit=1000&direction=both",
        // The most k shortest paths allowed.
        "/api/paths?from=sugon&to=baai&k=100&maxHops=10&direction=both",
        // Exposure of a list node over every hop allowed, both ways.
        "/api/exposure?entity=bis-entity-list&maxHops=10&direction=both",
        "/api/exposure?entity=sugon&maxHops=10&direction=both&reverse=true",
    };

    [Theory]
    [MemberData(nameof(AnalyticsAtTheirLimits))]
    public async Task Analytics_AtTheirLimits_AnswerWithinBudgetUnderTheMemoryCeiling(string url)
    {
        Server.ResetPeakRss();
        using var http = Server.Client(AttackServer.ReaderKey);
        var clock = Stopwatch.StartNew();
        var response = await http.GetAsync(new Uri(url, UriKind.Relative));
        var elapsed = clock.Elapsed;
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.UnprocessableEntity, $"{response.StatusCode}: {body}");
        Assert.True(elapsed <= AttackServer.TimeCeiling, $"answered after {elapsed.TotalSeconds:0.00} s");
        AssertRssUnderCeiling();
    }

    [Fact]
    public async Task Server_SigtermWhileAQueryRuns_StopsWithin5Seconds()
    {
        using var folder = new TempFolder();
        var settings = AttackServer.Settings();
        settings["SupplyGraph__ReaderBudget__TimeSeconds"] = "120";
        await using var server = await ServerProcess.StartAsync(ServerProcess.StartInfo(Path.Combine(folder.Path, "data"), settings));
        using var http = server.Client(AttackServer.ReaderKey, TimeSpan.FromSeconds(30));
        var running = http.PostAsJsonAsync("/api/cypher", new { query = CpuBound });
        while ((await server.HealthAsync()).GetProperty("runningQueries").GetInt32() == 0)
        {
            await Task.Delay(50);
        }

        var clock = Stopwatch.StartNew();
        server.Terminate();
        Assert.True(await server.WaitForExitAsync(TimeSpan.FromSeconds(10)), "still running 10 s after SIGTERM");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"stopped {clock.Elapsed.TotalSeconds:0.00} s after SIGTERM");
        Assert.Equal(0, server.ExitCode);
        try
        {
            var answer = await running;
            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
        }
        catch (HttpRequestException)
        {
            // The connection closed with the server: also an answer the client can act on.
        }
    }

    private void AssertRssUnderCeiling()
    {
        var peak = Server.PeakRssBytes();
        Assert.True(peak < AttackServer.RssCeilingBytes, $"peak RSS {peak >> 20} MiB, ceiling {AttackServer.RssCeilingBytes >> 20} MiB");
    }

    private async Task<(HttpStatusCode Status, JsonElement Body, TimeSpan Elapsed)> CypherAsync(string key, string query)
    {
        using var http = Server.Client(key);
        var clock = Stopwatch.StartNew();
        var response = await http.PostAsJsonAsync("/api/cypher", new { query });
        var elapsed = clock.Elapsed;
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone(), elapsed);
    }
}
