using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace SupplyGraph.Server.Tests;

/// <summary>Chokepoints, ownership cycles, timeline and key intermediaries over REST and the hub, on the seed.</summary>
public sealed class NetworkAnalysesApiTests(KestrelServerFactory server) : IClassFixture<KestrelServerFactory>
{
    private readonly HttpClient _reader = server.Http(ServerFactory.ReaderKey);

    private async Task<JsonElement> GetAsync(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await _reader.GetAsync(new Uri(url, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {response.StatusCode}: {body}");
        if (expected != HttpStatusCode.OK)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private async Task<HubConnection> HubAsync()
    {
        var connection = new HubConnectionBuilder().WithUrl(server.HubUrl, o => o.Headers["X-Api-Key"] = ServerFactory.ReaderKey).Build();
        await connection.StartAsync();
        return connection;
    }

    [Fact]
    public async Task Chokepoints_IflytekToChips_NamesTheCloudProvidersWithEvidence()
    {
        var answer = await GetAsync("/api/chokepoints?from=iflytek&to=high-end-ai-chips");

        Assert.Equal(1, answer.GetProperty("vertexDisjointRoutes").GetInt32());
        var cloud = Assert.Single(answer.GetProperty("vertexCut").EnumerateArray().ToList());
        Assert.Equal("third-party-cloud-providers", cloud.GetProperty("party").GetProperty("id").GetString());
        var hops = cloud.GetProperty("route").GetProperty("hops").EnumerateArray().ToList();
        Assert.Equal(2, hops.Count);
        Assert.All(hops, h => Assert.False(string.IsNullOrEmpty(h.GetProperty("relationship").GetProperty("provenance").GetProperty("quote").GetString())));
        // The service providers' "third-party services" link is returned as set aside, not dropped silently.
        Assert.Contains(answer.GetProperty("setAside").EnumerateArray(), r => r.GetProperty("from").GetString() == "third-party-service-providers" && r.GetProperty("to").GetString() == "iflytek");
    }

    [Fact]
    public async Task Chokepoints_IflytekToChipsAnyItems_AreBothKindsOfProviders()
    {
        var answer = await GetAsync("/api/chokepoints?from=iflytek&to=high-end-ai-chips&anyItems=true");

        Assert.Equal(2, answer.GetProperty("vertexDisjointRoutes").GetInt32());
        Assert.Equal(["third-party-cloud-providers", "third-party-service-providers"],
            answer.GetProperty("vertexCut").EnumerateArray().Select(c => c.GetProperty("party").GetProperty("id").GetString()).Order(StringComparer.Ordinal));
        Assert.Empty(answer.GetProperty("setAside").EnumerateArray());
    }

    [Fact]
    public async Task Chokepoints_ToListedThroughCloudServices_IsTheCloudProviders()
    {
        var answer = await GetAsync("/api/chokepoints?from=high-end-ai-chips&to=listed&types=PROVIDES_CLOUD_TO,PROVIDES_ACCESS_TO");

        var cut = answer.GetProperty("vertexCut").EnumerateArray().Select(c => c.GetProperty("party").GetProperty("id").GetString()).ToList();
        Assert.Equal(["third-party-cloud-providers"], cut);
    }

    [Theory]
    [InlineData("/api/chokepoints?to=listed", "from")] // the start is required
    [InlineData("/api/chokepoints?from=iflytek", "to")] // so is the target
    [InlineData("/api/chokepoints?from=iflytek&to=no-such-party-xyz", "to")] // an unknown target names its field
    [InlineData("/api/chokepoints?from=iflytek&to=iflytek", "to")] // the start itself is no target
    [InlineData("/api/chokepoints?from=iflytek&to=listed&maxHops=99", "maxHops")] // beyond the server's hop budget
    [InlineData("/api/chokepoints?from=iflytek&to=high-end-ai-chips&anyItems=maybe", "anyItems")] // not a boolean
    public async Task Chokepoints_BadQuery_Is400NamingTheField(string url, string field)
    {
        var problem = await GetAsync(url, HttpStatusCode.BadRequest);
        Assert.Equal(field, problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Hub_Chokepoints_AnswersLikeRest()
    {
        await using var hub = await HubAsync();

        var answer = await hub.InvokeAsync<JsonElement>("Chokepoints", new { from = "iflytek", to = "high-end-ai-chips" });

        Assert.Equal(1, answer.GetProperty("vertexDisjointRoutes").GetInt32());
        Assert.Equal(["third-party-cloud-providers"], answer.GetProperty("vertexCut").EnumerateArray().Select(c => c.GetProperty("party").GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Hub_ChokepointsAnyItems_AnswersLikeRestWithAnyItems()
    {
        await using var hub = await HubAsync();

        var answer = await hub.InvokeAsync<JsonElement>("Chokepoints", new { from = "iflytek", to = "high-end-ai-chips", anyItems = true });
        var rest = await GetAsync("/api/chokepoints?from=iflytek&to=high-end-ai-chips&anyItems=true");

        Assert.Empty(answer.GetProperty("setAside").EnumerateArray());
        Assert.Equal(rest.GetProperty("vertexDisjointRoutes").GetInt32(), answer.GetProperty("vertexDisjointRoutes").GetInt32());
        Assert.Equal(CutIds(rest), CutIds(answer));
        Assert.NotEqual(1, answer.GetProperty("vertexDisjointRoutes").GetInt32());
    }

    private static List<string?> CutIds(JsonElement answer) =>
        [.. answer.GetProperty("vertexCut").EnumerateArray().Select(c => c.GetProperty("party").GetProperty("id").GetString())];

    [Fact]
    public async Task Hub_ChokepointsBadArgument_FailsNamingIt()
    {
        await using var hub = await HubAsync();
        var ex = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<JsonElement>("Chokepoints", new { from = "iflytek", to = "iflytek" }));
        Assert.Contains("HubException: to:", ex.Message, StringComparison.Ordinal);
        ex = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<JsonElement>("Chokepoints", new { from = "iflytek", to = "listed", maxHops = 0 }));
        Assert.Contains("HubException: maxHops:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OwnershipCycles_CrossHoldingCommitted_IsListedAndNamedInTheOwnershipAnswer()
    {
        using var editor = server.Http(ServerFactory.EditorKey);
        var batch = """
            {"entities": [{"id": "cycle-a", "labels": ["Company"], "name": "Cycle A"}, {"id": "cycle-b", "labels": ["Company"], "name": "Cycle B"}],
             "relationships": [{"type": "OWNS", "from": "cycle-a", "to": "cycle-b", "share": "60%", "provenance": {"source": "test"}},
                               {"type": "OWNS", "from": "cycle-b", "to": "cycle-a", "share": "30%", "provenance": {"source": "test"}}]}
            """;
        var posted = await editor.PostAsync(new Uri("/api/batches", UriKind.Relative), new StringContent(batch, System.Text.Encoding.UTF8, "application/json"));
        Assert.True(posted.IsSuccessStatusCode, await posted.Content.ReadAsStringAsync());

        var cycles = await GetAsync("/api/ownership/cycles");
        var cycle = cycles.GetProperty("cycles").EnumerateArray().Single(c => c.GetProperty("members")[0].GetProperty("id").GetString() == "cycle-a");
        Assert.Equal(2, cycle.GetProperty("loop").GetArrayLength());

        var ownership = await GetAsync("/api/ownership/cycle-b");
        Assert.Equal(2, ownership.GetProperty("cycle").GetProperty("members").GetArrayLength());

        await using var hub = await HubAsync();
        var viaHub = await hub.InvokeAsync<JsonElement>("OwnershipCycles", (string?)null);
        Assert.Contains(viaHub.EnumerateArray(), c => c.GetProperty("members")[0].GetProperty("id").GetString() == "cycle-a");
    }

    [Fact]
    public async Task OwnershipCycles_BadDate_Is400NamingAsOf()
    {
        var problem = await GetAsync("/api/ownership/cycles?asOf=yesterday", HttpStatusCode.BadRequest);
        Assert.Equal("asOf", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Timeline_SugonManufacturers_Has20250328Step()
    {
        var timeline = await GetAsync("/api/entities/sugon/timeline?types=MANUFACTURES_FOR&direction=in");

        var march = timeline.GetProperty("byValidity").EnumerateArray().Single(s => s.GetProperty("date").GetString() == "2025-03-28");
        Assert.Contains(march.GetProperty("gained").EnumerateArray(), h => h.GetProperty("party").GetProperty("id").GetString() == "nettrix");

        await using var hub = await HubAsync();
        var viaHub = await hub.InvokeAsync<JsonElement>("Timeline", new { from = "sugon", types = new[] { "MANUFACTURES_FOR" }, direction = "in" });
        Assert.Contains(viaHub.GetProperty("byValidity").EnumerateArray(), s => s.GetProperty("date").GetString() == "2025-03-28");
    }

    [Fact]
    public async Task Timeline_UnknownEntity_Is400NamingId()
    {
        var problem = await GetAsync("/api/entities/no-such-party-xyz/timeline", HttpStatusCode.BadRequest);
        Assert.Equal("id", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Intermediaries_FromChips_ListsTheProvidersWithExamples()
    {
        var answer = await GetAsync("/api/intermediaries?entity=high-end-ai-chips&maxHops=2&limit=5");

        var top = answer.GetProperty("top").EnumerateArray().Select(t => t.GetProperty("party").GetProperty("id").GetString()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["third-party-cloud-providers", "third-party-service-providers"], top);

        await using var hub = await HubAsync();
        var viaHub = await hub.InvokeAsync<JsonElement>("Intermediaries", new { entities = new[] { "high-end-ai-chips" }, maxHops = 2 });
        Assert.Equal(2, viaHub.GetProperty("top").GetArrayLength());
        var ex = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<JsonElement>("Intermediaries", new { maxHops = 2 }));
        Assert.Contains("HubException: entities:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Intermediaries_NoEntity_Is400NamingEntity()
    {
        var problem = await GetAsync("/api/intermediaries?maxHops=2", HttpStatusCode.BadRequest);
        Assert.Equal("entity", problem.GetProperty("field").GetString());
    }
}
