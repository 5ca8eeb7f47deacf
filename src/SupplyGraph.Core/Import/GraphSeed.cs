using SupplyGraph.Core.Model;
using SupplyGraph.Core.Storage;

namespace SupplyGraph.Core.Import;

/// <summary>The seed graph shipped in the repository's <c>graph-seed/</c> folder.</summary>
public static class GraphSeed
{
    /// <summary>The folder name.</summary>
    public const string FolderName = "graph-seed";

    /// <summary>
    /// Finds <c>graph-seed/</c>: the environment variable <c>SUPPLYGRAPH_SEED</c>, else the first
    /// <c>graph-seed</c> folder in the given start folders or any folder above them.
    /// </summary>
    /// <param name="startFolders">Where to start looking (e.g. the current folder and the app's folder).</param>
    /// <returns>The folder, or null.</returns>
    public static string? Locate(params string[] startFolders)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("SUPPLYGRAPH_SEED");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return Directory.Exists(fromEnvironment) ? Path.GetFullPath(fromEnvironment) : null;
        }

        foreach (var start in startFolders)
        {
            for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, FolderName);
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>Imports every file of the seed folder as one atomic batch.</summary>
    /// <param name="store">The store.</param>
    /// <param name="seedFolder">The seed folder.</param>
    /// <param name="progress">Receives progress.</param>
    /// <param name="cancellationToken">Cancels before commit.</param>
    /// <returns>What was committed.</returns>
    /// <exception cref="InvalidInputException">A seed file is invalid; nothing was written.</exception>
    public static Task<CommitResult> LoadAsync(EmbeddedGraphStore store, string seedFolder, IProgress<ApplyProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        return store.ApplyAsync(SeedBatch(store.Snapshot, seedFolder), progress, cancellationToken);
    }

    /// <summary>
    /// Opens the store in <paramref name="dataDirectory"/>, seeding it when its log is empty. The check and the seed
    /// are one write, so two processes starting on a new folder at once seed it once.
    /// </summary>
    /// <param name="dataDirectory">The data folder.</param>
    /// <param name="seedFolder">The seed folder, or null to leave a new store empty.</param>
    /// <param name="progress">Receives progress of the seed.</param>
    /// <returns>The open store, and what the seed committed (null when the store was not new).</returns>
    public static async Task<(EmbeddedGraphStore Store, CommitResult? Seeded)> OpenOrSeedAsync(string dataDirectory, string? seedFolder, IProgress<ApplyProgress>? progress = null)
    {
        var store = EmbeddedGraphStore.Open(dataDirectory);
        if (seedFolder is null || store.Snapshot.Sequence != 0)
        {
            return (store, null);
        }

        try
        {
            var seeded = await store.ApplyAsync(graph => graph.Sequence == 0 ? SeedBatch(graph, seedFolder) : null, progress).ConfigureAwait(false);
            return (store, seeded);
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Opens the store in <paramref name="dataDirectory"/>, seeding it when its log is empty.</summary>
    /// <param name="dataDirectory">The data folder.</param>
    /// <param name="seedFolder">The seed folder, or null to leave a new store empty.</param>
    /// <returns>The open store.</returns>
    public static async Task<EmbeddedGraphStore> OpenOrCreateAsync(string dataDirectory, string? seedFolder) =>
        (await OpenOrSeedAsync(dataDirectory, seedFolder).ConfigureAwait(false)).Store;

    private static ChangeBatch SeedBatch(Engine.GraphSnapshot graph, string seedFolder)
    {
        var session = new ImportSession(graph);
        session.AddDirectory(seedFolder);
        return session.ToBatch("seed graph from " + FolderName);
    }
}
