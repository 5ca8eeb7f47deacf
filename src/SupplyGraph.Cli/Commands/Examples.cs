using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Runtime.CompilerServices;

namespace SupplyGraph.Cli.Commands;

/// <summary>The examples each command's <c>--help</c> ends with (System.CommandLine's help has no section for them).</summary>
public static class Examples
{
    private static readonly ConditionalWeakTable<Command, string[]> ByCommand = [];

    public static void Set(Command command, params string[] examples) => ByCommand.AddOrUpdate(command, examples);

    public static IReadOnlyList<string> Of(Command command) => ByCommand.TryGetValue(command, out var e) ? e : [];

    /// <summary>Makes <c>--help</c> (on every command: the option is recursive) print the examples after the usual text.</summary>
    public static void DecorateHelp(Command root)
    {
        var help = root.Options.OfType<HelpOption>().Single();
        if (help.Action is HelpAction inner)
        {
            help.Action = new WithExamples(inner);
        }
    }

    private sealed class WithExamples(HelpAction inner) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var code = inner.Invoke(parseResult);
            var examples = Of(parseResult.CommandResult.Command);
            if (examples.Count > 0)
            {
                var output = parseResult.InvocationConfiguration.Output;
                output.WriteLine("Examples:");
                foreach (var e in examples)
                {
                    output.WriteLine("  " + e);
                }

                output.WriteLine();
            }

            return code;
        }
    }
}
