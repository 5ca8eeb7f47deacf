using System.Globalization;
using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Import;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Storage;
using SupplyGraph.Core.Tests.Support;
using static SupplyGraph.Core.Tests.Support.Fixtures;

namespace SupplyGraph.Core.Tests;

/// <summary>The snapshot file beside a store: opening from it answers as a rebuild from SQLite does, and a bad one is ignored.</summary>
public sealed class SnapshotFileTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private string SnapshotPath => Path.Combine(_folder.Path, SnapshotFile.FileName);

    public void Dispose() => _folder.Dispose();

    /// <summary>A store of a generated graph in the folder, its snapshot file written, closed again.</summary>
    private async Task WriteGeneratedAsync(int seed, int nodes, int edges)
    {
        await using var store = EmbeddedGraphStore.Open(_folder.Path);
        await store.ApplyAsync(Generated(seed, nodes, edges));
        await store.SnapshotWrite;
    }

    [Fact]
    public async Task Open_FromSnapshotOfTheSeed_AnswersAsARebuildFromSqlite()
    {
        await using (var seeded = await GraphSeed.OpenOrCreateAsync(_folder.Path, RepoPaths.Seed))
        {
            await seeded.SnapshotWrite;
        }

        Assert.True(File.Exists(SnapshotPath));
        await AssertSnapshotAnswersAsRebuild();
    }

    [Fact]
    public async Task Open_FromSnapshotOfAGeneratedGraph_AnswersAsARebuildFromSqlite()
    {
        await using (var store = EmbeddedGraphStore.Open(_folder.Path))
        {
            await store.ApplyAsync(Generated(seed: 7, nodes: 1_500, edges: 6_000));
            await store.SnapshotWrite;

            // Changes after the snapshot, replayed on open: updates, a detached delete and new records.
            await store.ApplyAsync(Batch(Put(Company("n-3", "Renamed Three") with { Country = "Germany" }), new DeleteEntity("n-5", Detach: true),
                Put(Company("late")), Put(Rel(RelationshipTypes.Owns, "late", "n-9", share: 0.6, id: "late-owns"))));
        }

        await AssertSnapshotAnswersAsRebuild();
    }

    [Fact]
    public async Task Open_AfterWritesOnAMappedBase_KeepsThemAcrossReopens()
    {
        await WriteGeneratedAsync(seed: 3, nodes: 1_200, edges: 4_000);

        string[] expected;
        await using (var mapped = EmbeddedGraphStore.Open(_folder.Path))
        {
            Assert.Equal("snapshot", mapped.OpenedFrom);
            await mapped.ApplyAsync(Batch(new DeleteEntity("n-1", Detach: true), Put(Company("n-2", "Two Updated")),
                new DeleteRelationship("r-10"), Put(Rel(RelationshipTypes.Supplies, "n-2", "n-3", id: "r-new"))));
            Assert.Null(mapped.Snapshot.FindEntity("n-1"));
            Assert.Equal("Two Updated", mapped.Snapshot.FindEntity("n-2")!.Name);
            Assert.Null(mapped.Snapshot.FindRelationship("r-10"));
            Assert.NotNull(mapped.Snapshot.FindRelationship("r-new"));

            // Compaction reads every record of the mapped base back.
            var compacted = mapped.Snapshot.Compact();
            Assert.Equal(Canonicals(mapped.Snapshot), Canonicals(compacted));
            expected = Canonicals(mapped.Snapshot);
        }

        await using var reopened = EmbeddedGraphStore.Open(_folder.Path);
        Assert.Equal(expected, Canonicals(reopened.Snapshot));
    }

    [Theory]
    [InlineData("header")] // the sequence in the header: the checksum fails
    [InlineData("arrays")] // a byte of the topology (the arrays start at the offset in header bytes 64–71)
    [InlineData("truncated")] // the last bytes missing
    [InlineData("version")] // a format this version does not read
    [InlineData("empty")] // a file of zero bytes
    [InlineData("garbage")] // not a snapshot at all
    public async Task Open_WithABadSnapshot_RebuildsFromSqliteAndAnswersTheSame(string damage)
    {
        await WriteGeneratedAsync(seed: 11, nodes: 1_200, edges: 4_000);

        var good = await AnswersOfAsync();
        var bytes = File.ReadAllBytes(SnapshotPath);
        switch (damage)
        {
            case "header": bytes[24] ^= 1; break;
            case "arrays": bytes[BitConverter.ToInt64(bytes, 64) + 200] ^= 0x40; break;
            case "truncated": bytes = bytes[..^100]; break;
            case "version": bytes[8] = 99; break;
            case "empty": bytes = []; break;
            case "garbage": bytes = [.. Enumerable.Range(0, 5_000).Select(i => (byte)(i * 31))]; break;
        }

        File.WriteAllBytes(SnapshotPath + ".copy", bytes);
        File.Move(SnapshotPath + ".copy", SnapshotPath, overwrite: true);
        await using (var store = EmbeddedGraphStore.Open(_folder.Path))
        {
            Assert.StartsWith("rebuilt: ", store.OpenedFrom, StringComparison.Ordinal);
            Assert.Equal(good, Answers(store.Snapshot));
            await store.SnapshotWrite;
        }

        // The rebuild wrote a good snapshot again.
        await using var again = EmbeddedGraphStore.Open(_folder.Path);
        Assert.Equal("snapshot", again.OpenedFrom);
        Assert.Equal(good, Answers(again.Snapshot));
    }

    [Fact]
    public async Task Open_WithACorruptRecord_FailsLoudlyWhenTheRecordIsRead()
    {
        await WriteGeneratedAsync(seed: 5, nodes: 1_200, edges: 4_000);

        // Records are not read on open (they are most of the file); each carries a hash checked when it is read.
        var bytes = File.ReadAllBytes(SnapshotPath);
        var nodes = BitConverter.ToInt32(bytes, 12);
        var recordsAt = BitConverter.ToInt64(bytes, 48);
        var firstEdgeRecord = recordsAt + BitConverter.ToInt64(bytes, 128 + (8 * nodes));
        bytes[firstEdgeRecord + 40] ^= 0x20;
        File.WriteAllBytes(SnapshotPath + ".copy", bytes);
        File.Move(SnapshotPath + ".copy", SnapshotPath, overwrite: true);
        await using var opened = EmbeddedGraphStore.Open(_folder.Path);
        Assert.Equal("snapshot", opened.OpenedFrom);
        Assert.Throws<InvalidDataException>(() => opened.Snapshot.Relationship(0));
    }

    [Fact]
    public async Task Scan_OfAMappedBase_GivesEveryEntityAsReadOneByOne()
    {
        await WriteGeneratedAsync(seed: 11, nodes: 3_000, edges: 6_000);
        await using var opened = EmbeddedGraphStore.Open(_folder.Path);
        var nodes = Assert.IsType<MappedRecords<Entity>>(opened.Snapshot.Base.Nodes);
        var scanned = new List<(int Index, string Entity)>();
        nodes.Scan((index, entity) => scanned.Add((index, Canonical.Of(entity))));
        Assert.Equal(Enumerable.Range(0, nodes.Length), scanned.Select(s => s.Index));
        Assert.Equal(Enumerable.Range(0, nodes.Length).Select(n => Canonical.Of(nodes[n])), scanned.Select(s => s.Entity));
    }

    [Fact]
    public async Task Scan_OverACorruptEntityRecord_FailsLoudly()
    {
        await WriteGeneratedAsync(seed: 13, nodes: 1_200, edges: 4_000);
        var bytes = File.ReadAllBytes(SnapshotPath);
        var recordsAt = BitConverter.ToInt64(bytes, 48);
        var entityRecord = recordsAt + BitConverter.ToInt64(bytes, 128 + (8 * 600));
        bytes[entityRecord + 30] ^= 0x20;
        File.WriteAllBytes(SnapshotPath + ".copy", bytes);
        File.Move(SnapshotPath + ".copy", SnapshotPath, overwrite: true);
        await using var opened = EmbeddedGraphStore.Open(_folder.Path);
        var nodes = Assert.IsType<MappedRecords<Entity>>(opened.Snapshot.Base.Nodes);
        var seen = 0;
        Assert.Throws<InvalidDataException>(() => nodes.Scan((_, _) => seen++));
        Assert.Equal(600, seen);
    }

    [Fact]
    public async Task Open_ARecordReadAgain_IsTheRecordParsedBefore()
    {
        await WriteGeneratedAsync(seed: 9, nodes: 1_200, edges: 4_000);

        // A watch or a repeated query reads the same records each time: the file is not read and parsed again for them.
        await using var opened = EmbeddedGraphStore.Open(_folder.Path);
        Assert.Equal("snapshot", opened.OpenedFrom);
        Assert.Same(opened.Snapshot.Entity(7), opened.Snapshot.Entity(7));
        Assert.Same(opened.Snapshot.Relationship(11), opened.Snapshot.Relationship(11));
        Assert.True(opened.Snapshot.TryGetNode(opened.Snapshot.Entity(7).Id, out var seven) && seven == 7);
    }

    [Fact]
    public async Task Open_WithASnapshotAheadOfTheLog_RebuildsFromSqlite()
    {
        var other = Path.Combine(_folder.Path, "other");
        await using (var store = EmbeddedGraphStore.Open(other))
        {
            await store.ApplyAsync(Batch(Put(Company("x"))));
            await store.ApplyAsync(Generated(seed: 1, nodes: 1_200, edges: 4_000));
            await store.SnapshotWrite;
        }

        await using (var store = EmbeddedGraphStore.Open(_folder.Path))
        {
            await store.ApplyAsync(Batch(Put(Company("only"))));
        }

        ReplaceSnapshotWith(Path.Combine(other, SnapshotFile.FileName));
        await using var opened = EmbeddedGraphStore.Open(_folder.Path);
        Assert.StartsWith("rebuilt: the snapshot holds sequence", opened.OpenedFrom, StringComparison.Ordinal);
        Assert.Equal(["only"], opened.Snapshot.Entities.Select(e => e.Id));
    }

    [Fact]
    public async Task Open_WithASnapshotOfAnotherLogAtTheSameSequence_RebuildsFromSqlite()
    {
        var other = Path.Combine(_folder.Path, "other");
        await using (var store = EmbeddedGraphStore.Open(other))
        {
            await store.ApplyAsync(Generated(seed: 2, nodes: 1_200, edges: 4_000));
            await store.SnapshotWrite;
        }

        await WriteGeneratedAsync(seed: 4, nodes: 1_100, edges: 3_000);

        var expected = await AnswersOfAsync();
        ReplaceSnapshotWith(Path.Combine(other, SnapshotFile.FileName));
        await using var opened = EmbeddedGraphStore.Open(_folder.Path);
        Assert.Equal("rebuilt: the snapshot does not match the log entry 1", opened.OpenedFrom);
        Assert.Equal(expected, Answers(opened.Snapshot));
    }

    [Fact]
    public async Task Open_ALeftoverTemporaryFileOfADeadWriter_IsIgnoredAndRemoved()
    {
        await WriteGeneratedAsync(seed: 9, nodes: 1_200, edges: 4_000);

        // No process has this id on Linux (pid_max is at most 2^22).
        var leftover = SnapshotPath + ".2147483646.tmp";
        File.WriteAllBytes(leftover, [1, 2, 3]);
        File.Delete(SnapshotPath);
        await using var opened = EmbeddedGraphStore.Open(_folder.Path);
        await opened.SnapshotWrite;
        Assert.False(File.Exists(leftover));
        Assert.True(File.Exists(SnapshotPath));
    }

    [Fact]
    public async Task Open_WhereNoSnapshotCanBeWritten_BuildsTheGraphInMemoryWithTheSameAnswers()
    {
        await WriteGeneratedAsync(seed: 13, nodes: 1_300, edges: 5_000);

        File.Delete(SnapshotPath);
        List<string> streamed;
        await using (var store = EmbeddedGraphStore.Open(_folder.Path))
        {
            Assert.IsType<MappedRecords<Entity>>(store.Snapshot.Base.Nodes);
            streamed = Answers(store.Snapshot);
        }

        // A directory where this process's temporary file would go: the streamed rebuild cannot write it.
        File.Delete(SnapshotPath);
        Directory.CreateDirectory($"{SnapshotPath}.{Environment.ProcessId}.tmp");
        await using var inMemory = EmbeddedGraphStore.Open(_folder.Path);
        Assert.IsType<ArrayRecords<Entity>>(inMemory.Snapshot.Base.Nodes);
        Assert.Equal(streamed, Answers(inMemory.Snapshot));
    }

    [Fact]
    public async Task Write_ThatRebuildsTheBase_LeavesItsRecordsInTheSnapshotFileOnceWritten()
    {
        await using var store = EmbeddedGraphStore.Open(_folder.Path);
        await store.ApplyAsync(Generated(seed: 17, nodes: 1_400, edges: 5_000));
        var asBuilt = Answers(store.Snapshot);
        var built = store.Snapshot.Base;
        await store.SnapshotWrite;

        // The same graph, its records now read from the file (a rebuild makes objects); the arrays are the ones built.
        Assert.IsType<MappedRecords<Entity>>(store.Snapshot.Base.Nodes);
        Assert.IsType<MappedRecords<Relationship>>(store.Snapshot.Base.Edges);
        Assert.Same(built.Topology, store.Snapshot.Base.Topology);
        Assert.Equal(asBuilt, Answers(store.Snapshot));

        await store.ApplyAsync(Batch(Put(Company("after")), Put(Rel(RelationshipTypes.Supplies, "after", "n-1", id: "after-r"))));
        Assert.Equal("n-1", store.Snapshot.FindRelationship("after-r")!.To);
    }

    /// <summary>Opens the store from its snapshot, then without it, and compares the answers.</summary>
    private async Task AssertSnapshotAnswersAsRebuild()
    {
        List<string> fromSnapshot;
        await using (var store = EmbeddedGraphStore.Open(_folder.Path))
        {
            Assert.Equal("snapshot", store.OpenedFrom);
            fromSnapshot = Answers(store.Snapshot);
        }

        File.Delete(SnapshotPath);
        await using var rebuilt = EmbeddedGraphStore.Open(_folder.Path);
        Assert.Equal("rebuilt: no snapshot file", rebuilt.OpenedFrom);
        Assert.Equal(Answers(rebuilt.Snapshot), fromSnapshot);
        await rebuilt.SnapshotWrite;
    }

    /// <summary>Puts another store's snapshot in place the way a writer does (a rename: the old one may still be open).</summary>
    private void ReplaceSnapshotWith(string otherSnapshot)
    {
        File.Copy(otherSnapshot, SnapshotPath + ".copy");
        File.Move(SnapshotPath + ".copy", SnapshotPath, overwrite: true);
    }

    private async Task<List<string>> AnswersOfAsync()
    {
        await using var store = EmbeddedGraphStore.Open(_folder.Path);
        return Answers(store.Snapshot);
    }

    private static string[] Canonicals(GraphSnapshot g) =>
        [.. g.Entities.Select(Canonical.Of).Concat(g.Relationships.Select(Canonical.Of)).Order(StringComparer.Ordinal)];

    /// <summary>What queries answer on the graph, independent of its node and edge numbering.</summary>
    private static List<string> Answers(GraphSnapshot g)
    {
        var answers = new List<string>(Canonicals(g)) { g.Sequence.ToString(CultureInfo.InvariantCulture) };
        answers.AddRange(g.CountByType().Select(kv => $"{kv.Key}={kv.Value}"));
        string[] ids = [.. g.Entities.Select(e => e.Id).Order(StringComparer.Ordinal)];
        var sample = ids.Where((_, i) => i % Math.Max(1, ids.Length / 40) == 0).ToArray();
        for (var i = 0; i < sample.Length; i++)
        {
            var exposure = Exposure.Of(g, [sample[i]], ExposureQuery.Default);
            answers.Add($"exposure {sample[i]} {exposure.Score:R} " + string.Join(",", exposure.Hits.Select(h => $"{h.Party.Id}/{h.Hops}").Order(StringComparer.Ordinal)));
            var to = sample[(i + 1) % sample.Length];
            var path = Paths.ShortestCanonical(g, sample[i], to, PathQuery.Default);
            answers.Add($"path {sample[i]} {to} " + (path is null ? "none" : string.Join(">", path.Nodes.Select(n => n.Id))));
            var name = g.FindEntity(sample[i])!.Name;
            answers.Add($"find {name} " + string.Join(",", g.Find(name, 5).Select(m => $"{m.Entity.Id}:{m.Score:R}")));
            g.TryGetNode(sample[i], out var node);
            answers.Add($"edges {sample[i]} " + string.Join(",", g.EdgesAt(node, Direction.Both).Select(e => g.Relationship(e).Id).Order(StringComparer.Ordinal)));
        }

        return answers;
    }

    /// <summary>A random graph with names, countries, labels, shares, validity dates and a list with listings.</summary>
    private static ChangeBatch Generated(int seed, int nodes, int edges)
    {
        var random = new Random(seed);
        string[] countries = ["China", "Germany", "United States", "Netherlands", "Hong Kong"];
        var changes = new List<Change> { Put(List("list-a")) };
        for (var i = 0; i < nodes; i++)
        {
            changes.Add(Put(Company($"n-{i}", $"Company {i} {(char)('A' + random.Next(26))}") with { Country = countries[random.Next(countries.Length)] }));
        }

        string[] types = [RelationshipTypes.Owns, RelationshipTypes.Supplies, RelationshipTypes.Controls];
        for (var i = 0; i < edges; i++)
        {
            var type = types[random.Next(types.Length)];
            var from = random.Next(nodes);
            var to = (from + 1 + random.Next(nodes - 1)) % nodes;
            var validFrom = random.Next(4) == 0 ? new DateOnly(2015 + random.Next(10), 1 + random.Next(12), 1) : (DateOnly?)null;
            changes.Add(Put(Rel(type, $"n-{from}", $"n-{to}", share: type == RelationshipTypes.Owns ? Math.Round(random.NextDouble(), 2) : null, id: $"r-{i}", validFrom: validFrom)));
        }

        for (var i = 0; i < nodes / 50; i++)
        {
            changes.Add(Put(Rel(RelationshipTypes.ListedOn, $"n-{random.Next(nodes)}", "list-a", id: $"listed-{i}")));
        }

        return new ChangeBatch(changes, $"generated {seed}");
    }
}
