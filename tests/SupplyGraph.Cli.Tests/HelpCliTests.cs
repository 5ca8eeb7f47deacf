using System.CommandLine;
using System.Diagnostics;
using SupplyGraph.Cli.Commands;

namespace SupplyGraph.Cli.Tests;

/// <summary>Help, suggestions and completion from System.CommandLine's tree of the real commands.</summary>
public sealed class HelpCliTests
{
    /// <summary>Every visible command of the tree, with its subcommands ("review accept").</summary>
    public static TheoryData<string> Commands()
    {
        var data = new TheoryData<string>();
        void Walk(Command command, string prefix)
        {
            foreach (var c in command.Subcommands.Where(c => !c.Hidden))
            {
                data.Add(prefix + c.Name);
                Walk(c, prefix + c.Name + " ");
            }
        }

        Walk(CliCommands.Build((_, _, _) => Task.FromResult(0)), "");
        return data;
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Help_EveryCommand_ShowsItsUsageOptionsAndExamples(string command)
    {
        var words = command.Split(' ');
        var viaHelp = await CliRunner.RunAsync(["help", .. words]);
        var viaOption = await CliRunner.RunAsync([.. words, "--help"]);

        Assert.True(viaHelp.ExitCode == 0, viaHelp.Error);
        Assert.Equal(viaOption.Out, viaHelp.Out);
        Assert.Contains($"supplygraph {command}", viaHelp.Out, StringComparison.Ordinal);
        Assert.Contains("--help", viaHelp.Out, StringComparison.Ordinal);
        var examples = viaHelp.Out[viaHelp.Out.IndexOf("Examples:", StringComparison.Ordinal)..];
        Assert.Contains($"  supplygraph {command}", examples, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoArguments_PrintsTheCommandsAndExitsWithUsage()
    {
        var r = await CliRunner.RunAsync();
        Assert.Equal(CliApp.Usage, r.ExitCode);
        Assert.Contains("exposure <entity>", r.Out, StringComparison.Ordinal);
        Assert.Contains("Exit codes: 0 ok, 1 not found", r.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("did you mean path?", "pth", "sugon", "nettrix")] // a letter missing from the command
    [InlineData("did you mean exposure?", "exposrue", "sugon")] // two letters swapped
    [InlineData("did you mean --max-hops?", "exposure", "sugon", "--max-hop", "2")] // an option one letter short
    [InlineData("did you mean --status?", "review", "--stauts", "all")] // a subcommand's parent option
    [InlineData("unknown command 'approve'", "review", "approve", "rv-1")] // no review action is close
    public async Task Mistyped_IsAUsageErrorWithTheClosestName(string expected, params string[] args)
    {
        var r = await CliRunner.RunAsync(args);
        Assert.Equal(CliApp.Usage, r.ExitCode);
        Assert.Contains(expected, r.Error, StringComparison.Ordinal);
        Assert.Equal("", r.Out);
    }

    [Fact]
    public async Task HelpOfAnUnknownCommand_IsAUsageError()
    {
        var r = await CliRunner.RunAsync("help", "exposrue");
        Assert.Equal(CliApp.Usage, r.ExitCode);
        Assert.Contains("did you mean exposure?", r.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pat", 3, "path", "paths")] // a command
    [InlineData("path sugon nettrix --dir", 24, "--direction")] // an option of that command
    [InlineData("review ac", 9, "accept")] // a subcommand
    public async Task Complete_AtThePosition_ListsWhatFits(string line, int position, params string[] expected)
    {
        var r = await CliRunner.RunAsync("complete", "--position", position.ToString(System.Globalization.CultureInfo.InvariantCulture), "--", line);
        Assert.Equal(0, r.ExitCode);
        var offered = r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(expected, offered);
    }

    /// <summary>The completion script in a real bash, calling the real CLI as bash would on a Tab.</summary>
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task CompletionScript_InBash_CompletesAPartialOption()
    {
        using var folder = new SupplyGraph.Core.Tests.Support.TempFolder();
        var launcher = Path.Combine(folder.Path, "supplygraph");
        await File.WriteAllTextAsync(launcher, $"#!/bin/sh\nexec dotnet '{CliRunner.Dll}' \"$@\"\n");
        File.SetUnixFileMode(launcher, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var script = (await CliRunner.RunAsync("completion", "bash")).Out;
        var info = new ProcessStartInfo("bash") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["PATH"] = folder.Path + ":" + Environment.GetEnvironmentVariable("PATH");
        using var bash = Process.Start(info)!;
        await bash.StandardInput.WriteAsync(script + """

            COMP_LINE='supplygraph exposure sugon --rev'; COMP_POINT=${#COMP_LINE}
            _supplygraph_complete
            printf '%s\n' "${COMPREPLY[@]}"
            """);
        bash.StandardInput.Close();
        var output = await bash.StandardOutput.ReadToEndAsync();
        await bash.WaitForExitAsync();
        Assert.Equal("--reverse", output.Trim());
    }
}
