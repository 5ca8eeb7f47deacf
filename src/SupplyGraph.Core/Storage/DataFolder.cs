namespace SupplyGraph.Core.Storage;

/// <summary>
/// Where the embedded store lives when nothing else is said. The CLI and the server resolve it the same way and
/// neither depends on the folder it is started from, so both open one store by default.
/// </summary>
public static class DataFolder
{
    /// <summary>The environment variable that names the data folder.</summary>
    public const string EnvironmentVariable = "SUPPLYGRAPH_DATA";

    /// <summary>
    /// The default: <c>supplygraph</c> in the user's local data folder (<c>$XDG_DATA_HOME</c>, else
    /// <c>~/.local/share</c> on Linux; <c>%LOCALAPPDATA%</c> on Windows).
    /// </summary>
    public static string Default =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "supplygraph");

    /// <summary>The explicit folder if given (<c>--data</c>, <c>SupplyGraph:DataDirectory</c>), else <c>$SUPPLYGRAPH_DATA</c>, else <see cref="Default"/>.</summary>
    /// <param name="explicitFolder">A folder given on the command line or in configuration, or null.</param>
    /// <returns>The full path of the folder.</returns>
    public static string Resolve(string? explicitFolder)
    {
        var folder = !string.IsNullOrWhiteSpace(explicitFolder) ? explicitFolder
            : Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment
            : Default;
        return Path.GetFullPath(folder);
    }
}
