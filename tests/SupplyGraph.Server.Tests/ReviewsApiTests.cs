using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SupplyGraph.Client;
using SupplyGraph.Core.Import;
using SupplyGraph.Core.Resolution;
using SupplyGraph.Core.Storage;
using SupplyGraph.Core.Tests.Support;

namespace SupplyGraph.Server.Tests;

/// <summary>
/// The review queue over REST on the real server: readers list and read items, editors decide, every decision is a
/// batch in the change log that subscribers hear of, and wrong ids or states are problems naming the field.
/// </summary>
public sealed class ReviewsApiTests(KestrelServerFactory server) : IClassFixture<KestrelServerFactory>
{
    private const string ActeamKey = "csl:Unverified List (UVL) - Bureau of Industry and Security:90001";
    private const string AcKey = "csl:Unverified List (UVL) - Bureau of Industry and Security:90002";
    private readonly HttpClient _reader = server.Http(ServerFactory.ReaderKey);
    private readonly HttpClient _editor = server.Http(ServerFactory.EditorKey);

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {response.StatusCode}: {body}");
        if (expected >= HttpStatusCode.BadRequest)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>
    /// Imports the near-match file into the server's store as <c>supplygraph import</c> would (the API has no file
    /// import); the items it queues are what the endpoints serve. Once per class: the first test to ask imports it.
    /// </summary>
    private async Task<Dictionary<string, JsonElement>> ImportedItemsAsync()
    {
        var store = server.Services.GetRequiredService<IGraphStore>();
        if ((await store.ReviewsAsync(new Core.Review.ReviewQuery(Core.Review.ReviewFilter.All, 0, 500))).Items.All(i => i.RecordKey != ActeamKey))
        {
            var session = new ImportSession(await store.EntityIndexAsync()) { Decisions = await DecisionStage.LoadAsync(store) };
            session.AddFile(Path.Combine(RepoPaths.Root, "tests", "SupplyGraph.Core.Tests", "Review", "near-match.csl.csv"));
            await store.ApplyAsync(session.ToBatch("import near-match.csl.csv"));
        }

        var page = await ReadAsync(await _reader.GetAsync(new Uri("/api/reviews?status=all&limit=100", UriKind.Relative)), HttpStatusCode.OK);
        return page.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("recordKey").GetString()!, i => i, StringComparer.Ordinal);
    }

    [Fact]
    public async Task Reviews_ReaderListsAndReadsItems_WithBothRecords()
    {
        var items = await ImportedItemsAsync();
        var item = items[ActeamKey];
        Assert.Equal("ACTeam Logitics Ltd.", item.GetProperty("record").GetProperty("name").GetString());
        Assert.Equal("acteam-logistics-ltd", item.GetProperty("candidate").GetProperty("entityId").GetString());
        Assert.Equal(2, item.GetProperty("at").GetProperty("line").GetInt32());
        var id = item.GetProperty("id").GetString()!;

        var read = await ReadAsync(await _reader.GetAsync(new Uri($"/api/reviews/{id}", UriKind.Relative)), HttpStatusCode.OK);
        Assert.Equal(item.GetProperty("reasons").GetRawText(), read.GetProperty("reasons").GetRawText());
        var page = await ReadAsync(await _reader.GetAsync(new Uri("/api/reviews?status=all&limit=1", UriKind.Relative)), HttpStatusCode.OK);
        Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(page.GetProperty("total").GetInt32() > 1, page.GetProperty("more").GetBoolean());

        Assert.Equal(HttpStatusCode.Unauthorized, (await server.CreateClient().GetAsync(new Uri("/api/reviews", UriKind.Relative))).StatusCode);
        var missing = await ReadAsync(await _reader.GetAsync(new Uri("/api/reviews/rv-0000000000000000", UriKind.Relative)), HttpStatusCode.NotFound);
        Assert.Equal("id", missing.GetProperty("field").GetString());
        var badStatus = await ReadAsync(await _reader.GetAsync(new Uri("/api/reviews?status=pending", UriKind.Relative)), HttpStatusCode.BadRequest);
        Assert.Equal("status", badStatus.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Accept_EditorOnly_MergeBatchInTheChangeLog_SecondAcceptIs409()
    {
        var item = (await ImportedItemsAsync())[ActeamKey];
        var id = item.GetProperty("id").GetString()!;
        var created = item.GetProperty("record").GetProperty("entityId").GetString()!;
        var accept = new Uri($"/api/reviews/{id}/accept", UriKind.Relative);
        Assert.Equal(HttpStatusCode.Forbidden, (await _reader.PostAsync(accept, Json("{}"))).StatusCode);

        var outcome = await ReadAsync(await _editor.PostAsync(accept, Json("""{"note": "one letter dropped", "by": "analyst"}""")), HttpStatusCode.OK);

        Assert.Equal("accepted", outcome.GetProperty("review").GetProperty("status").GetString());
        Assert.Equal("analyst", outcome.GetProperty("review").GetProperty("decisions")[0].GetProperty("by").GetString());
        var sequence = outcome.GetProperty("commit").GetProperty("sequence").GetInt64();
        await ReadAsync(await _reader.GetAsync(new Uri($"/api/entities/{created}", UriKind.Relative)), HttpStatusCode.NotFound);
        var log = await ReadAsync(await _reader.GetAsync(new Uri($"/api/changes?since={sequence - 1}&limit=1", UriKind.Relative)), HttpStatusCode.OK);
        var entry = log.GetProperty("entries")[0];
        Assert.Equal(sequence, entry.GetProperty("sequence").GetInt64());
        var ops = entry.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("op").GetString()).ToList();
        Assert.Contains("deleteEntity", ops);
        Assert.Equal("putReview", ops[^1]);

        var again = await ReadAsync(await _editor.PostAsync(accept, null), HttpStatusCode.Conflict);
        Assert.Equal("status", again.GetProperty("field").GetString());
        Assert.Contains("already accepted", again.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reject_WithoutBody_StatusOnly_ThenSplitIs409()
    {
        var item = (await ImportedItemsAsync())[AcKey];
        var id = item.GetProperty("id").GetString()!;
        var before = (await ReadAsync(await _reader.GetAsync(new Uri("/health", UriKind.Relative)), HttpStatusCode.OK)).GetProperty("entities").GetInt32();

        var outcome = await ReadAsync(await _editor.PostAsync(new Uri($"/api/reviews/{id}/reject", UriKind.Relative), null), HttpStatusCode.OK);

        Assert.Equal("rejected", outcome.GetProperty("review").GetProperty("status").GetString());
        Assert.Equal(0, outcome.GetProperty("commit").GetProperty("entitiesWritten").GetInt32());
        Assert.Equal(before, (await ReadAsync(await _reader.GetAsync(new Uri("/health", UriKind.Relative)), HttpStatusCode.OK)).GetProperty("entities").GetInt32());
        var split = await ReadAsync(await _editor.PostAsync(new Uri($"/api/reviews/{id}/split", UriKind.Relative), null), HttpStatusCode.Conflict);
        Assert.Equal("status", split.GetProperty("field").GetString());
        var unknownField = await ReadAsync(await _editor.PostAsync(new Uri($"/api/reviews/{id}/reject", UriKind.Relative), Json("""{"reason": "x"}""")), HttpStatusCode.BadRequest);
        Assert.Equal("reason", unknownField.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Merge_PushedLiveToSubscribers_AndUndoneBySplit()
    {
        await using var hub = await server.HubAsync(ServerFactory.ReaderKey);
        var subscription = await hub.SubscribeExposureAsync(new ExposureWatchRequest(["microsoft"], MaxHops: 1));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await subscription.Updates.ReadAsync(timeout.Token);

        // Megvii is on the Entity List: merged into Microsoft, its listing makes Microsoft a listed party.
        var merged = await ReadAsync(await _editor.PostAsync(new Uri("/api/merges", UriKind.Relative), Json("""{"keep": "microsoft", "absorb": "megvii"}""")), HttpStatusCode.OK);

        var review = merged.GetProperty("review");
        Assert.Equal("merged", review.GetProperty("status").GetString());
        var sequence = merged.GetProperty("commit").GetProperty("sequence").GetInt64();
        var diff = await subscription.Updates.ReadAsync(timeout.Token);
        Assert.Equal(sequence, diff.Sequence);
        Assert.Contains(diff.Exposure!.Hits, h => h.Party.Id == "microsoft");

        var split = await ReadAsync(await _editor.PostAsync(new Uri($"/api/reviews/{review.GetProperty("id").GetString()}/split", UriKind.Relative), null), HttpStatusCode.OK);
        Assert.Equal("split", split.GetProperty("review").GetProperty("status").GetString());
        await ReadAsync(await _reader.GetAsync(new Uri("/api/entities/megvii", UriKind.Relative)), HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("""{"keep": "microsoft"}""", HttpStatusCode.BadRequest, "absorb")] // no entity to absorb
    [InlineData("""{"keep": "microsoft", "absorb": "microsoft"}""", HttpStatusCode.Conflict, "absorb")] // an entity into itself
    [InlineData("""{"keep": "microsoft", "absorb": "no-such-entity"}""", HttpStatusCode.NotFound, "entity")] // unknown entity
    [InlineData("""{"keep": "microsoft", "absorb": 7}""", HttpStatusCode.BadRequest, "absorb")] // not an id
    public async Task Merge_BadRequest_ProblemNamesTheFieldAndChangesNothing(string body, HttpStatusCode status, string field)
    {
        var before = (await ReadAsync(await _reader.GetAsync(new Uri("/health", UriKind.Relative)), HttpStatusCode.OK)).GetProperty("lastSequence").GetInt64();
        var problem = await ReadAsync(await _editor.PostAsync(new Uri("/api/merges", UriKind.Relative), Json(body)), status);
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Equal(before, (await ReadAsync(await _reader.GetAsync(new Uri("/health", UriKind.Relative)), HttpStatusCode.OK)).GetProperty("lastSequence").GetInt64());
    }

    [Fact]
    public async Task Batches_PutReviewFromAClient_Refused()
    {
        var items = await ImportedItemsAsync();
        var body = $$"""{"changes": [{"op": "putReview", "review": {{items[ActeamKey].GetRawText()}}}]}""";
        var problem = await ReadAsync(await _editor.PostAsync(new Uri("/api/batches", UriKind.Relative), Json(body)), HttpStatusCode.BadRequest);
        Assert.Equal("changes[0].op", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task OpenApi_ListsTheReviewEndpoints()
    {
        var doc = await ReadAsync(await _reader.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative)), HttpStatusCode.OK);
        var paths = doc.GetProperty("paths");
        foreach (var path in new[] { "/api/reviews", "/api/reviews/{id}", "/api/reviews/{id}/accept", "/api/reviews/{id}/reject", "/api/reviews/{id}/split", "/api/merges" })
        {
            Assert.True(paths.TryGetProperty(path, out _), path);
        }
    }
}
