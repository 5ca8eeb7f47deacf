using SupplyGraph.Core.Import;
using SupplyGraph.Core.Storage;
using SupplyGraph.Core.Tests.Support;
using SupplyGraph.Cypher;

namespace SupplyGraph.Neo4j.Tests;

/// <summary>The seed graph in an embedded store and, pushed into an emptied database, in Neo4j: set up once for the class.</summary>
public sealed class SeedOnBothStores : IAsyncLifetime
{
    private readonly TempFolder _folder = new();

    public EmbeddedGraphStore? Embedded { get; private set; }

    public Neo4jGraphStore? Neo4j { get; private set; }

    public async Task InitializeAsync()
    {
        if (Neo4jServer.Settings is null)
        {
            return;
        }

        Embedded = EmbeddedGraphStore.Open(_folder.Path);
        await GraphSeed.LoadAsync(Embedded, RepoPaths.Seed);
        await Neo4jServer.ResetAsync(Neo4jServer.Settings);
        Neo4j = new Neo4jGraphStore(Neo4jServer.Settings);
        await Neo4jSync.PushAsync(Embedded.Snapshot, Neo4j);
    }

    public async Task DisposeAsync()
    {
        if (Embedded is not null)
        {
            await Embedded.DisposeAsync();
        }

        if (Neo4j is not null)
        {
            await Neo4j.DisposeAsync();
        }

        _folder.Dispose();
    }
}

/// <summary>The same Cypher text on the embedded engine and, passed through, on a real Neo4j.</summary>
[Collection(Neo4jServer.Collection)]
public sealed class CypherPassThroughTests(SeedOnBothStores stores) : IClassFixture<SeedOnBothStores>
{
    private static readonly Dictionary<string, object?> NoParameters = [];

    public static TheoryData<string> Queries => new()
    {
        "MATCH (m)-[r:MANUFACTURES_FOR]->(s:Company {name: 'Sugon'}) RETURN m.id AS id, r.quote AS quote, r.confidence AS c ORDER BY id",
        "MATCH (n:Entity {id: 'iflytek'})-[r:LISTED_ON]->(l) RETURN n, r, l.name AS list, r.validFrom AS since",
        "MATCH (g {id: 'inspur-group'})<-[:SUBSIDIARY_OF]-(s) WITH s ORDER BY s.id RETURN count(s) AS n, collect(s.id) AS ids",
        "MATCH p = shortestPath((a {id: 'sugon'})-[*..4]-(b {id: 'nettrix'})) RETURN p, length(p) AS hops",
        "MATCH (n:Company) WHERE n.country = 'China' RETURN count(*) AS chinese",
        "MATCH (n)-[r:LISTED_ON]->() WHERE r.validFrom >= '2025-01-01' RETURN n.id AS id, r.validFrom AS since ORDER BY since, id LIMIT 5",
        "MATCH (a)-[r]->(b) RETURN type(r) AS type, count(*) AS n ORDER BY n DESC, type LIMIT 4",
        "UNWIND [1, 2, 3] AS x WITH x WHERE x > 1 RETURN x * 2 AS y, toString(x) AS s, x / 2.0 AS half",
    };

    [SkippableTheory]
    [MemberData(nameof(Queries))]
    public async Task SameCypher_SeedGraph_EmbeddedAndNeo4jAnswerAlike(string query)
    {
        RequiredService.SkipIf(Neo4jServer.Settings is null, Neo4jServer.NotConfigured);
        var (embedded, neo4j) = (stores.Embedded!, stores.Neo4j!);
        var mine = await new EmbeddedCypher(embedded).CypherAsync(query, NoParameters, new CypherOptions());
        var theirs = await neo4j.CypherAsync(query, NoParameters, new CypherOptions());

        Assert.Equal(mine.Columns, theirs.Columns);
        Assert.NotEmpty(mine.Rows);
        Assert.Equal(Show(mine), Show(theirs));
        foreach (var (id, node) in mine.Nodes)
        {
            var other = theirs.Nodes[id];
            Assert.Equal(node.Labels.Order(), other.Labels.Order());
            Assert.Equal(CypherJson.Render(Sorted(node.Properties)), CypherJson.Render(Sorted(other.Properties)));
        }

        foreach (var (id, rel) in mine.Relationships)
        {
            var other = theirs.Relationships[id];
            Assert.Equal((rel.Type, rel.Start, rel.End), (other.Type, other.Start, other.End));
            Assert.Equal(CypherJson.Render(Sorted(rel.Properties)), CypherJson.Render(Sorted(other.Properties)));
        }
    }

    private static Dictionary<string, object?> Sorted(IReadOnlyDictionary<string, object?> d) =>
        d.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(kv => kv.Key, kv => kv.Value);

    private static string Show(CypherTable t) => string.Join("\n", t.Rows.Select(r => string.Join(" | ", r.Select(t.Show))));

    [SkippableFact]
    public async Task Cypher_ReadOnlyOnNeo4j_WritesAreRefusedOrRolledBack()
    {
        RequiredService.SkipIf(Neo4jServer.Settings is null, Neo4jServer.NotConfigured);
        var neo4j = stores.Neo4j!;
        var readOnly = new CypherOptions { ReadOnly = true };

        var refused = await Assert.ThrowsAsync<CypherException>(() => neo4j.CypherAsync("CREATE (:Probe {x: 1})", NoParameters, readOnly));
        Assert.Equal("ForbiddenWrite", refused.Detail);

        // A pre-parser option (Neo4j 3.x and 5 both read it) is syntax the embedded parser does not, so the classifier
        // cannot see the write: the rolled-back transaction stops it.
        await neo4j.CypherAsync("CYPHER planner=cost UNWIND [2, 3] AS x CREATE (:Probe {x: x})", NoParameters, readOnly);
        var count = await neo4j.CypherAsync("MATCH (p:Probe) RETURN count(p) AS n", NoParameters, readOnly);
        Assert.Equal(0L, count.Rows[0][0]);

        // An editor's write passes through and commits.
        var created = await neo4j.CypherAsync("CREATE (p:Probe {x: 1}) RETURN p.x AS x", NoParameters, new CypherOptions());
        Assert.Equal(1, created.Statistics.NodesCreated);
        Assert.Equal(1L, (await neo4j.CypherAsync("MATCH (p:Probe) RETURN count(p) AS n", NoParameters, readOnly)).Rows[0][0]);
        await neo4j.CypherAsync("MATCH (p:Probe) DELETE p", NoParameters, new CypherOptions());
    }

    [SkippableFact]
    public async Task Cypher_WriteOverMaxChangesOnNeo4j_IsRolledBack()
    {
        RequiredService.SkipIf(Neo4jServer.Settings is null, Neo4jServer.NotConfigured);
        var neo4j = stores.Neo4j!;
        var capped = new CypherOptions { MaxChanges = 10 };
        var ex = await Assert.ThrowsAsync<CypherException>(() => neo4j.CypherAsync("UNWIND range(1, 20) AS i CREATE (:Probe {x: i})", NoParameters, capped));
        Assert.Equal("ChangeLimitExceeded", ex.Detail);
        Assert.Equal(0L, (await neo4j.CypherAsync("MATCH (p:Probe) RETURN count(p) AS n", NoParameters, new CypherOptions { ReadOnly = true })).Rows[0][0]);

        // Within the cap it commits: five nodes and five properties.
        await neo4j.CypherAsync("UNWIND range(1, 5) AS i CREATE (:Probe {x: i})", NoParameters, capped);
        Assert.Equal(5L, (await neo4j.CypherAsync("MATCH (p:Probe) RETURN count(p) AS n", NoParameters, new CypherOptions { ReadOnly = true })).Rows[0][0]);
        await neo4j.CypherAsync("MATCH (p:Probe) DELETE p", NoParameters, new CypherOptions());
    }

    [SkippableFact]
    public async Task RawCypherWrites_OnNeo4j_AreIgnoredByTheStoreContract()
    {
        RequiredService.SkipIf(Neo4jServer.Settings is null, Neo4jServer.NotConfigured);
        var neo4j = stores.Neo4j!;
        var before = await neo4j.GetStatisticsAsync();
        // An editor writes around SupplyGraph: no record body. The contract's reads must neither break nor see it.
        await neo4j.CypherAsync("MATCH (s:Entity {id: 'sugon'}) CREATE (:Entity:Company {id: 'raw-co', name: 'Raw Co'})-[:SUPPLIES {id: 'raw-rel'}]->(s)", NoParameters, new CypherOptions());
        try
        {
            Assert.Null(await neo4j.GetEntityAsync("raw-co"));
            Assert.Null(await neo4j.GetRelationshipAsync("raw-rel"));
            Assert.DoesNotContain(await neo4j.GetRelationshipsAsync("sugon", Core.Engine.Direction.Both), r => r.Id == "raw-rel");
            Assert.DoesNotContain(await neo4j.FindAsync("Raw Co"), m => m.Entity.Id == "raw-co");
            var exposure = await neo4j.ExposureAsync(["sugon"], new Core.Algorithms.ExposureQuery { MaxHops = 2, Direction = Core.Engine.Direction.Both });
            Assert.NotEmpty(exposure.Hits);
            Assert.Equal((before.Entities, before.Relationships), ((await neo4j.GetStatisticsAsync()).Entities, (await neo4j.GetStatisticsAsync()).Relationships));
        }
        finally
        {
            await neo4j.CypherAsync("MATCH (n:Entity {id: 'raw-co'}) DETACH DELETE n", NoParameters, new CypherOptions());
        }
    }

    [SkippableFact]
    public async Task CliCypher_WithNeo4j_RunsTheQueryThere()
    {
        RequiredService.SkipIf(Neo4jServer.Settings is null, Neo4jServer.NotConfigured);
        var s = Neo4jServer.Settings!;
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await Cli.Commands.CliApp.RunAsync(
            ["cypher", "MATCH (m)-[:MANUFACTURES_FOR]->(s {id: $id}) RETURN count(m) AS n", "--param", "id='sugon'", "--json",
             "--neo4j", s.Url.ToString(), "--user", s.User, "--password", s.Password], stdout, stderr);
        Assert.True(code == 0, stderr.ToString());
        using var doc = System.Text.Json.JsonDocument.Parse(stdout.ToString());
        Assert.Equal(4, doc.RootElement.GetProperty("rows")[0][0].GetInt32());
    }

    [SkippableFact]
    public async Task Cypher_SyntaxErrorOnNeo4j_IsACypherErrorWithPosition()
    {
        RequiredService.SkipIf(Neo4jServer.Settings is null, Neo4jServer.NotConfigured);
        var neo4j = stores.Neo4j!;
        var query = "MATCH (n) RETURN n.name +";
        var ex = await Assert.ThrowsAsync<CypherException>(() => neo4j.CypherAsync(query, NoParameters, new CypherOptions()));
        Assert.Equal("SyntaxError", ex.Kind);
        Assert.InRange(ex.Position, 0, query.Length);
        Assert.Contains("line 1", ex.Describe(query), StringComparison.Ordinal);
    }
}
