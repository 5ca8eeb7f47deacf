namespace SupplyGraph.Core.Tests.Support;

/// <summary>Locates the repository's folders and the shared data beside the repository.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Seed => Path.Combine(Root, "graph-seed");

    /// <summary>The shared folder (seed documents, data, TCK) beside the repository; CI clones it there.</summary>
    public static string Shared => Environment.GetEnvironmentVariable("SUPPLYGRAPH_SHARED") is { Length: > 0 } s ? s : Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SupplyGraph.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("cannot find SupplyGraph.sln above " + AppContext.BaseDirectory);
    }
}
