using System.Text.Json.Nodes;

namespace SupplyGraph.Neo4j.Tests;

/// <summary>
/// The Neo4j server the tests use, one per test run, shared by the test classes: the server at SUPPLYGRAPH_NEO4J_URL
/// (with _USER and _PASSWORD) when that is set, else a container started through Testcontainers
/// (<see cref="Neo4jContainerBuilder"/>; image SUPPLYGRAPH_NEO4J_IMAGE, default <c>neo4j:5</c>). When neither works,
/// <see cref="Settings"/> is null and <see cref="NotConfigured"/> says why: the tests then skip on a developer's
/// machine and fail under CI (<c>RequiredService</c>).
/// </summary>
public static class Neo4jServer
{
    /// <summary>All Neo4j tests share one database, so they run one at a time.</summary>
    public const string Collection = "neo4j";

    /// <summary>The Docker label on the run's container: scripts/test.sh removes what an interrupted run left by it.</summary>
    public const string RunLabel = "supplygraph.test-run";

    private static readonly Lazy<Task<Neo4jSettings?>> Started = new(() => Task.Run(StartAsync));
    private static readonly SemaphoreSlim StopOnce = new(1, 1);
    private static Neo4jContainer? s_container;
    private static string? s_unavailable;

    /// <summary>Why there is no Neo4j server (valid when <see cref="Settings"/> is null), and how to get one.</summary>
    public static string NotConfigured => s_unavailable ?? "no Neo4j server: Docker (for a Testcontainers Neo4j) or SUPPLYGRAPH_NEO4J_URL is needed";

    /// <summary>The server, started on first use; null when none can be had (see <see cref="NotConfigured"/>).</summary>
    public static Neo4jSettings? Settings => Started.Value.GetAwaiter().GetResult();

    /// <summary>Stops the run's container, if this run started one: once the last Neo4j test class is done.</summary>
    public static async Task StopAsync()
    {
        await StopOnce.WaitAsync();
        try
        {
            if (s_container is { } container)
            {
                s_container = null;
                await container.DisposeAsync();
            }
        }
        finally
        {
            StopOnce.Release();
        }
    }

    private static async Task<Neo4jSettings?> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("SUPPLYGRAPH_NEO4J_URL") is { Length: > 0 } url)
        {
            return new Neo4jSettings(new Uri(url), Environment.GetEnvironmentVariable("SUPPLYGRAPH_NEO4J_USER") ?? "neo4j", Environment.GetEnvironmentVariable("SUPPLYGRAPH_NEO4J_PASSWORD") ?? "");
        }

        if (Environment.GetEnvironmentVariable("SUPPLYGRAPH_NO_NEO4J") is { Length: > 0 })
        {
            s_unavailable = "no Neo4j: SUPPLYGRAPH_NO_NEO4J is set (unset it to run Neo4j in Docker, or set SUPPLYGRAPH_NEO4J_URL)";
            return null;
        }

        var container = new Neo4jContainerBuilder()
            .WithLabel(RunLabel, Environment.GetEnvironmentVariable("SUPPLYGRAPH_TEST_RUN") is { Length: > 0 } run ? run : "manual")
            .Build();
        try
        {
            await container.StartAsync();
        }
        catch (Exception ex)
        {
            await container.DisposeAsync();
            s_unavailable = $"no Neo4j: {ex.Message} (scripts/test.sh starts Docker and builds the local image; or set SUPPLYGRAPH_NEO4J_URL to a running Neo4j)";
            return null;
        }

        s_container = container;
        // The collection fixture stops it; this covers a run that ends another way.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAsync().Wait(TimeSpan.FromSeconds(20));
        return container.Settings;
    }

    /// <summary>
    /// Empties the whole database (Neo4j 3.1 has just one): every node, SupplyGraph's or not, in batches so that no
    /// transaction grows with what an earlier class left.
    /// </summary>
    public static async Task ResetAsync(Neo4jSettings settings)
    {
        using var http = new Neo4jHttp(settings);
        var batch = new Statement("MATCH (n) WITH n LIMIT $limit DETACH DELETE n RETURN count(*)", new JsonObject { ["limit"] = 5_000 });
        while ((await http.RunAsync([batch]))[0][0][0].GetInt64() > 0)
        {
        }
    }
}

/// <summary>
/// A class fixture: the class starts on an empty database, whatever the classes before it left. Its tests then
/// share that database; a test that needs it empty again says so itself.
/// </summary>
public sealed class FreshNeo4jDatabase : IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        if (Neo4jServer.Settings is { } settings)
        {
            await Neo4jServer.ResetAsync(settings);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
