using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SupplyGraph.Core.Import;
using SupplyGraph.Core.Resolution;
using SupplyGraph.Core.Review;
using SupplyGraph.Core.Storage;
using SupplyGraph.Core.Tests.Support;

namespace SupplyGraph.Server.Tests;

/// <summary>
/// Editors deciding the same review item at once, as real concurrent HTTP requests to a real server: one decision
/// wins, every other editor gets a 409 problem naming the field — not a 400 about the merge the first decision
/// already made, and never a second decision written over the first.
/// </summary>
public sealed class ReviewRaceTests(KestrelServerFactory server) : IClassFixture<KestrelServerFactory>
{
    private const string ActeamKey = "csl:Unverified List (UVL) - Bureau of Industry and Security:90001";
    private const string AcKey = "csl:Unverified List (UVL) - Bureau of Industry and Security:90002";

    // Enough editors that several read the item as open before the first decision commits. Without the check under
    // the write lock (one run, 2026-12-05) the late accepts got 400 "no entity … to delete" and all 8 rejects got 200.
    private const int Editors = 8;

    [Theory]
    // Accept merges the record's entity into the candidate: a late accept's merge no longer validates.
    [InlineData(ActeamKey, "accept")]
    // Reject changes only the item: a late reject would silently overwrite the first.
    [InlineData(AcKey, "reject")]
    public async Task Decide_EditorsAtOnce_OneGets200OthersGet409(string recordKey, string action)
    {
        var id = await QueuedItemAsync(recordKey);
        var editors = Enumerable.Range(0, Editors).Select(_ => server.Http(ServerFactory.EditorKey)).ToList();
        using var start = new SemaphoreSlim(0);
        var requests = editors.Select((http, i) => Task.Run(async () =>
        {
            await start.WaitAsync();
            using var response = await http.PostAsync(new Uri($"/api/reviews/{id}/{action}", UriKind.Relative),
                new StringContent($$"""{"by": "editor {{i}}"}""", Encoding.UTF8, "application/json"));
            return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, Body: await response.Content.ReadAsStringAsync());
        })).ToList();
        start.Release(Editors);
        var answers = await Task.WhenAll(requests);

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        foreach (var loser in answers.Where(a => a.StatusCode != HttpStatusCode.OK))
        {
            Assert.True(loser.StatusCode == HttpStatusCode.Conflict, $"{(int)loser.StatusCode}: {loser.Body}");
            Assert.Equal("application/problem+json", loser.MediaType);
            using var problem = JsonDocument.Parse(loser.Body);
            Assert.Equal("status", problem.RootElement.GetProperty("field").GetString());
        }

        // The stored item holds the winner's decision alone.
        var winner = JsonDocument.Parse(answers.Single(a => a.StatusCode == HttpStatusCode.OK).Body).RootElement;
        var stored = await server.Services.GetRequiredService<IGraphStore>().GetReviewAsync(id);
        Assert.Single(stored!.Decisions);
        Assert.Equal(winner.GetProperty("review").GetProperty("decisions")[0].GetProperty("by").GetString(), stored.Decisions[0].By);
    }

    private async Task<string> QueuedItemAsync(string recordKey)
    {
        var store = server.Services.GetRequiredService<IGraphStore>();
        var items = (await store.ReviewsAsync(new ReviewQuery(ReviewFilter.All, 0, 500))).Items;
        if (items.All(i => i.RecordKey != recordKey))
        {
            var session = new ImportSession(await store.EntityIndexAsync()) { Decisions = await DecisionStage.LoadAsync(store) };
            session.AddFile(Path.Combine(RepoPaths.Root, "tests", "SupplyGraph.Core.Tests", "Review", "near-match.csl.csv"));
            await store.ApplyAsync(session.ToBatch("import near-match.csl.csv"));
            items = (await store.ReviewsAsync(new ReviewQuery(ReviewFilter.All, 0, 500))).Items;
        }

        var item = items.Single(i => i.RecordKey == recordKey);
        Assert.Equal(ReviewStatus.Open, item.Status);
        return item.Id;
    }
}
