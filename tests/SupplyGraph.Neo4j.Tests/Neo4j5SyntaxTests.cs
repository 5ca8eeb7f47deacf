using System.Text.RegularExpressions;
using SupplyGraph.Core.Tests.Support;

namespace SupplyGraph.Neo4j.Tests;

/// <summary>
/// Neo4j 5 cannot run on this machine, so the Cypher the adapter generates is checked for constructs that 5.x removed
/// (or 3.1 lacks): it must run on both. Version-specific schema statements are chosen at run time and exempt.
/// </summary>
public sealed partial class Neo4j5SyntaxTests
{
    [Fact]
    public void GeneratedCypher_AvoidsWhatNeo4j5RemovedOr31Lacks()
    {
        var offenders = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "src", "SupplyGraph.Neo4j"), "*.cs"))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i];
                if (line.TrimStart().StartsWith("//", StringComparison.Ordinal) || line.Contains("CREATE CONSTRAINT", StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (Match literal in StringLiteral().Matches(line))
                {
                    if (Removed().IsMatch(literal.Value))
                    {
                        offenders.Add($"{Path.GetFileName(file)}:{i + 1}: {literal.Value}");
                    }
                }
            }
        }

        Assert.True(offenders.Count == 0, "Cypher that Neo4j 5 rejects or 3.1 lacks:\n" + string.Join("\n", offenders));
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex StringLiteral();

    // exists(prop), filter() and extract() were removed in 5; CALL { } and EXISTS { } subqueries do not exist in 3.1.
    // (Parameters are always $name: every statement passes them as parameters, never as {name}.)
    [GeneratedRegex(@"\bexists\s*\(|\bCALL\s*\{|\bEXISTS\s*\{|\bfilter\s*\(|\bextract\s*\(", RegexOptions.IgnoreCase)]
    private static partial Regex Removed();
}
