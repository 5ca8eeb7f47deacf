namespace SupplyGraph.Cypher.Tests;

/// <summary>
/// <c>EXISTS { … }</c> and <c>COUNT { … }</c> with a full query body (MATCH, WHERE, WITH, UNWIND, RETURN), reading the
/// outer row's variables, as in Neo4j 5's documentation; a body that writes is refused before anything runs.
/// </summary>
public sealed class ExistsSubqueryTests
{
    private readonly MemoryGraph _graph = new();
    private readonly CypherEngine _engine = new();

    public ExistsSubqueryTests()
    {
        Run("""
            CREATE (andy:Person {name: 'Andy'}), (peter:Person {name: 'Peter'}), (timothy:Person {name: 'Timothy'}),
                   (andy)-[:HAS_DOG {since: 2016}]->(:Dog {name: 'Andy', age: 3}),
                   (peter)-[:HAS_DOG {since: 2010}]->(:Dog {name: 'Fido', age: 6}),
                   (peter)-[:HAS_DOG {since: 2018}]->(:Dog {name: 'Ozzy', age: 1}),
                   (timothy)-[:HAS_CAT]->(:Cat {name: 'Mittens'})
            """);
    }

    private List<object?[]> Run(string query) => _engine.Execute(_graph, query, new Dictionary<string, object?>()).Rows.ToList();

    [Fact]
    public void Exists_FullBodyWithWhereAndReturn_ReadsOuterVariable()
    {
        var rows = Run("""
            MATCH (person:Person)
            WHERE EXISTS {
              MATCH (person)-[:HAS_DOG]->(dog:Dog)
              WHERE person.name = dog.name
              RETURN dog
            }
            RETURN person.name AS name
            """);
        Assert.Equal("Andy", Assert.Single(rows)[0]);
    }

    [Fact]
    public void Exists_BodyWithWithAndUnwind_FiltersInsideTheSubquery()
    {
        var rows = Run("""
            MATCH (person:Person)
            WHERE EXISTS {
              MATCH (person)-[r:HAS_DOG]->(dog:Dog)
              WITH dog, r WHERE r.since > 2017
              UNWIND [dog.age] AS age
              RETURN age
            }
            RETURN person.name AS name
            """);
        Assert.Equal("Peter", Assert.Single(rows)[0]);
    }

    [Fact]
    public void Count_FullBody_CountsTheBodysRows()
    {
        var rows = Run("""
            MATCH (person:Person)
            RETURN person.name AS name, COUNT { MATCH (person)-[:HAS_DOG]->(d:Dog) WITH d WHERE d.age > 0 RETURN d.name } AS dogs
            ORDER BY name
            """);
        Assert.Equal(["Andy:1", "Peter:2", "Timothy:0"], rows.Select(r => $"{r[0]}:{r[1]}"));
    }

    [Fact]
    public void Exists_BodyThatWrites_IsRefusedAtCompileTime()
    {
        var e = Assert.Throws<CypherException>(() => Run("MATCH (p:Person) WHERE EXISTS { MATCH (p)-->(d) CREATE (:Log) RETURN d } RETURN p"));
        Assert.Equal("SyntaxError", e.Kind);
        Assert.True(e.CompileTime);
        Assert.Empty(Run("MATCH (l:Log) RETURN l"));
    }
}
