namespace SupplyGraph.Cypher.Tests;

/// <summary>The planner anchors on indexed properties, whether given in the pattern or in WHERE.</summary>
public sealed class PlannerTests
{
    /// <summary>A graph that answers id lookups from an index and counts full scans.</summary>
    private sealed class CountingGraph(MemoryGraph inner) : ICypherGraph
    {
        public int Scans { get; private set; }

        public int Lookups { get; private set; }

        public long NodeIdBound => inner.NodeIdBound;

        public IEnumerable<long> Nodes()
        {
            Scans++;
            return inner.Nodes();
        }

        public IEnumerable<long> NodesWithLabel(string label)
        {
            Scans++;
            return inner.NodesWithLabel(label);
        }

        public IEnumerable<long>? NodesWithProperty(string key, object value)
        {
            if (key != "id")
            {
                return null;
            }

            Lookups++;
            return inner.Nodes().Where(n => Equals(inner.NodeProperty(n, "id"), value)).ToList();
        }

        public IReadOnlyList<string> Labels(long node) => inner.Labels(node);

        public bool HasLabel(long node, string label) => inner.HasLabel(node, label);

        public object? NodeProperty(long node, string key) => inner.NodeProperty(node, key);

        public IReadOnlyDictionary<string, object?> NodeProperties(long node) => inner.NodeProperties(node);

        public void Expand(long node, CypherDirection direction, IReadOnlyList<string> types, List<CypherHop> into) => inner.Expand(node, direction, types, into);

        public string RelationshipType(long relationship) => inner.RelationshipType(relationship);

        public long StartNode(long relationship) => inner.StartNode(relationship);

        public long EndNode(long relationship) => inner.EndNode(relationship);

        public object? RelationshipProperty(long relationship, string key) => inner.RelationshipProperty(relationship, key);

        public IReadOnlyDictionary<string, object?> RelationshipProperties(long relationship) => inner.RelationshipProperties(relationship);
    }

    private static CountingGraph Chain()
    {
        var g = new MemoryGraph();
        long? previous = null;
        for (var i = 0; i < 50; i++)
        {
            var n = g.CreateNode(["Company"], new Dictionary<string, object?> { ["id"] = $"c{i}" });
            if (previous is { } p)
            {
                g.CreateRelationship(p, n, "SUPPLIES", new Dictionary<string, object?>());
            }

            previous = n;
        }

        return new CountingGraph(g);
    }

    [Theory]
    [InlineData("MATCH (a:Company {id: $id})-[:SUPPLIES]->(b) RETURN b.id")]
    [InlineData("MATCH (a:Company)-[:SUPPLIES]->(b) WHERE a.id = $id RETURN b.id")]
    [InlineData("MATCH (b)<-[:SUPPLIES]-(a:Company) WHERE $id = a.id AND b.id STARTS WITH 'c' RETURN b.id")]
    public void Match_IdInPatternOrWhere_AnchorsThroughTheIndex(string query)
    {
        var g = Chain();
        var result = new CypherEngine().Execute(g, query, new Dictionary<string, object?> { ["id"] = "c7" });
        Assert.Equal("c8", Assert.Single(result.Rows)[0]);
        Assert.Equal(0, g.Scans);
        Assert.Equal(1, g.Lookups);
    }

    [Fact]
    public void Match_IdComparedWithAVariableOfTheSameMatch_IsNotPushedDown()
    {
        // b.id depends on the match itself, so it cannot become a lookup key: the planner scans, and the answer is right.
        var g = Chain();
        var result = new CypherEngine().Execute(g, "MATCH (a)-[:SUPPLIES]->(b) WHERE a.id = b.id RETURN count(*)");
        Assert.Equal(0L, result.Rows[0][0]);
        Assert.True(g.Scans > 0);
    }
}

/// <summary>Cached plans are shared: concurrent executions of one query must not disturb each other.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public void CachedPlan_RunConcurrently_GivesEveryCallerTheSameAnswer()
    {
        var g = new MemoryGraph();
        for (var i = 0; i < 200; i++)
        {
            g.CreateNode(["N"], new Dictionary<string, object?> { ["name"] = $"n{i}", ["group"] = (long)(i % 7) });
        }

        var engine = new CypherEngine();
        const string Query = "MATCH (n:N) WHERE n.name =~ $pattern WITH n.group AS g, collect(n.name) AS names RETURN g, size(names) AS k ORDER BY g";
        string Run(string pattern) => string.Join(";", engine.Execute(g, Query, new Dictionary<string, object?> { ["pattern"] = pattern }).Rows.Select(r => $"{r[0]}:{r[1]}"));
        var expected = new[] { "n1.*", "n2.*", "n.*5" }.ToDictionary(p => p, Run);
        var failures = 0;
        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var pattern = expected.Keys.ElementAt(i % 3);
            if (Run(pattern) != expected[pattern])
            {
                Interlocked.Increment(ref failures);
            }
        });
        Assert.Equal(0, failures);
    }
}

/// <summary>EXPLAIN shows the plan without running it; PROFILE runs it and counts rows per step.</summary>
public sealed class ExplainTests
{
    private static MemoryGraph Graph()
    {
        var g = new MemoryGraph();
        var a = g.CreateNode(["Company"], new Dictionary<string, object?> { ["id"] = "a" });
        var b = g.CreateNode(["Company"], new Dictionary<string, object?> { ["id"] = "b" });
        var l = g.CreateNode(["List"], new Dictionary<string, object?> { ["id"] = "l" });
        g.CreateRelationship(a, b, "SUPPLIES", new Dictionary<string, object?>());
        g.CreateRelationship(b, l, "LISTED_ON", new Dictionary<string, object?>());
        return g;
    }

    [Fact]
    public void Explain_AnchoredDistinctVarLength_ShowsIdLookupAndBreadthFirst()
    {
        var result = new CypherEngine().Execute(Graph(), "EXPLAIN MATCH (s {id: 'a'})-[:SUPPLIES*1..4]->(t)-[:LISTED_ON]->(l) RETURN DISTINCT t.id");
        Assert.Equal(["part", "operation", "detail"], result.Columns);
        var match = (string)result.Rows[0][2]!;
        Assert.Contains("anchor (s) by id lookup", match, StringComparison.Ordinal);
        Assert.Contains("expand ->[:SUPPLIES*1..4] to (t) breadth-first, each node once", match, StringComparison.Ordinal);
        Assert.Equal("RETURN", result.Rows[1][1]);
    }

    [Fact]
    public void Explain_WritingQuery_RunsNothingAndIsAllowedReadOnly()
    {
        var g = Graph();
        var result = new CypherEngine().Execute(g, "EXPLAIN CREATE (:X)", options: new CypherOptions { ReadOnly = true });
        Assert.Equal("CREATE", result.Rows[0][1]);
        Assert.Equal(3, g.NodeCount);
    }

    [Fact]
    public void Profile_CountsRowsPerStep()
    {
        var result = new CypherEngine().Execute(Graph(), "PROFILE MATCH (n:Company) WITH n MATCH (n)-[:SUPPLIES]->(m) RETURN m.id");
        Assert.Equal("b", Assert.Single(result.Rows)[0]);
        Assert.Equal([2L, 2L, 1L, 1L], result.Plan!.Select(p => p.Rows!.Value));
    }
}

/// <summary>Neo4j 4/5 forms power users write: EXISTS { }, COUNT { } and FOREACH.</summary>
public sealed class SubqueryAndForeachTests
{
    private static MemoryGraph Graph()
    {
        var g = new MemoryGraph();
        var engine = new CypherEngine();
        engine.Execute(g, "CREATE (a:C {id: 'a'})-[:SUPPLIES]->(b:C {id: 'b'})-[:LISTED_ON]->(:L {id: 'el'}), (a)-[:SUPPLIES]->(:C {id: 'c'}), (:C {id: 'd'})");
        return g;
    }

    [Fact]
    public void ExistsSubquery_WithWhere_FiltersRows()
    {
        var rows = new CypherEngine().Execute(Graph(), "MATCH (n:C) WHERE EXISTS { MATCH (n)-[:SUPPLIES]->(m) WHERE EXISTS { (m)-[:LISTED_ON]->() } } RETURN n.id").Rows;
        Assert.Equal("a", Assert.Single(rows)[0]);
    }

    [Fact]
    public void CountSubquery_CountsMatchesPerRow()
    {
        var rows = new CypherEngine().Execute(Graph(), "MATCH (n:C) RETURN n.id AS id, COUNT { (n)-[:SUPPLIES]->() } AS suppliers ORDER BY id").Rows;
        Assert.Equal(["a:2", "b:0", "c:0", "d:0"], rows.Select(r => $"{r[0]}:{r[1]}"));
    }

    [Fact]
    public void Foreach_CreatesPerElementAndKeepsTheRows()
    {
        var g = Graph();
        var result = new CypherEngine().Execute(g, "MATCH (a {id: 'a'}) FOREACH (x IN ['p', 'q'] | CREATE (a)-[:OWNS]->(:C {id: x})) RETURN a.id");
        Assert.Equal("a", Assert.Single(result.Rows)[0]);
        var owned = new CypherEngine().Execute(g, "MATCH ({id: 'a'})-[:OWNS]->(o) RETURN o.id ORDER BY o.id").Rows.Select(r => r[0]);
        Assert.Equal(["p", "q"], owned);
    }

    [Fact]
    public void Foreach_WithReadingClause_IsASyntaxError()
    {
        var ex = Assert.Throws<CypherException>(() => new CypherEngine().Execute(Graph(), "FOREACH (x IN [1] | MATCH (n) SET n.x = x)"));
        Assert.Equal("SyntaxError", ex.Kind);
    }
}
