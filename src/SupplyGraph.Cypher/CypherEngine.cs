using System.Collections.Concurrent;

namespace SupplyGraph.Cypher;

/// <summary>Counts of what a query changed.</summary>
public sealed class CypherStatistics
{
    /// <summary>Nodes created.</summary>
    public int NodesCreated { get; set; }

    /// <summary>Nodes deleted.</summary>
    public int NodesDeleted { get; set; }

    /// <summary>Relationships created.</summary>
    public int RelationshipsCreated { get; set; }

    /// <summary>Relationships deleted.</summary>
    public int RelationshipsDeleted { get; set; }

    /// <summary>Property writes.</summary>
    public int PropertiesSet { get; set; }

    /// <summary>Labels added.</summary>
    public int LabelsAdded { get; set; }

    /// <summary>Labels removed.</summary>
    public int LabelsRemoved { get; set; }

    /// <summary>Whether anything changed.</summary>
    public bool ContainsUpdates => NodesCreated + NodesDeleted + RelationshipsCreated + RelationshipsDeleted + PropertiesSet + LabelsAdded + LabelsRemoved > 0;
}

/// <summary>One step of a query plan (EXPLAIN, PROFILE).</summary>
/// <param name="Part">Which part of a UNION (1 for a single query; 0 for the union itself).</param>
/// <param name="Operation">The clause, e.g. <c>MATCH</c>.</param>
/// <param name="Detail">How it runs: anchors, expansions, projections.</param>
/// <param name="Rows">Rows the step produced (PROFILE only).</param>
public sealed record CypherPlanStep(int Part, string Operation, string Detail, long? Rows = null);

/// <summary>Budgets for one query. Library callers get no limits by default; hosts set them per role from the suggested defaults.</summary>
public sealed record CypherOptions
{
    /// <summary>Suggested memory budget for a reader's query: 256 MiB.</summary>
    public const long DefaultReaderMemoryBudgetBytes = 256L << 20;

    /// <summary>Suggested memory budget for an editor's query: 1 GiB.</summary>
    public const long DefaultEditorMemoryBudgetBytes = 1L << 30;

    /// <summary>Suggested time budget for one query, as the server's default: 10 s.</summary>
    public static readonly TimeSpan DefaultTimeBudget = TimeSpan.FromSeconds(10);

    /// <summary>Suggested cap on the changes of one writing query: 10,000, the largest batch <c>/api/batches</c> accepts.</summary>
    public const int DefaultMaxChanges = 10_000;

    /// <summary>Wall-clock budget; infinite by default. Exceeding it fails the query with detail <c>Timeout</c>.</summary>
    public TimeSpan TimeBudget { get; init; } = Timeout.InfiniteTimeSpan;

    /// <summary>
    /// Memory budget in bytes for the lists, strings, maps and rows a query builds (an estimate that errs high; see
    /// the engine's size model); 0 or <see cref="long.MaxValue"/> for none, the default. Exceeding it fails the query
    /// with detail <c>MemoryLimitExceeded</c> before the memory is allocated.
    /// </summary>
    public long MemoryBudgetBytes { get; init; } = long.MaxValue;

    /// <summary>
    /// Most changes (entities and relationships written or deleted) one writing query may commit; unlimited by
    /// default. A query over the cap fails with detail <c>ChangeLimitExceeded</c> and writes nothing.
    /// </summary>
    public int MaxChanges { get; init; } = int.MaxValue;

    /// <summary>Most rows returned; a query producing more fails with <c>RowLimitExceeded</c>.</summary>
    public int MaxRows { get; init; } = int.MaxValue;

    /// <summary>Refuse queries that write.</summary>
    public bool ReadOnly { get; init; }
}

/// <summary>The rows of a query, their column names and what it changed.</summary>
public sealed class CypherResult
{
    /// <summary>Column names in order.</summary>
    public required IReadOnlyList<string> Columns { get; init; }

    /// <summary>Rows; values are null, bool, long, double, string, lists, maps, <see cref="CypherNode"/>, <see cref="CypherRelationship"/> or <see cref="CypherPath"/>.</summary>
    public required IReadOnlyList<object?[]> Rows { get; init; }

    /// <summary>What the query changed.</summary>
    public required CypherStatistics Statistics { get; init; }

    /// <summary>The plan, for <c>EXPLAIN</c> (not run) and <c>PROFILE</c> (with rows per step); null otherwise.</summary>
    public IReadOnlyList<CypherPlanStep>? Plan { get; init; }
}

/// <summary>
/// Parses, plans and runs openCypher over any <see cref="ICypherGraph"/>: the embedded store's snapshot or a scratch
/// <see cref="MemoryGraph"/>. Compiled plans are cached by query text.
/// </summary>
public sealed class CypherEngine
{
    private readonly ConcurrentDictionary<string, CompiledQuery> _plans = new(StringComparer.Ordinal);
    private readonly CypherProcedures? _procedures;

    /// <summary>Creates an engine.</summary>
    /// <param name="procedures">Procedures that <c>CALL</c> may use.</param>
    public CypherEngine(CypherProcedures? procedures = null) => _procedures = procedures;

    /// <summary>Parses and plans a query without running it; syntax and semantic errors surface here.</summary>
    /// <param name="query">Query text.</param>
    /// <returns>Whether the query writes.</returns>
    public bool Prepare(string query) => Plan(query) is var p && p.Updates && p.Mode != "EXPLAIN";

    /// <summary>Runs a query.</summary>
    /// <param name="graph">Graph to read (and, for writing queries, write).</param>
    /// <param name="query">Query text.</param>
    /// <param name="parameters">Values for <c>$name</c> parameters.</param>
    /// <param name="options">Budgets.</param>
    /// <param name="cancellation">Cancels the query.</param>
    /// <returns>The result.</returns>
    /// <exception cref="CypherException">Syntax, semantic or runtime error; a budget exceeded (detail <c>Timeout</c> or <c>MemoryLimitExceeded</c>).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled; the query stops within a few milliseconds.</exception>
    public CypherResult Execute(
        ICypherGraph graph,
        string query,
        IReadOnlyDictionary<string, object?>? parameters = null,
        CypherOptions? options = null,
        CancellationToken cancellation = default)
    {
        options ??= new CypherOptions();
        var plan = Plan(query);
        if (plan.Mode == "EXPLAIN")
        {
            // The plan only: nothing runs, nothing is written.
            return new CypherResult
            {
                Columns = ["part", "operation", "detail"],
                Rows = [.. plan.Steps.Select(s => new object?[] { (long)s.Part, s.Operation, s.Detail })],
                Statistics = new CypherStatistics(),
                Plan = plan.Steps,
            };
        }

        if (plan.Updates && options.ReadOnly)
        {
            throw new CypherException("ClientError", "ForbiddenWrite", "Writing queries are not allowed here (read-only access)", true);
        }

        var ctx = new ExecContext
        {
            Graph = graph,
            Parameters = parameters ?? new Dictionary<string, object?>(),
            Cancellation = cancellation,
            TimeBudget = options.TimeBudget,
            Memory = new MemoryMeter(options.MemoryBudgetBytes),
            Profile = plan.Mode == "PROFILE" ? new long[plan.Steps.Count] : null,
        };
        var rows = new List<object?[]>();
        foreach (var row in plan.Run(ctx))
        {
            if (rows.Count >= options.MaxRows)
            {
                throw new CypherException("ClientError", "RowLimitExceeded", $"The query returned more than {options.MaxRows} rows; add LIMIT", false);
            }

            // Result rows are held until the query ends: they count against the budget.
            ctx.Memory.ChargeRow(row.Length);
            rows.Add(row);
            ctx.Tick();
        }

        return new CypherResult
        {
            Columns = plan.Columns,
            Rows = rows,
            Statistics = ctx.Stats,
            Plan = ctx.Profile is { } counts ? [.. plan.Steps.Select((s, i) => s with { Rows = counts[i] })] : null,
        };
    }

    private CompiledQuery Plan(string query)
    {
        if (_plans.TryGetValue(query, out var plan))
        {
            return plan;
        }

        plan = new Planner(_procedures).Compile(Parser.Parse(query));
        if (_plans.Count > 1000)
        {
            _plans.Clear();
        }

        _plans[query] = plan;
        return plan;
    }
}

/// <summary>A procedure that <c>CALL</c> can run: typed inputs, typed outputs, rows.</summary>
/// <param name="Name">Qualified name, e.g. <c>test.my.proc</c>.</param>
/// <param name="Inputs">Input names and types (<c>STRING?</c>, <c>INTEGER?</c>, <c>FLOAT?</c>, <c>NUMBER?</c>, <c>BOOLEAN?</c>, <c>ANY?</c>).</param>
/// <param name="Outputs">Output names and types.</param>
/// <param name="Body">Computes output rows from the argument values.</param>
public sealed record CypherProcedure(
    string Name,
    IReadOnlyList<(string Name, string Type)> Inputs,
    List<(string Name, string Type)> Outputs,
    Func<IReadOnlyList<object?>, IEnumerable<object?[]>> Body)
{
    /// <summary>Runs the procedure.</summary>
    /// <param name="arguments">Argument values.</param>
    /// <returns>Output rows.</returns>
    public IEnumerable<object?[]> Invoke(IReadOnlyList<object?> arguments) => Body(arguments);

    /// <summary>Checks argument types against the signature.</summary>
    /// <param name="arguments">Argument values.</param>
    /// <exception cref="CypherException">A value does not fit its declared type.</exception>
    public void CheckArguments(IReadOnlyList<object?> arguments)
    {
        for (var i = 0; i < arguments.Count && i < Inputs.Count; i++)
        {
            var v = arguments[i];
            var t = Inputs[i].Type.TrimEnd('?').ToUpperInvariant();
            var ok = v is null || t switch
            {
                "STRING" => v is string,
                "INTEGER" => v is long,
                "FLOAT" => v is double or long,
                "NUMBER" => v is long or double,
                "BOOLEAN" => v is bool,
                _ => true,
            };
            if (!ok)
            {
                throw CypherException.Syntax("InvalidArgumentType", $"Procedure argument `{Inputs[i].Name}` expects {t}, got {Values.TypeName(v)}");
            }
        }
    }
}

/// <summary>Procedures available to <c>CALL</c>.</summary>
public sealed class CypherProcedures
{
    private readonly Dictionary<string, CypherProcedure> _byName = new(StringComparer.Ordinal);

    /// <summary>Adds or replaces a procedure.</summary>
    /// <param name="procedure">The procedure.</param>
    public void Register(CypherProcedure procedure) => _byName[procedure.Name] = procedure;

    /// <summary>Looks a procedure up by name.</summary>
    /// <param name="name">Qualified name.</param>
    /// <returns>The procedure or null.</returns>
    public CypherProcedure? Find(string name) => _byName.TryGetValue(name, out var p) ? p : null;
}
