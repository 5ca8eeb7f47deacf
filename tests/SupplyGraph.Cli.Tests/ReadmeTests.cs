using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using SupplyGraph.Core.Tests.Support;

namespace SupplyGraph.Cli.Tests;

/// <summary>
/// The README and docs/ as a new user reads them: every <c>scripts/supplygraph</c> command they show runs, top to
/// bottom, on a fresh data folder (the first command seeds it), through a real shell and the built CLI. Where a
/// transcript shows output (<c>$ scripts/supplygraph …</c> followed by lines), the output must match, line by line,
/// up to a line "…" that elides the rest; times and review ids may differ.
/// </summary>
public sealed partial class ReadmeTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>A command a document shows, where, and the output it shows (null: none shown, exit 0 expected).</summary>
    public sealed record Shown(string File, int Line, string Command, IReadOnlyList<string>? Output);

    [Fact]
    public async Task Readme_EveryCliCommandTopToBottom_RunsAndShowsWhatTheDocumentShows()
    {
        var documents = new[] { "README.md" }.Concat(Directory.GetFiles(Path.Combine(RepoPaths.Root, "docs"), "*.md").Order(StringComparer.Ordinal).Select(f => Path.Combine("docs", Path.GetFileName(f))));
        var shown = documents.SelectMany(d => Parse(d, File.ReadAllLines(Path.Combine(RepoPaths.Root, d)))).ToList();
        Assert.True(shown.Count(s => s.Output is not null) >= 4, "the README's transcripts were not found: " + string.Join("; ", shown.Select(s => s.Command)));

        var problems = new StringBuilder();
        foreach (var s in shown)
        {
            var (code, output, error) = await RunAsync(s.Command);
            var where = $"{s.File}:{s.Line}: {s.Command}";
            if (code != 0)
            {
                problems.AppendLine($"{where}\n  exit {code}: {error.Trim()}");
                continue;
            }

            if (s.Output is not null && Compare(s.Output, output) is { } difference)
            {
                problems.AppendLine($"{where}\n{difference}\n  whole output:\n{output}");
            }
        }

        Assert.True(problems.Length == 0, problems.ToString());
    }

    /// <summary>The CLI commands of a document, with the output shown after a <c>$</c> prompt.</summary>
    public static IEnumerable<Shown> Parse(string file, IReadOnlyList<string> lines)
    {
        var inBlock = false;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inBlock = !inBlock;
                continue;
            }

            if (!inBlock)
            {
                continue;
            }

            if (line.StartsWith("$ scripts/supplygraph ", StringComparison.Ordinal))
            {
                var output = new List<string>();
                for (var j = i + 1; j < lines.Count && !lines[j].StartsWith("$ ", StringComparison.Ordinal) && !lines[j].StartsWith("```", StringComparison.Ordinal); j++)
                {
                    output.Add(lines[j]);
                }

                while (output.Count > 0 && output[^1].Length == 0)
                {
                    output.RemoveAt(output.Count - 1);
                }

                yield return new Shown(file, i + 1, line[2..], output);
            }
            else if (line.StartsWith("scripts/supplygraph ", StringComparison.Ordinal) && Runnable(line))
            {
                yield return new Shown(file, i + 1, StripComment(line), null);
            }
        }
    }

    /// <summary>
    /// Commands that need what a fresh data folder and no terminal cannot give are left out: the interactive Cypher
    /// shell (no query), and a watch through a server (the walk-through starts one in another terminal; the server
    /// tests cover it).
    /// </summary>
    private static bool Runnable(string line)
    {
        var command = StripComment(line);
        return command != "scripts/supplygraph cypher" && !command.Contains("--server", StringComparison.Ordinal);
    }

    private static string StripComment(string line)
    {
        var hash = line.IndexOf("  #", StringComparison.Ordinal);
        return (hash < 0 ? line : line[..hash]).TrimEnd();
    }

    /// <summary>Null when the output shows what the document shows; else the first differing line.</summary>
    public static string? Compare(IReadOnlyList<string> expected, string actual)
    {
        var lines = actual.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        for (var i = 0; i < expected.Count; i++)
        {
            if (expected[i] == "…")
            {
                return null;
            }

            var got = i < lines.Length ? lines[i] : "(nothing)";
            if (Normalise(expected[i]) != Normalise(got))
            {
                return $"  line {i + 1}: the document shows\n    {expected[i]}\n  the CLI printed\n    {got}";
            }
        }

        return lines.Length > expected.Count ? $"  the CLI printed {lines.Length - expected.Count} more line(s) from\n    {lines[expected.Count]}" : null;
    }

    private static string Normalise(string line) =>
        ReviewId().Replace(Duration().Replace(line.TrimEnd(), "<time>"), "rv-<id>");

    [GeneratedRegex(@"\b\d+(\.\d+)? ?(ms|s)\b")]
    private static partial Regex Duration();

    [GeneratedRegex(@"rv-[0-9a-f]{16}")]
    private static partial Regex ReviewId();

    /// <summary>Runs a documented command line in bash from the repository root, with the built CLI as scripts/supplygraph.</summary>
    private async Task<(int Code, string Out, string Error)> RunAsync(string command)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepoPaths.Root };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("supplygraph_cli() { dotnet \"$SUPPLYGRAPH_CLI_DLL\" \"$@\"; }\n" + command.Replace("scripts/supplygraph ", "supplygraph_cli ", StringComparison.Ordinal));
        info.Environment["SUPPLYGRAPH_CLI_DLL"] = CliRunner.Dll;
        info.Environment["SUPPLYGRAPH_DATA"] = Path.Combine(_folder.Path, "data");
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
