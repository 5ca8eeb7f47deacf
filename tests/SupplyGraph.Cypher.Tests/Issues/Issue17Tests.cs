namespace SupplyGraph.Cypher.Tests.Issues;

/// <summary>Issue 17: <c>keys()</c> of a map with null values; Neo4j 3.x's <c>extract()</c> and <c>filter()</c>.</summary>
public sealed class Issue17Tests
{
    private static object? Single(string query)
    {
        var result = new CypherEngine().Execute(new MemoryGraph(), query, new Dictionary<string, object?>());
        return Assert.Single(result.Rows)[0];
    }

    [Fact]
    public void Keys_MapWithNullValue_KeepsTheKey()
    {
        Assert.Equal(["a", "b"], ((List<object?>)Single("RETURN keys({a: 1, b: null}) AS k")!).Cast<string>().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Keys_NodeSetToNull_HasNoSuchProperty()
    {
        var graph = new MemoryGraph();
        var engine = new CypherEngine();
        var row = Assert.Single(engine.Execute(graph, "CREATE (n {a: 1, b: null}) RETURN keys(n) AS k", new Dictionary<string, object?>()).Rows);
        Assert.Equal(["a"], ((List<object?>)row[0]!).Cast<string>());
    }

    [Fact]
    public void Extract_Neo4j3Syntax_MapsEachElement()
    {
        Assert.Equal([2L, 4L, 6L], (List<object?>)Single("RETURN extract(x IN [1, 2, 3] | x * 2) AS xs")!);
    }

    [Fact]
    public void Filter_Neo4j3Syntax_KeepsMatchingElements()
    {
        Assert.Equal([2L, 3L], (List<object?>)Single("RETURN filter(x IN [1, 2, 3] WHERE x > 1) AS xs")!);
    }

    [Fact]
    public void Filter_WithoutWhere_IsASyntaxErrorNamingWhatIsMissing()
    {
        var e = Assert.Throws<CypherException>(() => Single("RETURN filter(x IN [1, 2, 3]) AS xs"));
        Assert.Equal("SyntaxError", e.Kind);
        Assert.Contains("WHERE", e.Message, StringComparison.Ordinal);
    }
}
