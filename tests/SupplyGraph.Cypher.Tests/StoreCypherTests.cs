using SupplyGraph.Core.Model;
using SupplyGraph.Core.Storage;
using SupplyGraph.Core.Tests.Support;
using static SupplyGraph.Core.Tests.Support.Fixtures;

namespace SupplyGraph.Cypher.Tests;

/// <summary>Cypher against a real store file: reads see the domain view; writes are one durable, logged batch.</summary>
public sealed class StoreCypherTests : IDisposable
{
    private static readonly Dictionary<string, object?> NoParameters = [];
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private async Task<EmbeddedGraphStore> SeededAsync()
    {
        var store = EmbeddedGraphStore.Open(_folder.Path);
        await store.ApplyAsync(Batch(
            Put(Company("sugon", "Sugon")), Put(Company("nettrix", "Nettrix")), Put(List("entity-list")),
            Put(Rel(RelationshipTypes.ManufacturesFor, "nettrix", "sugon", quote: "gave manufacturing capabilities")),
            Put(Rel(RelationshipTypes.ListedOn, "sugon", "entity-list", validFrom: new DateOnly(2019, 6, 24)))));
        return store;
    }

    [Fact]
    public async Task Cypher_MatchOnStore_ReturnsDomainProperties()
    {
        await using var store = await SeededAsync();
        var table = await new EmbeddedCypher(store).CypherAsync(
            "MATCH (m:Entity)-[r:MANUFACTURES_FOR]->(s:Company {id: $id})-[l:LISTED_ON]->(list) RETURN m.name AS m, r.quote AS q, l.validFrom AS since, list",
            new Dictionary<string, object?> { ["id"] = "sugon" }, new CypherOptions());
        var row = Assert.Single(table.Rows);
        Assert.Equal("Nettrix", row[0]);
        Assert.Equal("gave manufacturing capabilities", row[1]);
        Assert.Equal("2019-06-24", row[2]);
        Assert.Equal("entity-list", Assert.IsType<NodeRef>(row[3]).Id);
        Assert.Contains("List", table.Nodes["entity-list"].Labels);
    }

    [Fact]
    public async Task Cypher_CreateAndSet_AreDurableAndLoggedAsOneBatch()
    {
        long before;
        await using (var store = await SeededAsync())
        {
            before = store.Snapshot.Sequence;
            var cypher = new EmbeddedCypher(store);
            var table = await cypher.CypherAsync(
                "MATCH (s {id: 'sugon'}) CREATE (d:Company {id: 'dingxin', name: 'Henan Dingxin', country: 'China'})-[:MANUFACTURES_FOR {source: 'doc', quote: 'q', date: '2023-04-11'}]->(s) SET s.note = 'server maker' RETURN d.id",
                NoParameters, new CypherOptions());
            Assert.Equal("dingxin", Assert.Single(table.Rows)[0]);
            Assert.Equal(1, table.Statistics.NodesCreated);
            Assert.Equal(before + 1, store.Snapshot.Sequence);
        }

        await using var reopened = EmbeddedGraphStore.Open(_folder.Path);
        var dingxin = reopened.Snapshot.FindEntity("dingxin")!;
        Assert.Equal("China", dingxin.Country);
        Assert.Equal("server maker", reopened.Snapshot.FindEntity("sugon")!.Properties["note"]);
        var rel = reopened.Snapshot.Relationships.Single(r => r.From == "dingxin");
        Assert.Equal(new DateOnly(2023, 4, 11), rel.Provenance.Date);
        var log = await reopened.ChangesSinceAsync(before);
        Assert.StartsWith("cypher: MATCH", Assert.Single(log).Description);
    }

    [Fact]
    public async Task Cypher_NameLookups_UseTheIndexAndSeeThisQuerysRenames()
    {
        await using var store = await SeededAsync();
        var cypher = new EmbeddedCypher(store);
        var byName = await cypher.CypherAsync("MATCH (n) WHERE n.name = 'Nettrix' RETURN n.id", NoParameters, new CypherOptions());
        Assert.Equal("nettrix", Assert.Single(byName.Rows)[0]);

        var renamed = await cypher.CypherAsync(
            "MATCH (n {id: 'nettrix'}) SET n.name = 'Nettrix Renamed' WITH count(*) AS done MATCH (m {name: 'Nettrix Renamed'}) RETURN m.id",
            NoParameters, new CypherOptions());
        Assert.Equal("nettrix", Assert.Single(renamed.Rows)[0]);
        Assert.Equal("Nettrix Renamed", store.Snapshot.FindEntity("nettrix")!.Name);
    }

    [Fact]
    public async Task Cypher_CreateSameTypeBetweenSamePair_AddsAndNeverReplaces()
    {
        await using var store = await SeededAsync();
        var cypher = new EmbeddedCypher(store);
        const string Create = "MATCH (a {id: 'nettrix'}), (b {id: 'sugon'}) CREATE (a)-[:MANUFACTURES_FOR {source: $s}]->(b)";
        await cypher.CypherAsync(Create, new Dictionary<string, object?> { ["s"] = "second report" }, new CypherOptions());
        await cypher.CypherAsync(Create + ", (a)-[:MANUFACTURES_FOR {source: 'fourth'}]->(b)", new Dictionary<string, object?> { ["s"] = "third report" }, new CypherOptions());
        var sources = store.Snapshot.Relationships.Where(r => r.Type == RelationshipTypes.ManufacturesFor).Select(r => r.Provenance.Source).Order();
        Assert.Equal(["fourth", "second report", "test", "third report"], sources);
    }

    [Fact]
    public async Task Cypher_CreateExistingId_FailsInsteadOfReplacing()
    {
        await using var store = await SeededAsync();
        var cypher = new EmbeddedCypher(store);
        var ex = await Assert.ThrowsAsync<CypherException>(() => cypher.CypherAsync("CREATE (:Company {id: 'sugon', name: 'Impostor'})", NoParameters, new CypherOptions()));
        Assert.Equal("EntityExists", ex.Detail);
        Assert.Equal("Sugon", store.Snapshot.FindEntity("sugon")!.Name);

        // Without an id the new entity's id comes from its name, numbered on when taken.
        var table = await cypher.CypherAsync("CREATE (a:Company {name: 'Sugon'}), (b:Company {name: 'Sugon'}) RETURN a.id, b.id, a", NoParameters, new CypherOptions());
        var row = Assert.Single(table.Rows);
        Assert.Equal(["sugon-2", "sugon-3"], row.Take(2));
        Assert.Equal("sugon-2", Assert.IsType<NodeRef>(row[2]).Id); // what the query returns is what the store holds
        Assert.Equal(["Sugon", "Sugon", "Sugon"], store.Snapshot.Entities.Where(e => e.Id.StartsWith("sugon", StringComparison.Ordinal)).Select(e => e.Name));
        Assert.NotNull(store.Snapshot.FindEntity("sugon-2"));
        Assert.NotNull(store.Snapshot.FindEntity("sugon-3"));
    }

    [Fact]
    public async Task Cypher_InvalidWrite_ChangesNothing()
    {
        await using var store = await SeededAsync();
        var sequence = store.Snapshot.Sequence;
        var cypher = new EmbeddedCypher(store);

        // No evidence (source) on the relationship: the whole query is refused, including the node it created.
        var ex = await Assert.ThrowsAsync<CypherException>(() => cypher.CypherAsync(
            "CREATE (a:Company {name: 'Acme'})-[:SUPPLIES]->(b:Company {name: 'Beta'})", NoParameters, new CypherOptions()));
        Assert.Contains("source", ex.Message, StringComparison.Ordinal);
        Assert.Equal(sequence, store.Snapshot.Sequence);
        Assert.Null(store.Snapshot.FindEntity("acme"));
    }

    [Fact]
    public async Task Cypher_WriteWhenReadOnly_IsRefused()
    {
        await using var store = await SeededAsync();
        var ex = await Assert.ThrowsAsync<CypherException>(() => new EmbeddedCypher(store).CypherAsync(
            "MATCH (n {id: 'sugon'}) DETACH DELETE n", NoParameters, new CypherOptions { ReadOnly = true }));
        Assert.Equal("ForbiddenWrite", ex.Detail);
        Assert.NotNull(store.Snapshot.FindEntity("sugon"));
    }

    [Fact]
    public async Task Cypher_DetachDelete_RemovesEntityAndItsRelationships()
    {
        await using var store = await SeededAsync();
        await new EmbeddedCypher(store).CypherAsync("MATCH (n {id: 'sugon'}) DETACH DELETE n", NoParameters, new CypherOptions());
        Assert.Null(store.Snapshot.FindEntity("sugon"));
        Assert.Empty(store.Snapshot.Relationships);
    }

    [Fact]
    public async Task Cypher_RowBudget_FailsInsteadOfTruncating()
    {
        await using var store = await SeededAsync();
        var ex = await Assert.ThrowsAsync<CypherException>(() => new EmbeddedCypher(store).CypherAsync(
            "UNWIND range(1, 100) AS x RETURN x", NoParameters, new CypherOptions { MaxRows = 10 }));
        Assert.Equal("RowLimitExceeded", ex.Detail);
    }

    [Fact]
    public async Task Cypher_TimeBudget_StopsALongQuery()
    {
        await using var store = await SeededAsync();
        var ex = await Assert.ThrowsAsync<CypherException>(() => new EmbeddedCypher(store).CypherAsync(
            "UNWIND range(1, 3000) AS a UNWIND range(1, 3000) AS b WITH a, b WHERE a * b = -1 RETURN count(*)", NoParameters,
            new CypherOptions { TimeBudget = TimeSpan.FromMilliseconds(50) }));
        Assert.Equal("Timeout", ex.Detail);
    }

    [Fact]
    public void SyntaxError_Describe_PointsAtLineAndColumn()
    {
        var query = "MATCH (n)\nRETURN n.name +";
        var ex = Assert.Throws<CypherException>(() => new CypherEngine().Execute(new MemoryGraph(), query));
        var text = ex.Describe(query);
        Assert.Contains("line 2, column 16", text, StringComparison.Ordinal);
        Assert.EndsWith("\n  " + new string(' ', 15) + "^", text, StringComparison.Ordinal);
        Assert.Equal("Neo.ClientError.Statement.SyntaxError", ex.Code);
    }
}
