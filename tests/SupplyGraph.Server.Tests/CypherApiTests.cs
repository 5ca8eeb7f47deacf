using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SupplyGraph.Server.Tests;

public sealed class CypherApiTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(HttpClient client, string query, object? parameters = null)
    {
        var response = await client.PostAsJsonAsync("/api/cypher", new { query, parameters });
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task Cypher_ReaderQuery_ReturnsRowsAndNodes()
    {
        var (status, body) = await PostAsync(factory.Client(ServerFactory.ReaderKey),
            "MATCH (m)-[r:MANUFACTURES_FOR]->(s {id: $id}) RETURN m, r.quote AS quote ORDER BY m.id LIMIT 2", new { id = "sugon" });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["m", "quote"], body.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        var first = body.GetProperty("rows")[0];
        var id = first[0].GetProperty("node").GetString()!;
        Assert.Contains("Company", body.GetProperty("nodes").GetProperty(id).GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Contains("manufacturing", first[1].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cypher_ReaderWrite_IsForbiddenAndChangesNothing()
    {
        var (status, body) = await PostAsync(factory.Client(ServerFactory.ReaderKey), "MATCH (n {id: 'sugon'}) SET n.note = 'x' RETURN n");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("ForbiddenWrite", body.GetProperty("error").GetString());
        var (_, check) = await PostAsync(factory.Client(ServerFactory.ReaderKey), "MATCH (n {id: 'sugon'}) RETURN n.note AS note");
        Assert.Equal(JsonValueKind.Null, check.GetProperty("rows")[0][0].ValueKind);
    }

    [Fact]
    public async Task Cypher_EditorWrite_IsCommittedAndVisibleThroughRest()
    {
        var (status, body) = await PostAsync(factory.Client(ServerFactory.EditorKey),
            "CREATE (c:Company {id: 'cypher-api-co', name: 'Cypher API Co', country: 'Germany'}) RETURN c.id AS id");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, body.GetProperty("stats").GetProperty("nodesCreated").GetInt32());
        var entity = await factory.Client(ServerFactory.ReaderKey).GetFromJsonAsync<JsonElement>("/api/entities/cypher-api-co");
        Assert.Equal("Germany", entity.GetProperty("entity").GetProperty("country").GetString());
    }

    [Fact]
    public async Task Cypher_SyntaxError_Is400WithLineAndColumn()
    {
        var (status, body) = await PostAsync(factory.Client(ServerFactory.ReaderKey), "MATCH (n)\nRETURN n.name AS");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Neo.ClientError.Statement.SyntaxError", body.GetProperty("code").GetString());
        Assert.Equal(2, body.GetProperty("line").GetInt32());
        Assert.Equal(17, body.GetProperty("column").GetInt32());
        Assert.Contains("^", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cypher_NoKey_Is401()
    {
        var (status, _) = await PostAsync(factory.Client(null), "RETURN 1 AS one");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task Cypher_TooManyRows_Is422NamingTheRowBudget()
    {
        var (status, body) = await PostAsync(factory.Client(ServerFactory.ReaderKey), "UNWIND range(1, 20000) AS x RETURN x");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("RowLimitExceeded", body.GetProperty("error").GetString());
        Assert.Equal("rows", body.GetProperty("budget").GetString());
    }
}
