using System.Text.Json;

namespace SupplyGraph.Server.Tests;

/// <summary>
/// The Entity List node holds 3,410 entries (the list's 3,409 and one a seed document records): counts per type first, then
/// pages, so that no client loads them all.
/// </summary>
public sealed class DenseNodeTests(ServerFactory server) : IClassFixture<ServerFactory>
{
    private async Task<JsonElement> Get(string url)
    {
        var response = await server.Client(ServerFactory.ReaderKey).GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task Neighbours_EntityList_CountsThenPages()
    {
        var first = await Get("/api/entities/bis-entity-list/neighbours?type=LISTED_ON&limit=50");
        var counts = first.GetProperty("counts").EnumerateArray().ToDictionary(c => (c.GetProperty("type").GetString(), c.GetProperty("direction").GetString()), c => c.GetProperty("count").GetInt32());
        Assert.Equal(3410, counts[("LISTED_ON", "in")]);
        Assert.Equal(1, counts[("ADMINISTERS", "in")]);
        Assert.Equal(3410, first.GetProperty("total").GetInt32());
        Assert.Equal(50, first.GetProperty("items").GetArrayLength());
        Assert.True(first.GetProperty("more").GetBoolean());

        var last = await Get("/api/entities/bis-entity-list/neighbours?type=LISTED_ON&offset=3400&limit=50");
        Assert.Equal(10, last.GetProperty("items").GetArrayLength());
        Assert.False(last.GetProperty("more").GetBoolean());
        var ids = first.GetProperty("items").EnumerateArray().Concat(last.GetProperty("items").EnumerateArray()).Select(i => i.GetProperty("relationship").GetProperty("id").GetString()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task Neighbours_UnknownType_Is400NamingTheField()
    {
        var response = await server.Client(ServerFactory.ReaderKey).GetAsync("/api/entities/bis-entity-list/neighbours?type=NOPE");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"field\":\"type\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
