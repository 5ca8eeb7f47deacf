using System.Diagnostics;
using SupplyGraph.Cli.Commands;

namespace SupplyGraph.Cli.Tests;

public sealed record CliResult(int ExitCode, string Out, string Error);

public static class CliRunner
{
    /// <summary>Runs the CLI in this process (fast; same code as the executable's Main).</summary>
    public static async Task<CliResult> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs the CLI in this process with <paramref name="stdin"/> as its input (not a terminal).</summary>
    public static async Task<CliResult> RunWithInputAsync(string stdin, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr, default, new StringReader(stdin));
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The built CLI, for tests that need a real process.</summary>
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "SupplyGraph.Cli.dll");

    public static ProcessStartInfo StartInfo(string dataFolder, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Dll);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["SUPPLYGRAPH_DATA"] = dataFolder;
        return info;
    }
}
