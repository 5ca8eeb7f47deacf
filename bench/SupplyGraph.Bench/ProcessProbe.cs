using System.Diagnostics;
using System.Globalization;

namespace SupplyGraph.Bench;

/// <summary>What the harnesses measure of the processes they start (Linux <c>/proc</c>), and how they start them.</summary>
internal static class ProcessProbe
{
    /// <summary>Runs a program to its end; throws when it fails.</summary>
    public static async Task ExecAsync(string file, string workingDirectory, params string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args) { WorkingDirectory = workingDirectory })!;
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed");
        }
    }

    /// <summary>User + system CPU seconds of a process so far.</summary>
    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>Resident memory now, in bytes.</summary>
    public static long Rss(int pid) => Status(pid, "VmRSS:");

    /// <summary>Peak resident memory, in bytes.</summary>
    public static long Peak(int pid) => Status(pid, "VmHWM:");

    private static long Status(int pid, string key) =>
        File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith(key, StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024).FirstOrDefault();
}
