namespace SupplyGraph.Tck.Tests;

/// <summary>The runner itself must be able to fail: wrong rows, wrong errors and wrong side effects are caught.</summary>
public sealed class TckRunnerTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sg-tck-" + Guid.NewGuid().ToString("N"));

    public TckRunnerTests() => Directory.CreateDirectory(Path.Combine(_dir, "demo"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Dictionary<string, ScenarioResult> Run(string feature)
    {
        File.WriteAllText(Path.Combine(_dir, "demo", "Demo.feature"), feature);
        return TckRunner.Load(_dir).Select(TckRunner.Run).ToDictionary(r => r.Scenario.Name);
    }

    private const string Header = "Feature: Demo\n\n";

    [Fact]
    public void Runner_RowsSideEffectsAndErrors_AreCompared()
    {
        var results = Run(Header + """
              Scenario: right rows
                Given an empty graph
                And having executed:
                  \"\"\"
                  CREATE (:A {num: 1}), (:A {num: 2})
                  \"\"\"
                When executing query:
                  \"\"\"
                  MATCH (a:A) RETURN a.num AS n ORDER BY n DESC
                  \"\"\"
                Then the result should be, in order:
                  | n |
                  | 2 |
                  | 1 |
                And no side effects

              Scenario: wrong order
                Given an empty graph
                When executing query:
                  \"\"\"
                  UNWIND [1, 2] AS x RETURN x
                  \"\"\"
                Then the result should be, in order:
                  | x |
                  | 2 |
                  | 1 |
                And no side effects

              Scenario: wrong value type
                Given any graph
                When executing query:
                  \"\"\"
                  RETURN 1.0 AS x
                  \"\"\"
                Then the result should be, in any order:
                  | x |
                  | 1 |
                And no side effects

              Scenario: wrong side effects
                Given an empty graph
                When executing query:
                  \"\"\"
                  CREATE (:A)
                  \"\"\"
                Then the result should be empty
                And the side effects should be:
                  | +nodes  | 2 |
                  | +labels | 1 |

              Scenario: right error
                Given any graph
                When executing query:
                  \"\"\"
                  RETURN x
                  \"\"\"
                Then a SyntaxError should be raised at compile time: UndefinedVariable

              Scenario: wrong error detail
                Given any graph
                When executing query:
                  \"\"\"
                  RETURN x
                  \"\"\"
                Then a SyntaxError should be raised at compile time: VariableTypeConflict

              Scenario: error expected but none raised
                Given any graph
                When executing query:
                  \"\"\"
                  RETURN 1 AS x
                  \"\"\"
                Then a SyntaxError should be raised at compile time: UndefinedVariable
            """.Replace("\\\"", "\"", StringComparison.Ordinal));

        Assert.True(results["right rows"].Passed, results["right rows"].Failure);
        Assert.True(results["right error"].Passed, results["right error"].Failure);
        Assert.False(results["wrong order"].Passed);
        Assert.False(results["wrong value type"].Passed);
        Assert.Contains("+nodes", results["wrong side effects"].Failure, StringComparison.Ordinal);
        Assert.False(results["wrong error detail"].Passed);
        Assert.False(results["error expected but none raised"].Passed);
    }

    [Fact]
    public void Gherkin_ScenarioOutline_ExpandsOnePerExampleRow()
    {
        var results = Run(Header + """
              Scenario Outline: doubling
                Given any graph
                When executing query:
                  \"\"\"
                  RETURN <a> * 2 AS x
                  \"\"\"
                Then the result should be, in any order:
                  | x   |
                  | <b> |
                And no side effects

                Examples:
                  | a | b  |
                  | 1 | 2  |
                  | 4 | 8  |
                  | 5 | 11 |
            """.Replace("\\\"", "\"", StringComparison.Ordinal));

        Assert.Equal(3, results.Count);
        Assert.True(results["doubling #1"].Passed, results["doubling #1"].Failure);
        Assert.True(results["doubling #2"].Passed, results["doubling #2"].Failure);
        Assert.False(results["doubling #3"].Passed);
    }

    [Fact]
    public void NamedGraph_BinaryTree1_IsBuiltFromTheSharedGraphsFolder()
    {
        var results = Run(Header + """
              Scenario: named graph
                Given the binary-tree-1 graph
                When executing query:
                  \"\"\"
                  MATCH (a:A)-[:KNOWS]->(b:X)
                  MATCH (n)
                  RETURN b.name AS name, count(n) AS nodes
                  \"\"\"
                Then the result should be, in any order:
                  | name | nodes |
                  | 'b1' | 13    |
                  | 'b2' | 13    |
                And no side effects

              Scenario: unknown named graph
                Given the binary-tree-9 graph
                When executing query:
                  \"\"\"
                  RETURN 1 AS x
                  \"\"\"
                Then the result should be, in any order:
                  | x |
                  | 1 |
            """.Replace("\\\"", "\"", StringComparison.Ordinal));

        Assert.True(results["named graph"].Passed, results["named graph"].Failure);
        Assert.False(results["unknown named graph"].Passed);
        Assert.Contains("binary-tree-9", results["unknown named graph"].Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Runner_DotNetException_CountsAsCrashButCypherErrorDoesNot()
    {
        var results = Run(Header + """
              Scenario: cypher error in setup
                Given an empty graph
                And having executed:
                  \"\"\"
                  RETURN x
                  \"\"\"
                When executing query:
                  \"\"\"
                  RETURN 1 AS x
                  \"\"\"
                Then the result should be empty

              Scenario: dotnet exception
                Given any graph
                And parameters are:
                  | p | 1 2 |
                When executing query:
                  \"\"\"
                  RETURN $p AS x
                  \"\"\"
                Then the result should be empty
            """.Replace("\\\"", "\"", StringComparison.Ordinal));

        Assert.False(results["cypher error in setup"].Passed);
        Assert.False(results["cypher error in setup"].Crashed);
        Assert.False(results["dotnet exception"].Passed);
        Assert.True(results["dotnet exception"].Crashed, results["dotnet exception"].Failure);
    }
}
