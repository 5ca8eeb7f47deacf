using SupplyGraph.Core.Import;
using SupplyGraph.Core.Storage;

namespace SupplyGraph.Cli.Commands;

public static class InitCommand
{
    public static async Task<int> RunAsync(CliContext cx)
    {
        var dir = cx.DataDirectory;
        var force = cx.Line.Flag("force");
        var empty = cx.Line.Flag("empty");
        var seed = empty ? null : cx.Line.Option("seed") ?? GraphSeed.Locate(Environment.CurrentDirectory, AppContext.BaseDirectory);
        if (!empty && (seed is null || !Directory.Exists(seed)))
        {
            throw new UsageException("cannot find the graph-seed folder; pass --seed DIR (or --empty for an empty store)");
        }

        if (EmbeddedGraphStore.Exists(dir))
        {
            if (!force)
            {
                throw new UsageException($"a store already exists in {Path.GetFullPath(dir)}; use --force to replace it");
            }

            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(Path.Combine(dir, EmbeddedGraphStore.FileName + suffix));
            }
        }

        await using var store = EmbeddedGraphStore.Open(dir);
        if (seed is not null)
        {
            try
            {
                await GraphSeed.LoadAsync(store, seed, ImportCommand.Progress(cx), cx.CancellationToken);
            }
            catch
            {
                await store.DisposeAsync();
                File.Delete(store.FilePath);
                throw;
            }
        }

        var stats = await store.GetStatisticsAsync(cx.CancellationToken);
        await cx.Out.WriteLineAsync($"created {store.FilePath}: {stats.Entities} entities, {stats.Relationships} relationships" + (seed is null ? "" : $" from {seed}"));
        return CliApp.Ok;
    }
}
