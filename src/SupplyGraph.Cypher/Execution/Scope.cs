namespace SupplyGraph.Cypher;

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
