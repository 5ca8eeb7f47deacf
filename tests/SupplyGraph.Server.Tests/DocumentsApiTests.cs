using System.Net;
using System.Text.Json;

namespace SupplyGraph.Server.Tests;

/// <summary>GET /api/documents: evidence's sources by title, a document or dataset record with the quote located.</summary>
public sealed class DocumentsApiTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    private readonly HttpClient _reader = factory.Client(ServerFactory.ReaderKey);

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private async Task<JsonElement> GetAsync(string path, HttpStatusCode expected = HttpStatusCode.OK) =>
        await ReadAsync(await _reader.GetAsync(new Uri(path, UriKind.Relative)), expected);

    [Fact]
    public async Task Documents_PathToHighEndChips_EachHopsSourceHasATitleAndItsQuoteStandsInTheText()
    {
        var catalog = (await GetAsync("/api/documents")).EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!);
        var hops = (await GetAsync("/api/paths?from=iflytek&to=high-end-ai-chips")).GetProperty("paths")[0].GetProperty("hops").EnumerateArray().ToList();
        Assert.NotEmpty(hops);
        foreach (var hop in hops)
        {
            var p = hop.GetProperty("relationship").GetProperty("provenance");
            var source = p.GetProperty("source").GetString()!;
            var quote = p.GetProperty("quote").GetString()!;
            Assert.True(catalog.TryGetValue(source, out var info), $"'{source}' is not in the catalog");
            Assert.Equal("document", info.GetProperty("kind").GetString());

            var doc = await GetAsync($"/api/documents/{Uri.EscapeDataString(source)}?quote={Uri.EscapeDataString(quote)}");
            Assert.Equal(info.GetProperty("title").GetString(), doc.GetProperty("source").GetProperty("title").GetString());
            var text = doc.GetProperty("text").GetString()!;
            Assert.Equal(File.ReadAllText(Path.Combine(Core.Tests.Support.RepoPaths.Shared, "seeds", source)), text);
            var span = doc.GetProperty("highlights")[0];
            Assert.Equal(quote, text.Substring(span.GetProperty("start").GetInt32(), span.GetProperty("length").GetInt32()));
            Assert.False(doc.GetProperty("truncated").GetBoolean());
        }
    }

    [Fact]
    public async Task Documents_SugonsEntityListing_OpensItsRecordWithTheCitationHighlighted()
    {
        var listing = (await GetAsync("/api/entities/sugon")).GetProperty("listings").EnumerateArray()
            .First(l => l.GetProperty("list").GetString() == "bis-entity-list").GetProperty("relationship").GetProperty("provenance");
        var id = listing.GetProperty("source").GetString()!.Split(" (")[0];
        var record = await GetAsync($"/api/documents/{id}?record={Uri.EscapeDataString(listing.GetProperty("record").GetString()!)}&quote={Uri.EscapeDataString(listing.GetProperty("quote").GetString()!)}");
        var text = record.GetProperty("text").GetString()!;
        Assert.StartsWith("name: Sugon", text, StringComparison.Ordinal);
        Assert.Equal(listing.GetProperty("record").GetString(), record.GetProperty("record").GetString());
        Assert.NotEmpty(record.GetProperty("highlights").EnumerateArray());
    }

    [Theory]
    // An id the catalog does not hold (a path is never read).
    [InlineData("/api/documents/..%2Fgraph-seed%2FREADME.md", HttpStatusCode.NotFound, "id")]
    // A dataset record that does not exist.
    [InlineData("/api/documents/20-bis-entity-list.json?record=entities[99999]", HttpStatusCode.NotFound, "record")]
    // A dataset is served one record at a time.
    [InlineData("/api/documents/20-bis-entity-list.json", HttpStatusCode.BadRequest, "record")]
    public async Task Documents_BadRequest_IsAProblemNamingTheField(string path, HttpStatusCode status, string field)
    {
        var response = await _reader.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(field, (await ReadAsync(response, status)).GetProperty("field").GetString());
    }

    [Fact]
    public async Task Documents_WithoutKey_Is401()
    {
        var response = await factory.Client(null).GetAsync(new Uri("/api/documents", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
