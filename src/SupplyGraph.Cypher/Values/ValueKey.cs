namespace SupplyGraph.Cypher;

/// <summary>A value wrapped for grouping and DISTINCT: nulls are equivalent, 1 and 1.0 are equivalent.</summary>
internal readonly struct ValueKey : IEquatable<ValueKey>
{
    private readonly object? _value;

    public ValueKey(object? value) => _value = value;

    public object? Value => _value;

    public bool Equals(ValueKey other) => Equivalent(_value, other._value);

    public override bool Equals(object? obj) => obj is ValueKey k && Equals(k);

    public override int GetHashCode() => Hash(_value);

    public static bool Equivalent(object? a, object? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        if (a is double da && double.IsNaN(da))
        {
            return b is double db && double.IsNaN(db);
        }

        if (a is List<object?> la && b is List<object?> lb)
        {
            if (la.Count != lb.Count)
            {
                return false;
            }

            for (var i = 0; i < la.Count; i++)
            {
                if (!Equivalent(la[i], lb[i]))
                {
                    return false;
                }
            }

            return true;
        }

        if (a is Dictionary<string, object?> ma && b is Dictionary<string, object?> mb)
        {
            if (ma.Count != mb.Count)
            {
                return false;
            }

            foreach (var (k, v) in ma)
            {
                if (!mb.TryGetValue(k, out var w) || !Equivalent(v, w))
                {
                    return false;
                }
            }

            return true;
        }

        return Values.Equal(a, b) == true;
    }

    private static int Hash(object? v)
    {
        switch (v)
        {
            case null:
                return 0;
            case long l:
                return l.GetHashCode();
            case double d:
                return d == Math.Floor(d) && d >= long.MinValue && d <= long.MaxValue ? ((long)d).GetHashCode() : d.GetHashCode();
            case List<object?> list:
                {
                    var h = new HashCode();
                    foreach (var x in list)
                    {
                        h.Add(Hash(x));
                    }

                    return h.ToHashCode();
                }

            case Dictionary<string, object?> map:
                {
                    var h = 0;
                    foreach (var (k, x) in map)
                    {
                        h ^= HashCode.Combine(k, Hash(x));
                    }

                    return h;
                }

            default:
                return v.GetHashCode();
        }
    }
}
