using System.Diagnostics;
using System.Text.RegularExpressions;
using CsCheck;
using SupplyGraph.Core.Storage;
using SupplyGraph.Core.Tests.Support;
using SupplyGraph.Server.Tests.Fuzz;

namespace SupplyGraph.Cli.Tests;

/// <summary>
/// Mutated import files through the real CLI process: exit 0 or 3 (never a crash such as 134), every problem
/// printed as <c>file:line: …</c>, and a failed import leaves the store as it was.
/// </summary>
[Trait("Category", "Fuzz")]
public sealed partial class ImportFuzzTests
{
    private const int CiCases = 3;

    private static readonly string[] Seeds =
    [
        """{"entities": [{"id": "cli-fuzz", "labels": ["Company"], "name": "Cli Fuzz", "properties": {"n": 1}}], "relationships": [{"type": "SUPPLIES", "from": "cli-fuzz", "to": "intel", "provenance": {"source": "s"}}]}""",
        "id,labels,name,country\ncli-fuzz-2,Company,Cli Fuzz Two,US\n",
    ];

    [Fact]
    public async Task Import_MutatedFiles_RealProcess_ExitsCleanly()
    {
        using var folder = new TempFolder();
        var data = Path.Combine(folder.Path, "data");
        Assert.Equal(0, (await CliRunner.RunAsync("init", "--data", data, "--seed", RepoPaths.Seed, "--quiet")).ExitCode);
        var count = Mutations.Long ? Math.Min(Mutations.Iterations, 500) : CiCases;
        var tried = 0;
        await Check.SampleAsync(Mutations.Bodies(Seeds).Array[count], async bodies =>
        {
            foreach (var body in bodies)
            {
                var name = body.Length > 0 && body[0] == (byte)'{' ? "fuzz.json" : "fuzz.csv";
                var file = Path.Combine(folder.Path, name);
                await File.WriteAllBytesAsync(file, body);
                var before = await SequenceAsync(data);
                using var process = Process.Start(CliRunner.StartInfo(data, "import", file, "--quiet"))!;
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = await process.StandardError.ReadToEndAsync();
                await stdout;
                await process.WaitForExitAsync();
                var what = $"exit {process.ExitCode} for {Mutations.Show(body)}: {stderr}";
                Assert.True(process.ExitCode is 0 or 3, what);
                if (process.ExitCode == 3)
                {
                    var problems = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Where(l => !l.StartsWith('…')).ToList();
                    Assert.True(problems.Count > 0 && problems.All(l => Located().IsMatch(l)), what);
                    Assert.Equal(before, await SequenceAsync(data));
                }

                tried++;
            }
        }, seed: Mutations.Long ? null : Mutations.CiSeed, iter: 1, threads: 1);
        Assert.Equal(count, tried);
    }

    private static async Task<long> SequenceAsync(string data)
    {
        await using var store = EmbeddedGraphStore.Open(data);
        return store.Snapshot.Sequence;
    }

    [GeneratedRegex(@"^fuzz\.(json|csv):\d+: ")]
    private static partial Regex Located();
}
