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
}
