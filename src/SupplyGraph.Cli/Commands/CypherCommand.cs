using System.Text;
using SupplyGraph.Core.Model;
using SupplyGraph.Cypher;
using SupplyGraph.Neo4j;

namespace SupplyGraph.Cli.Commands;

/// <summary><c>supplygraph cypher</c>: one query, or an interactive shell.</summary>
public static class CypherCommand
{
    private const string ShellHelp = """
        End a query with ';' (or an empty line) to run it. Commands:
          :param NAME VALUE   set a parameter (VALUE is a Cypher literal: 42, 'text', [1, 2], {a: 1})
          :params             list parameters          :clear   forget all parameters
          :json / :table      switch the output format
          :history            list earlier queries      :help    this text      :quit   leave
        """;

    public static async Task<int> RunAsync(CliContext context)
    {
        var line = context.Line;
        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var p in line.Options("param"))
        {
            var eq = p.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new UsageException($"--param expects name=value, got '{p}'");
            }

            parameters[p[..eq]] = CypherJson.ParseParameter(p[(eq + 1)..]);
        }

        var budget = Budget(line);
        var json = context.Json;
        // The store is chosen here, from the options, once; nothing below asks which one it got.
        var (store, cypher) = line.Option("neo4j") is not null ? OpenNeo4j(context) : OpenEmbedded(context);
        await using var owned = store;
        if (line.Positionals.Count > 1)
        {
            var query = string.Join(' ', line.Positionals.Skip(1));
            return await RunOneAsync(context, cypher, query, parameters, json, budget);
        }

        return await ShellAsync(context, cypher, parameters, json, budget);
    }

    private static (IAsyncDisposable Store, ICypherStore Cypher) OpenNeo4j(CliContext context)
    {
        var store = new Neo4jGraphStore(SyncCommand.Settings(context));
        return (store, store);
    }

    private static (IAsyncDisposable Store, ICypherStore Cypher) OpenEmbedded(CliContext context)
    {
        var store = context.OpenStore();
        return (store, new EmbeddedCypher(store));
    }

    /// <summary>
    /// The same budgets as the server gives an editor by default: 10 s and 1 GiB per query. <c>--timeout SECONDS</c>
    /// and <c>--memory-budget MB</c> change them; 0 lifts one.
    /// </summary>
    private static CypherOptions Budget(CommandLine line)
    {
        var seconds = NonNegative(line, "timeout", CypherOptions.DefaultTimeBudget.TotalSeconds);
        var megabytes = NonNegative(line, "memory-budget", CypherOptions.DefaultEditorMemoryBudgetBytes >> 20);
        return new CypherOptions
        {
            TimeBudget = seconds == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(seconds),
            MemoryBudgetBytes = megabytes == 0 ? long.MaxValue : (long)(megabytes * (1 << 20)),
        };
    }

    private static double NonNegative(CommandLine line, string name, double fallback)
    {
        var v = line.Option(name);
        return v is null ? fallback
            : double.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 0 && n <= 1e9 ? n
            : throw new UsageException($"--{name} expects a number, 0 for no limit, got '{v}'");
    }

    private static async Task<int> RunOneAsync(CliContext context, ICypherStore cypher, string query, Dictionary<string, object?> parameters, bool json, CypherOptions budget, CancellationToken cancellation = default)
    {
        try
        {
            var token = cancellation.CanBeCanceled ? cancellation : context.CancellationToken;
            var table = await cypher.CypherAsync(query, parameters, budget, token);
            if (json)
            {
                Output.WriteJson(context.Out, w => CypherJson.Write(w, table));
            }
            else
            {
                await context.Out.WriteAsync(table.Format(table.Plan is null ? 60 : 400));
            }

            return CliApp.Ok;
        }
        catch (CypherException ex) when (ex.Detail is "Timeout" or "MemoryLimitExceeded")
        {
            // A valid query that could not finish within its budget: a failure, not invalid input.
            var option = ex.Detail == "Timeout" ? "--timeout SECONDS" : "--memory-budget MB";
            await context.Error.WriteLineAsync($"error: {ex.Code}\n{ex.Message} (raise it with {option}, 0 for no limit); nothing was written");
            return CliApp.Failure;
        }
        catch (CypherException ex)
        {
            await context.Error.WriteLineAsync($"error: {ex.Code}\n{ex.Describe(query)}");
            return CliApp.InvalidInput;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            await context.Error.WriteLineAsync("cancelled; nothing was written");
            return CliApp.InvalidInput;
        }
        catch (InvalidInputException ex)
        {
            await context.Error.WriteLineAsync("error: the store refused the change, nothing was written:\n" + ex.Message);
            return CliApp.InvalidInput;
        }
    }

    private static async Task<int> ShellAsync(CliContext context, ICypherStore cypher, Dictionary<string, object?> parameters, bool json, CypherOptions budget)
    {
        var historyFile = Path.Combine(context.DataDirectory, ".cypher_history");
        var history = File.Exists(historyFile) ? File.ReadAllLines(historyFile).ToList() : [];
        var editor = context.Interactive ? new LineEditor(history) : null;
        var buffer = new StringBuilder();
        var failures = 0;

        // Ctrl+C cancels the running query and keeps the shell; at the prompt it says how to leave.
        CancellationTokenSource? running = null;
        void OnCtrlC(object? sender, ConsoleCancelEventArgs e)
        {
            e.Cancel = true;
            if (Volatile.Read(ref running) is { } query)
            {
                query.Cancel();
            }
            else
            {
                Console.Error.WriteLine(" (Ctrl+C cancels a running query; :quit or Ctrl+D leaves)");
            }
        }

        if (context.Interactive)
        {
            Console.CancelKeyPress += OnCtrlC;
        }

        try
        {
            return await LoopAsync();
        }
        finally
        {
            if (context.Interactive)
            {
                Console.CancelKeyPress -= OnCtrlC;
            }
        }

        async Task<int> LoopAsync()
        {

            if (context.Interactive)
            {
                await context.Out.WriteLineAsync("SupplyGraph Cypher shell on " + Path.GetFullPath(context.DataDirectory) + " — :help for help, :quit to leave");
            }

            while (true)
            {
                var prompt = buffer.Length == 0 ? "cypher> " : "   ...> ";
                string? input;
                if (editor is not null)
                {
                    input = editor.ReadLine(prompt);
                }
                else
                {
                    input = await context.In.ReadLineAsync(context.CancellationToken);
                }

                if (input is null)
                {
                    if (buffer.ToString().Trim().Length > 0)
                    {
                        failures += await RunBufferAsync(buffer.ToString()) ? 0 : 1;
                    }

                    break;
                }

                var trimmed = input.Trim();
                if (buffer.Length == 0 && trimmed.StartsWith(':'))
                {
                    var parts = trimmed.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
                    switch (parts[0])
                    {
                        case ":quit" or ":exit" or ":q":
                            return failures == 0 ? CliApp.Ok : CliApp.InvalidInput;
                        case ":help":
                            await context.Out.WriteLineAsync(ShellHelp);
                            break;
                        case ":param" when parts.Length == 3:
                            parameters[parts[1]] = CypherJson.ParseParameter(parts[2]);
                            await context.Out.WriteLineAsync($"${parts[1]} = {CypherJson.Render(parameters[parts[1]])}");
                            break;
                        case ":params":
                            foreach (var (k, v) in parameters)
                            {
                                await context.Out.WriteLineAsync($"${k} = {CypherJson.Render(v)}");
                            }

                            break;
                        case ":clear":
                            parameters.Clear();
                            break;
                        case ":json":
                            json = true;
                            break;
                        case ":table":
                            json = false;
                            break;
                        case ":history":
                            for (var i = 0; i < history.Count; i++)
                            {
                                await context.Out.WriteLineAsync($"{i + 1,4}  {history[i]}");
                            }

                            break;
                        default:
                            await context.Error.WriteLineAsync($"unknown shell command {parts[0]}; :help lists them");
                            break;
                    }

                    continue;
                }

                if (trimmed.Length == 0 && buffer.Length == 0)
                {
                    continue;
                }

                buffer.AppendLine(input);
                var text = buffer.ToString();
                if (trimmed.EndsWith(';') || trimmed.Length == 0)
                {
                    failures += await RunBufferAsync(text) ? 0 : 1;
                }
            }

            return failures == 0 ? CliApp.Ok : CliApp.InvalidInput;
        }

        async Task<bool> RunBufferAsync(string text)
        {
            buffer.Clear();
            var query = text.Trim().TrimEnd(';').Trim();
            if (query.Length == 0)
            {
                return true;
            }

            var oneLine = string.Join(' ', query.Split('\n').Select(l => l.Trim()));
            history.Add(oneLine);
            editor?.Remember(oneLine);
            try
            {
                File.AppendAllLines(historyFile, [oneLine]);
            }
            catch (IOException)
            {
                // History is a convenience; a read-only data folder must not stop the shell.
            }
            catch (UnauthorizedAccessException)
            {
            }

            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
            Volatile.Write(ref running, cancel);
            try
            {
                return await Task.Run(() => RunOneAsync(context, cypher, query, parameters, json, budget, cancel.Token)) == CliApp.Ok;
            }
            finally
            {
                Volatile.Write(ref running, null);
            }
        }
    }
}

/// <summary>A minimal line editor for terminals: arrows move and recall history, backspace and delete edit.</summary>
internal sealed class LineEditor(List<string> history)
{
    private readonly List<string> _history = [.. history];

    public void Remember(string line) => _history.Add(line);

    public string? ReadLine(string prompt)
    {
        Console.Write(prompt);
        var text = new StringBuilder();
        var cursor = 0;
        var index = _history.Count;
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            switch (key.Key)
            {
                case ConsoleKey.Enter:
                    Console.WriteLine();
                    return text.ToString();
                case ConsoleKey.D when key.Modifiers.HasFlag(ConsoleModifiers.Control) && text.Length == 0:
                    Console.WriteLine();
                    return null;
                case ConsoleKey.Backspace when cursor > 0:
                    text.Remove(--cursor, 1);
                    break;
                case ConsoleKey.Delete when cursor < text.Length:
                    text.Remove(cursor, 1);
                    break;
                case ConsoleKey.LeftArrow when cursor > 0:
                    cursor--;
                    break;
                case ConsoleKey.RightArrow when cursor < text.Length:
                    cursor++;
                    break;
                case ConsoleKey.Home:
                    cursor = 0;
                    break;
                case ConsoleKey.End:
                    cursor = text.Length;
                    break;
                case ConsoleKey.UpArrow when index > 0:
                    index--;
                    text.Clear().Append(_history[index]);
                    cursor = text.Length;
                    break;
                case ConsoleKey.DownArrow when index < _history.Count:
                    index++;
                    text.Clear().Append(index < _history.Count ? _history[index] : "");
                    cursor = text.Length;
                    break;
                default:
                    if (!char.IsControl(key.KeyChar))
                    {
                        text.Insert(cursor++, key.KeyChar);
                    }

                    break;
            }

            // Redraw the line, clear what is left of the old one, and put the cursor back.
            Console.Write("\r" + prompt + text + "\u001b[K" + new string('\b', text.Length - cursor));
        }
    }
}
