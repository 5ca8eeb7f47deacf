namespace SupplyGraph.Cli.Commands;

/// <summary>
/// <c>supplygraph completion bash</c>: a script that asks the CLI itself for completions (System.CommandLine's
/// completions of a parse, through the hidden <c>complete</c> command), so that they always match the commands and
/// options of the binary that runs.
/// </summary>
public static class Completion
{
    public const string Bash = """
        # supplygraph tab completion: source <(supplygraph completion bash)
        _supplygraph_complete() {
          local IFS=$'\n' line="${COMP_LINE#* }"
          local position=$(( COMP_POINT - (${#COMP_LINE} - ${#line}) ))
          (( position < 0 )) && position=0
          COMPREPLY=($(command supplygraph complete --position "$position" -- "$line" 2>/dev/null))
        }
        complete -o default -F _supplygraph_complete supplygraph
        """;

    public static int Suggest(System.CommandLine.Command root, string line, int position, TextWriter output)
    {
        var result = root.Parse(line);
        foreach (var item in result.GetCompletions(Math.Clamp(position, 0, line.Length)))
        {
            output.WriteLine(item.Label);
        }

        return CliApp.Ok;
    }

    public static int Write(TextWriter output, string shell)
    {
        if (!shell.Equals("bash", StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException($"completion: only bash is supported so far, got '{shell}'");
        }

        output.WriteLine(Bash);
        return CliApp.Ok;
    }
}
