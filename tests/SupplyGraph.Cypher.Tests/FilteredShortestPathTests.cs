namespace SupplyGraph.Cypher.Tests;

/// <summary>
/// Neo4j's documented semantics for <c>shortestPath</c> with a WHERE on the path: the answer is the shortest path
/// among those that satisfy the predicate, not the shortest path filtered afterwards (which would be no row).
/// </summary>
public sealed class FilteredShortestPathTests
{
    private readonly MemoryGraph _graph = new();
    private readonly CypherEngine _engine = new();

    public FilteredShortestPathTests()
    {
        // a -> b directly on a weak link (0.3); a -> x -> y -> b and a -> u -> v -> b on strong links (0.9); one more
        // strong detour a -> x -> v -> b whose middle link is weak.
        Run("""
            CREATE (a:C {name: 'a'}), (b:C {name: 'b'}), (x:C {name: 'x'}), (y:C {name: 'y'}), (u:C {name: 'u'}), (v:C {name: 'v'}),
                   (a)-[:SUPPLIES {confidence: 0.3}]->(b),
                   (a)-[:SUPPLIES {confidence: 0.9}]->(x), (x)-[:SUPPLIES {confidence: 0.9}]->(y), (y)-[:SUPPLIES {confidence: 0.9}]->(b),
                   (a)-[:SUPPLIES {confidence: 0.9}]->(u), (u)-[:SUPPLIES {confidence: 0.9}]->(v), (v)-[:SUPPLIES {confidence: 0.9}]->(b),
                   (x)-[:SUPPLIES {confidence: 0.2}]->(v)
            """);
    }

    private List<object?[]> Run(string query) => _engine.Execute(_graph, query, new Dictionary<string, object?>()).Rows.ToList();

    private static string Names(object? path) => string.Join(">", ((List<object?>)path!).Cast<string>());

    [Fact]
    public void ShortestPath_AllRelationshipsPredicate_ReturnsShortestSatisfyingPath()
    {
        var rows = Run("""
            MATCH (a:C {name: 'a'}), (b:C {name: 'b'})
            MATCH p = shortestPath((a)-[*]->(b))
            WHERE all(r IN relationships(p) WHERE r.confidence > 0.5)
            RETURN [n IN nodes(p) | n.name] AS names
            """);
        var row = Assert.Single(rows);
        Assert.Equal(4, ((List<object?>)row[0]!).Count);
        Assert.True(Names(row[0]) is "a>x>y>b" or "a>u>v>b", Names(row[0]));
    }

    [Fact]
    public void AllShortestPaths_AllRelationshipsPredicate_ReturnsEverySatisfyingPathOfThatLength()
    {
        var rows = Run("""
            MATCH (a:C {name: 'a'}), (b:C {name: 'b'})
            MATCH p = allShortestPaths((a)-[*]->(b))
            WHERE none(r IN relationships(p) WHERE r.confidence < 0.5)
            RETURN [n IN nodes(p) | n.name] AS names
            """);
        Assert.Equal(["a>u>v>b", "a>x>y>b"], rows.Select(r => Names(r[0])).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ShortestPath_LengthPredicate_SkipsShorterPaths()
    {
        var rows = Run("""
            MATCH (a:C {name: 'a'}), (b:C {name: 'b'})
            MATCH p = shortestPath((a)-[*]->(b))
            WHERE length(p) > 1
            RETURN length(p) AS hops
            """);
        Assert.Equal(3L, Assert.Single(rows)[0]);
    }

    [Fact]
    public void ShortestPath_RelationshipListVariablePredicate_IsAppliedDuringTheSearch()
    {
        var rows = Run("""
            MATCH (a:C {name: 'a'}), (b:C {name: 'b'})
            MATCH p = shortestPath((a)-[rs:SUPPLIES*]->(b))
            WHERE all(r IN rs WHERE r.confidence > 0.5) AND a.name = 'a'
            RETURN length(p) AS hops
            """);
        Assert.Equal(3L, Assert.Single(rows)[0]);
    }

    [Fact]
    public void ShortestPath_NoPathSatisfies_ReturnsNoRow()
    {
        var rows = Run("""
            MATCH (a:C {name: 'a'}), (b:C {name: 'b'})
            MATCH p = shortestPath((a)-[*]->(b))
            WHERE all(r IN relationships(p) WHERE r.confidence > 0.95)
            RETURN p
            """);
        Assert.Empty(rows);
    }

    [Fact]
    public void ShortestPath_PredicateOnEndpointsOnly_KeepsTheUnfilteredShortestPath()
    {
        var rows = Run("""
            MATCH (a:C), (b:C {name: 'b'})
            MATCH p = shortestPath((a)-[*]->(b))
            WHERE a.name = 'a'
            RETURN length(p) AS hops
            """);
        Assert.Equal(1L, Assert.Single(rows)[0]);
    }
}
