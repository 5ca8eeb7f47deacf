using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Storage;
using SupplyGraph.Core.Tests.Support;
using static SupplyGraph.Core.Tests.Support.Fixtures;

namespace SupplyGraph.Core.Tests;

/// <summary>The name index that follows the base + delta split answers as the index built over the whole snapshot did.</summary>
public sealed class NameIndexTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    // Words that share prefixes, lie one or two edits apart, repeat across entities, and include legal forms and accents.
    private static readonly string[] Words =
    [
        "acme", "acne", "acmes", "alpha", "alphabet", "alhpa", "beta", "betta", "china", "chin", "chinas", "electronics",
        "electronic", "elektronics", "huawei", "huawai", "technologies", "technology", "techology", "co", "ltd", "the",
        "nettrix", "nettrixx", "sugon", "xu", "ab", "a", "zürich", "zurich", "semiconductor", "semiconductors", "inc",
        "manufacturing", "manufacturin", "beijing", "bejing", "institute", "13th", "13",
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Search_RandomNamesAfterPutsAndDeletes_MatchesLegacyIndex(int seed)
    {
        var rng = new Random(seed);
        var g = GraphSnapshot.Create(1, [.. Enumerable.Range(0, 150).Select(i => RandomEntity(rng, $"e{i}"))], []);
        var next = 150;
        for (var step = 0; step < 25; step++)
        {
            AssertSameHits(g, rng);
            var changes = new List<Change>();
            var live = g.Entities.Select(e => e.Id).ToList();
            for (var i = rng.Next(1, 6); i > 0; i--)
            {
                switch (rng.Next(3))
                {
                    case 0:
                        changes.Add(new PutEntity(RandomEntity(rng, $"e{next++}")));
                        break;
                    case 1:
                        // A rename (or new aliases) of an entity of the base or of the delta.
                        changes.Add(new PutEntity(RandomEntity(rng, live[rng.Next(live.Count)])));
                        break;
                    default:
                        var id = live[rng.Next(live.Count)];
                        if (!changes.Any(c => c is PutEntity p && p.Entity.Id == id))
                        {
                            changes.Add(new DeleteEntity(id));
                            live.Remove(id);
                        }

                        break;
                }
            }

            g = g.Apply(g.Sequence + 1, changes);
            if (step == 15)
            {
                // A new base: its own table, the delta folded in.
                g = g.Compact();
            }
        }

        AssertSameHits(g, rng);
    }

    [Fact]
    public void Search_AfterWrites_DoesNotRebuildBaseIndex()
    {
        var g0 = GraphSnapshot.Create(1, [Company("a", "Acme Electronics"), Company("b", "Beta Semiconductor")], []);
        Assert.Equal("a", g0.Find("acme")[0].Entity.Id);
        var g1 = g0.Apply(2, [new PutEntity(Company("c", "Chin Manufacturing"))]);
        var g2 = g1.Apply(3, [new DeleteEntity("b"), new PutEntity(Company("a", "Alpha Electronics"))]);
        Assert.Equal("c", g1.Find("chin manufacturing")[0].Entity.Id);
        Assert.Equal("a", g2.Find("alpha")[0].Entity.Id);
        Assert.Same(g0.Base, g2.Base);
        Assert.Equal(1, g2.Base.Names.Builds);

        var compacted = g2.Compact();
        Assert.Equal(0, compacted.Base.Names.Builds);
        Assert.Equal("c", compacted.Find("chin")[0].Entity.Id);
        Assert.Equal(1, compacted.Base.Names.Builds);
    }

    [Fact]
    public void Search_DeletedRenamedAndAddedSinceBaseIndex_FindsTheGraphAsItIsNow()
    {
        var g0 = GraphSnapshot.Create(1,
            [Company("gone", "Nettrix Information Industry"), Company("renamed", "Sugon Information Industry", "Dawning"), Company("kept", "Huawei Technologies")], []);
        Assert.Equal(2, g0.Find("information industry").Count);
        Assert.True(g0.Base.Names.IsBuilt);

        var g1 = g0.Apply(2, [new DeleteEntity("gone"), new PutEntity(Company("renamed", "Zhongke Shuguang")), new PutEntity(Company("new", "Nettrix Semiconductor"))]);

        Assert.Empty(g1.Find("information industry"));
        Assert.Empty(g1.Find("dawning"));
        Assert.Equal(["renamed"], g1.Find("zhongke shuguang").Select(m => m.Entity.Id));
        Assert.Equal(["new"], g1.Find("nettrix").Select(m => m.Entity.Id));
        Assert.Equal("Nettrix Semiconductor", g1.ResolveMatch("netrix semiconductor").MatchedName);
        Assert.Equal(["kept"], g1.Find("huawei").Select(m => m.Entity.Id));
        // The snapshot before the changes still answers as it did (equal scores: the shorter name first).
        Assert.Equal(["renamed", "gone"], g0.Find("information industry").Select(m => m.Entity.Id));
        Assert.Equal(1, g1.Base.Names.Builds);
    }

    [Fact]
    public async Task PrepareNameIndex_OnAnOpenedStore_BuildsTheBaseIndexOnceInTheBackground()
    {
        await using (var store = EmbeddedGraphStore.Open(_folder.Path))
        {
            await store.ApplyAsync(Batch(Put(Company("sugon", "Sugon Information Industry", "Dawning")), Put(Company("nettrix", "Nettrix Information Industry"))));
        }

        // Reopened, the base is read from the snapshot file: the index reads its names from the file's records.
        await using var reopened = EmbeddedGraphStore.Open(_folder.Path);
        var names = reopened.Snapshot.Base.Names;
        Assert.False(names.IsBuilt);
        reopened.PrepareNameIndex = true;
        for (var waited = 0; !names.IsBuilt && waited < 30_000; waited += 20)
        {
            await Task.Delay(20);
        }

        Assert.True(names.IsBuilt);
        Assert.Equal("sugon", reopened.Snapshot.Resolve("dawning").Id);
        await reopened.ApplyAsync(Batch(Put(Company("sugon", "Zhongke Shuguang"))));
        Assert.Equal("sugon", reopened.Snapshot.Resolve("zhongke shuguang").Id);
        Assert.Empty(reopened.Snapshot.Find("dawning"));
        Assert.Same(names, reopened.Snapshot.Base.Names);
        Assert.Equal(1, names.Builds);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Similar_TrieWalk_EqualsVocabularyScan(int seed)
    {
        var rng = new Random(seed);
        const string Letters = "abcéж1";
        var entities = Enumerable.Range(0, 5000)
            .Select(i => Company($"t{i}", new string([.. Enumerable.Range(0, rng.Next(1, 10)).Select(_ => Letters[rng.Next(Letters.Length)])])))
            .ToList();
        var g = GraphSnapshot.Create(1, entities, []);
        var legacy = new LegacyNameIndex(g);
        var table = g.Base.Names.Table;
        var found = 0;
        for (var i = 0; i < 400; i++)
        {
            var q = new string([.. Enumerable.Range(0, rng.Next(1, 10)).Select(_ => Letters[rng.Next(Letters.Length)])]);
            var similar = new List<(int Token, double Score)>();
            table.Similar(q, table.Find(q), similar);
            var walked = similar.Select(s => (table.TokenAt(s.Token), s.Score)).Order().ToList();
            var scanned = legacy.SimilarTokens(q).Order().ToList();
            Assert.Equal(scanned, walked);
            found += scanned.Count;
        }

        Assert.True(found > 400, $"only {found} similar tokens in 400 queries: the test would not see a difference");
    }

    private static void AssertSameHits(GraphSnapshot g, Random rng)
    {
        var legacy = new LegacyNameIndex(g);
        var live = g.Entities.ToList();
        for (var i = 0; i < 40; i++)
        {
            var query = Query(rng, live[rng.Next(live.Count)]);
            foreach (var limit in (int[])[1, 10, int.MaxValue])
            {
                var expected = legacy.Search(query, limit);
                var actual = g.Names.Search(query, limit);
                Assert.Equal(expected.Count, actual.Count);
                for (var h = 0; h < expected.Count; h++)
                {
                    Assert.True(expected[h] == actual[h], $"'{query}' (limit {limit}) hit {h}: expected {expected[h]}, got {actual[h]}");
                }
            }
        }
    }

    /// <summary>A query as users write them: a name or alias whole, a few of its words, a prefix, or with a typo.</summary>
    private static string Query(Random rng, Entity e)
    {
        var names = e.Aliases.Prepend(e.Name).ToList();
        var words = names[rng.Next(names.Count)].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (rng.Next(3) == 0 && words.Count > 1)
        {
            words.RemoveAt(rng.Next(words.Count));
        }

        var w = rng.Next(words.Count);
        var word = words[w];
        switch (rng.Next(5))
        {
            case 0 when word.Length > 3:
                words[w] = word[..rng.Next(3, word.Length)];
                break;
            case 1 when word.Length > 1:
                var at = rng.Next(word.Length - 1);
                words[w] = word[..at] + word[at + 1] + word[at] + word[(at + 2)..];
                break;
            case 2:
                words[w] = word.Remove(rng.Next(word.Length), 1);
                break;
            case 3:
                words[w] = word.Insert(rng.Next(word.Length + 1), "x");
                break;
        }

        return string.Join(' ', words);
    }

    private static Entity RandomEntity(Random rng, string id)
    {
        string Name() => string.Join(' ', Enumerable.Range(0, rng.Next(1, 5)).Select(_ => Words[rng.Next(Words.Length)]));
        var name = Name();
        if (rng.Next(4) == 0)
        {
            // A parenthetical short form of the name's first word (or of nothing in it, which is no short form).
            name += $" ({(rng.Next(2) == 0 ? name.Split(' ')[0] : "beijing")})";
        }

        var aliases = Enumerable.Range(0, rng.Next(3)).Select(_ => Name()).ToArray();
        var entity = Company(id, name, aliases);
        return rng.Next(3) == 0 ? entity with { Identifiers = new Dictionary<string, string> { ["lei"] = $"549300{rng.Next(1000)}" } } : entity;
    }
}
