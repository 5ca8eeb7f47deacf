using System.Diagnostics;
using System.Text;
using Microsoft.Data.Sqlite;
using SupplyGraph.Core.Storage;
using SupplyGraph.Core.Tests.Support;

namespace SupplyGraph.Cli.Tests;

/// <summary>A process killed with SIGKILL in the middle of a large import leaves the store exactly as before.</summary>
public sealed class CrashTests : IDisposable
{
    private const int Entities = 150_000;
    private readonly TempFolder _folder = new();

    private string Data => Path.Combine(_folder.Path, "data");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Import_KilledMidWrite_LeavesStoreAsBefore()
    {
        Assert.Equal(0, (await CliRunner.RunAsync("init", "--data", Data, "--seed", RepoPaths.Seed, "--quiet")).ExitCode);
        var before = await SnapshotOfDiskAsync();
        var big = WriteLargeImport();

        using var process = Process.Start(CliRunner.StartInfo(Data, "import", big))!;
        // At the first progress line of the write: the one transaction is open. Since the row writer binds UTF-8 the
        // whole write takes about a second, and CI once saw the import commit between "writing 20000/" and a kill sent
        // through a `kill` process started after it.
        var midWrite = await WaitForLineAsync(process, line => line.StartsWith("writing ", StringComparison.Ordinal), TimeSpan.FromMinutes(2));
        Assert.True(midWrite, "the import never reported writing progress");
        Assert.False(process.HasExited, "the import finished before it could be killed");

        // SIGKILL (what Process.Kill sends on Linux), as `kill -9`: no handler, no finally block, no flush runs in the child.
        process.Kill();

        await process.WaitForExitAsync();
        Assert.Equal(137, process.ExitCode);

        var after = await SnapshotOfDiskAsync();
        Assert.Equal(before, after);
        Assert.Equal("ok", IntegrityCheck());

        // The store is usable, and the same import now goes through.
        using var again = Process.Start(CliRunner.StartInfo(Data, "import", big, "--quiet"))!;
        var output = await again.StandardOutput.ReadToEndAsync();
        await again.WaitForExitAsync();
        Assert.True(again.ExitCode == 0, output + await again.StandardError.ReadToEndAsync());
        await using var store = EmbeddedGraphStore.Open(Data);
        Assert.Equal(before.Entities + Entities, store.Snapshot.LiveNodeCount);
    }

    [Fact]
    public async Task ChunkedImport_KilledMidway_LeavesStoreAtAChunkBoundaryWithLogAndDataAgreeing()
    {
        const int Chunk = 20_000;
        Assert.Equal(0, (await CliRunner.RunAsync("init", "--data", Data, "--seed", RepoPaths.Seed, "--quiet")).ExitCode);
        var before = await SnapshotOfDiskAsync();
        var big = WriteLargeImport();

        using var process = Process.Start(CliRunner.StartInfo(Data, "import", big, "--commit-every", Chunk.ToString(System.Globalization.CultureInfo.InvariantCulture)))!;
        // Three chunks are committed once the fourth is being written.
        var midWrite = await WaitForLineAsync(process, line => line.StartsWith($"writing {(3 * Chunk) + 5_000}/", StringComparison.Ordinal), TimeSpan.FromMinutes(3));
        Assert.True(midWrite, "the import never reported writing the fourth chunk");
        Assert.False(process.HasExited, "the import finished before it could be killed");
        using (var kill = Process.Start("kill", ["-9", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await process.WaitForExitAsync();
        Assert.Equal(137, process.ExitCode);
        Assert.Equal("ok", IntegrityCheck());

        // The tables (what the store loads) and the log (what followers replay) hold the same graph.
        await using (var store = EmbeddedGraphStore.Open(Data))
        {
            var tables = store.Snapshot;
            var replayed = Core.Engine.GraphSnapshot.Empty;
            var log = await store.ChangesSinceAsync(0, 1_000);
            foreach (var entry in log)
            {
                replayed = replayed.Apply(entry.Sequence, entry.Changes);
            }

            Assert.Equal(tables.Sequence, replayed.Sequence);
            Assert.Equal(tables.Entities.Select(Canonical.Of).Order(), replayed.Entities.Select(Canonical.Of).Order());
            Assert.Equal(tables.Relationships.Select(Canonical.Of).Order(), replayed.Relationships.Select(Canonical.Of).Order());

            // A chunk boundary: whole chunks of the import, at least the three written before the kill, none half, not
            // all of them. How many more than three land before the signal does depends on the machine (a chunk takes
            // ~0.1 s since the row writer binds UTF-8: CI at load 10 saw seven).
            var chunks = tables.Sequence - before.Sequence;
            var allChunks = ((2 * Entities) - 1 + Chunk - 1) / Chunk;
            Assert.InRange(chunks, 3, allChunks - 1);
            Assert.All(log.Where(e => e.Sequence > before.Sequence), e => Assert.Equal(Chunk, e.Changes.Count));
            var added = (tables.LiveNodeCount - before.Entities) + (tables.LiveEdgeCount - before.Relationships);
            Assert.Equal(chunks * Chunk, added);
        }

        // Running the same import again completes it: records keep their ids, so the committed chunks are updated in place.
        using var again = Process.Start(CliRunner.StartInfo(Data, "import", big, "--commit-every", Chunk.ToString(System.Globalization.CultureInfo.InvariantCulture), "--quiet"))!;
        var output = await again.StandardOutput.ReadToEndAsync();
        await again.WaitForExitAsync();
        Assert.True(again.ExitCode == 0, output + await again.StandardError.ReadToEndAsync());
        await using var complete = EmbeddedGraphStore.Open(Data);
        Assert.Equal(before.Entities + Entities, complete.Snapshot.LiveNodeCount);
        Assert.Equal(before.Relationships + Entities - 1, complete.Snapshot.LiveEdgeCount);
    }

    [Fact]
    public async Task Import_KilledWhileWritingTheSnapshotFile_OpensWithEveryCommittedChange()
    {
        Assert.Equal(0, (await CliRunner.RunAsync("init", "--data", Data, "--seed", RepoPaths.Seed, "--quiet")).ExitCode);
        var before = await SnapshotOfDiskAsync();
        var big = WriteLargeImport();

        // The import commits, rebuilds the graph, then writes the snapshot file in the background before it exits.
        using var process = Process.Start(CliRunner.StartInfo(Data, "import", big, "--quiet"))!;
        var drain = Task.WhenAll(process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        var temp = Path.Combine(Data, $"graph.snapshot.{process.Id}.tmp");
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (LengthOf(temp) < 1_000_000 && !process.HasExited && DateTime.UtcNow < deadline)
        {
            await Task.Delay(1);
        }

        // SIGKILL at once (Process.Kill sends it on Unix, as `kill -9`): the file is tens of megabytes, so it is torn.
        var seen = LengthOf(temp) >= 1_000_000;
        process.Kill();
        Assert.True(seen, "the import was not seen writing its snapshot file");
        await process.WaitForExitAsync();
        await drain;
        Assert.Equal(137, process.ExitCode);
        Assert.True(File.Exists(temp), "the torn snapshot file is left behind, as a kill leaves it");

        // Every committed change is there (the import committed before the snapshot was written), and the graph is the
        // one a rebuild from SQLite gives.
        var afterKill = await RecordsOnDiskAsync();
        Assert.Equal(before.Entities + Entities, afterKill.Entities);
        Assert.Equal(before.Sequence + 1, afterKill.Sequence);
        File.Delete(Path.Combine(Data, "graph.snapshot"));
        Assert.Equal(afterKill, await RecordsOnDiskAsync());

        // That open wrote a whole snapshot again and removed the dead writer's file; opening from it gives the same graph.
        Assert.False(File.Exists(temp));
        Assert.True(File.Exists(Path.Combine(Data, "graph.snapshot")));
        Assert.Equal(afterKill, await RecordsOnDiskAsync());
    }

    private static long LengthOf(string path)
    {
        try
        {
            return new FileInfo(path).Length;
        }
        catch (FileNotFoundException)
        {
            return 0;
        }
    }

    /// <summary>The store's records in id order, whatever numbering the open gave them (snapshot or rebuild).</summary>
    private async Task<(int Entities, long Sequence, string Digest)> RecordsOnDiskAsync()
    {
        await using var store = EmbeddedGraphStore.Open(Data);
        var g = store.Snapshot;
        var records = g.Entities.Select(Canonical.Of).Concat(g.Relationships.Select(Canonical.Of)).Order(StringComparer.Ordinal);
        var digest = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", records)));
        return (g.LiveNodeCount, g.Sequence, Convert.ToHexString(digest));
    }

    private async Task<(int Entities, int Relationships, long Sequence, string Digest)> SnapshotOfDiskAsync()
    {
        await using var store = EmbeddedGraphStore.Open(Data);
        var g = store.Snapshot;
        var digest = new StringBuilder();
        foreach (var e in g.Entities)
        {
            digest.Append(Canonical.Of(e).GetHashCode(StringComparison.Ordinal)).Append(',');
        }

        foreach (var r in g.Relationships)
        {
            digest.Append(Canonical.Of(r).GetHashCode(StringComparison.Ordinal)).Append(',');
        }

        return (g.NodeCount, g.EdgeCount, g.Sequence, Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(digest.ToString()))));
    }

    private string IntegrityCheck()
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(Data, EmbeddedGraphStore.FileName)};Pooling=False");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA integrity_check";
        return (string)cmd.ExecuteScalar()!;
    }

    private string WriteLargeImport()
    {
        var path = Path.Combine(_folder.Path, "large.json");
        using var w = new StreamWriter(path);
        w.WriteLine("{\"entities\": [");
        for (var i = 0; i < Entities; i++)
        {
            w.WriteLine($"  {{\"id\": \"bulk-{i}\", \"labels\": [\"Company\"], \"name\": \"Bulk Supplier {i}\", \"country\": \"Nowhere\"}}{(i + 1 < Entities ? "," : "")}");
        }

        w.WriteLine("], \"relationships\": [");
        for (var i = 1; i < Entities; i++)
        {
            w.WriteLine($"  {{\"type\": \"SUPPLIES\", \"from\": \"bulk-{i}\", \"to\": \"bulk-{i / 2}\", \"provenance\": {{\"source\": \"generated\", \"quote\": \"row {i}\"}}}}{(i + 1 < Entities ? "," : "")}");
        }

        w.WriteLine("]}");
        return path;
    }

    private static async Task<bool> WaitForLineAsync(Process process, Func<string, bool> predicate, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (await process.StandardError.ReadLineAsync(cts.Token) is { } line)
            {
                if (predicate(line))
                {
                    return true;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        return false;
    }
}
