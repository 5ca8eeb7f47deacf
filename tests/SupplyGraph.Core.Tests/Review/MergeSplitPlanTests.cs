using SupplyGraph.Core.Model;
using SupplyGraph.Core.Review;
using SupplyGraph.Core.Tests.Support;
using static SupplyGraph.Core.Tests.Support.Fixtures;

namespace SupplyGraph.Core.Tests.Review;

/// <summary>What a merge writes and what "undo" restores, on records alone (the stores apply the same changes).</summary>
public sealed class MergeSplitPlanTests
{
    private static readonly Entity Kept = Company("k", "Kappa Ltd", "Kappa") with { Country = "China" };

    private static readonly Entity Absorbed = Company("a", "Kappa Limited") with
    {
        Country = "Hong Kong",
        Identifiers = new Dictionary<string, string> { ["lei"] = "5493001KJTIIGC8Y1R12" },
        Properties = new Dictionary<string, object?> { ["address"] = "Kowloon" },
        Sources = [new Provenance("list.csv", "row 4")],
    };

    private static readonly Relationship Supplies = Rel(RelationshipTypes.Supplies, "a", "x");
    private static readonly Relationship Owns = Rel(RelationshipTypes.Owns, "y", "a", share: 0.6, id: "stake-7");
    private static readonly Relationship Between = Rel(RelationshipTypes.SubsidiaryOf, "a", "k");
    private static readonly Relationship Listing = Rel(RelationshipTypes.ListedOn, "a", "el");

    private static (List<Change> Changes, MergeRecord Record) Merge() =>
        MergePlan.Build(Kept, Absorbed, [Supplies, Owns, Between, Listing], id => id == Relationship.DefaultId(RelationshipTypes.ListedOn, "k", "el"));

    [Fact]
    public void Merge_RepointsRelationships_DropsThoseTheKeptEntityHasOrThatJoinTheTwo()
    {
        var (changes, record) = Merge();

        var kept = changes.OfType<PutEntity>().Single().Entity;
        Assert.Equal(["Kappa", "Kappa Limited"], kept.Aliases);
        Assert.Equal(("China", "5493001KJTIIGC8Y1R12", "Kowloon"), (kept.Country, kept.Identifiers["lei"], kept.Properties["address"]));
        Assert.Equal(["a"], MergePlan.MergedFrom(kept));
        var written = changes.OfType<PutRelationship>().Select(p => p.Relationship).ToDictionary(r => r.Id);
        Assert.Equal(("k", "x"), (written["SUPPLIES:k->x"].From, written["SUPPLIES:k->x"].To)); // a default id follows its ends
        Assert.Equal(("y", "k"), (written["stake-7"].From, written["stake-7"].To)); // an id of its own is kept
        Assert.Equal(2, written.Count);
        Assert.Equal([null, null], record.Moved.Where(m => m.Original == Between || m.Original == Listing).Select(m => m.WrittenId));
        Assert.IsType<DeleteEntity>(changes[^1]);
    }

    [Fact]
    public void Split_KeepsLaterChangesOfTheKeptEntity_RemovesWhatTheMergeGave()
    {
        var (changes, record) = Merge();
        var merged = changes.OfType<PutEntity>().Single().Entity;

        // After the merge someone adds an alias and a note to the kept entity: the split must not lose them.
        var later = merged with
        {
            Aliases = [.. merged.Aliases, "Kappa HK"],
            Properties = new Dictionary<string, object?>(merged.Properties) { ["note"] = "checked" },
        };
        var notes = new List<string>();
        var split = SplitPlan.Build(record, later, _ => true, id => id is "SUPPLIES:k->x" or "stake-7", notes);

        Assert.Empty(notes);
        var puts = split.OfType<PutEntity>().Select(p => p.Entity).ToDictionary(e => e.Id);
        Assert.Equal(Canonical.Of(Absorbed), Canonical.Of(puts["a"]));
        var kept = puts["k"];
        Assert.Equal(["Kappa", "Kappa HK"], kept.Aliases);
        Assert.Equal(["note"], kept.Properties.Keys);
        Assert.Empty(kept.Identifiers);
        Assert.Equal("China", kept.Country);
        Assert.Contains(split, c => c is DeleteRelationship { Id: "SUPPLIES:k->x" });
        Assert.DoesNotContain(split, c => c is DeleteRelationship { Id: "stake-7" }); // replaced in place by its original
        Assert.Equal(new[] { Supplies, Owns, Between, Listing }.Select(r => r.Id).Order(), split.OfType<PutRelationship>().Select(p => p.Relationship.Id).Order());
    }

    [Fact]
    public void Split_OtherEndDeletedSinceTheMerge_ReportedNotRestored()
    {
        var (changes, record) = Merge();
        var merged = changes.OfType<PutEntity>().Single().Entity;
        var notes = new List<string>();

        // x was deleted (with its relationships) after the merge.
        var split = SplitPlan.Build(record, merged, id => id != "x", id => id == "stake-7", notes);

        Assert.Contains(notes, n => n.Contains(Supplies.Id, StringComparison.Ordinal) && n.Contains("'x' no longer exists", StringComparison.Ordinal));
        Assert.DoesNotContain(split, c => c is PutRelationship p && p.Relationship.Id == Supplies.Id);
        Assert.DoesNotContain(split, c => c is DeleteRelationship { Id: "SUPPLIES:k->x" });
    }
}
