using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Review;
using SupplyGraph.Core.Tests.Support;
using static SupplyGraph.Core.Tests.Support.Fixtures;

namespace SupplyGraph.Core.Tests.Compliance;

/// <summary>The review queue through the store contract: items stored with their batch, read back, decided in batches.</summary>
public abstract partial class GraphStoreCompliance
{
    private static readonly DateTimeOffset Queued = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>An open item: the record's entity <paramref name="created"/> may be <paramref name="candidate"/>.</summary>
    protected static ReviewRecord OpenItem(string recordKey, Entity created, Entity candidate, int line, DateTimeOffset? queued = null) => new()
    {
        Id = ReviewRecord.IdFor(recordKey, candidate.Id),
        RecordKey = recordKey,
        At = new SourceLocation("list.csv", line),
        Record = ReviewParty.Of(created),
        Candidate = ReviewParty.Of(candidate),
        Score = 0.9,
        MatchedBy = "fuzzy 0.90",
        Reasons = [$"'{created.Name}' ~ '{candidate.Name}' (0.900)"],
        QueuedAt = queued ?? Queued,
    };

    /// <summary>An open item for tests outside the suite.</summary>
    public static ReviewRecord OpenItemFor(string recordKey, Entity created, Entity candidate) => OpenItem(recordKey, created, candidate, 1);

    /// <summary>The chain, plus "Alpha Manufacturing Co Ltd" (a2) imported beside a with one listing and one supplier, queued against a.</summary>
    private async Task<ReviewRecord> SeedNearMatchAsync()
    {
        await SeedChainAsync();
        var created = Company("a2", "Alpha Manufacturing Co Ltd") with
        {
            Identifiers = new Dictionary<string, string> { ["el-entry"] = "EL-77" },
            Country = "China",
            Sources = [new Provenance("list.csv", "row 3")],
        };
        var item = OpenItem("csv:EL-77", created, Company("a", "Alpha Manufacturing Co., Ltd.", "Alpha"), 3);
        await Store.ApplyAsync(Batch(
            Put(created),
            Put(Rel(RelationshipTypes.ListedOn, "a2", "el", id: "el-77", validFrom: new DateOnly(2024, 1, 1))),
            Put(Rel(RelationshipTypes.Supplies, "c", "a2")),
            new PutReview(item)));
        return item;
    }

    [SkippableFact]
    public async Task Reviews_WrittenWithTheirBatch_ReadBackByStatusInQueueOrder()
    {
        await SeedChainAsync();
        var x = (await Store.GetEntityAsync("x"))!;
        var items = new[] { ("k3", "b", 30), ("k1", "a", 10), ("k2", "c", 20) }
            .Select(t => OpenItem(t.Item1, x, Company(t.Item2), t.Item3)).ToList();
        var result = await Store.ApplyAsync(Batch([.. items.Select(i => (Change)new PutReview(i))]));
        Assert.Equal(3, result.ReviewsWritten);

        // Queue order: queue time, then the record's file and line.
        var page = await Store.ReviewsAsync(new ReviewQuery(ReviewFilter.Open, 0, 2));
        Assert.Equal(3, page.Total);
        Assert.Equal(["k1", "k2"], page.Items.Select(i => i.RecordKey));
        var next = await Store.ReviewsAsync(new ReviewQuery(ReviewFilter.Open, 2, 2));
        Assert.Equal(["k3"], next.Items.Select(i => i.RecordKey));
        Assert.Equal(0, (await Store.ReviewsAsync(new ReviewQuery(ReviewFilter.Decided))).Total);

        var read = await Store.GetReviewAsync(items[1].Id);
        Assert.NotNull(read);
        Assert.Equal(ReviewJson.ToJson(items[1]), ReviewJson.ToJson(read));
        Assert.Null(await Store.GetReviewAsync("rv-0000000000000000"));

        // The log carries the items like any change, so followers of the log see them.
        var entry = (await Store.ChangesSinceAsync(result.Sequence - 1, 1)).Single();
        Assert.Equal(3, entry.Changes.OfType<PutReview>().Count());
    }

    [SkippableFact]
    public async Task Reviews_AreNotEntities_FindAndStatisticsDoNotSeeThem()
    {
        var item = await SeedNearMatchAsync();
        var stats = await Store.GetStatisticsAsync();
        Assert.Equal(6, stats.Entities);
        Assert.DoesNotContain(await Store.FindAsync(item.Id), m => m.Entity.Id == item.Id);
        Assert.Null(await Store.GetEntityAsync(item.Id));
    }

    [SkippableFact]
    public async Task Review_OpenItemNamingMissingEntity_RefusedAndNothingWritten()
    {
        await SeedChainAsync();
        var before = await Store.GetStatisticsAsync();
        var item = OpenItem("csv:9", Company("ghost"), Company("a"), 9);
        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => Store.ApplyAsync(Batch(Put(Company("d")), new PutReview(item))));
        Assert.Contains(ex.Errors, e => e.Field == "review.record.entityId" && e.Message.Contains("ghost", StringComparison.Ordinal));
        Assert.Equal(before.LastSequence, (await Store.GetStatisticsAsync()).LastSequence);
        Assert.Null(await Store.GetEntityAsync("d"));
        Assert.Equal(0, (await Store.ReviewsAsync(new ReviewQuery(ReviewFilter.All))).Total);
    }

    [SkippableFact]
    public async Task Review_IdNotDerivedFromRecordAndCandidate_Refused()
    {
        await SeedChainAsync();
        var item = OpenItem("csv:1", Company("a"), Company("b"), 1) with { Id = "rv-made-up" };
        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => Store.ApplyAsync(Batch(new PutReview(item))));
        Assert.Contains(ex.Errors, e => e.Field == "review.id");
    }

    [SkippableFact]
    public async Task Review_Accept_OneLoggedBatchMergesTheRecordIntoTheCandidate()
    {
        var item = await SeedNearMatchAsync();
        var outcome = await ReviewActions.AcceptAsync(Store, item.Id, "analyst", "same firm");

        Assert.Equal(ReviewStatus.Accepted, outcome.Review.Status);
        Assert.Null(await Store.GetEntityAsync("a2"));
        var a = (await Store.GetEntityAsync("a"))!;
        Assert.Contains("Alpha Manufacturing Co Ltd", a.Aliases);
        Assert.Equal("EL-77", a.Identifiers["el-entry"]);
        Assert.Equal(["a2"], MergePlanMergedFrom(a));
        var listing = (await Store.GetRelationshipAsync("el-77"))!;
        Assert.Equal(("a", "el"), (listing.From, listing.To));
        Assert.NotNull(await Store.GetRelationshipAsync(Relationship.DefaultId(RelationshipTypes.Supplies, "c", "a")));

        // One batch: the merge and the decision, in the log together.
        var entry = (await Store.ChangesSinceAsync(outcome.Commit.Sequence - 1, 1)).Single();
        Assert.Contains(entry.Changes, c => c is DeleteEntity { Id: "a2" });
        Assert.Contains(entry.Changes, c => c is PutReview { Review.Status: ReviewStatus.Accepted });
        var stored = (await Store.GetReviewAsync(item.Id))!;
        Assert.Equal(ReviewStatus.Accepted, stored.Status);
        Assert.Equal(("analyst", "same firm"), (stored.Decision!.By, stored.Decision.Note));
        Assert.Equal(1, (await Store.ReviewsAsync(new ReviewQuery(ReviewFilter.Decided))).Total);
        Assert.Equal(0, (await Store.ReviewsAsync(new ReviewQuery(ReviewFilter.Open))).Total);
    }

    [SkippableFact]
    public async Task Review_SplitAfterAccept_RestoresBothEntitiesAndTheirRelationships()
    {
        var item = await SeedNearMatchAsync();
        var entities = new[] { "a", "a2" };
        var before = await SnapshotOfAsync(entities);
        await ReviewActions.AcceptAsync(Store, item.Id, "analyst", null);

        var split = await ReviewActions.SplitAsync(Store, item.Id, "lead", "different plants");

        Assert.Empty(split.Notes);
        Assert.Equal(ReviewStatus.Split, split.Review.Status);
        Assert.Equal([ReviewStatus.Accepted, ReviewStatus.Split], split.Review.Decisions.Select(d => d.Status));
        Assert.Equal(before, await SnapshotOfAsync(entities));
    }

    [SkippableFact]
    public async Task Review_DecidedItem_AcceptAgainIsAConflictNamingStatus()
    {
        var item = await SeedNearMatchAsync();
        await ReviewActions.RejectAsync(Store, item.Id, "analyst", "different parties");
        var sequence = (await Store.GetStatisticsAsync()).LastSequence;

        var ex = await Assert.ThrowsAsync<ReviewConflictException>(() => ReviewActions.AcceptAsync(Store, item.Id, "analyst", null));

        Assert.Equal("status", ex.Field);
        Assert.Contains("rejected", ex.Message, StringComparison.Ordinal);
        Assert.Equal(sequence, (await Store.GetStatisticsAsync()).LastSequence);
        Assert.NotNull(await Store.GetEntityAsync("a2"));
        await Assert.ThrowsAsync<ReviewConflictException>(() => ReviewActions.SplitAsync(Store, item.Id, "analyst", null));
        await Assert.ThrowsAsync<ReviewNotFoundException>(() => ReviewActions.RejectAsync(Store, "rv-0000000000000000", "analyst", null));
    }

    [SkippableFact]
    public async Task Review_DecisionOnAStaleRead_IsAConflictAndChangesNothing()
    {
        // Two editors read the open item; one rejects it; the other's accept, built on the read before, must not win.
        var item = await SeedNearMatchAsync();
        var stale = (await Store.GetReviewAsync(item.Id))!;
        await ReviewActions.RejectAsync(Store, item.Id, "first editor", "different parties");
        var sequence = (await Store.GetStatisticsAsync()).LastSequence;

        var late = stale.With(new ReviewDecision(ReviewStatus.Accepted, "second editor", DateTimeOffset.UtcNow), null);
        var ex = await Assert.ThrowsAsync<ReviewConflictException>(() => Store.ApplyAsync(new ChangeBatch([new PutReview(late)], "late accept")));

        Assert.Equal("status", ex.Field);
        Assert.Contains("rejected meanwhile (by first editor", ex.Message, StringComparison.Ordinal);
        Assert.Equal(sequence, (await Store.GetStatisticsAsync()).LastSequence);
        Assert.Equal(ReviewStatus.Rejected, (await Store.GetReviewAsync(item.Id))!.Status);
    }

    [SkippableFact]
    public async Task Review_MergeAnyTwoEntities_RecordedAndUndoneBySplit()
    {
        await SeedChainAsync();
        var entities = new[] { "b", "c" };
        var before = await SnapshotOfAsync(entities);

        var merged = await ReviewActions.MergeAsync(Store, "b", "c", "analyst", "one cloud");

        Assert.Equal(ReviewStatus.Merged, merged.Review.Status);
        Assert.Equal("merge:c", merged.Review.RecordKey);
        Assert.Null(await Store.GetEntityAsync("c"));
        Assert.Contains("Gamma Cloud", (await Store.GetEntityAsync("b"))!.Aliases);
        await Assert.ThrowsAsync<ReviewConflictException>(() => ReviewActions.MergeAsync(Store, "b", "b", "analyst", null));

        await ReviewActions.SplitAsync(Store, merged.Review.Id, "analyst", null);
        Assert.Equal(before, await SnapshotOfAsync(entities));
    }

    private static List<object?> MergePlanMergedFrom(Entity e) => MergePlan.MergedFrom(e);

    /// <summary>The entities and every relationship at them, canonically, to compare before and after.</summary>
    private async Task<string> SnapshotOfAsync(string[] ids)
    {
        var lines = new List<string>();
        foreach (var id in ids)
        {
            lines.Add((await Store.GetEntityAsync(id)) is { } e ? Canonical.Of(e) : $"{id}: missing");
            lines.AddRange((await Store.GetRelationshipsAsync(id, Direction.Both)).Select(Canonical.Of).Order(StringComparer.Ordinal));
        }

        return string.Join("\n", lines);
    }
}
