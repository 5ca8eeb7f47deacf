namespace SupplyGraph.Cypher;

/// <summary>A row key over several values (grouping keys, DISTINCT rows).</summary>
internal sealed class RowKey : IEquatable<RowKey>
{
    private readonly object?[] _values;
    private readonly int _hash;

    public RowKey(object?[] values)
    {
        _values = values;
        var h = new HashCode();
        foreach (var v in values)
        {
            h.Add(new ValueKey(v));
        }

        _hash = h.ToHashCode();
    }

    public bool Equals(RowKey? other)
    {
        if (other is null || other._values.Length != _values.Length)
        {
            return false;
        }

        for (var i = 0; i < _values.Length; i++)
        {
            if (!ValueKey.Equivalent(_values[i], other._values[i]))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as RowKey);

    public override int GetHashCode() => _hash;
}
