using System.Net;
using System.Text;
using System.Text.Json;

namespace SupplyGraph.Server.Tests;

public sealed class ApiTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    private readonly HttpClient _reader = factory.Client(ServerFactory.ReaderKey);
    private readonly HttpClient _editor = factory.Client(ServerFactory.EditorKey);

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    private async Task<long> SequenceAsync() => (await ReadAsync(await _reader.GetAsync(new Uri("/health", UriKind.Relative)), HttpStatusCode.OK)).GetProperty("lastSequence").GetInt64();

    [Fact]
    public async Task Keys_DecideWhatEachRoleMayDo()
    {
        var body = """{"id": "role-test", "labels": ["Company"], "name": "Role Test"}""";
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.Client(null).GetAsync(new Uri("/api/entities/sugon", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.Client("wrong-key-123").GetAsync(new Uri("/api/entities/sugon", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _reader.PutAsync(new Uri("/api/entities/role-test", UriKind.Relative), Json(body))).StatusCode);
        await ReadAsync(await _editor.PutAsync(new Uri("/api/entities/role-test", UriKind.Relative), Json(body)), HttpStatusCode.OK);
        var read = await ReadAsync(await _reader.GetAsync(new Uri("/api/entities/role-test", UriKind.Relative)), HttpStatusCode.OK);
        Assert.Equal("Role Test", read.GetProperty("entity").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Relationship_CreateReadDelete_KeepsProvenance()
    {
        var rel = """
            {"id": "api-test-rel", "type": "SUPPLIES", "from": "intel", "to": "megvii", "items": ["chips"],
             "provenance": {"source": "api test", "quote": "Intel supplies Megvii", "date": "2024-05-01", "confidence": 0.6}}
            """;
        var created = await _editor.PostAsync(new Uri("/api/relationships", UriKind.Relative), Json(rel));
        var commit = await ReadAsync(created, HttpStatusCode.Created);
        Assert.Equal(1, commit.GetProperty("relationshipsWritten").GetInt32());
        var read = await ReadAsync(await _reader.GetAsync(new Uri("/api/relationships/api-test-rel", UriKind.Relative)), HttpStatusCode.OK);
        Assert.Equal("Intel supplies Megvii", read.GetProperty("provenance").GetProperty("quote").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await _editor.PostAsync(new Uri("/api/relationships", UriKind.Relative), Json(rel))).StatusCode);
        await ReadAsync(await _editor.DeleteAsync(new Uri("/api/relationships/api-test-rel", UriKind.Relative)), HttpStatusCode.OK);
        await ReadAsync(await _reader.GetAsync(new Uri("/api/relationships/api-test-rel", UriKind.Relative)), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"type": "OWNS", "from": "intel", "to": "megvii", "share": 1.4, "provenance": {"source": "s"}}""", "share")] // share above 100 %
    [InlineData("""{"type": "SUPPLIES", "from": "intel", "to": "nobody-at-all", "provenance": {"source": "s"}}""", "to")] // unknown entity
    [InlineData("""{"type": "SUPPLIES", "from": "intel", "to": "megvii", "provenance": {"source": "s", "date": "2024-13-01"}}""", "provenance.date")] // invalid date
    [InlineData("""{"type": "BEFRIENDS", "from": "intel", "to": "megvii", "provenance": {"source": "s"}}""", "type")] // unknown type
    public async Task Relationship_Invalid_Is400NamingTheFieldAndChangesNothing(string body, string field)
    {
        var before = await SequenceAsync();
        var problem = await ReadAsync(await _editor.PostAsync(new Uri("/api/relationships", UriKind.Relative), Json(body)), HttpStatusCode.BadRequest);
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Equal(before, await SequenceAsync());
    }

    [Fact]
    public async Task Batch_WithOneBadChange_AppliesNothingAndNamesTheLine()
    {
        var before = await SequenceAsync();
        var batch = """
            {
              "entities": [{"id": "batch-co", "labels": ["Company"], "name": "Batch Co"}],
              "relationships": [
                {"type": "SUPPLIES", "from": "batch-co", "to": "sugon", "provenance": {"source": "s"}},
                {"type": "OWNS", "from": "batch-co", "to": "sugon", "share": "250%", "provenance": {"source": "s"}}
              ]
            }
            """;
        var problem = await ReadAsync(await _editor.PostAsync(new Uri("/api/batches", UriKind.Relative), Json(batch)), HttpStatusCode.BadRequest);
        var error = problem.GetProperty("errors")[0];
        Assert.Equal(5, error.GetProperty("line").GetInt32());
        Assert.Equal("relationships[1].share", error.GetProperty("field").GetString());
        Assert.Equal(before, await SequenceAsync());
        await ReadAsync(await _reader.GetAsync(new Uri("/api/entities/batch-co", UriKind.Relative)), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Batch_MalformedJson_Is400WithLine()
    {
        var problem = await ReadAsync(await _editor.PostAsync(new Uri("/api/batches", UriKind.Relative), Json("{\n \"entities\": [\n {\"id\": }\n]}")), HttpStatusCode.BadRequest);
        Assert.Equal(3, problem.GetProperty("errors")[0].GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task Batch_Oversized_IsRejected()
    {
        var entities = string.Join(",", Enumerable.Range(0, 60).Select(i => $$"""{"id": "bulk-{{i}}", "labels": ["Company"], "name": "Bulk {{i}}"}"""));
        var problem = await ReadAsync(await _editor.PostAsync(new Uri("/api/batches", UriKind.Relative), Json($$"""{"entities": [{{entities}}]}""")), HttpStatusCode.BadRequest);
        Assert.Contains("at most 50 changes", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changes_SinceSequence_PagesThroughTheLog()
    {
        var start = await SequenceAsync();
        for (var i = 0; i < 3; i++)
        {
            await ReadAsync(await _editor.PutAsync(new Uri($"/api/entities/page-{i}", UriKind.Relative), Json($$"""{"id": "page-{{i}}", "labels": ["Company"], "name": "Page {{i}}"}""")), HttpStatusCode.OK);
        }

        var page = await ReadAsync(await _reader.GetAsync(new Uri($"/api/changes?since={start}&limit=2", UriKind.Relative)), HttpStatusCode.OK);
        Assert.Equal(2, page.GetProperty("entries").GetArrayLength());
        Assert.True(page.GetProperty("more").GetBoolean());
        var next = page.GetProperty("next").GetInt64();
        var rest = await ReadAsync(await _reader.GetAsync(new Uri($"/api/changes?since={next}&limit=100", UriKind.Relative)), HttpStatusCode.OK);
        var ids = page.GetProperty("entries").EnumerateArray().Concat(rest.GetProperty("entries").EnumerateArray())
            .Select(e => e.GetProperty("changes")[0].GetProperty("entity").GetProperty("id").GetString()).ToList();
        Assert.Equal(["page-0", "page-1", "page-2"], ids.Where(id => id!.StartsWith("page-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Analytics_PathsExposureOwnership_Answer()
    {
        var paths = await ReadAsync(await _reader.GetAsync(new Uri("/api/paths?from=sugon&to=nettrix", UriKind.Relative)), HttpStatusCode.OK);
        var hop = paths.GetProperty("paths")[0].GetProperty("hops")[0].GetProperty("relationship");
        Assert.Equal("MANUFACTURES_FOR", hop.GetProperty("type").GetString());

        var exposure = await ReadAsync(await _reader.GetAsync(new Uri("/api/exposure?entity=sugon&types=MANUFACTURES_FOR&direction=in&maxHops=1", UriKind.Relative)), HttpStatusCode.OK);
        Assert.Equal(5, exposure.GetProperty("hits").GetArrayLength());

        var ownership = await ReadAsync(await _reader.GetAsync(new Uri("/api/ownership/inspur-software?rule=bis-affiliates&asOf=2026-11-20", UriKind.Relative)), HttpStatusCode.OK);
        Assert.Equal("blocked", ownership.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Analytics_OverTheHopBudget_Is400()
    {
        var problem = await ReadAsync(await _reader.GetAsync(new Uri("/api/exposure?entity=sugon&maxHops=50", UriKind.Relative)), HttpStatusCode.BadRequest);
        Assert.Equal("maxHops", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task WhatIf_Exposure_ShowsTheChangeWithoutCommitting()
    {
        var before = await SequenceAsync();
        var batch = """{"relationships": [{"type": "LISTED_ON", "from": "third-party-cloud-providers", "to": "bis-entity-list", "provenance": {"source": "hypothesis"}}]}""";
        var body = await ReadAsync(await _reader.PostAsync(new Uri("/api/what-if/exposure?entity=iflytek&maxHops=1", UriKind.Relative), Json(batch)), HttpStatusCode.OK);
        var added = body.GetProperty("changes").GetProperty("added");
        Assert.Equal("third-party-cloud-providers", added[0].GetProperty("party").GetProperty("id").GetString());
        Assert.Equal(before, await SequenceAsync());
    }

    [Fact]
    public async Task OpenApi_DocumentIsServed()
    {
        var doc = await ReadAsync(await _reader.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative)), HttpStatusCode.OK);
        Assert.True(doc.GetProperty("paths").TryGetProperty("/api/batches", out _));
    }
}
