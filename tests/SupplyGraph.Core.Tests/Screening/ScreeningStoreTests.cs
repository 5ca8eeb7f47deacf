using SupplyGraph.Core.Screening;
using SupplyGraph.Core.Tests.Support;

namespace SupplyGraph.Core.Tests.Screening;

public sealed class ScreeningStoreTests
{
    [Fact]
    public void Reevaluated_TwoServersOnOneFileRecordTheSameBatch_OnlyTheFirstIsRecorded()
    {
        using var folder = new TempFolder();
        var file = Path.Combine(folder.Path, "graph.db");
        using var first = ScreeningStore.Open(file);
        using var second = ScreeningStore.Open(file);
        var now = DateTimeOffset.UtcNow;
        var data = new DataVersion(7, []);
        first.Create(new SavedScreening("scr-two-servers", "suppliers.csv", [new Counterparty(1, 2, null, "Sugon", "CN", new Dictionary<string, string>(), null)],
            new ScreeningParameters(2, ["ofac"]), null, "alice", now, 0, SavedScreening.Queued, 0));
        first.Complete("scr-two-servers", 6, [], "alice", new DataVersion(6, []));

        // Both followed batch 7 of the log; each records its re-evaluation (3 rows affected, none changed).
        first.Reevaluated("scr-two-servers", 7, [], 3, "batch 7", data, now);
        second.Reevaluated("scr-two-servers", 7, [], 3, "batch 7", data, now);
        // A later batch is still recorded, by whichever server comes first.
        second.Reevaluated("scr-two-servers", 8, [], 1, "batch 8", new DataVersion(8, []), now);

        var reevaluations = second.Audit("scr-two-servers").Where(a => a.Action == "screening-reevaluated").ToList();
        Assert.Equal(2, reevaluations.Count);
        Assert.Equal(8, first.Get("scr-two-servers")!.Sequence);
    }
}
