using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace SupplyGraph.Cypher;

/// <summary>
/// Per-execution state: graph, parameters, statistics and the budgets. Time and cancellation are checked by
/// <see cref="Tick()"/> in every loop that can run long: the clock is read once per 1024 units of work, and
/// operations over big values (copies, comparisons, string work) count their size as work, so no stretch between
/// two clock reads is long. Cancellation throws <see cref="OperationCanceledException"/>; the time budget throws a
/// <see cref="CypherException"/> with detail <c>Timeout</c>; the memory budget is kept by <see cref="Memory"/>.
/// </summary>
internal sealed class ExecContext
{
    private const int WorkPerCheck = 1024;

    /// <summary>Longest a regular expression may run on one value, whatever the time budget left.</summary>
    private static readonly TimeSpan MaxRegexTime = TimeSpan.FromSeconds(1);

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _work;
    private Dictionary<string, Regex>? _regexes;

    public required ICypherGraph Graph { get; init; }

    public required IReadOnlyDictionary<string, object?> Parameters { get; init; }

    public CancellationToken Cancellation { get; init; }

    public TimeSpan TimeBudget { get; init; } = Timeout.InfiniteTimeSpan;

    /// <summary>The memory budget's meter; unlimited unless the options set one.</summary>
    public MemoryMeter Memory { get; init; } = new(long.MaxValue);

    public object?[]? Aggregates { get; set; }

    /// <summary>Rows produced per plan step when profiling; null otherwise.</summary>
    public long[]? Profile { get; init; }

    public CypherStatistics Stats { get; } = new();

    /// <summary>The statement's clock: <c>date()</c>, <c>datetime.statement()</c>, … read it, so one query sees one time.</summary>
    public DateTimeOffset StatementTime { get; } = DateTimeOffset.UtcNow;

    public HashSet<long> DeletedNodes { get; } = [];

    public HashSet<long> DeletedRelationships { get; } = [];

    private readonly Stack<List<CypherHop>> _hopLists = new();
    // One bit set per thread, reused across queries: a million-node graph needs 125 KB, too much to allocate per query.
    [ThreadStatic]
    private static ulong[]? t_marks;

    /// <summary>A cleared bit set over node ids; callers clear the bits they set before giving it back.</summary>
    public ulong[] RentMarks()
    {
        var words = (int)((Graph.NodeIdBound + 64) >> 6);
        var marks = t_marks is { } m && m.Length >= words ? m : new ulong[words];
        t_marks = null;
        return marks;
    }

    public void ReturnMarks(ulong[] marks) => t_marks = marks;

    /// <summary>A cleared list for one expansion; give it back with <see cref="ReturnHops"/> so hot loops do not allocate.</summary>
    public List<CypherHop> RentHops() => _hopLists.Count > 0 ? _hopLists.Pop() : new List<CypherHop>();

    public void ReturnHops(List<CypherHop> hops)
    {
        hops.Clear();
        _hopLists.Push(hops);
    }

    public ICypherWritableGraph Writable => Graph as ICypherWritableGraph
        ?? throw new CypherException("ClientError", "ReadOnly", "This graph is read-only: the query may not write", true);

    /// <summary>Cheap budget check for inner loops; the clock is read every 1024 calls.</summary>
    public void Tick()
    {
        if (++_work >= WorkPerCheck)
        {
            Check();
        }
    }

    /// <summary>Counts <paramref name="work"/> units (elements copied, compared or scanned) towards the next clock read.</summary>
    public void Tick(long work)
    {
        _work += work + 1;
        if (_work >= WorkPerCheck)
        {
            Check();
        }
    }

    /// <summary>Counts the work of scanning a value once: its elements, or its characters in blocks of 16.</summary>
    public void TickFor(object? value) => Tick(value switch
    {
        List<object?> l => l.Count,
        string s => s.Length >> 4,
        Dictionary<string, object?> m => m.Count,
        _ => 0,
    });

    /// <summary>Reads the clock now: cancellation first, then the time budget.</summary>
    public void Check()
    {
        _work = 0;
        Cancellation.ThrowIfCancellationRequested();
        if (TimeBudget != Timeout.InfiniteTimeSpan && _clock.Elapsed > TimeBudget)
        {
            ThrowTimeout();
        }
    }

    [DoesNotReturn]
    private void ThrowTimeout() => throw CypherException.TimeBudgetExceeded(TimeBudget);

    /// <summary>
    /// A regular expression for <paramref name="pattern"/> (anchored at both ends), cached per query. Its match
    /// timeout is the time budget left, at most a second, so one catastrophic pattern cannot outlast the budget.
    /// </summary>
    /// <exception cref="CypherException">The pattern is not a valid regular expression.</exception>
    public Regex Regex(string pattern)
    {
        _regexes ??= new Dictionary<string, Regex>(StringComparer.Ordinal);
        if (_regexes.TryGetValue(pattern, out var regex))
        {
            return regex;
        }

        var timeout = MaxRegexTime;
        if (TimeBudget != Timeout.InfiniteTimeSpan)
        {
            var left = TimeBudget - _clock.Elapsed;
            timeout = left < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : left < timeout ? left : timeout;
        }

        try
        {
            regex = new Regex("^(?:" + pattern + ")$", RegexOptions.CultureInvariant, timeout);
        }
        catch (ArgumentException e)
        {
            throw CypherException.Argument("InvalidRegex", $"Invalid regular expression '{pattern}': {e.Message}");
        }

        if (_regexes.Count >= 256)
        {
            // Patterns built per row must not grow the cache without bound.
            _regexes.Clear();
        }

        _regexes[pattern] = regex;
        return regex;
    }

    /// <summary>Whether <paramref name="input"/> matches <paramref name="pattern"/> in full, within the regex time limit and the budget.</summary>
    /// <exception cref="CypherException">Invalid pattern, or the match took too long.</exception>
    public bool RegexMatch(string input, string pattern)
    {
        var regex = Regex(pattern);
        bool matched;
        try
        {
            matched = regex.IsMatch(input);
        }
        catch (RegexMatchTimeoutException)
        {
            Check();
            throw new CypherException("ArgumentError", "RegexTimeout",
                string.Create(CultureInfo.InvariantCulture, $"The regular expression '{pattern}' took longer than {regex.MatchTimeout.TotalSeconds:0.###} s on one value; simplify it (nested repetition such as (a+)+ backtracks exponentially)"), false);
        }

        // A match may take up to its timeout: read the clock after each rather than every 1024.
        Check();
        return matched;
    }
}
