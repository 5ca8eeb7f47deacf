using System.CommandLine;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Import;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Review;
using SupplyGraph.Core.Storage;

namespace SupplyGraph.Cli.Commands;

/// <summary>Entry point of the <c>supplygraph</c> command line: dispatch, errors and exit codes.</summary>
public static class CliApp
{
    public const int Ok = 0;
    public const int NotFound = 1;
    public const int Usage = 2;
    public const int InvalidInput = 3;
    public const int Failure = 4;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default, TextReader? stdin = null)
    {
        try
        {
            var root = CliCommands.Build((line, handler, token) => handler(new CliContext(line, stdout, stderr, token)
            {
                In = stdin ?? Console.In,
                Interactive = stdin is null && !Console.IsInputRedirected,
                ErrorIsTerminal = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected,
            }));

            // '@file' arguments are entity names and file paths here, never response files.
            var result = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
            var configuration = new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,

                // Errors map to the exit codes below; watch handles Ctrl+C and SIGTERM itself.
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            };
            if (args.Length == 0)
            {
                await root.Parse(["--help"]).InvokeAsync(configuration, cancellationToken);
                return Usage;
            }

            if ((result.Errors.Count > 0 || ParseErrors.OptionLikeArguments(result).Count > 0) && !IsHelp(result))
            {
                return ParseErrors.Write(result, stderr);
            }

            return await result.InvokeAsync(configuration, cancellationToken);
        }
        catch (UsageException ex)
        {
            await stderr.WriteLineAsync("error: " + ex.Message);
            return Usage;
        }
        catch (InvalidInputException ex)
        {
            await stderr.WriteLineAsync($"error: invalid input, nothing was changed ({ex.Errors.Count} problem(s)):");
            await stderr.WriteLineAsync(ex.Message);
            return InvalidInput;
        }
        catch (ReviewConflictException ex)
        {
            await stderr.WriteLineAsync($"error: {ex.Field}: {ex.Message}; nothing was changed");
            return InvalidInput;
        }
        catch (ReviewNotFoundException ex)
        {
            await stderr.WriteLineAsync("error: " + ex.Message);
            return NotFound;
        }
        catch (EntityNotFoundException ex)
        {
            await stderr.WriteLineAsync("error: " + ex.Message);
            return NotFound;
        }
        catch (SupplyGraph.Client.SupplyGraphProblemException ex)
        {
            await stderr.WriteLineAsync("error: the server refused: " + ex.Message);
            return ex.Status == System.Net.HttpStatusCode.NotFound ? NotFound : Failure;
        }
        catch (Microsoft.AspNetCore.SignalR.HubException ex)
        {
            await stderr.WriteLineAsync("error: the server refused: " + ex.Message);
            return Failure;
        }
        catch (Exception ex) when (ex is HttpRequestException or AggregateException { InnerException: HttpRequestException })
        {
            await stderr.WriteLineAsync("error: cannot reach the server: " + (ex is AggregateException a ? string.Join("; ", a.InnerExceptions.Select(e => e.Message)) : ex.Message));
            return Failure;
        }
        catch (SupplyGraph.Neo4j.Neo4jException ex)
        {
            await stderr.WriteLineAsync("error: " + ex.Message);
            return Failure;
        }
    }

    // `path --help` shows the help even though the arguments are missing.
    private static bool IsHelp(ParseResult result) => result.Tokens.Any(t => t.Type == System.CommandLine.Parsing.TokenType.Option && t.Value is "--help" or "-h" or "-?");
}

/// <summary>What every command gets: its arguments, where to write, and how to open the store.</summary>
public sealed class CliContext(CommandLine line, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
{
    public CommandLine Line { get; } = line;

    public TextWriter Out { get; } = stdout;

    public TextWriter Error { get; } = stderr;

    public TextReader In { get; init; } = Console.In;

    /// <summary>Whether a person is typing (a terminal), so the shell may use line editing and prompts.</summary>
    public bool Interactive { get; init; }

    /// <summary>Whether stderr is a terminal, so long commands may draw a progress bar instead of progress lines.</summary>
    public bool ErrorIsTerminal { get; init; }

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public bool Json => Line.Flag("json");

    public string DataDirectory => DataFolder.Resolve(Line.Option("data"));

    /// <summary>
    /// The entity a user named. A close match taken for want of an exact one is announced on stderr
    /// ("‘sugonn’ → Sugon (sugon), score 0.86"), and refused with <c>--exact</c>.
    /// </summary>
    public Entity Resolve(GraphSnapshot graph, string reference)
    {
        var match = graph.ResolveMatch(reference);
        if (match.Score >= 1.0)
        {
            return match.Entity;
        }

        var score = match.Score.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
        if (Line.Flag("exact"))
        {
            throw new EntityNotFoundException(reference, [match.Entity],
                $"no entity has the id, name or alias '{reference}' (--exact); the closest is {match.Entity.Name} ({match.Entity.Id}), score {score}");
        }

        Error.WriteLine($"‘{reference}’ → {match.Entity.Name} ({match.Entity.Id}), score {score} (closest name: {match.MatchedName}; --exact refuses a close match)");
        return match.Entity;
    }

    /// <summary>Opens the store of the data folder; the first use creates it, seeded from <c>graph-seed/</c> when one is found.</summary>
    public EmbeddedGraphStore OpenStore()
    {
        var dir = DataDirectory;
        var isNew = !EmbeddedGraphStore.Exists(dir);
        var seed = isNew ? GraphSeed.Locate(Environment.CurrentDirectory, AppContext.BaseDirectory) : null;
        var (store, seeded) = GraphSeed.OpenOrSeedAsync(dir, seed).GetAwaiter().GetResult();
        if (seeded is not null)
        {
            Error.WriteLine($"created the store {store.FilePath}, seeded from {seed}: {seeded.EntitiesWritten:N0} entities, {seeded.RelationshipsWritten:N0} relationships");
        }
        else if (isNew)
        {
            Error.WriteLine($"created an empty store {store.FilePath} (no graph-seed folder found; 'supplygraph init --seed DIR' seeds one)");
        }

        return store;
    }
}
