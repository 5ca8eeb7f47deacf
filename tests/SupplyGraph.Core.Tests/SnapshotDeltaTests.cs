using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Storage;
using static SupplyGraph.Core.Tests.Support.Fixtures;

namespace SupplyGraph.Core.Tests;

/// <summary>A snapshot grown by deltas answers exactly like one rebuilt from its records.</summary>
public class SnapshotDeltaTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RandomBatches_IncrementalSnapshot_EqualsRebuiltSnapshot(int seed)
    {
        var rng = new Random(seed);
        string[] types = [RelationshipTypes.Supplies, RelationshipTypes.Owns, RelationshipTypes.ListedOn, RelationshipTypes.PartnersWith];
        var g = GraphSnapshot.Create(0, [.. Enumerable.Range(0, 30).Select(i => Company($"n{i}")), List("el")], []);
        for (var batch = 1; batch <= 60; batch++)
        {
            var changes = new List<Change>();
            for (var i = 0; i < rng.Next(1, 8); i++)
            {
                var live = g.Entities.Where(e => e.Id != "el").Select(e => e.Id).ToList();
                var rels = g.Relationships.Select(r => r.Id).ToList();
                switch (rng.Next(7))
                {
                    case 0:
                        changes.Add(Put(Company($"new{batch}-{i}") with { Country = rng.Next(2) == 0 ? "China" : null }));
                        break;
                    case 1 when live.Count > 5:
                        changes.Add(new DeleteEntity(live[rng.Next(live.Count)], Detach: true));
                        break;
                    case 2 when rels.Count > 0:
                        changes.Add(new DeleteRelationship(rels[rng.Next(rels.Count)]));
                        break;
                    case 3 when rels.Count > 0:
                        var old = g.FindRelationship(rels[rng.Next(rels.Count)])!;
                        changes.Add(Put(old with { Provenance = old.Provenance with { Confidence = rng.NextDouble() } }));
                        break;
                    case 4:
                        // A relationship named before the entity it reaches, in one batch (as files may list them).
                        var late = $"late{batch}-{i}";
                        changes.Add(Put(Rel(RelationshipTypes.Supplies, live[rng.Next(live.Count)], late, id: $"r{batch}-{i}")));
                        changes.Add(Put(Company(late)));
                        break;
                    default:
                        var type = types[rng.Next(types.Length)];
                        var (a, b) = (live[rng.Next(live.Count)], type == RelationshipTypes.ListedOn ? "el" : live[rng.Next(live.Count)]);
                        if (a != b)
                        {
                            changes.Add(Put(Rel(type, a, b, share: type == RelationshipTypes.Owns ? 0.5 : null, id: $"r{batch}-{i}")));
                        }

                        break;
                }
            }

            IReadOnlyList<Change> validated;
            try
            {
                validated = BatchValidator.Validate(g, Batch([.. changes]));
            }
            catch (InvalidInputException)
            {
                continue; // e.g. two deletes of one entity in a batch
            }

            g = g.Apply(batch, validated);
            AssertSame(g, GraphSnapshot.Create(batch, g.Entities, g.Relationships));
        }

        Assert.True(g.DeltaSize > 0, "the test should exercise deltas, not only rebuilds");
    }

    private static void AssertSame(GraphSnapshot incremental, GraphSnapshot rebuilt)
    {
        Assert.Equal(rebuilt.LiveNodeCount, incremental.LiveNodeCount);
        Assert.Equal(rebuilt.CountByType(), incremental.CountByType());
        Assert.Equal(rebuilt.Relationships.GroupBy(r => r.Type).ToDictionary(g => g.Key, g => g.Count()), incremental.CountByType());
        Assert.Equal(rebuilt.LiveEdgeCount, incremental.LiveEdgeCount);
        foreach (var e in rebuilt.Entities)
        {
            Assert.True(incremental.TryGetNode(e.Id, out var n), e.Id);
            rebuilt.TryGetNode(e.Id, out var m);
            Assert.Equal(Edges(rebuilt, m, Direction.Out), Edges(incremental, n, Direction.Out));
            Assert.Equal(Edges(rebuilt, m, Direction.In), Edges(incremental, n, Direction.In));
            Assert.Equal(rebuilt.ListingIndex.EdgesOf(m).Count(), incremental.ListingIndex.EdgesOf(n).Count());
            Assert.Equal(rebuilt.NodeHasAnyLabel(m, rebuilt.LabelMask([NodeLabels.Company])), incremental.NodeHasAnyLabel(n, incremental.LabelMask([NodeLabels.Company])));
        }

        foreach (var r in rebuilt.Relationships)
        {
            Assert.True(incremental.TryGetEdge(r.Id, out var e), r.Id);
            Assert.Same(r, incremental.Relationship(e));
            Assert.Equal(r.From, incremental.Entity(incremental.EdgeSource(e)).Id);
            Assert.Equal(r.To, incremental.Entity(incremental.EdgeTarget(e)).Id);
            Assert.Equal((float)r.Provenance.Confidence, incremental.ConfidenceOf(e));
        }

        var sources = rebuilt.Entities.Take(3).Select(e => e.Id).ToList();
        var query = new ExposureQuery { MaxHops = 3 };
        Assert.Equal(
            Exposure.Of(rebuilt, sources, query).Hits.Select(h => (h.Party.Id, h.Hops)).Order(),
            Exposure.Of(incremental, sources, query).Hits.Select(h => (h.Party.Id, h.Hops)).Order());
    }

    private static string[] Edges(GraphSnapshot g, int node, Direction direction) =>
        [.. g.EdgesAt(node, direction).Select(e => g.Relationship(e).Id).Order(StringComparer.Ordinal)];
}
