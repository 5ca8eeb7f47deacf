using System.Diagnostics;

namespace SupplyGraph.Core.Cypher;

internal enum VarKind
{
    Any,
    Node,
    Relationship,
    RelationshipList,
    Path,

    /// <summary>Known to be a list: usable as a run of relationships, never as a node or single relationship.</summary>
    List,

    /// <summary>Known to be a plain value (number, string, list, map…), never a node or relationship.</summary>
    Value,
}

/// <summary>Variables visible at a point in the query, each with a slot in the row array.</summary>
internal sealed class Scope
{
    private readonly List<string> _names = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<VarKind> _kinds = [];

    public int Count => _names.Count;

    public IReadOnlyList<string> Names => _names;

    public bool Has(string name) => _index.ContainsKey(name);

    public int IndexOf(string name) => _index.TryGetValue(name, out var i) ? i : -1;

    public VarKind KindOf(string name) => _index.TryGetValue(name, out var i) ? _kinds[i] : VarKind.Any;

    public int Add(string name, VarKind kind)
    {
        if (_index.TryGetValue(name, out var existing))
        {
            return existing;
        }

        _index[name] = _names.Count;
        _names.Add(name);
        _kinds.Add(kind);
        return _names.Count - 1;
    }

    public Scope Clone()
    {
        var s = new Scope();
        for (var i = 0; i < _names.Count; i++)
        {
            s.Add(_names[i], _kinds[i]);
        }

        return s;
    }

    public static bool IsHidden(string name) => name.StartsWith(' ');

    private static int _anon;

    public static string Anonymous() => "  anon" + Interlocked.Increment(ref _anon);
}

/// <summary>Per-execution state: graph, parameters, budget, statistics.</summary>
internal sealed class ExecContext
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _ticks;

    public required ICypherGraph Graph { get; init; }

    public required IReadOnlyDictionary<string, object?> Parameters { get; init; }

    public CancellationToken Cancellation { get; init; }

    public TimeSpan TimeBudget { get; init; } = Timeout.InfiniteTimeSpan;

    public object?[]? Aggregates { get; set; }

    /// <summary>Rows produced per plan step when profiling; null otherwise.</summary>
    public long[]? Profile { get; init; }

    public CypherStatistics Stats { get; } = new();

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
        if ((++_ticks & 1023) != 0)
        {
            return;
        }

        Cancellation.ThrowIfCancellationRequested();
        if (TimeBudget != Timeout.InfiniteTimeSpan && _clock.Elapsed > TimeBudget)
        {
            throw new CypherException("TransientError", "Timeout", $"The query exceeded its time budget of {TimeBudget.TotalSeconds:0.#} s", false);
        }
    }
}
