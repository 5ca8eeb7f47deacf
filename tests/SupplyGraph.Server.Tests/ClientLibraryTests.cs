using System.Net;
using SupplyGraph.Client;
using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Server.Tests;

/// <summary>The REST half of the client library against the real server: typed answers, and problems as a typed exception.</summary>
public sealed class ClientLibraryTests(KestrelServerFactory server) : IClassFixture<KestrelServerFactory>
{
    private readonly SupplyGraphClient _reader = server.Rest(ServerFactory.ReaderKey);
    private readonly SupplyGraphClient _editor = server.Rest(ServerFactory.EditorKey);

    [Fact]
    public async Task Reads_SeededGraph_ComeBackTyped()
    {
        var found = await _reader.FindAsync("Nettrix", limit: 3);
        Assert.Equal("nettrix", found[0].Entity.Id);

        var megvii = await _reader.GetEntityAsync("megvii");
        Assert.Equal("bis-entity-list", Assert.Single(megvii.Listings, l => l.List == "bis-entity-list").Relationship.To);
        Assert.NotEmpty(megvii.Relationships);

        var paths = await _reader.PathsAsync("sugon", "nettrix");
        var hop = Assert.Single(Assert.Single(paths.Paths).Hops);
        Assert.Equal(RelationshipTypes.ManufacturesFor, hop.Relationship.Type);
        Assert.False(hop.Forward);

        var exposure = await _reader.ExposureAsync(["sugon"], new TraversalOptions { Types = [RelationshipTypes.ManufacturesFor], Direction = Direction.In });
        Assert.Contains(exposure.Hits, h => h.Party.Id == "sugon" && h.Hops == 0);
        Assert.Equal(1.0, exposure.Score);

        var ownership = await _reader.OwnershipAsync("meituan", "bis-affiliates");
        Assert.Equal(BlockStatus.NotBlocked, ownership.Status);
        Assert.Equal("bis-affiliates", ownership.Rule.Id);

        var health = await _reader.HealthAsync();
        Assert.Equal("ok", health.Status);
        Assert.True(health.Entities > 3_000);
    }

    [Fact]
    public async Task Writes_BatchPutDelete_AreInTheChangeLogInOrder()
    {
        var start = (await _reader.HealthAsync()).LastSequence;
        var entity = new Entity { Id = "client-lib-co", Labels = [NodeLabels.Company], Name = "Client Library Co.", Country = "Germany" };
        var put = await _editor.PutEntityAsync(entity);
        var batch = await _editor.ApplyAsync(new ChangeBatch(
            [new PutRelationship(new Relationship { Id = "client-lib-supplies", Type = RelationshipTypes.Supplies, From = "client-lib-co", To = "sugon", Provenance = new Provenance("client library test") })],
            "client library batch"));
        var delete = await _editor.DeleteEntityAsync("client-lib-co", detach: true);

        var page = await _reader.ChangesAsync(start);
        Assert.Equal([put.Sequence, batch.Sequence, delete.Sequence], page.Entries.Select(e => e.Sequence));
        Assert.Equal("client library batch", page.Entries[1].Description);
        Assert.Equal("client-lib-supplies", Assert.IsType<PutRelationship>(Assert.Single(page.Entries[1].Changes)).Relationship.Id);
        Assert.Contains(page.Entries[2].Changes, c => c is DeleteEntity { Id: "client-lib-co" });
        Assert.False(page.More);
        Assert.Equal(delete.Sequence, page.LastSequence);
    }

    [Fact]
    public async Task Cypher_ReadAndWrite_ComeBackAsTables()
    {
        var read = await _reader.CypherAsync("MATCH (n {id: $id}) RETURN n.name AS name", new Dictionary<string, object?> { ["id"] = "sugon" });
        Assert.Equal(["name"], read.Columns);
        Assert.Equal("Sugon", Assert.Single(read.Rows)[0].GetString());

        var refused = await Assert.ThrowsAsync<SupplyGraphProblemException>(() => _reader.CypherAsync("CREATE (:Company {name: 'Reader Co'})"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal("query", refused.Field);
    }

    [Fact]
    public async Task Problems_BadInput_SurfaceStatusFieldAndLine()
    {
        var missing = await Assert.ThrowsAsync<SupplyGraphProblemException>(() => _reader.GetEntityAsync("no-such-entity"));
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal("id", missing.Field);

        var badBody = await Assert.ThrowsAsync<SupplyGraphProblemException>(() => _editor.ApplyJsonAsync("{\"entities\": [\n  {\"id\": \"x\", \"labels\": [\"Company\"]}\n]}"));
        Assert.Equal(HttpStatusCode.BadRequest, badBody.Status);
        Assert.Equal("entities[0].name", badBody.Field);
        Assert.Equal(2, badBody.Line);

        var badFilter = await Assert.ThrowsAsync<SupplyGraphProblemException>(() => _reader.PathsAsync("sugon", "nettrix", new TraversalOptions { Types = ["NOT_A_TYPE"] }));
        Assert.Equal("types", badFilter.Field);

        var reader = await Assert.ThrowsAsync<SupplyGraphProblemException>(() => _reader.ApplyJsonAsync("""{"entities": []}"""));
        Assert.Equal(HttpStatusCode.Forbidden, reader.Status);
    }
}
