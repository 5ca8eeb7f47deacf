using System.CommandLine;
using System.CommandLine.Parsing;

namespace SupplyGraph.Cli.Commands;

/// <summary>
/// Usage errors as one line each, with a suggestion for a mistyped command or option ("did you mean --max-hops?")
/// and where to read more; always exit code 2.
/// </summary>
public static class ParseErrors
{
    public static int Write(ParseResult result, TextWriter error)
    {
        var command = result.CommandResult.Command;
        var unmatched = OptionLikeArguments(result).Concat(result.UnmatchedTokens).ToList();
        var unknownOption = false;
        foreach (var token in unmatched)
        {
            if (token.StartsWith('-'))
            {
                var names = OptionsOf(result).SelectMany(o => o.Aliases.Append(o.Name));
                error.WriteLine($"error: unknown option {token} for '{Path(command)}'{Suggest(token, names)}");
                unknownOption = true;
            }
            else if (unknownOption)
            {
                // Most likely the value of the unknown option: one error is enough.
            }
            else if (command.Subcommands.Count > 0 && command.Arguments.Count == 0)
            {
                error.WriteLine($"error: unknown command '{token}'{Suggest(token, command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))}");
                error.WriteLine($"see 'supplygraph help{(command.Parents.Any() ? " " + Path(command) : "")}'");
                return CliApp.Usage;
            }
            else
            {
                error.WriteLine($"error: unexpected argument '{token}' for '{Path(command)}'");
            }
        }

        foreach (var e in result.Errors)
        {
            // System.CommandLine reports each unmatched token once more, in its own words.
            if (!unmatched.Any(t => e.Message.Contains($"'{t}'", StringComparison.Ordinal)))
            {
                error.WriteLine("error: " + e.Message);
            }
        }

        error.WriteLine($"see 'supplygraph help{(command.Parents.Any() ? " " + Path(command) : "")}'");
        return CliApp.Usage;
    }

    /// <summary>
    /// Words that look like options but went to a command's arguments: a command that takes several words
    /// (<c>exposure a b</c>) would otherwise take a mistyped <c>--max-hop 2</c> as two more entities. After
    /// <c>--</c> a word is an argument whatever it looks like.
    /// </summary>
    public static IReadOnlyList<string> OptionLikeArguments(ParseResult result)
    {
        var tokens = result.Tokens;
        var dash = -1;
        for (var i = 0; i < tokens.Count && dash < 0; i++)
        {
            dash = tokens[i].Type == TokenType.DoubleDash ? i : -1;
        }

        var found = new List<string>();
        foreach (var argument in result.CommandResult.Command.Arguments)
        {
            foreach (var token in result.GetResult(argument)?.Tokens ?? [])
            {
                var at = -1;
                for (var i = 0; i < tokens.Count && at < 0; i++)
                {
                    at = ReferenceEquals(tokens[i], token) ? i : -1;
                }

                if (token.Value.Length > 1 && token.Value[0] == '-' && !char.IsDigit(token.Value[1]) && (dash < 0 || at < dash))
                {
                    found.Add(token.Value);
                }
            }
        }

        return found;
    }

    private static IEnumerable<Option> OptionsOf(ParseResult result)
    {
        for (var c = result.CommandResult; c is not null; c = c.Parent as CommandResult)
        {
            foreach (var o in c.Command.Options)
            {
                if (ReferenceEquals(c, result.CommandResult) || o.Recursive)
                {
                    yield return o;
                }
            }
        }
    }

    /// <summary>The command's words after <c>supplygraph</c>: <c>review accept</c>.</summary>
    public static string Path(Command command)
    {
        var words = new List<string>();
        for (Command? c = command; c is not null && c.Parents.Any(); c = c.Parents.OfType<Command>().FirstOrDefault())
        {
            words.Insert(0, c.Name);
        }

        return string.Join(' ', words);
    }

    /// <summary>"; did you mean X?" for the closest names within a third of the word's length in edits.</summary>
    public static string Suggest(string typed, IEnumerable<string> names)
    {
        var bare = typed.TrimStart('-');
        var best = names.Distinct(StringComparer.Ordinal)
            .Select(n => (Name: n, Distance: Distance(bare, n.TrimStart('-'))))
            .Where(c => c.Distance <= Math.Max(1, bare.Length / 3) || (bare.Length >= 3 && c.Name.TrimStart('-').StartsWith(bare, StringComparison.Ordinal)))
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .Take(3)
            .Select(c => c.Name)
            .ToList();
        return best.Count == 0 ? "" : "; did you mean " + string.Join(" or ", best) + "?";
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
