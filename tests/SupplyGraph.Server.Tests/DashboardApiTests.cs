using System.Net;
using System.Text.Json;

namespace SupplyGraph.Server.Tests;

/// <summary>The two endpoints the dashboard added: an entity's neighbourhood for the canvas, and the pickers' vocabulary.</summary>
public sealed class DashboardApiTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    private readonly HttpClient _reader = factory.Client(ServerFactory.ReaderKey);

    private async Task<JsonElement> GetAsync(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await _reader.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static string Other(JsonElement r, string id) =>
        r.GetProperty("from").GetString() == id ? r.GetProperty("to").GetString()! : r.GetProperty("from").GetString()!;

    [Fact]
    public async Task Neighbourhood_Sugon_HoldsTheEntitysRelationshipsAndEachNeighboursListings()
    {
        var entity = await GetAsync("/api/entities/sugon");
        var n = await GetAsync("/api/entities/sugon/neighbourhood");
        Assert.Equal("sugon", n.GetProperty("center").GetString());
        Assert.Equal("sugon", n.GetProperty("nodes")[0].GetProperty("entity").GetProperty("id").GetString());
        Assert.Equal(entity.GetProperty("relationships").EnumerateArray().Select(r => r.GetProperty("id").GetString()).Order(),
            n.GetProperty("relationships").EnumerateArray().Select(r => r.GetProperty("id").GetString()).Order());
        Assert.Equal(entity.GetProperty("relationships").EnumerateArray().Select(r => Other(r, "sugon")).Append("sugon").Distinct().Order(),
            n.GetProperty("nodes").EnumerateArray().Select(x => x.GetProperty("entity").GetProperty("id").GetString()).Order());
        Assert.False(n.GetProperty("truncated").GetBoolean());

        // A neighbour's listings are those its own entity answer gives (list, name, date).
        var nettrix = await GetAsync("/api/entities/nettrix");
        var drawn = n.GetProperty("nodes").EnumerateArray().Single(x => x.GetProperty("entity").GetProperty("id").GetString() == "nettrix");
        Assert.Equal(nettrix.GetProperty("listings").EnumerateArray().Select(l => $"{l.GetProperty("list")}|{l.GetProperty("listName")}|{l.GetProperty("since")}"),
            drawn.GetProperty("listings").EnumerateArray().Select(l => $"{l.GetProperty("list")}|{l.GetProperty("listName")}|{l.GetProperty("since")}"));
    }

    [Fact]
    public async Task Neighbourhood_TypesAndDirection_KeepOnlyThoseRelationships()
    {
        var n = await GetAsync("/api/entities/sugon/neighbourhood?types=manufactures_for&direction=in");
        var relationships = n.GetProperty("relationships").EnumerateArray().ToList();
        Assert.NotEmpty(relationships);
        Assert.All(relationships, r =>
        {
            Assert.Equal("MANUFACTURES_FOR", r.GetProperty("type").GetString());
            Assert.Equal("sugon", r.GetProperty("to").GetString());
        });
        Assert.Equal(relationships.Count + 1, n.GetProperty("nodes").GetArrayLength());
    }

    [Fact]
    public async Task Neighbourhood_OverTheLimit_CutsTheNeighboursAndSaysSo()
    {
        var n = await GetAsync("/api/entities/bis-entity-list/neighbourhood?limit=10");
        Assert.True(n.GetProperty("truncated").GetBoolean());
        Assert.Equal(11, n.GetProperty("nodes").GetArrayLength());
        var drawn = n.GetProperty("nodes").EnumerateArray().Select(x => x.GetProperty("entity").GetProperty("id").GetString()).ToHashSet();
        Assert.All(n.GetProperty("relationships").EnumerateArray(), r => Assert.Contains(Other(r, "bis-entity-list"), drawn));
    }

    [Theory]
    [InlineData("/api/entities/sugon/neighbourhood?types=BOGUS", "types")] // not a relationship type
    [InlineData("/api/entities/sugon/neighbourhood?direction=up", "direction")] // not out, in or both
    [InlineData("/api/entities/sugon/neighbourhood?asOf=2026-13-01", "asOf")] // no such date
    [InlineData("/api/entities/sugon/neighbourhood?limit=0", "limit")] // below 1
    public async Task Neighbourhood_BadQuery_Is400NamingTheParameter(string path, string field)
    {
        var problem = await GetAsync(path, HttpStatusCode.BadRequest);
        Assert.Equal(field, problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Neighbourhood_UnknownEntity_Is404NamingTheId()
    {
        var problem = await GetAsync("/api/entities/no-such-party/neighbourhood", HttpStatusCode.NotFound);
        Assert.Equal("id", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Vocabulary_ListsTheKnownRelationshipTypesAndRules_ToReadersOnly()
    {
        var v = await GetAsync("/api/vocabulary");
        var types = v.GetProperty("relationshipTypes").EnumerateArray().Select(t => t.GetProperty("type").GetString()).ToList();
        Assert.Equal(Core.Model.RelationshipTypes.All.Keys.Order(StringComparer.Ordinal), types);
        Assert.Equal(Core.Algorithms.RuleProfiles.Defaults.Select(r => r.Id), v.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        Assert.Contains(v.GetProperty("rules").EnumerateArray(), r => r.GetProperty("citation").GetString()!.Contains("90 FR 47201", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.Client(null).GetAsync(new Uri("/api/vocabulary", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.Client(null).GetAsync(new Uri("/api/entities/sugon/neighbourhood", UriKind.Relative))).StatusCode);
    }
}
