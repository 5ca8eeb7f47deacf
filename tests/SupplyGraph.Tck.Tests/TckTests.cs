using System.Text;
using Xunit.Abstractions;

namespace SupplyGraph.Tck.Tests;

public sealed class TckTests
{
    private readonly ITestOutputHelper _output;

    public TckTests(ITestOutputHelper output) => _output = output;

    /// <summary>
    /// Runs every scenario, writes the totals per folder to <c>tck-report.txt</c> (printed by scripts/test.sh),
    /// and fails if a scenario listed in <c>expected-passing.txt</c> no longer passes or if any scenario ends in a .NET
    /// exception (a crash the user would see) instead of a Cypher error.
    /// </summary>
    [Fact]
    public void Tck_AllFeatures_NoRegressionAgainstExpectedPassingList()
    {
        var root = TckRunner.FeaturesDirectory();
        var scenarios = TckRunner.Load(root);
        Assert.NotEmpty(scenarios);
        var results = scenarios.Select(TckRunner.Run).ToList();

        var report = new StringBuilder();
        report.AppendLine($"openCypher TCK ({root})");
        foreach (var group in results.GroupBy(r => r.Scenario.Folder).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var pass = group.Count(r => r.Passed);
            var crashedHere = group.Count(r => r.Crashed);
            report.AppendLine($"  {group.Key,-32} {pass,4} / {group.Count(),4}  ({100.0 * pass / group.Count(),5:0.0} %)  {crashedHere,4} crashed");
        }

        var passed = results.Count(r => r.Passed);
        var crashed = results.Where(r => r.Crashed).ToList();
        report.AppendLine($"  {"TOTAL",-32} {passed,4} / {results.Count,4}  ({100.0 * passed / results.Count,5:0.0} %)  {crashed.Count,4} crashed (.NET exception, not a Cypher error)");
        var text = report.ToString();
        _output.WriteLine(text);
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "tck-report.txt"), text);
        File.WriteAllLines(
            Path.Combine(AppContext.BaseDirectory, "tck-failures.txt"),
            results.Where(r => !r.Passed).Select(r => $"{r.Scenario.Folder} | {r.Scenario.Id}\n    {r.Failure}"));
        File.WriteAllLines(
            Path.Combine(AppContext.BaseDirectory, "tck-passing.txt"),
            results.Where(r => r.Passed).Select(r => r.Scenario.Id).Order(StringComparer.Ordinal));

        var expectedFile = Path.Combine(AppContext.BaseDirectory, "expected-passing.txt");
        var expected = File.ReadAllLines(expectedFile).Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet(StringComparer.Ordinal);
        var byId = results.ToDictionary(r => r.Scenario.Id, StringComparer.Ordinal);
        var regressions = expected.Where(id => !byId.TryGetValue(id, out var r) || !r.Passed).ToList();
        Assert.True(
            crashed.Count == 0,
            $"{crashed.Count} scenarios ended in a .NET exception instead of a Cypher error:\n" + string.Join("\n", crashed.Take(30).Select(r => $"{r.Scenario.Id}: {r.Failure}")));
        Assert.True(
            regressions.Count == 0,
            $"{regressions.Count} scenarios expected to pass did not:\n" + string.Join("\n", regressions.Take(30).Select(id => byId.TryGetValue(id, out var r) ? $"{id}: {r.Failure}" : $"{id}: missing")));
    }
}
