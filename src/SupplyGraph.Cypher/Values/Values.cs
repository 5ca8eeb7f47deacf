// Over 600 lines: Cypher's equality, ordering, arithmetic and conversion are case tables over the same pairs of
// value types, and are read (and checked against the TCK) side by side.
using System.Globalization;
using System.Text;

namespace SupplyGraph.Cypher;

/// <summary>Cypher's value semantics: equality with nulls, comparison, orderability, arithmetic, conversion.</summary>
internal static class Values
{
    public static bool IsNumber(object? v) => v is long or double;

    public static double ToDouble(object v) => v is long l ? l : (double)v;

    public static string TypeName(object? v) => v switch
    {
        null => "Null",
        bool => "Boolean",
        long => "Integer",
        double => "Float",
        string => "String",
        List<object?> => "List",
        Dictionary<string, object?> => "Map",
        CypherNode => "Node",
        CypherRelationship => "Relationship",
        CypherPath => "Path",
        CypherTemporal t => t.Kind.ToString(),
        CypherDuration => "Duration",
        _ => v.GetType().Name,
    };

    /// <summary>Ternary equality: true, false, or null when nulls make it unknown.</summary>
    public static bool? Equal(object? a, object? b)
    {
        if (a is null || b is null)
        {
            return null;
        }

        switch (a)
        {
            case long la when b is long lb:
                return la == lb;
            case long or double when IsNumber(b):
                if (a is long l1 && b is double d1)
                {
                    return LongEqualsDouble(l1, d1);
                }

                if (a is double d2 && b is long l2)
                {
                    return LongEqualsDouble(l2, d2);
                }

                return (double)a == (double)b;
            case string sa:
                return b is string sb && string.Equals(sa, sb, StringComparison.Ordinal);
            case bool ba:
                return b is bool bb && ba == bb;
            case List<object?> xa:
                {
                    if (b is not List<object?> xb)
                    {
                        return false;
                    }

                    if (xa.Count != xb.Count)
                    {
                        return false;
                    }

                    var unknown = false;
                    for (var i = 0; i < xa.Count; i++)
                    {
                        var e = Equal(xa[i], xb[i]);
                        if (e == false)
                        {
                            return false;
                        }

                        unknown |= e is null;
                    }

                    return unknown ? null : true;
                }

            case Dictionary<string, object?> ma:
                {
                    if (b is not Dictionary<string, object?> mb || ma.Count != mb.Count)
                    {
                        return false;
                    }

                    var unknown = false;
                    foreach (var (k, v) in ma)
                    {
                        if (!mb.TryGetValue(k, out var w))
                        {
                            return false;
                        }

                        var e = Equal(v, w);
                        if (e == false)
                        {
                            return false;
                        }

                        unknown |= e is null;
                    }

                    return unknown ? null : true;
                }

            case CypherNode na:
                return b is CypherNode nb && na.Id == nb.Id;
            case CypherRelationship ra:
                return b is CypherRelationship rb && ra.Id == rb.Id;
            case CypherPath pa:
                return b is CypherPath pb && pa.Equals(pb);
            case CypherTemporal ta:
                return b is CypherTemporal tb && ta.Equals(tb);
            case CypherDuration da:
                return b is CypherDuration db && da.Equals(db);
            default:
                return a.Equals(b);
        }
    }

    private static bool LongEqualsDouble(long l, double d) => !double.IsNaN(d) && (double)l == d && (d >= 9.2233720368547758E18 || (long)d == l);

    /// <summary>Ternary ordering comparison for &lt; &gt; &lt;= &gt;=; null when incomparable.</summary>
    public static int? Compare(object? a, object? b)
    {
        if (a is null || b is null)
        {
            return null;
        }

        if (a is long la && b is long lb)
        {
            return la.CompareTo(lb);
        }

        if (IsNumber(a) && IsNumber(b))
        {
            var da = ToDouble(a);
            var db = ToDouble(b);
            if (double.IsNaN(da) || double.IsNaN(db))
            {
                return null;
            }

            return da.CompareTo(db);
        }

        if (a is string sa && b is string sb)
        {
            return string.CompareOrdinal(sa, sb);
        }

        if (a is bool ba && b is bool bb)
        {
            return ba.CompareTo(bb);
        }

        if (a is CypherTemporal ta && b is CypherTemporal tb)
        {
            return ta.CompareTo(tb);
        }

        if (a is List<object?> xa && b is List<object?> xb)
        {
            for (var i = 0; i < Math.Min(xa.Count, xb.Count); i++)
            {
                var eq = Equal(xa[i], xb[i]);
                if (eq == true)
                {
                    continue;
                }

                var c = Compare(xa[i], xb[i]);
                return c;
            }

            return xa.Count.CompareTo(xb.Count);
        }

        return null;
    }

    private static int TypeRank(object? v) => v switch
    {
        Dictionary<string, object?> => 0,
        CypherNode => 1,
        CypherRelationship => 2,
        List<object?> => 3,
        CypherPath => 4,
        CypherTemporal t => 10 + (int)t.Kind,
        CypherDuration => 16,
        string => 5,
        bool => 6,
        long or double => 7,
        null => 99,
        _ => 8,
    };

    /// <summary>Total order used by ORDER BY (ascending; nulls last).</summary>
    public static int OrderCompare(object? a, object? b)
    {
        var ra = TypeRank(a);
        var rb = TypeRank(b);
        if (ra != rb)
        {
            return ra.CompareTo(rb);
        }

        switch (a)
        {
            case null:
                return 0;
            case long la when b is long lb:
                return la.CompareTo(lb);
            case long or double:
                {
                    var da = ToDouble(a);
                    var db = ToDouble(b!);
                    if (double.IsNaN(da))
                    {
                        return double.IsNaN(db) ? 0 : 1;
                    }

                    if (double.IsNaN(db))
                    {
                        return -1;
                    }

                    var c = da.CompareTo(db);
                    if (c == 0 && a is long l && b is double d2)
                    {
                        return ((decimal)l).CompareTo((decimal)d2);
                    }

                    return c;
                }

            case string sa:
                return string.CompareOrdinal(sa, (string)b!);
            case bool ba:
                return ba.CompareTo((bool)b!);
            case List<object?> xa:
                {
                    var xb = (List<object?>)b!;
                    for (var i = 0; i < Math.Min(xa.Count, xb.Count); i++)
                    {
                        var c = OrderCompare(xa[i], xb[i]);
                        if (c != 0)
                        {
                            return c;
                        }
                    }

                    return xa.Count.CompareTo(xb.Count);
                }

            case Dictionary<string, object?> ma:
                {
                    var mb = (Dictionary<string, object?>)b!;
                    var ka = ma.Keys.Order(StringComparer.Ordinal).ToList();
                    var kb = mb.Keys.Order(StringComparer.Ordinal).ToList();
                    for (var i = 0; i < Math.Min(ka.Count, kb.Count); i++)
                    {
                        var c = string.CompareOrdinal(ka[i], kb[i]);
                        if (c != 0)
                        {
                            return c;
                        }

                        c = OrderCompare(ma[ka[i]], mb[kb[i]]);
                        if (c != 0)
                        {
                            return c;
                        }
                    }

                    return ka.Count.CompareTo(kb.Count);
                }

            case CypherTemporal ta:
                return ta.CompareTo((CypherTemporal)b!) ?? 0;
            case CypherDuration da:
                {
                    // Durations have no natural order; ORDER BY still needs a total one.
                    var db = (CypherDuration)b!;
                    var c = da.Months.CompareTo(db.Months);
                    c = c != 0 ? c : da.Days.CompareTo(db.Days);
                    c = c != 0 ? c : da.Seconds.CompareTo(db.Seconds);
                    return c != 0 ? c : da.Nanos.CompareTo(db.Nanos);
                }
            case CypherNode na:
                return na.Id.CompareTo(((CypherNode)b!).Id);
            case CypherRelationship rel:
                return rel.Id.CompareTo(((CypherRelationship)b!).Id);
            case CypherPath pa:
                {
                    var pb = (CypherPath)b!;
                    var c = pa.Nodes.Count.CompareTo(pb.Nodes.Count);
                    if (c != 0)
                    {
                        return c;
                    }

                    for (var i = 0; i < pa.Nodes.Count; i++)
                    {
                        c = pa.Nodes[i].Id.CompareTo(pb.Nodes[i].Id);
                        if (c != 0)
                        {
                            return c;
                        }
                    }

                    return 0;
                }

            default:
                return 0;
        }
    }

    /// <summary><c>+</c>: numbers add, strings and lists concatenate; what it builds is charged to the budget first.</summary>
    public static object? Add(object? a, object? b, ExecContext ctx)
    {
        if (a is null || b is null)
        {
            return null;
        }

        switch (a)
        {
            case long la when b is long lb:
                return CheckedLong(() => checked(la + lb));
            case long or double when IsNumber(b):
                return ToDouble(a) + ToDouble(b);
            case CypherTemporal t when b is CypherDuration d:
                return TemporalArithmetic.Plus(t, d, 1);
            case CypherDuration d when b is CypherTemporal t:
                return TemporalArithmetic.Plus(t, d, 1);
            case CypherDuration da when b is CypherDuration db:
                return TemporalArithmetic.Add(da, db, 1);
            case string sa when b is string or long or double or bool:
                return Concat(sa, ToCypherString(b), ctx);
            case long or double or bool when b is string sb2:
                return Concat(ToCypherString(a), sb2, ctx);
            case List<object?> xa:
                return b is List<object?> xb ? MemoryMeter.Concat(xa, xb, ctx) : MemoryMeter.Concat(xa, [b], ctx);
        }

        if (b is List<object?> xb2)
        {
            return MemoryMeter.Concat([a], xb2, ctx);
        }

        throw CypherException.Type("InvalidArgumentType", $"Cannot add {TypeName(a)} and {TypeName(b)}");
    }

    /// <summary>The longest string .NET can allocate.</summary>
    public const int MaxStringLength = 0x3FFFFFDF;

    private static string Concat(string a, string b, ExecContext ctx)
    {
        var length = (long)a.Length + b.Length;
        ctx.Memory.ChargeString(length);
        if (length > MaxStringLength)
        {
            throw CypherException.Argument("NumberOutOfRange", $"A string cannot hold {length} characters");
        }

        ctx.Tick(length >> 4);
        return string.Concat(a, b);
    }

    private static object CheckedLong(Func<long> f)
    {
        try
        {
            return f();
        }
        catch (OverflowException)
        {
            throw new CypherException("ArithmeticError", "IntegerOverflow", "Integer overflow", false);
        }
    }

    public static object? Arith(string op, object? a, object? b)
    {
        if (a is null || b is null)
        {
            return null;
        }

        switch (op)
        {
            case "-" when a is CypherTemporal ta && b is CypherDuration dur:
                return TemporalArithmetic.Plus(ta, dur, -1);
            case "-" when a is CypherDuration left && b is CypherDuration right:
                return TemporalArithmetic.Add(left, right, -1);
            case "*" or "/" when a is CypherDuration dm && IsNumber(b):
                return TemporalArithmetic.Multiply(dm, b, divide: op == "/");
            case "*" when b is CypherDuration dm2 && IsNumber(a):
                return TemporalArithmetic.Multiply(dm2, a, divide: false);
        }

        if (!IsNumber(a) || !IsNumber(b))
        {
            throw CypherException.Type("InvalidArgumentType", $"Cannot apply '{op}' to {TypeName(a)} and {TypeName(b)}");
        }

        if (op == "^")
        {
            return Math.Pow(ToDouble(a), ToDouble(b));
        }

        if (a is long la && b is long lb)
        {
            switch (op)
            {
                case "-":
                    return CheckedLong(() => checked(la - lb));
                case "*":
                    return CheckedLong(() => checked(la * lb));
                case "/":
                    if (lb == 0)
                    {
                        throw new CypherException("ArithmeticError", "DivisionByZero", "/ by zero", false);
                    }

                    return CheckedLong(() => checked(la / lb));
                case "%":
                    if (lb == 0)
                    {
                        throw new CypherException("ArithmeticError", "DivisionByZero", "% by zero", false);
                    }

                    return lb == -1 ? 0L : la % lb;
            }
        }

        var da = ToDouble(a);
        var db = ToDouble(b);
        return op switch
        {
            "-" => da - db,
            "*" => da * db,
            "/" => da / db,
            "%" => da % db,
            _ => throw new InvalidOperationException(op),
        };
    }

    public static string FormatFloat(double d)
    {
        if (double.IsNaN(d))
        {
            return "NaN";
        }

        if (double.IsPositiveInfinity(d))
        {
            return "Infinity";
        }

        if (double.IsNegativeInfinity(d))
        {
            return "-Infinity";
        }

        var s = d.ToString("R", CultureInfo.InvariantCulture);
        if (s.Contains('E', StringComparison.Ordinal))
        {
            var mant = s[..s.IndexOf('E', StringComparison.Ordinal)];
            var exp = s[(s.IndexOf('E', StringComparison.Ordinal) + 1)..];
            if (!mant.Contains('.', StringComparison.Ordinal))
            {
                mant += ".0";
            }

            return mant + "E" + exp.TrimStart('+');
        }

        return s.Contains('.', StringComparison.Ordinal) ? s : s + ".0";
    }

    public static string ToCypherString(object? v) => v switch
    {
        null => "null",
        string s => s,
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => FormatFloat(d),
        CypherTemporal t => t.ToString(),
        CypherDuration d => d.ToString(),
        _ => Render(v),
    };

    /// <summary>Cypher-literal rendering for display (strings quoted).</summary>
    public static string Render(object? v)
    {
        var sb = new StringBuilder();
        Render(sb, v);
        return sb.ToString();
    }

    private static void Render(StringBuilder sb, object? v)
    {
        switch (v)
        {
            case null:
                sb.Append("null");
                break;
            case string s:
                sb.Append('\'').Append(s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)).Append('\'');
                break;
            case List<object?> list:
                sb.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(", ");
                    }

                    Render(sb, list[i]);
                }

                sb.Append(']');
                break;
            case Dictionary<string, object?> map:
                sb.Append('{');
                var first = true;
                foreach (var (k, x) in map)
                {
                    if (!first)
                    {
                        sb.Append(", ");
                    }

                    first = false;
                    sb.Append(k).Append(": ");
                    Render(sb, x);
                }

                sb.Append('}');
                break;
            case CypherNode n:
                sb.Append("node(").Append(n.Id).Append(')');
                break;
            case CypherRelationship r:
                sb.Append("relationship(").Append(r.Id).Append(')');
                break;
            case CypherPath p:
                sb.Append("path(").Append(p.Relationships.Count).Append(" hops)");
                break;
            default:
                sb.Append(ToCypherString(v));
                break;
        }
    }

    /// <summary>Truthiness for WHERE: only true passes.</summary>
    public static bool? AsBool(object? v, string where) => v switch
    {
        null => null,
        bool b => b,
        _ => throw CypherException.Type("InvalidArgumentType", $"Expected a Boolean in {where}, got {TypeName(v)}"),
    };

    /// <summary>Converts a .NET value (parameters, stored properties) to the engine's representation.</summary>
    public static object? FromClr(object? v) => v switch
    {
        null => null,
        bool or long or double or string => v,
        int i => (long)i,
        short s => (long)s,
        byte b => (long)b,
        float f => (double)f,
        decimal m => (double)m,
        DateTime dt => dt.ToString("O", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        List<object?> l => l,
        Dictionary<string, object?> m => m,
        CypherNode or CypherRelationship or CypherPath => v,
        System.Collections.IDictionary dict => ToMap(dict),
        string[] sa => sa.Select(x => (object?)x).ToList(),
        System.Collections.IEnumerable e => e.Cast<object?>().Select(FromClr).ToList(),
        _ => v.ToString(),
    };

    private static Dictionary<string, object?> ToMap(System.Collections.IDictionary dict)
    {
        var m = new Dictionary<string, object?>();
        foreach (System.Collections.DictionaryEntry e in dict)
        {
            m[e.Key.ToString()!] = FromClr(e.Value);
        }

        return m;
    }
}
