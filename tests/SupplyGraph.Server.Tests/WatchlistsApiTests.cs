using System.Net;
using System.Text;
using System.Text.Json;

namespace SupplyGraph.Server.Tests;

/// <summary>/api/watchlists: kept per API key in the store file, each key sees only its own; bad input names its field.</summary>
public sealed class WatchlistsApiTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    private readonly HttpClient _reader = factory.Client(ServerFactory.ReaderKey);
    private readonly HttpClient _editor = factory.Client(ServerFactory.EditorKey);

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static IEnumerable<string?> Ids(JsonElement lists) => lists.EnumerateArray().Select(l => l.GetProperty("id").GetString());

    [Fact]
    public async Task Watchlists_TwoKeys_EachSeesAndChangesOnlyItsOwn()
    {
        var mine = await ReadAsync(await _reader.PostAsync(new Uri("/api/watchlists", UriKind.Relative),
            Json("""{"name": "under review", "rule": "bis-affiliates", "hops": 1, "parties": ["Meituan", "megvii", "meituan"]}""")), HttpStatusCode.Created);
        var id = mine.GetProperty("id").GetString()!;
        Assert.Equal(["meituan", "megvii"], mine.GetProperty("parties").EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        Assert.Equal("Meituan", mine.GetProperty("parties")[0].GetProperty("name").GetString());
        var theirs = await ReadAsync(await _editor.PostAsync(new Uri("/api/watchlists", UriKind.Relative),
            Json("""{"name": "theirs", "parties": ["sugon"]}""")), HttpStatusCode.Created);
        Assert.Equal("ofac", theirs.GetProperty("rule").GetString());
        Assert.Equal(2, theirs.GetProperty("hops").GetInt32());

        Assert.Contains(id, Ids(await ReadAsync(await _reader.GetAsync(new Uri("/api/watchlists", UriKind.Relative)), HttpStatusCode.OK)));
        Assert.DoesNotContain(id, Ids(await ReadAsync(await _editor.GetAsync(new Uri("/api/watchlists", UriKind.Relative)), HttpStatusCode.OK)));
        Assert.DoesNotContain(theirs.GetProperty("id").GetString(), Ids(await ReadAsync(await _reader.GetAsync(new Uri("/api/watchlists", UriKind.Relative)), HttpStatusCode.OK)));

        // Another key's list is as absent as one that never was: not read, replaced or deleted.
        await ReadAsync(await _editor.GetAsync(new Uri($"/api/watchlists/{id}", UriKind.Relative)), HttpStatusCode.NotFound);
        await ReadAsync(await _editor.PutAsync(new Uri($"/api/watchlists/{id}", UriKind.Relative), Json("""{"name": "stolen", "parties": ["sugon"]}""")), HttpStatusCode.NotFound);
        await ReadAsync(await _editor.DeleteAsync(new Uri($"/api/watchlists/{id}", UriKind.Relative)), HttpStatusCode.NotFound);
        Assert.Equal("under review", (await ReadAsync(await _reader.GetAsync(new Uri($"/api/watchlists/{id}", UriKind.Relative)), HttpStatusCode.OK)).GetProperty("name").GetString());

        // The owner replaces and deletes it.
        var replaced = await ReadAsync(await _reader.PutAsync(new Uri($"/api/watchlists/{id}", UriKind.Relative), Json("""{"name": "under review", "rule": "ofac", "hops": 3, "parties": ["sugon"]}""")), HttpStatusCode.OK);
        Assert.Equal(3, replaced.GetProperty("hops").GetInt32());
        Assert.Equal("sugon", Assert.Single(replaced.GetProperty("parties").EnumerateArray()).GetProperty("id").GetString());
        await ReadAsync(await _reader.DeleteAsync(new Uri($"/api/watchlists/{id}", UriKind.Relative)), HttpStatusCode.OK);
        Assert.DoesNotContain(id, Ids(await ReadAsync(await _reader.GetAsync(new Uri("/api/watchlists", UriKind.Relative)), HttpStatusCode.OK)));
    }

    [Theory]
    // No name.
    [InlineData("""{"parties": ["sugon"]}""", "name")]
    // A rule the server does not know.
    [InlineData("""{"name": "x", "rule": "eu-50", "parties": ["sugon"]}""", "rule")]
    // Hops beyond the server's limit.
    [InlineData("""{"name": "x", "hops": 99, "parties": ["sugon"]}""", "hops")]
    // No parties.
    [InlineData("""{"name": "x", "parties": []}""", "parties")]
    // The second party is nobody the store knows.
    [InlineData("""{"name": "x", "parties": ["sugon", "no such party at all"]}""", "parties[1]")]
    // A party that is not a string.
    [InlineData("""{"name": "x", "parties": [42]}""", "parties[0]")]
    // Not an object.
    [InlineData("""["sugon"]""", "body")]
    public async Task Watchlists_BadInput_IsAProblemNamingTheFieldAndSavesNothing(string body, string field)
    {
        var before = Ids(await ReadAsync(await _reader.GetAsync(new Uri("/api/watchlists", UriKind.Relative)), HttpStatusCode.OK)).ToList();
        var response = await _reader.PostAsync(new Uri("/api/watchlists", UriKind.Relative), Json(body));
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(field, (await ReadAsync(response, HttpStatusCode.BadRequest)).GetProperty("field").GetString());
        Assert.Equal(before, Ids(await ReadAsync(await _reader.GetAsync(new Uri("/api/watchlists", UriKind.Relative)), HttpStatusCode.OK)));
    }

    [Fact]
    public async Task Watchlists_UnknownId_Is404ProblemNamingId()
    {
        var response = await _reader.GetAsync(new Uri("/api/watchlists/wl-nothing", UriKind.Relative));
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("id", (await ReadAsync(response, HttpStatusCode.NotFound)).GetProperty("field").GetString());
    }

    [Fact]
    public async Task Watchlists_WithoutKey_Is401() =>
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.Client(null).GetAsync(new Uri("/api/watchlists", UriKind.Relative))).StatusCode);
}
