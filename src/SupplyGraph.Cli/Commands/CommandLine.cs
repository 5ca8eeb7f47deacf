using System.CommandLine;
using System.CommandLine.Parsing;

namespace SupplyGraph.Cli.Commands;

/// <summary>
/// A command's parsed arguments as its handler reads them: positionals (the command's words, then its arguments) and
/// options by name. System.CommandLine has parsed and checked them (unknown options and missing arguments are usage
/// errors before a handler runs); the typed reads below check values and say which option was wrong.
/// </summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _all = new(StringComparer.Ordinal);

    private CommandLine()
    {
    }

    /// <summary>The handler's view of a parse: <c>review accept rv-1 --note x</c> gives positionals <c>review, accept, rv-1</c>.</summary>
    public static CommandLine From(ParseResult result)
    {
        var line = new CommandLine();
        var commands = new List<CommandResult>();
        for (var c = result.CommandResult; c.Parent is CommandResult parent; c = parent)
        {
            commands.Insert(0, c);
        }

        foreach (var c in commands)
        {
            line.Positionals.Add(c.Command.Name);
        }

        foreach (var argument in result.CommandResult.Command.Arguments)
        {
            if (result.GetResult(argument) is { } a)
            {
                line.Positionals.AddRange(a.Tokens.Select(t => t.Value));
            }
        }

        for (var c = result.CommandResult; c is not null; c = c.Parent as CommandResult)
        {
            foreach (var option in c.Command.Options)
            {
                if (result.GetResult(option) is not { Implicit: false } o || line._options.ContainsKey(Name(option)))
                {
                    continue;
                }

                if (option is Option<bool>)
                {
                    if (result.GetValue((Option<bool>)option))
                    {
                        line._options[Name(option)] = "true";
                    }

                    continue;
                }

                foreach (var token in o.Tokens)
                {
                    line._options[Name(option)] = token.Value;
                    line.Remember(Name(option), token.Value);
                }
            }
        }

        return line;
    }

    private static string Name(Option option) => option.Name.TrimStart('-');

    public List<string> Positionals { get; } = [];

    private void Remember(string name, string value)
    {
        if (!_all.TryGetValue(name, out var list))
        {
            _all[name] = list = [];
        }

        list.Add(value);
    }

    /// <summary>Every value of an option that may repeat, e.g. <c>--param a=1 --param b=2</c>.</summary>
    public IReadOnlyList<string> Options(string name)
    {
        return _all.GetValueOrDefault(name) ?? [];
    }

    public bool Flag(string name)
    {
        return _options.ContainsKey(name);
    }

    public string? Option(string name)
    {
        return _options.GetValueOrDefault(name);
    }

    public int IntOption(string name, int fallback)
    {
        var v = Option(name);
        return v is null ? fallback : int.TryParse(v, out var n) && n > 0 ? n : throw new UsageException($"--{name} expects a positive whole number, got '{v}'");
    }

    public DateOnly? DateOption(string name)
    {
        var v = Option(name);
        return v is null ? null
            : DateOnly.TryParseExact(v, "yyyy-MM-dd", out var d) ? d
            : throw new UsageException($"--{name} expects a date as YYYY-MM-DD, got '{v}'");
    }

    public string Positional(int index, string what) =>
        index < Positionals.Count ? Positionals[index] : throw new UsageException($"missing {what}");
}

public sealed class UsageException(string message) : Exception(message);
