using SupplyGraph.Core.Model;
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

    public const string Help = """
        supplygraph — ownership and supply-chain exposure analysis

        Usage: supplygraph <command> [arguments] [options]

        Commands:
          init                     create the store from graph-seed/ (--empty for none, --force to recreate, --seed DIR)
          import <file>...         import JSON or CSV files as one atomic batch
          find <name>              find entities by name, alias or id (typo-tolerant)
          show <entity>            an entity with its relationships and their evidence
          path <from> <to>         shortest path with the evidence of each hop
                                   --direction out|in|both  --types T1,T2  --max-hops N  --as-of YYYY-MM-DD

        Options:
          --data DIR               store folder (default: $SUPPLYGRAPH_DATA, else ./data)
          --json                   machine-readable output
          --help                   this text

        Entities are named by id, name or alias. Exit codes: 0 ok, 1 not found, 2 usage, 3 invalid input, 4 failure.
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        try
        {
            var line = new CommandLine(args);
            if (line.Positionals.Count == 0 || line.Flag("help"))
            {
                await stdout.WriteLineAsync(Help);
                return line.Positionals.Count == 0 && !line.Flag("help") ? Usage : Ok;
            }

            var context = new CliContext(line, stdout, stderr, cancellationToken);
            return line.Positionals[0] switch
            {
                "init" => await InitCommand.RunAsync(context),
                "import" => await ImportCommand.RunAsync(context),
                "find" => await FindCommand.RunAsync(context),
                "show" => await ShowCommand.RunAsync(context),
                "path" => await PathCommand.RunAsync(context),
                var other => throw new UsageException($"unknown command '{other}'; see supplygraph --help"),
            };
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
        catch (EntityNotFoundException ex)
        {
            await stderr.WriteLineAsync("error: " + ex.Message);
            return NotFound;
        }
        catch (StoreMissingException ex)
        {
            await stderr.WriteLineAsync("error: " + ex.Message);
            return Failure;
        }
    }
}

/// <summary>What every command gets: its arguments, where to write, and how to open the store.</summary>
public sealed class CliContext(CommandLine line, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
{
    public CommandLine Line { get; } = line;

    public TextWriter Out { get; } = stdout;

    public TextWriter Error { get; } = stderr;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public bool Json => Line.Flag("json");

    public string DataDirectory => DataFolder.Resolve(Line.Option("data"));

    public EmbeddedGraphStore OpenExisting()
    {
        var dir = DataDirectory;
        return EmbeddedGraphStore.Exists(dir)
            ? EmbeddedGraphStore.Open(dir)
            : throw new StoreMissingException($"no store in {Path.GetFullPath(dir)}; create one with 'supplygraph init' (or set --data / SUPPLYGRAPH_DATA)");
    }
}

public sealed class StoreMissingException(string message) : Exception(message);
