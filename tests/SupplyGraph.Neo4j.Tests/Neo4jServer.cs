using System.Text.Json.Nodes;

namespace SupplyGraph.Neo4j.Tests;

/// <summary>The Neo4j server the tests use: from SUPPLYGRAPH_NEO4J_URL/USER/PASSWORD (scripts/test.sh sets them).</summary>
public static class Neo4jServer
{
    /// <summary>All Neo4j tests share one database, so they run one at a time.</summary>
    public const string Collection = "neo4j";

    public const string NotConfigured = "no Neo4j server configured: set SUPPLYGRAPH_NEO4J_URL, SUPPLYGRAPH_NEO4J_USER and SUPPLYGRAPH_NEO4J_PASSWORD (scripts/test.sh starts one)";

    public static Neo4jSettings? Settings =>
        Environment.GetEnvironmentVariable("SUPPLYGRAPH_NEO4J_URL") is { Length: > 0 } url
            ? new Neo4jSettings(new Uri(url), Environment.GetEnvironmentVariable("SUPPLYGRAPH_NEO4J_USER") ?? "neo4j", Environment.GetEnvironmentVariable("SUPPLYGRAPH_NEO4J_PASSWORD") ?? "")
            : null;

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
