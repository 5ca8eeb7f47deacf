namespace SupplyGraph.Tck.Tests;

/// <summary>A step with its optional doc string and table.</summary>
public sealed record Step(string Keyword, string Text, string? DocString, List<string[]>? Table, int Line);

/// <summary>One runnable scenario (an outline expands to one per example row).</summary>
public sealed record Scenario(string Feature, string File, string Folder, string Name, List<Step> Steps)
{
    public string Id => $"{Feature} | {Name}";
}

/// <summary>Just enough Gherkin for the openCypher TCK: scenarios, outlines with examples, doc strings, tables.</summary>
public static class Gherkin
{
    public static IEnumerable<Scenario> Parse(string path, string root)
    {
        var lines = File.ReadAllLines(path);
        var folder = Path.GetRelativePath(root, Path.GetDirectoryName(path)!).Replace('\\', '/');
        var feature = Path.GetFileNameWithoutExtension(path);
        var background = new List<Step>();
        string? name = null;
        var outline = false;
        List<Step>? steps = null;
        var scenarios = new List<Scenario>();
        var examples = new List<string[]>();
        var inExamples = false;
        var i = 0;

        void Flush()
        {
            if (name is null || steps is null)
            {
                return;
            }

            if (!outline)
            {
                scenarios.Add(new Scenario(feature, path, folder, name, [.. background, .. steps]));
            }
            else if (examples.Count > 1)
            {
                var header = examples[0];
                for (var r = 1; r < examples.Count; r++)
                {
                    var row = examples[r];
                    string Sub(string s)
                    {
                        for (var c = 0; c < header.Length; c++)
                        {
                            s = s.Replace("<" + header[c] + ">", row[c], StringComparison.Ordinal);
                        }

                        return s;
                    }

                    var expanded = steps.Select(st => st with
                    {
                        Text = Sub(st.Text),
                        DocString = st.DocString is null ? null : Sub(st.DocString),
                        Table = st.Table?.Select(tr => tr.Select(Sub).ToArray()).ToList(),
                    }).ToList();
                    scenarios.Add(new Scenario(feature, path, folder, $"{name} #{r}", [.. background, .. expanded]));
                }
            }

            name = null;
            steps = null;
            examples = [];
            inExamples = false;
        }

        while (i < lines.Length)
        {
            var line = lines[i].Trim();
            i++;
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith('@'))
            {
                continue;
            }

            if (line.StartsWith("Feature:", StringComparison.Ordinal))
            {
                feature = line["Feature:".Length..].Trim();
                continue;
            }

            if (line.StartsWith("Background:", StringComparison.Ordinal))
            {
                Flush();
                steps = background;
                name = null;
                continue;
            }

            if (line.StartsWith("Scenario Outline:", StringComparison.Ordinal) || line.StartsWith("Scenario:", StringComparison.Ordinal))
            {
                Flush();
                outline = line.StartsWith("Scenario Outline:", StringComparison.Ordinal);
                name = line[(line.IndexOf(':') + 1)..].Trim();
                steps = [];
                continue;
            }

            if (line.StartsWith("Examples", StringComparison.Ordinal))
            {
                inExamples = true;
                continue;
            }

            if (line.StartsWith('|'))
            {
                var cells = SplitRow(line);
                if (inExamples)
                {
                    examples.Add(cells);
                }
                else if (steps is { Count: > 0 })
                {
                    var last = steps[^1];
                    (last.Table ?? throw new InvalidOperationException()).Add(cells);
                }

                continue;
            }

            if (line.StartsWith("\"\"\"", StringComparison.Ordinal))
            {
                var indent = lines[i - 1].IndexOf('"', StringComparison.Ordinal);
                var doc = new List<string>();
                while (!lines[i].Trim().StartsWith("\"\"\"", StringComparison.Ordinal))
                {
                    var l = lines[i];
                    doc.Add(l.Length >= indent && string.IsNullOrWhiteSpace(l[..indent]) ? l[indent..] : l.TrimStart());
                    i++;
                }

                i++;
                var lastStep = steps![^1];
                steps[^1] = lastStep with { DocString = string.Join("\n", doc) };
                continue;
            }

            var space = line.IndexOf(' ');
            var keyword = line[..space];
            if (keyword is "Given" or "When" or "Then" or "And" or "But")
            {
                steps ??= [];
                steps.Add(new Step(keyword, line[(space + 1)..].Trim(), null, [], i));
            }
        }

        Flush();
        return scenarios;
    }

    private static string[] SplitRow(string line)
    {
        var cells = new List<string>();
        var sb = new System.Text.StringBuilder();
        for (var k = 1; k < line.Length; k++)
        {
            var c = line[k];
            if (c == '\\' && k + 1 < line.Length && line[k + 1] is '|' or '\\')
            {
                sb.Append(line[k + 1]);
                k++;
            }
            else if (c == '|')
            {
                cells.Add(sb.ToString().Trim());
                sb.Clear();
            }
            else
            {
                sb.Append(c);
            }
        }

        return [.. cells];
    }
}
