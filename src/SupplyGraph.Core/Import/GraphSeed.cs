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
        var session = new ImportSession(store.Snapshot);
        session.AddDirectory(seedFolder);
        return store.ApplyAsync(session.ToBatch("seed graph from " + FolderName), progress, cancellationToken);
    }

    /// <summary>Opens the store in <paramref name="dataDirectory"/>, creating and seeding it when it does not exist yet.</summary>
    /// <param name="dataDirectory">The data folder.</param>
    /// <param name="seedFolder">The seed folder, or null to leave a new store empty.</param>
    /// <returns>The open store.</returns>
    public static async Task<EmbeddedGraphStore> OpenOrCreateAsync(string dataDirectory, string? seedFolder)
    {
        var isNew = !EmbeddedGraphStore.Exists(dataDirectory);
        var store = EmbeddedGraphStore.Open(dataDirectory);
        if (isNew && seedFolder is not null && store.Snapshot.Sequence == 0)
        {
            try
            {
                await LoadAsync(store, seedFolder).ConfigureAwait(false);
            }
            catch
            {
                await store.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        return store;
    }
}
