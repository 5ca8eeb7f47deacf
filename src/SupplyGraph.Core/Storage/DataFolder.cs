namespace SupplyGraph.Core.Storage;

/// <summary>Where the embedded store lives when nothing else is said: shared by the CLI and the server.</summary>
public static class DataFolder
{
    /// <summary>The environment variable that names the data folder.</summary>
    public const string EnvironmentVariable = "SUPPLYGRAPH_DATA";

    /// <summary>The explicit folder if given, else <c>$SUPPLYGRAPH_DATA</c>, else <c>./data</c>.</summary>
    /// <param name="explicitFolder">A folder given on the command line or in configuration, or null.</param>
    /// <returns>The full path of the folder.</returns>
    public static string Resolve(string? explicitFolder)
    {
        var folder = !string.IsNullOrWhiteSpace(explicitFolder) ? explicitFolder
            : Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment
            : "data";
        return Path.GetFullPath(folder);
    }
}
