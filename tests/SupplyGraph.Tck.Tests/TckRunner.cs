using System.Text.RegularExpressions;
using SupplyGraph.Cypher;

namespace SupplyGraph.Tck.Tests;

/// <summary>Outcome of one scenario; <paramref name="Crashed"/> when it ended in a .NET exception rather than a Cypher error.</summary>
public sealed record ScenarioResult(Scenario Scenario, bool Passed, string? Failure, bool Crashed = false);

/// <summary>Runs TCK scenarios against the embedded engine on a fresh <see cref="MemoryGraph"/> each.</summary>
public static partial class TckRunner
{
    // The suite runs under the memory budget suggested for readers, which shows it is generous for ordinary queries.
    private static readonly CypherOptions Budget = new() { MemoryBudgetBytes = CypherOptions.DefaultReaderMemoryBudgetBytes };

    public static string FeaturesDirectory()
    {
        var env = Environment.GetEnvironmentVariable("SUPPLYGRAPH_TCK_DIR");
        if (!string.IsNullOrEmpty(env))
        {
            return env;
        }

        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            var candidate = Path.Combine(dir.FullName, "..", "shared", "tck", "features");
            if (Directory.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "SupplyGraph.sln")))
            {
                return Path.GetFullPath(candidate);
            }

            dir = dir.Parent;
        }

        throw new DirectoryNotFoundException("TCK features not found: set SUPPLYGRAPH_TCK_DIR or place them at ../shared/tck/features beside the repository");
    }

    /// <summary>The named graphs (<c>Given the binary-tree-1 graph</c>): <c>graphs/</c> beside <c>features/</c>.</summary>
    public static string GraphsDirectory() => Path.GetFullPath(Path.Combine(FeaturesDirectory(), "..", "graphs"));

    public static List<Scenario> Load(string root) =>
        Directory.EnumerateFiles(root, "*.feature", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .SelectMany(f => Gherkin.Parse(f, root))
            .ToList();

    public static ScenarioResult Run(Scenario scenario) => Run(scenario, null);

    /// <summary>Runs one scenario; named graphs come from <paramref name="graphsDirectory"/> (default <see cref="GraphsDirectory"/>).</summary>
    public static ScenarioResult Run(Scenario scenario, string? graphsDirectory)
    {
        try
        {
            var failure = RunSteps(scenario, graphsDirectory);
            return new ScenarioResult(scenario, failure is null, failure);
        }
        catch (CypherException e)
        {
            // A setup query (or a named graph's script) failed with a Cypher error: a failure, not a crash.
            return new ScenarioResult(scenario, false, $"{e.Kind}.{e.Detail} in setup: {e.Message}");
        }
        catch (Exception e)
        {
            // Anything else is a bug the user would see as a raw .NET exception: counted apart, and fatal.
            return new ScenarioResult(scenario, false, $"{e.GetType().Name}: {e.Message}", Crashed: true);
        }
    }

    [GeneratedRegex(@"^the ([\w-]+) graph$")]
    private static partial Regex NamedGraphStep();

    /// <summary>The Cypher scripts that build a named graph, in the order its metadata file lists them.</summary>
    private static IEnumerable<string> NamedGraphScripts(string graphsDirectory, string name)
    {
        var folder = Path.Combine(graphsDirectory, name);
        var metadata = Path.Combine(folder, name + ".json");
        if (!File.Exists(metadata))
        {
            throw new FileNotFoundException($"Named graph '{name}' not found: no {metadata}");
        }

        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(metadata));
        return doc.RootElement.GetProperty("scripts").EnumerateArray()
            .Select(script => File.ReadAllText(Path.Combine(folder, script.GetString() + ".cypher")))
            .ToList();
    }

    private sealed record GraphState(HashSet<long> Nodes, HashSet<long> Rels, HashSet<string> Labels, HashSet<string> Props);

    private static GraphState Capture(MemoryGraph g)
    {
        var labels = new HashSet<string>(StringComparer.Ordinal);
        var props = new HashSet<string>(StringComparer.Ordinal);
        foreach (var n in g.Nodes())
        {
            foreach (var l in g.Labels(n))
            {
                labels.Add(l);
            }

            foreach (var (k, v) in g.NodeProperties(n))
            {
                props.Add($"n{n}.{k}={Render(v)}");
            }
        }

        foreach (var r in g.AllRelationships())
        {
            foreach (var (k, v) in g.RelationshipProperties(r))
            {
                props.Add($"r{r}.{k}={Render(v)}");
            }
        }

        return new GraphState(g.Nodes().ToHashSet(), g.AllRelationships().ToHashSet(), labels, props);
    }

    private static string Render(object? v) => v is List<object?> l ? "[" + string.Join(",", l.Select(Render)) + "]" : v is double d ? d.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "f" : v?.ToString() ?? "null";

    private static string? RunSteps(Scenario scenario, string? graphsDirectory)
    {
        var graph = new MemoryGraph();
        var procedures = new CypherProcedures();
        var engine = new CypherEngine(procedures);
        var parameters = new Dictionary<string, object?>();
        CypherResult? result = null;
        CypherException? error = null;
        GraphState? before = null;
        var executed = false;
        foreach (var step in scenario.Steps)
        {
            var text = step.Text;
            if (text.StartsWith("an empty graph", StringComparison.Ordinal) || text.StartsWith("any graph", StringComparison.Ordinal))
            {
                continue;
            }

            var named = NamedGraphStep().Match(text);
            if (named.Success)
            {
                foreach (var script in NamedGraphScripts(graphsDirectory ?? GraphsDirectory(), named.Groups[1].Value))
                {
                    engine.Execute(graph, script, parameters, Budget);
                }

                continue;
            }

            if (text.StartsWith("having executed", StringComparison.Ordinal))
            {
                engine.Execute(graph, step.DocString!, parameters, Budget);
                continue;
            }

            if (text.StartsWith("parameters are", StringComparison.Ordinal))
            {
                foreach (var row in step.Table!)
                {
                    parameters[row[0]] = TckValueParser.Parse(row[1]);
                }

                continue;
            }

            if (text.StartsWith("there exists a procedure", StringComparison.Ordinal))
            {
                procedures.Register(ParseProcedure(text, step.Table!));
                continue;
            }

            if (text.StartsWith("executing query", StringComparison.Ordinal) || text.StartsWith("executing control query", StringComparison.Ordinal))
            {
                before = Capture(graph);
                executed = true;
                try
                {
                    result = engine.Execute(graph, step.DocString!, parameters, Budget);
                    error = null;
                }
                catch (CypherException e)
                {
                    error = e;
                    result = null;
                }

                continue;
            }

            if (!executed)
            {
                return $"Unsupported step before the query: {text}";
            }

            if (text.StartsWith("the result should be", StringComparison.Ordinal))
            {
                if (error is not null)
                {
                    return $"Unexpected error {error.Kind}.{error.Detail}: {error.Message}";
                }

                var failure = CompareResult(text, step.Table!, result!, graph);
                if (failure is not null)
                {
                    return failure;
                }

                continue;
            }

            var m = ErrorStep().Match(text);
            if (m.Success)
            {
                if (error is null)
                {
                    return $"Expected {m.Groups[1].Value} ({m.Groups[3].Value}) but the query succeeded";
                }

                // The error class must match; the detail code is checked when the engine knows it.
                var kind = m.Groups[1].Value;
                var detail = m.Groups[3].Value;
                var phase = m.Groups[2].Value;
                var phaseOk = phase == "any time" || (phase == "compile time") == error.CompileTime;
                if (!KindMatches(kind, error) || (detail != "*" && detail != error.Detail) || !phaseOk)
                {
                    return $"Expected {kind}.{detail} at {phase}, got {error.Kind}.{error.Detail} at {(error.CompileTime ? "compile time" : "runtime")}: {error.Message}";
                }

                continue;
            }

            if (text.StartsWith("no side effects", StringComparison.Ordinal))
            {
                if (error is not null)
                {
                    continue;
                }

                var after = Capture(graph);
                var effects = SideEffects(before!, after);
                if (effects.Count > 0)
                {
                    return "Unexpected side effects: " + string.Join(", ", effects.Select(kv => $"{kv.Key} {kv.Value}"));
                }

                continue;
            }

            if (text.StartsWith("the side effects should be", StringComparison.Ordinal))
            {
                if (error is not null)
                {
                    return $"Unexpected error {error.Kind}.{error.Detail}: {error.Message}";
                }

                var after = Capture(graph);
                var effects = SideEffects(before!, after);
                var expected = step.Table!.ToDictionary(r => r[0], r => int.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture));
                foreach (var key in expected.Keys.Union(effects.Keys))
                {
                    var e = expected.GetValueOrDefault(key);
                    var a = effects.GetValueOrDefault(key);
                    if (e != a)
                    {
                        return $"Side effect {key}: expected {e}, got {a}";
                    }
                }

                continue;
            }

            return $"Unsupported step: {text}";
        }

        return error is not null && !scenario.Steps.Any(s => s.Text.Contains("should be raised", StringComparison.Ordinal))
            ? $"Unexpected error {error.Kind}.{error.Detail}: {error.Message}"
            : null;
    }

    private static bool KindMatches(string expected, CypherException error) => expected == error.Kind;

    [GeneratedRegex(@"^an? (\w+) should be raised at (compile time|runtime|any time): (\w+|\*)")]
    private static partial Regex ErrorStep();

    private static Dictionary<string, int> SideEffects(GraphState b, GraphState a)
    {
        var d = new Dictionary<string, int>();
        void Put(string k, int v)
        {
            if (v != 0)
            {
                d[k] = v;
            }
        }

        Put("+nodes", a.Nodes.Except(b.Nodes).Count());
        Put("-nodes", b.Nodes.Except(a.Nodes).Count());
        Put("+relationships", a.Rels.Except(b.Rels).Count());
        Put("-relationships", b.Rels.Except(a.Rels).Count());
        Put("+labels", a.Labels.Except(b.Labels).Count());
        Put("-labels", b.Labels.Except(a.Labels).Count());
        Put("+properties", a.Props.Except(b.Props).Count());
        Put("-properties", b.Props.Except(a.Props).Count());
        return d;
    }

    private static string? CompareResult(string text, List<string[]> table, CypherResult result, ICypherGraph g)
    {
        var ordered = text.Contains("in order", StringComparison.Ordinal);
        var unorderedLists = text.Contains("ignoring element order for lists", StringComparison.Ordinal);
        if (text.StartsWith("the result should be empty", StringComparison.Ordinal))
        {
            return result.Rows.Count == 0 ? null : $"Expected no rows, got {result.Rows.Count}";
        }

        var header = table[0];
        if (header.Length != result.Columns.Count || header.Any(h => !result.Columns.Contains(h)))
        {
            return $"Columns: expected [{string.Join(", ", header)}], got [{string.Join(", ", result.Columns)}]";
        }

        var map = header.Select(h => result.Columns.ToList().IndexOf(h)).ToArray();
        var expected = table.Skip(1).Select(r => r.Select(TckValueParser.Parse).ToArray()).ToList();
        if (expected.Count != result.Rows.Count)
        {
            return $"Expected {expected.Count} rows, got {result.Rows.Count}: {Show(result)}";
        }

        bool RowMatches(object?[] e, object?[] a)
        {
            for (var c = 0; c < e.Length; c++)
            {
                if (!TckCompare.Matches(e[c], a[map[c]], g, unorderedLists))
                {
                    return false;
                }
            }

            return true;
        }

        if (ordered)
        {
            for (var i = 0; i < expected.Count; i++)
            {
                if (!RowMatches(expected[i], result.Rows[i]))
                {
                    return $"Row {i + 1} differs: expected {string.Join(" | ", table[i + 1])}; got {Show(result)}";
                }
            }

            return null;
        }

        var remaining = result.Rows.ToList();
        for (var i = 0; i < expected.Count; i++)
        {
            var idx = remaining.FindIndex(a => RowMatches(expected[i], a));
            if (idx < 0)
            {
                return $"Expected row not found: {string.Join(" | ", table[i + 1])}; got {Show(result)}";
            }

            remaining.RemoveAt(idx);
        }

        return null;
    }

    private static string Show(CypherResult r) =>
        string.Join("; ", r.Rows.Take(10).Select(row => string.Join(" | ", row.Select(v => v is null ? "null" : v is string s ? $"'{s}'" : v is List<object?> l ? "[" + string.Join(", ", l.Select(x => x?.ToString() ?? "null")) + "]" : v.ToString()))));

    private static CypherProcedure ParseProcedure(string text, List<string[]> table)
    {
        // e.g. "there exists a procedure test.my.proc(in :: INTEGER?) :: (out :: STRING?):"
        var m = Regex.Match(text, @"procedure ([\w.]+)\((.*?)\) :: \((.*?)\)\s*:?$");
        var name = m.Groups[1].Value;
        static List<(string, string)> Sig(string s) => s.Trim().Length == 0
            ? []
            : s.Split(',').Select(p => p.Split("::")).Select(p => (p[0].Trim(), p[1].Trim())).ToList();
        var inputs = Sig(m.Groups[2].Value);
        var outputs = Sig(m.Groups[3].Value);
        var header = table.Count > 0 ? table[0] : [];
        var rows = table.Skip(1).Select(r => r.Select(TckValueParser.Parse).ToArray()).ToList();
        return new CypherProcedure(name, inputs, outputs, args =>
        {
            var result = new List<object?[]>();
            foreach (var row in rows)
            {
                var ok = true;
                for (var i = 0; i < inputs.Count; i++)
                {
                    var col = Array.IndexOf(header, inputs[i].Item1);
                    if (col >= 0 && !ValuesEqual(row[col], args[i]))
                    {
                        ok = false;
                    }
                }

                if (ok)
                {
                    result.Add(outputs.Select(o => row[Array.IndexOf(header, o.Item1)]).ToArray());
                }
            }

            return result;
        });
    }

    private static bool ValuesEqual(object? a, object? b) => a switch
    {
        null => b is null,
        long l => b is long lb ? l == lb : b is double d && d == l,
        double d => b is double db ? d == db : b is long lb2 && lb2 == d,
        _ => Equals(a, b),
    };
}
