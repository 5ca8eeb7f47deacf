// The catalogue of every command, argument and option (System.CommandLine's tree) with the help and examples
// each shows; it is one list on purpose, so that `supplygraph help` and the docs can be read against one place.
// It is over 300 lines for that reason only: the handlers live in one file per command.
using System.CommandLine;
using System.CommandLine.Help;

namespace SupplyGraph.Cli.Commands;

/// <summary>The <c>supplygraph</c> command tree: each command's arguments, options, help text, examples and handler.</summary>
public static class CliCommands
{
    /// <summary>Runs a command's handler with its parsed arguments (the host supplies output, input and errors).</summary>
    public delegate Task<int> Runner(CommandLine line, Func<CliContext, Task<int>> handler, CancellationToken cancellationToken);

    public const string Name = "supplygraph";

    public const string ExitCodes = "Exit codes: 0 ok, 1 not found (no such entity, path or review item), 2 usage (a mistyped command, option or value), 3 invalid input (nothing was changed), 4 failure (a server, Neo4j or a budget refused), 5 flagged (screen: a row needs attention).";

    public static readonly Option<string> Data = new("--data") { Description = "store folder (default: $SUPPLYGRAPH_DATA, else supplygraph/ in the user's data folder)", HelpName = "DIR", Recursive = true };
    public static readonly Option<bool> Json = new("--json") { Description = "machine-readable output (camelCase JSON)", Recursive = true };
    public static readonly Option<bool> Quiet = new("--quiet") { Description = "no progress lines on stderr", Recursive = true };

    /// <summary>Builds the tree; every command's action calls <paramref name="run"/> with its parsed arguments.</summary>
    public static Command Build(Runner run)
    {
        // A plain command as the root, not RootCommand: that one names itself after the executable, which is
        // SupplyGraph.Cli.dll here (dotnet runs the dll), while every help text should say "supplygraph".
        var root = new Command(Name, "supplygraph — ownership and supply-chain exposure analysis.\nEntities are named by id, name or alias. " + ExitCodes)
        {
            Data, Json, Quiet, new HelpOption(), new VersionOption(),
        };
        Examples.Set(root, "supplygraph path sugon nettrix", "supplygraph find iflytek --json", "supplygraph help exposure");

        Add(root, run, "init", "create (or with --force re-create) the store, seeded from graph-seed/", InitCommand.RunAsync,
            [], [Flag("--empty", "create an empty store"), Flag("--force", "replace an existing store"), Value("--seed", "the seed folder (default: graph-seed/ found upward)", "DIR")],
            "supplygraph init", "supplygraph init --force --seed graph-seed", "supplygraph init --empty --data /tmp/empty");

        Add(root, run, "import", "import files as one atomic batch and report what joined, was created, queued for review or refused", ImportCommand.RunAsync,
            [Many("file", "files: project JSON/CSV, CSL, FtM, GLEIF, BODS or delimited")],
            [
                Value("--format", "csl|ftm|gleif|bods|delimited|project (default: recognised from the file)", "FORMAT"),
                Value("--mapping", "column mapping for a delimited file", "FILE"),
                Flag("--dry-run", "report what would change and change nothing"),
                Value("--commit-every", "commit in chunks of N changes (files too large for one batch)", "N"),
            ],
            "supplygraph import suppliers.csv --dry-run", "supplygraph import sdn.csv --format csl --json");

        Add(root, run, "find", "find entities by name, alias or id (case-insensitive, typo-tolerant), with each hit's listings", FindCommand.RunAsync,
            [Many("name", "what to look for")],
            [Value("--country", "only entities of this country (exact, case-insensitive)", "C"), Value("--label", "only entities with this label or role", "L"), Value("--limit", "at most N hits (default 10)", "N")],
            "supplygraph find iflytek", "supplygraph find 'inspur' --country China --label Company");

        Add(root, run, "show", "an entity with its relationships and their evidence", ShowCommand.RunAsync,
            [Many("entity", "id, name or alias")], [Exact()],
            "supplygraph show sugon", "supplygraph show 'Nettrix Information Industry' --json");

        var review = Add(root, run, "review", "the review queue: records an import would not join on its own, both sides with score and reasons", ReviewCommand.RunAsync,
            [], ReviewListOptions(), "supplygraph review", "supplygraph review --status all --limit 50", "supplygraph review accept rv-0123456789abcdef --note 'same LEI'");
        Add(review, run, "list", "list the queue (the default)", ReviewCommand.RunAsync, [], ReviewListOptions(), "supplygraph review list --status decided");
        Add(review, run, "show", "one item, both records side by side", ReviewCommand.RunAsync, [One("id", "the review item's id")], [], "supplygraph review show rv-0123456789abcdef");
        foreach (var (name, what) in new[] { ("accept", "join the two records"), ("reject", "keep them apart"), ("split", "undo a join: split the entity back into its records") })
        {
            Add(review, run, name, what, ReviewCommand.RunAsync, [One("id", "the review item's id")], DecisionOptions(), $"supplygraph review {name} rv-0123456789abcdef --note 'checked the registry'");
        }

        Add(review, run, "merge", "merge two entities (the second into the first)", ReviewCommand.RunAsync,
            [One("keep", "the entity that stays"), One("absorb", "the entity merged into it")], DecisionOptions(), "supplygraph review merge sugon dawning-information");

        Add(root, run, "path", "shortest path with the evidence of each hop", PathCommand.RunAsync,
            [One("from", "start entity"), One("to", "end entity")],
            [Weight(), Value("--limit", "at most N paths", "N"), .. Filters(), Exact()],
            "supplygraph path sugon nettrix", "supplygraph path iflytek nvidia --weight confidence --max-hops 6", "supplygraph path sugon nettrix --direction out");

        Add(root, run, "paths", "the k shortest simple paths, or all paths up to --max-hops", PathCommand.RunManyAsync,
            [One("from", "start entity"), One("to", "end entity")],
            [Weight(), Value("--k", "how many shortest paths (default 3)", "N"), Flag("--all", "every simple path up to --max-hops"), Value("--limit", "stop after N paths with --all (default 1000)", "N"), .. Filters(), Exact()],
            "supplygraph paths sugon nettrix --k 3", "supplygraph paths sugon nettrix --all --max-hops 3 --limit 50");

        Add(root, run, "exposure", "listed parties reached within --max-hops (default 4), grouped by list and listing date", ExposureCommand.RunAsync,
            [Many("entity", "one or more entities (a portfolio)")],
            [Flag("--reverse", "who is exposed to this listed party"), Value("--lists", "only these lists (ids, comma-separated)", "L1,L2"), Value("--limit", "at most N listed parties", "N"), .. Filters(), Exact()],
            "supplygraph exposure sugon --types MANUFACTURES_FOR --direction in", "supplygraph exposure iflytek --max-hops 2", "supplygraph exposure sugon --reverse --max-hops 2");

        Add(root, run, "ownership", "a 50 %-rule determination (OFAC, BIS Affiliates) or look-through shares", OwnershipCommand.RunAsync,
            [Many("entity", "id, name or alias")],
            [Value("--rule", "ofac|bis-affiliates|look-through (default ofac)", "RULE"), Value("--lists", "only these lists (ids, comma-separated)", "L1,L2"), Flag("--downstream", "look-through: holdings below instead of owners above"), .. Filters(), Exact()],
            "supplygraph ownership inspur-software", "supplygraph ownership inspur-software --rule bis-affiliates", "supplygraph ownership sugon --rule look-through --downstream");

        Add(root, run, "chokepoints", "the intermediaries (minimum vertex cut) and relationships (minimum edge cut) that carry every route to a target or to any listed party, each with an evidenced route", ChokepointsCommand.RunAsync,
            [One("from", "start entity"), One("to", "target entity, or 'listed' for any listed party")],
            [Value("--lists", "with 'listed': only these lists (ids, comma-separated)", "L1,L2"), Value("--limit", "at most N listed targets shown (default 20)", "N"),
                Flag("--any-items", "when an end is goods (a Technology), also follow relationships whose items do not name them"), .. Filters(), Exact()],
            "supplygraph chokepoints iflytek high-end-ai-chips", "supplygraph chokepoints high-end-ai-chips listed --types PROVIDES_CLOUD_TO,PROVIDES_ACCESS_TO", "supplygraph chokepoints sugon listed --max-hops 3 --json");

        Add(root, run, "ownership-cycles", "circular and cross ownership: every strongly connected component of OWNS, CONTROLS and SUBSIDIARY_OF, with its stakes and one loop", OwnershipCyclesCommand.RunAsync,
            [], [Value("--as-of", "only stakes valid on this day", "YYYY-MM-DD"), Value("--what-if", "with a hypothetical batch (JSON/CSV) applied, not committed", "FILE")],
            "supplygraph ownership-cycles", "supplygraph ownership-cycles --as-of 2025-01-01 --json");

        Add(root, run, "timeline", "since when an entity is exposed, and through what: the steps over the validity dates within reach and over the change log, each with the hits gained and lost", TimelineCommand.RunAsync,
            [Many("entity", "id, name or alias")],
            [Value("--lists", "only these lists (ids, comma-separated)", "L1,L2"), .. Filters(), Exact()],
            "supplygraph timeline sugon", "supplygraph timeline sugon --types MANUFACTURES_FOR --direction in", "supplygraph timeline iflytek --max-hops 2 --json");

        Add(root, run, "intermediaries", "the intermediaries carrying the most shortest routes from the entities to listed parties within --max-hops, each with an example route", IntermediariesCommand.RunAsync,
            [Many("entity", "one or more entities (a portfolio)")],
            [Value("--top", "at most N intermediaries (default 10)", "N"), Value("--lists", "only these lists (ids, comma-separated)", "L1,L2"), .. Filters(), Exact()],
            "supplygraph intermediaries iflytek sensetime megvii", "supplygraph intermediaries high-end-ai-chips --max-hops 2 --json");

        Add(root, run, "neighbours", "a dense node's relationship counts per type and direction, then one page of its neighbours", NeighboursCommand.RunAsync,
            [Many("entity", "id, name or alias")],
            [Value("--type", "only this relationship type in the page", "TYPE"), Value("--offset", "skip N relationships", "N"), Value("--limit", "at most N per page (default 20)", "N"), Exact()],
            "supplygraph neighbours bis-entity-list", "supplygraph neighbours bis-entity-list --type LISTED_ON --offset 20 --limit 20");

        Add(root, run, "screen", "screen a counterparty file (CSV: name, country, identifiers, id, type): listings, rule verdicts and exposure per row; exit 5 when a row is flagged", ScreenCommand.RunAsync,
            [One("file", "the counterparty CSV")],
            [
                Value("--k", "exposure within N hops (default 2; 0 turns it off)", "N"),
                Value("--rules", "rule profiles (default ofac,bis; also eu, uk)", "R1,R2"),
                Value("--as-of", "screen as of this day", "YYYY-MM-DD"),
                Value("--format", "table (default), csv, json or html", "FORMAT"),
                Value("--out", "write the report to FILE instead of stdout", "FILE"),
                Value("--lists", "only these lists count (ids, comma-separated)", "L1,L2"),
                Value("--types", "exposure only through these relationship types", "T1,T2"),
                Value("--max-age", "flag sources older than N days (default 30)", "DAYS"),
            ],
            "supplygraph screen suppliers.csv", "supplygraph screen suppliers.csv --k 1 --rules ofac,bis,eu,uk --format html --out report.html", "supplygraph screen suppliers.csv --format csv > results.csv; echo $?");

        Add(root, run, "watch", "print each change to an entity as it is committed, one line each, until Ctrl+C or --count", WatchCommand.RunAsync,
            [Many("entity", "id, name or alias")],
            [
                Flag("--exposure", "watch its exposure (with --max-hops, --types, --direction)"),
                Value("--ownership", "watch its 50 %-rule status under RULE (ofac|bis-affiliates)", "RULE"),
                Value("--count", "stop after N updates", "N"),
                Value("--server", "follow a server's hub instead of the store's log (comma-separated URLs fail over)", "URL[,URL]"),
                Value("--key", "API key for --server (default $SUPPLYGRAPH_API_KEY)", "KEY"),
                .. Filters(),
                Exact(),
            ],
            "supplygraph watch iflytek", "supplygraph watch iflytek --exposure --max-hops 1 --count 2", "supplygraph watch sugon --ownership ofac --server http://127.0.0.1:5080 --json");

        Add(root, run, "cypher", "run openCypher on the store; without QUERY an interactive shell (multi-line, ';' runs, history)", CypherCommand.RunAsync,
            [Many("query", "the query (words are joined with spaces)", required: false)],
            [
                new Option<string[]>("--param") { Description = "a parameter as name=value (repeatable)", HelpName = "NAME=VALUE" },
                Value("--timeout", "seconds per query (default 10; 0 lifts it)", "SECONDS"),
                Value("--memory-budget", "megabytes per query (default 1024; 0 lifts it)", "MB"),
                .. Neo4jOptions(),
            ],
            "supplygraph cypher \"MATCH (m)-[:MANUFACTURES_FOR]->(:Company {name: 'Sugon'}) RETURN m.id\"", "supplygraph cypher 'MATCH (n {id: $id}) RETURN n.name' --param id=sugon", "supplygraph cypher");

        Add(root, run, "push", "copy the store into Neo4j (idempotent)", SyncCommand.PushAsync, [], Neo4jOptions(), "supplygraph push --neo4j http://127.0.0.1:7474 --password secret");
        Add(root, run, "pull", "copy what SupplyGraph keeps in Neo4j into the store (one batch)", SyncCommand.PullAsync, [], Neo4jOptions(), "supplygraph pull --neo4j http://127.0.0.1:7474");

        var topic = new Argument<string[]>("command") { Description = "the command to explain", Arity = ArgumentArity.ZeroOrMore };
        var help = new Command("help", "show the help of a command, with examples") { topic };
        Examples.Set(help, "supplygraph help path", "supplygraph help review accept");
        help.SetAction((result, _) => Task.FromResult(ShowHelp(root, result.GetValue(topic) ?? [], result.InvocationConfiguration)));
        root.Subcommands.Add(help);

        var position = new Option<int>("--position") { Description = "the cursor's offset in LINE" };
        var text = new Argument<string>("line") { Description = "the command line after 'supplygraph'", Arity = ArgumentArity.ZeroOrOne };
        var complete = new Command("complete", "the completions at a position of a command line (what the completion script asks)") { position, text };
        complete.Hidden = true;
        complete.SetAction(result => Completion.Suggest(root, result.GetValue(text) ?? "", result.GetValue(position), result.InvocationConfiguration.Output));
        root.Subcommands.Add(complete);

        var shell = new Argument<string>("shell") { Description = "bash (the only one so far)", Arity = ArgumentArity.ZeroOrOne };
        var completion = new Command("completion", "print a shell script that completes supplygraph's commands and options") { shell };
        Examples.Set(completion, "supplygraph completion bash > ~/.local/share/bash-completion/completions/supplygraph");
        completion.SetAction(result => Completion.Write(result.InvocationConfiguration.Output, result.GetValue(shell) ?? "bash"));
        root.Subcommands.Add(completion);

        Examples.DecorateHelp(root);
        return root;
    }

    private static Command Add(Command parent, Runner run, string name, string description, Func<CliContext, Task<int>> handler, Argument[] arguments, Option[] options, params string[] examples)
    {
        var command = new Command(name, description);
        foreach (var a in arguments)
        {
            command.Arguments.Add(a);
        }

        foreach (var o in options)
        {
            command.Options.Add(o);
        }

        Examples.Set(command, examples);
        command.SetAction((result, cancellationToken) => run(CommandLine.From(result), handler, cancellationToken));
        parent.Subcommands.Add(command);
        return command;
    }

    private static int ShowHelp(Command root, string[] topic, InvocationConfiguration configuration)
    {
        var result = root.Parse([.. topic, "--help"]);
        if (result.UnmatchedTokens.Count > 0)
        {
            return ParseErrors.Write(result, configuration.Error);
        }

        return result.Invoke(configuration);
    }

    private static Option<string> Value(string name, string description, string valueName) => new(name) { Description = description, HelpName = valueName };

    private static Option<bool> Flag(string name, string description) => new(name) { Description = description };

    private static Argument<string> One(string name, string description) => new(name) { Description = description };

    private static Argument<string[]> Many(string name, string description, bool required = true) =>
        new(name) { Description = description, Arity = required ? ArgumentArity.OneOrMore : ArgumentArity.ZeroOrMore };

    private static Option<bool> Exact() => Flag("--exact", "refuse fuzzy name resolution: an entity must be named by its id, name or alias exactly");

    private static Option<string> Weight() => Value("--weight", "confidence (the best-evidenced path) or a numeric relationship property (default: fewest hops)", "confidence|PROPERTY");

    private static Option[] ReviewListOptions() =>
        [Value("--status", "open|decided|all (default open)", "STATUS"), Value("--limit", "items per page (default 20)", "N"), Value("--offset", "skip N items", "N")];

    private static Option[] DecisionOptions() =>
        [Value("--note", "why (kept with the decision)", "TEXT"), Value("--by", "who decides (default: the user running the command)", "NAME")];

    private static Option[] Neo4jOptions() =>
    [
        Value("--neo4j", "the Neo4j server (default $SUPPLYGRAPH_NEO4J_URL)", "URL"),
        Value("--user", "Neo4j user (default $SUPPLYGRAPH_NEO4J_USER, else neo4j)", "USER"),
        Value("--password", "Neo4j password (default $SUPPLYGRAPH_NEO4J_PASSWORD)", "PASSWORD"),
    ];

    /// <summary>The filters of the analytic commands (new instances per command: an option belongs to one parent).</summary>
    private static Option[] Filters() =>
    [
        Value("--as-of", "evaluate on this day (relationships valid then, lists in force then)", "YYYY-MM-DD"),
        Value("--types", "only these relationship types (comma-separated)", "T1,T2"),
        Value("--max-hops", "at most N hops", "N"),
        Value("--direction", "out (along the relationships), in (against them) or both (either way, the default: a route may run against a relationship; the output says so)", "out|in|both"),
        Value("--avoid-labels", "no entity with these labels on the way", "L1,L2"),
        Value("--avoid-countries", "no entity of these countries on the way", "C1,C2"),
        Value("--require-labels", "every intermediate entity has one of these labels", "L1,L2"),
        Value("--require-countries", "every intermediate entity is of one of these countries", "C1,C2"),
        Value("--what-if", "evaluate with a hypothetical batch (JSON/CSV) applied, not committed; shows what changes", "FILE"),
    ];
}
