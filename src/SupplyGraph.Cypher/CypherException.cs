using System.Globalization;

namespace SupplyGraph.Cypher;

/// <summary>A Cypher query failed: a syntax or semantic error found before running, or an error while running.</summary>
public sealed class CypherException : Exception
{
    /// <summary>Creates an error.</summary>
    /// <param name="kind">TCK error class, e.g. <c>SyntaxError</c>, <c>TypeError</c>.</param>
    /// <param name="detail">TCK detail code, e.g. <c>UndefinedVariable</c>.</param>
    /// <param name="message">Human-readable message.</param>
    /// <param name="compileTime">True when found before execution.</param>
    /// <param name="position">Offset in the query text, or -1.</param>
    public CypherException(string kind, string detail, string message, bool compileTime, int position = -1)
        : base(message)
    {
        Kind = kind;
        Detail = detail;
        CompileTime = compileTime;
        Position = position;
    }

    /// <summary>TCK error class: <c>SyntaxError</c>, <c>SemanticError</c>, <c>TypeError</c>, <c>ArgumentError</c>, …</summary>
    public string Kind { get; }

    /// <summary>TCK detail code, e.g. <c>UndefinedVariable</c>.</summary>
    public string Detail { get; }

    /// <summary>Whether the error was found before the query ran.</summary>
    public bool CompileTime { get; }

    /// <summary>Offset in the query text where the problem is, or -1.</summary>
    public int Position { get; internal set; }

    /// <summary>Neo4j-style status code, e.g. <c>Neo.ClientError.Statement.SyntaxError</c>.</summary>
    public string Code => _code ?? $"Neo.ClientError.Statement.{Kind}";

    private string? _code;

    /// <summary>The query ran past its time budget (detail <c>Timeout</c>).</summary>
    /// <param name="budget">The budget.</param>
    /// <returns>The error, naming the budget.</returns>
    public static CypherException TimeBudgetExceeded(TimeSpan budget) =>
        new("TransientError", "Timeout", string.Create(CultureInfo.InvariantCulture, $"The query exceeded its time budget of {budget.TotalSeconds:0.###} s; narrow it or add LIMIT"), false)
        {
            _code = "Neo.ClientError.Transaction.TransactionTimedOut",
        };

    /// <summary>The query needed more memory than its budget (detail <c>MemoryLimitExceeded</c>).</summary>
    /// <param name="budgetBytes">The budget in bytes.</param>
    /// <returns>The error, naming the budget.</returns>
    public static CypherException MemoryBudgetExceeded(long budgetBytes) =>
        new("TransientError", "MemoryLimitExceeded", $"The query needs more than {Bytes(budgetBytes)} of memory, its budget; narrow it or add LIMIT", false)
        {
            _code = "Neo.TransientError.General.MemoryPoolOutOfMemoryError",
        };

    /// <summary>A writing query would change more than its cap allows (detail <c>ChangeLimitExceeded</c>); nothing was written.</summary>
    /// <param name="changes">Changes the query would make (at least).</param>
    /// <param name="maxChanges">The cap.</param>
    /// <returns>The error, naming the cap.</returns>
    public static CypherException ChangeLimitExceeded(long changes, int maxChanges) =>
        new("ClientError", "ChangeLimitExceeded", $"The query would make {changes} changes, more than its cap of {maxChanges}; nothing was written. Split it into smaller queries", false)
        {
            _code = "Neo.ClientError.Transaction.TransactionValidationFailed",
        };

    private static string Bytes(long bytes) => bytes >= 1 << 30 && bytes % (1 << 30) == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes >> 30} GiB")
        : bytes >= 1 << 20 ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1 << 20):0.#} MiB") : string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes");

    /// <summary>The message with line, column and a caret under the spot in <paramref name="query"/>.</summary>
    /// <param name="query">The query text the error refers to.</param>
    /// <returns>A multi-line description.</returns>
    public string Describe(string query)
    {
        if (Position < 0 || Position > query.Length)
        {
            return $"{Kind} ({Detail}): {Message}";
        }

        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < Position; i++)
        {
            if (query[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        var lineEnd = query.IndexOf('\n', lineStart);
        var text = (lineEnd < 0 ? query[lineStart..] : query[lineStart..lineEnd]).TrimEnd('\r');
        var column = Position - lineStart + 1;
        return $"{Kind} ({Detail}) at line {line}, column {column}: {Message}\n  {text}\n  {new string(' ', column - 1)}^";
    }

    internal static CypherException Syntax(string detail, string message, int position = -1) =>
        new("SyntaxError", detail, message, true, position);

    internal static CypherException Type(string detail, string message) => new("TypeError", detail, message, false);

    internal static CypherException Argument(string detail, string message) => new("ArgumentError", detail, message, false);

    internal static CypherException Semantic(string detail, string message) => new("SemanticError", detail, message, false);
}
