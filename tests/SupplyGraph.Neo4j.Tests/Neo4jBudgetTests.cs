using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SupplyGraph.Core.Tests.Support;
using SupplyGraph.Cypher;

namespace SupplyGraph.Neo4j.Tests;

/// <summary>
/// Budgets on Neo4j: a query that spends its time budget, or whose caller goes away, is rolled back and ended on the
/// server, not abandoned there. Neo4j 3.1 Community has no <c>dbms.listQueries()</c>, so "no transaction left
/// running" is shown two ways it does offer: every transaction the store opened answers 404 (TransactionNotFound)
/// afterwards, and the write lock the query took is free at once — a write to the same node, which would wait for
/// the query while it ran, commits immediately.
/// </summary>
[Collection(Neo4jServer.Collection)]
public sealed class Neo4jBudgetTests : IClassFixture<FreshNeo4jDatabase>
{
    // Three-way product of 300 probe nodes, reading a property on each row: minutes of work on this server.
    private const string Endless =
        "MATCH (l:SgProbe {id: 'lock'}) SET l.held = true WITH l MATCH (a:SgProbe), (b:SgProbe), (c:SgProbe) WHERE a.i + b.i + c.i = -1 RETURN count(*)";

    [SkippableFact]
    public async Task Cypher_TimeBudgetSpent_TransactionIsEndedOnTheServerAndItsLockFreed()
    {
        RequiredService.SkipIf(Neo4jServer.Settings is null, Neo4jServer.NotConfigured);
        var recorder = new TransactionRecorder();
        await using var store = new Neo4jGraphStore(Neo4jServer.Settings!, recorder);
        await SeedProbesAsync();

        var clock = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<CypherException>(() => store.CypherAsync(Endless, new Dictionary<string, object?>(), new CypherOptions { TimeBudget = TimeSpan.FromSeconds(2) }));
        Assert.Equal("Timeout", ex.Detail);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"the budget answer took {clock.Elapsed.TotalSeconds:0} s");

        await AssertNothingLeftAsync(recorder);
    }

    [SkippableFact]
    public async Task Cypher_CallerGoesAway_TransactionIsEndedOnTheServerAndItsLockFreed()
    {
        RequiredService.SkipIf(Neo4jServer.Settings is null, Neo4jServer.NotConfigured);
        var recorder = new TransactionRecorder();
        await using var store = new Neo4jGraphStore(Neo4jServer.Settings!, recorder);
        await SeedProbesAsync();

        // No budget at all: only the caller's token (a client that disconnected) ends it.
        using var gone = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.CypherAsync(Endless, new Dictionary<string, object?>(), new CypherOptions(), gone.Token));

        await AssertNothingLeftAsync(recorder);
    }

    [SkippableFact]
    public async Task Cypher_WriteOverRowBudget_IsRolledBack()
    {
        RequiredService.SkipIf(Neo4jServer.Settings is null, Neo4jServer.NotConfigured);
        await using var store = new Neo4jGraphStore(Neo4jServer.Settings!);
        await SeedProbesAsync();
        var ex = await Assert.ThrowsAsync<CypherException>(() => store.CypherAsync(
            "MATCH (p:SgProbe) WHERE p.i <= 20 SET p.touched = true RETURN p.i", new Dictionary<string, object?>(), new CypherOptions { MaxRows = 10 }));
        Assert.Equal("RowLimitExceeded", ex.Detail);
        using var http = new Neo4jHttp(Neo4jServer.Settings!);
        Assert.Equal(0, (await http.RunAsync([new Statement("MATCH (p:SgProbe) WHERE p.touched RETURN count(p)")]))[0][0][0].GetInt64());
    }

    private static async Task SeedProbesAsync()
    {
        using var http = new Neo4jHttp(Neo4jServer.Settings!);
        await http.RunAsync(
        [
            new Statement("MATCH (p:SgProbe) DETACH DELETE p"),
            new Statement("UNWIND range(1, 300) AS i CREATE (:SgProbe {i: i})"),
            new Statement("CREATE (:SgProbe {id: 'lock', i: 0})"),
        ]);
    }

    private static async Task AssertNothingLeftAsync(TransactionRecorder recorder)
    {
        // Every transaction the store opened is gone from the server (it answers 404 TransactionNotFound).
        Assert.NotEmpty(recorder.Opened);
        using var raw = new HttpClient();
        var settings = Neo4jServer.Settings!;
        raw.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.User}:{settings.Password}")));
        foreach (var open in recorder.Opened)
        {
            using var answer = await raw.PostAsync(open, new StringContent("{\"statements\":[]}", Encoding.UTF8, "application/json"));
            var text = await answer.Content.ReadAsStringAsync();
            Assert.True(answer.StatusCode == HttpStatusCode.NotFound && text.Contains("TransactionNotFound", StringComparison.Ordinal), $"{open}: {(int)answer.StatusCode} {text}");
        }

        // Its lock is free: a write to the node it locked commits at once (while it ran, this would wait for it).
        using var http = new Neo4jHttp(settings);
        var clock = Stopwatch.StartNew();
        var rows = await http.RunAsync([new Statement("MATCH (l:SgProbe {id: 'lock'}) SET l.after = 1 RETURN l.held")], default, TimeSpan.FromSeconds(30));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the write waited {clock.Elapsed.TotalSeconds:0} s for the lock");

        // And nothing the query did was committed.
        Assert.Equal(JsonValueKind.Null, rows[0][0][0].ValueKind);
    }

    /// <summary>Sees every transaction the store opens (the Location of each answer that creates one).</summary>
    private sealed class TransactionRecorder() : DelegatingHandler(new HttpClientHandler())
    {
        private readonly List<Uri> _opened = [];

        public IReadOnlyList<Uri> Opened
        {
            get
            {
                lock (_opened)
                {
                    return [.. _opened];
                }
            }
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Created && response.Headers.Location is { } location)
            {
                lock (_opened)
                {
                    _opened.Add(location);
                }
            }

            return response;
        }
    }
}
