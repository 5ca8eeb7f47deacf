using SupplyGraph.Core.Model;
using SupplyGraph.Core.Review;
using SupplyGraph.Core.Tests.Compliance;
using SupplyGraph.Core.Tests.Support;
using static SupplyGraph.Core.Tests.Support.Fixtures;

namespace SupplyGraph.Neo4j.Tests;

/// <summary>
/// Review items written before their decisions were keyed (a database from an earlier version has no
/// <c>decisionsKey</c> on them): the store keys them when it first opens, so their first decision is guarded against a
/// stale read like every later one.
/// </summary>
[Collection(Neo4jServer.Collection)]
public sealed class LegacyReviewTests : IClassFixture<FreshNeo4jDatabase>
{
    [SkippableFact]
    public async Task Review_LegacyItemWithoutDecisionsKey_AStaleFirstDecisionIsAConflict()
    {
        RequiredService.SkipIf(Neo4jServer.Settings is null, Neo4jServer.NotConfigured);
        // An editor reads the open item; meanwhile it is rejected, by a server of an earlier version that kept no key.
        var item = GraphStoreCompliance.OpenItemFor("csv:L-1", Company("l2", "Lima Trading Co Ltd"), Company("l", "Lima Trading Co., Ltd."));
        ReviewRecord stale;
        await using (var writer = new Neo4jGraphStore(Neo4jServer.Settings!))
        {
            await writer.ClearAsync();
            await writer.ApplyAsync(Batch(Put(Company("l", "Lima Trading Co., Ltd.")), Put(Company("l2", "Lima Trading Co Ltd")), new PutReview(item)));
            stale = (await writer.GetReviewAsync(item.Id))!;
            await ReviewActions.RejectAsync(writer, item.Id, "first editor", "different parties");
        }

        using (var http = new Neo4jHttp(Neo4jServer.Settings!))
        {
            await http.RunAsync([new Statement("MATCH (r:SgReview) REMOVE r.decisionsKey")]);
        }

        // This version's server on that database: the accept built on the read before the rejection must not win.
        await using var store = new Neo4jGraphStore(Neo4jServer.Settings!);
        var late = stale.With(new ReviewDecision(ReviewStatus.Accepted, "second editor", DateTimeOffset.UtcNow), null);

        var ex = await Assert.ThrowsAsync<ReviewConflictException>(() => store.ApplyAsync(new ChangeBatch([new PutReview(late)], "late accept")));
        Assert.Contains("rejected meanwhile (by first editor", ex.Message, StringComparison.Ordinal);
        Assert.Equal(ReviewStatus.Rejected, (await store.GetReviewAsync(item.Id))!.Status);
    }
}
