using System.Net;
using System.Text.Json;
using SupplyGraph.Core.Storage;

namespace SupplyGraph.Server.Tests;

public class ServerHostTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    private readonly HttpClient _client = factory.Client(ServerFactory.ReaderKey);

    private async Task<JsonElement> GetJsonAsync(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await _client.GetAsync(new Uri(url, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task Health_FirstStart_ReportsTheSeededStore()
    {
        var health = await GetJsonAsync("/health");
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.True(health.GetProperty("entities").GetInt32() > 3000);
        Assert.True(health.GetProperty("relationships").GetInt32() > 3409);
        Assert.True(health.GetProperty("lastSequence").GetInt64() >= 1);
        Assert.True(EmbeddedGraphStore.Exists(factory.DataDirectory));
    }

    [Fact]
    public async Task GetEntity_Iflytek_ReturnsListingWithEvidence()
    {
        var body = await GetJsonAsync("/api/entities/iflytek");
        Assert.Equal("iFlytek", body.GetProperty("entity").GetProperty("name").GetString());
        var listing = body.GetProperty("listings")[0];
        Assert.Equal("bis-entity-list", listing.GetProperty("list").GetString());
        Assert.Equal("2019-10-09", listing.GetProperty("since").GetString());
        Assert.StartsWith("84 FR 54004", listing.GetProperty("relationship").GetProperty("provenance").GetProperty("quote").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetEntity_Unknown_Is404ProblemNamingTheField()
    {
        var problem = await GetJsonAsync("/api/entities/no-such-entity", HttpStatusCode.NotFound);
        Assert.Equal("id", problem.GetProperty("field").GetString());
        Assert.Contains("no-such-entity", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_TypoTolerant_FindsSumaTechnology()
    {
        var hits = await GetJsonAsync("/api/entities?q=suma%20techology&limit=3");
        Assert.Equal("suma-technology", hits[0].GetProperty("entity").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Search_WithCountryAndLabel_FiltersHits()
    {
        // "Kingsemi" is an alias of the Shenyang company (China) and of its Japanese subsidiary.
        var japan = await GetJsonAsync("/api/entities?q=Kingsemi&country=japan");
        Assert.All(japan.EnumerateArray(), h => Assert.Equal("Japan", h.GetProperty("entity").GetProperty("country").GetString()));
        var kk = Assert.Single(japan.EnumerateArray(), h => h.GetProperty("entity").GetProperty("name").GetString() == "Kingsemi Japan K.K.");
        var label = kk.GetProperty("entity").GetProperty("labels")[0].GetString();

        var labelled = await GetJsonAsync($"/api/entities?q=Kingsemi&country=Japan&label={label}");
        Assert.Contains(labelled.EnumerateArray(), h => h.GetProperty("entity").GetProperty("name").GetString() == "Kingsemi Japan K.K.");
        Assert.All(labelled.EnumerateArray(), h => Assert.Contains(label, h.GetProperty("entity").GetProperty("labels").EnumerateArray().Select(l => l.GetString())));
    }

    [Fact]
    public async Task Search_UnknownLabel_Is400NamingTheField()
    {
        var problem = await GetJsonAsync("/api/entities?q=Kingsemi&label=Compnay", HttpStatusCode.BadRequest);
        Assert.Equal("label", problem.GetProperty("field").GetString());
        Assert.Contains("known labels: ", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_WithoutQuery_Is400NamingTheField()
    {
        var problem = await GetJsonAsync("/api/entities", HttpStatusCode.BadRequest);
        Assert.Equal("q", problem.GetProperty("field").GetString());
    }
}
