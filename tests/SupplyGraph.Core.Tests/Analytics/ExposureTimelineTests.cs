using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Analytics;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Tests.Support;

namespace SupplyGraph.Core.Tests.Analytics;

public class ExposureTimelineTests(SeedGraphFixture seed) : IClassFixture<SeedGraphFixture>
{
    private static readonly ExposureQuery Manufacturers = ExposureQuery.Default with { Types = [RelationshipTypes.ManufacturesFor], Direction = Direction.In };

    [Fact]
    public async Task Timeline_SugonManufacturers_ShowsTheEntityListAdditionsOf20250328()
    {
        var log = await seed.Store.ChangesSinceAsync(0, 1000);

        var timeline = ExposureTimelines.Of(seed.Graph, "sugon", Manufacturers, log);

        var march = Assert.Single(timeline.ByValidity, s => s.Date == new DateOnly(2025, 3, 28));
        Assert.Contains(march.Gained, h => h.Party.Id == "nettrix");
        Assert.All(march.Gained, h => Assert.Equal("sugon", h.Path.Nodes[0].Id));
        Assert.Contains(march.Relationships, r => r.Type == RelationshipTypes.ListedOn && r.From == "nettrix");
        Assert.Empty(march.Lost);
        Assert.DoesNotContain(timeline.ByValidity.Where(s => s.Date < new DateOnly(2025, 3, 28) || s.Date is null).SelectMany(s => s.Gained), h => h.Party.Id == "nettrix");

        // The seed is one commit: it brought every hit at once.
        var commit = Assert.Single(timeline.ByCommit);
        Assert.Equal(Exposure.Of(seed.Graph, ["sugon"], Manufacturers).Hits.Select(h => h.Party.Id).Order(), commit.Gained.Select(h => h.Party.Id).Order());
    }

    [Fact]
    public void Timeline_StakeThatEnds_LosesTheHitTheDayAfter()
    {
        var graph = GraphSnapshot.Create(2, [Fixtures.Company("buyer"), Fixtures.Company("seller"), Fixtures.List("ofac-sdn")],
        [
            Fixtures.Rel(RelationshipTypes.Supplies, "seller", "buyer", validFrom: new DateOnly(2024, 1, 1), validTo: new DateOnly(2024, 12, 31)),
            Fixtures.Rel(RelationshipTypes.ListedOn, "seller", "ofac-sdn", validFrom: new DateOnly(2024, 6, 1)),
        ]);

        var timeline = ExposureTimelines.Of(graph, "buyer", ExposureQuery.Default, []);

        Assert.Equal(["start", "2024-06-01 +seller", "2025-01-01 -seller"],
            timeline.ByValidity.Select(s => s.Date is { } d
                ? $"{d:yyyy-MM-dd} {string.Concat(s.Gained.Select(h => "+" + h.Party.Id))}{string.Concat(s.Lost.Select(h => "-" + h.Party.Id))}"
                : "start"));
        Assert.Empty(timeline.ByCommit);
    }
}
