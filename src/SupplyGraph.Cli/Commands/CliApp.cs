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

    public const string Help = """
        supplygraph — ownership and supply-chain exposure analysis

        Usage: supplygraph <command> [arguments] [options]

        Commands:
          init                     create the store from graph-seed/ (--empty for none, --force to recreate, --seed DIR)
          import <file>...         import files (project JSON/CSV, CSL, FtM, GLEIF, BODS, delimited) as one atomic
                                   batch and report what joined, was created, queued for review or refused;
                                   --dry-run (change nothing), --json, --format F, --mapping FILE,
                                   --commit-every N (commit in chunks of N changes: files too large for one batch)
          find <name>              find entities by name, alias or id (typo-tolerant); --country C, --label L
          show <entity>            an entity with its relationships and their evidence
          review                   records an import would not join on its own, both sides, score and reasons
                                   (--status open|decided|all, --limit N, --offset N); review show <id>;
                                   review accept|reject|split <id> [--note TEXT]; review merge <keep> <absorb>
          path <from> <to>         shortest path with the evidence of each hop (--weight confidence|PROPERTY)
          paths <from> <to>        the k shortest simple paths (--k N), or all up to --max-hops (--all --limit N)
          exposure <entity>...     listed parties reached within --max-hops (default 4), grouped by list and date;
                                   --reverse: who is exposed to a listed party; --lists L1,L2
          ownership <entity>       --rule ofac|bis-affiliates|look-through (default ofac); --lists L1,L2;
                                   look-through: owners above, or --downstream for holdings below

          watch <entity>           print each change to an entity as it is committed, one line each (--json: JSON
                                   lines); --exposure [--max-hops N --types T --direction D]: its exposure;
                                   --ownership RULE: its 50 %-rule status; --count N: stop after N updates;
                                   --server URL[,URL] --key KEY: through a server's hub (fails over between
                                   the URLs); without --server it follows the store's change log itself

          cypher [QUERY]           run Cypher on the store (--param name=value, repeatable; --json);
                                   without QUERY: an interactive shell (multi-line, ';' runs, history);
                                   --neo4j URL [--user U --password P]: the same on a Neo4j server;
                                   budgets per query: --timeout SECONDS (default 10), --memory-budget MB
                                   (default 1024); 0 lifts one; a query over budget exits 4

          push --neo4j URL         copy the store into Neo4j (idempotent; --user, --password or $SUPPLYGRAPH_NEO4J_PASSWORD)
          pull --neo4j URL         copy what SupplyGraph keeps in Neo4j into the store (one batch)

        Filters (path, paths, exposure, ownership):
          --as-of YYYY-MM-DD  --types T1,T2  --max-hops N  --direction out|in|both
          --avoid-labels L1,L2  --avoid-countries C1,C2  --require-labels L1,L2  --require-countries C1,C2
          --what-if FILE           evaluate with a hypothetical batch (JSON/CSV) applied, not committed; shows what changes

        Options:
          --data DIR               store folder (default: $SUPPLYGRAPH_DATA, else ./data)
          --json                   machine-readable output
          --help                   this text

        Entities are named by id, name or alias. Exit codes: 0 ok, 1 not found, 2 usage, 3 invalid input, 4 failure.
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default, TextReader? stdin = null)
    {
        try
        {
            var line = new CommandLine(args);
            if (line.Positionals.Count == 0 || line.Flag("help"))
            {
                await stdout.WriteLineAsync(Help);
                return line.Positionals.Count == 0 && !line.Flag("help") ? Usage : Ok;
            }

            var context = new CliContext(line, stdout, stderr, cancellationToken)
            {
                In = stdin ?? Console.In,
                Interactive = stdin is null && !Console.IsInputRedirected,
                ErrorIsTerminal = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected,
            };
            return line.Positionals[0] switch
            {
                "init" => await InitCommand.RunAsync(context),
                "import" => await ImportCommand.RunAsync(context),
                "find" => await FindCommand.RunAsync(context),
                "show" => await ShowCommand.RunAsync(context),
                "review" => await ReviewCommand.RunAsync(context),
                "path" => await PathCommand.RunAsync(context),
                "paths" => await PathCommand.RunManyAsync(context),
                "exposure" => await ExposureCommand.RunAsync(context),
                "ownership" => await OwnershipCommand.RunAsync(context),
                "cypher" => await CypherCommand.RunAsync(context),
                "watch" => await WatchCommand.RunAsync(context),
                "push" => await SyncCommand.PushAsync(context),
                "pull" => await SyncCommand.PullAsync(context),
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
