using System.Globalization;

namespace SupplyGraph.Cypher;

/// <summary>Scalar functions. Each is compiled once per call site; arguments arrive already compiled.</summary>
internal static class Functions
{
    private static readonly Dictionary<string, (int Min, int Max)> Arity = new(StringComparer.Ordinal)
    {
        ["size"] = (1, 1),
        ["length"] = (1, 1),
        ["nodes"] = (1, 1),
        ["relationships"] = (1, 1),
        ["type"] = (1, 1),
        ["labels"] = (1, 1),
        ["id"] = (1, 1),
        ["keys"] = (1, 1),
        ["properties"] = (1, 1),
        ["coalesce"] = (1, int.MaxValue),
        ["head"] = (1, 1),
        ["last"] = (1, 1),
        ["tail"] = (1, 1),
        ["range"] = (2, 3),
        ["tostring"] = (1, 1),
        ["tointeger"] = (1, 1),
        ["tofloat"] = (1, 1),
        ["toboolean"] = (1, 1),
        ["startnode"] = (1, 1),
        ["endnode"] = (1, 1),
        ["abs"] = (1, 1),
        ["ceil"] = (1, 1),
        ["floor"] = (1, 1),
        ["round"] = (1, 1),
        ["sign"] = (1, 1),
        ["sqrt"] = (1, 1),
        ["exp"] = (1, 1),
        ["log"] = (1, 1),
        ["log10"] = (1, 1),
        ["sin"] = (1, 1),
        ["cos"] = (1, 1),
        ["tan"] = (1, 1),
        ["asin"] = (1, 1),
        ["acos"] = (1, 1),
        ["atan"] = (1, 1),
        ["atan2"] = (2, 2),
        ["pi"] = (0, 0),
        ["e"] = (0, 0),
        ["rand"] = (0, 0),
        ["degrees"] = (1, 1),
        ["radians"] = (1, 1),
        ["tolower"] = (1, 1),
        ["toupper"] = (1, 1),
        ["lower"] = (1, 1),
        ["upper"] = (1, 1),
        ["trim"] = (1, 1),
        ["ltrim"] = (1, 1),
        ["rtrim"] = (1, 1),
        ["reverse"] = (1, 1),
        ["substring"] = (2, 3),
        ["left"] = (2, 2),
        ["right"] = (2, 2),
        ["replace"] = (3, 3),
        ["split"] = (2, 2),
        ["exists"] = (1, 1),
        ["tostringornull"] = (1, 1),
        ["tointegerornull"] = (1, 1),
        ["tofloatornull"] = (1, 1),
        ["tobooleanornull"] = (1, 1),
        ["isempty"] = (1, 1),
        ["char_length"] = (1, 1),
        ["character_length"] = (1, 1),
        ["elementid"] = (1, 1),
    };

    public static Eval Compile(string name, CallExpr call, Eval[] args)
    {
        if (TemporalFunctions.TryCompile(name, call, args, out var temporal))
        {
            if (call.Distinct)
            {
                throw CypherException.Syntax("InvalidAggregation", $"DISTINCT is only allowed in aggregations, not in '{call.Name}'", call.Pos);
            }

            return temporal;
        }

        if (!Arity.TryGetValue(name, out var arity))
        {
            throw CypherException.Syntax("UnknownFunction", $"Unknown function '{call.Name}'", call.Pos);
        }

        if (args.Length < arity.Min || args.Length > arity.Max)
        {
            throw CypherException.Syntax("InvalidNumberOfArguments", $"Function '{call.Name}' takes {arity.Min}..{arity.Max} arguments, got {args.Length}", call.Pos);
        }

        if (call.Distinct)
        {
            throw CypherException.Syntax("InvalidAggregation", $"DISTINCT is only allowed in aggregations, not in '{call.Name}'", call.Pos);
        }

        var a0 = args.Length > 0 ? args[0] : null!;
        switch (name)
        {
            case "coalesce":
                return (row, ctx) =>
                {
                    foreach (var a in args)
                    {
                        var v = a(row, ctx);
                        if (v is not null)
                        {
                            return v;
                        }
                    }

                    return null;
                };
            case "range":
                return (row, ctx) => Range(args[0](row, ctx), args[1](row, ctx), args.Length > 2 ? args[2](row, ctx) : 1L, ctx);
            case "substring":
                return (row, ctx) => StringFunctions.Charged(Substring(args[0](row, ctx), args[1](row, ctx), args.Length > 2 ? args[2](row, ctx) : null, args.Length > 2), ctx);
            case "left" or "right":
                {
                    var left = name == "left";
                    return (row, ctx) => StringFunctions.Charged(LeftRight(args[0](row, ctx), args[1](row, ctx), left), ctx);
                }

            case "replace":
                return (row, ctx) =>
                {
                    var s = args[0](row, ctx);
                    var f = args[1](row, ctx);
                    var t = args[2](row, ctx);
                    if (s is null || f is null || t is null)
                    {
                        return null;
                    }

                    return StringFunctions.Replace(Str(s, "replace"), Str(f, "replace"), Str(t, "replace"), ctx);
                };
            case "split":
                return (row, ctx) =>
                {
                    var s = args[0](row, ctx);
                    var d = args[1](row, ctx);
                    if (s is null || d is null)
                    {
                        return null;
                    }

                    return StringFunctions.Split(Str(s, "split"), Str(d, "split"), ctx);
                };
            case "atan2":
                return (row, ctx) => Num2(args[0](row, ctx), args[1](row, ctx), Math.Atan2);
            case "pi":
                return (_, _) => Math.PI;
            case "e":
                return (_, _) => Math.E;
            case "rand":
                return (_, _) => Random.Shared.NextDouble();
        }

        return (row, ctx) => Unary(name, a0(row, ctx), ctx);
    }

    private static string Str(object v, string fn) => v as string ?? throw CypherException.Type("InvalidArgumentType", $"{fn}() expects a String, got {Values.TypeName(v)}");

    private static long Int(object v, string fn) => v as long? ?? throw CypherException.Type("InvalidArgumentType", $"{fn}() expects an Integer, got {Values.TypeName(v)}");

    private static object? Num2(object? a, object? b, Func<double, double, double> f)
    {
        if (a is null || b is null)
        {
            return null;
        }

        if (!Values.IsNumber(a) || !Values.IsNumber(b))
        {
            throw CypherException.Type("InvalidArgumentType", "Expected numbers");
        }

        return f(Values.ToDouble(a), Values.ToDouble(b));
    }

    private static object? Range(object? start, object? end, object? step, ExecContext ctx)
    {
        if (start is null || end is null || step is null)
        {
            return null;
        }

        static long RangeInt(object v) => v as long? ?? throw CypherException.Argument("InvalidArgumentType", $"range() expects integers, got {Values.TypeName(v)}");
        var s = RangeInt(start);
        var e = RangeInt(end);
        var st = RangeInt(step);
        if (st == 0)
        {
            throw CypherException.Argument("NumberOutOfRange", "range() step must not be zero");
        }

        // The length is known up front: charge it before allocating anything (Int128: e - s may overflow a long).
        var count = (st > 0 ? e < s : e > s) ? 0 : ((((Int128)e - s) / st) + 1);
        var bytes = (Int128)MemoryMeter.ListBytes + (count * MemoryMeter.SlotBytes);
        ctx.Memory.Charge(bytes > long.MaxValue ? long.MaxValue : (long)bytes);
        if (count > Array.MaxLength)
        {
            throw CypherException.Argument("NumberOutOfRange", $"range() would hold {count} elements, more than a list can");
        }

        var list = new List<object?>((int)count);
        var v = s;
        for (var k = 0; k < (int)count; k++, v += st)
        {
            ctx.Tick();
            list.Add(v);
        }

        return list;
    }

    private static object? Substring(object? s, object? start, object? length, bool hasLength)
    {
        if (s is null || start is null || (hasLength && length is null))
        {
            return null;
        }

        var str = Str(s, "substring");
        var st = Int(start, "substring");
        if (st < 0)
        {
            throw CypherException.Argument("NumberOutOfRange", "substring() start must not be negative");
        }

        if (st >= str.Length)
        {
            return "";
        }

        var len = hasLength ? Int(length!, "substring") : str.Length - st;
        if (len < 0)
        {
            throw CypherException.Argument("NumberOutOfRange", "substring() length must not be negative");
        }

        return str.Substring((int)st, (int)Math.Min(len, str.Length - st));
    }

    private static object? LeftRight(object? s, object? n, bool left)
    {
        if (n is null)
        {
            if (s is null)
            {
                return null;
            }

            throw CypherException.Argument("NumberOutOfRange", "length must not be null");
        }

        if (s is null)
        {
            return null;
        }

        var str = Str(s, left ? "left" : "right");
        var len = Int(n, left ? "left" : "right");
        if (len < 0)
        {
            throw CypherException.Argument("NumberOutOfRange", "length must not be negative");
        }

        var k = (int)Math.Min(len, str.Length);
        return left ? str[..k] : str[(str.Length - k)..];
    }

    public static IReadOnlyDictionary<string, object?> PropertiesOf(object? v, ExecContext ctx) => v switch
    {
        CypherNode n => ctx.Graph.NodeProperties(n.Id),
        CypherRelationship r => ctx.Graph.RelationshipProperties(r.Id),
        Dictionary<string, object?> m => m,
        _ => throw CypherException.Type("InvalidArgumentType", $"Expected a node, relationship or map, got {Values.TypeName(v)}"),
    };

    private static object? Unary(string name, object? v, ExecContext ctx)
    {
        if (v is null)
        {
            return null;
        }

        switch (name)
        {
            case "size" or "char_length" or "character_length":
                return v switch
                {
                    string s => (long)s.Length,
                    List<object?> l => (long)l.Count,
                    _ => throw CypherException.Type("InvalidArgumentType", $"size() expects a String or List, got {Values.TypeName(v)}"),
                };
            case "length":
                return v switch
                {
                    CypherPath p => (long)p.Relationships.Count,
                    string s => (long)s.Length,
                    List<object?> l => (long)l.Count,
                    _ => throw CypherException.Type("InvalidArgumentType", $"length() expects a Path, got {Values.TypeName(v)}"),
                };
            case "isempty":
                return v switch
                {
                    string s => s.Length == 0,
                    List<object?> l => l.Count == 0,
                    Dictionary<string, object?> m => m.Count == 0,
                    _ => throw CypherException.Type("InvalidArgumentType", $"isEmpty() got {Values.TypeName(v)}"),
                };
            case "nodes":
                return v is CypherPath p1 ? ChargedList(p1.Nodes.Select(n => (object?)n).ToList(), ctx) : throw CypherException.Type("InvalidArgumentType", "nodes() expects a Path");
            case "relationships":
                return v is CypherPath p2 ? ChargedList(p2.Relationships.Select(r => (object?)r).ToList(), ctx) : throw CypherException.Type("InvalidArgumentType", "relationships() expects a Path");
            case "type":
                return v is CypherRelationship r1 ? ctx.Graph.RelationshipType(r1.Id) : throw CypherException.Type("InvalidArgumentType", $"type() expects a Relationship, got {Values.TypeName(v)}");
            case "labels":
                if (v is CypherNode dn && ctx.DeletedNodes.Contains(dn.Id))
                {
                    throw new CypherException("EntityNotFound", "DeletedEntityAccess", "Node was deleted", false);
                }

                return v is CypherNode n1 ? ChargedList(ctx.Graph.Labels(n1.Id).Select(l => (object?)l).ToList(), ctx) : throw CypherException.Type("InvalidArgumentType", $"labels() expects a Node, got {Values.TypeName(v)}");
            case "id":
                return v switch
                {
                    CypherNode n => n.Id,
                    CypherRelationship r => r.Id,
                    _ => throw CypherException.Type("InvalidArgumentType", $"id() expects a Node or Relationship, got {Values.TypeName(v)}"),
                };
            case "elementid":
                return v switch
                {
                    CypherNode n => n.Id.ToString(CultureInfo.InvariantCulture),
                    CypherRelationship r => r.Id.ToString(CultureInfo.InvariantCulture),
                    _ => throw CypherException.Type("InvalidArgumentType", "elementId() expects a Node or Relationship"),
                };
            case "startnode":
                return v is CypherRelationship r2 ? new CypherNode(ctx.Graph.StartNode(r2.Id)) : throw CypherException.Type("InvalidArgumentType", "startNode() expects a Relationship");
            case "endnode":
                return v is CypherRelationship r3 ? new CypherNode(ctx.Graph.EndNode(r3.Id)) : throw CypherException.Type("InvalidArgumentType", "endNode() expects a Relationship");
            case "keys":
                {
                    var all = PropertiesOf(v, ctx);
                    ctx.Memory.ChargeList(all.Count);
                    // A map keeps its keys whose value is null; a node or relationship has no null properties.
                    return v is Dictionary<string, object?>
                        ? all.Select(kv => (object?)kv.Key).ToList()
                        : all.Where(kv => kv.Value is not null).Select(kv => (object?)kv.Key).ToList();
                }
            case "properties":
                {
                    var all = PropertiesOf(v, ctx);
                    ctx.Memory.ChargeMap(all.Count);
                    ctx.Tick(all.Count);
                    return all.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value);
                }
            case "exists":
                return true;
            case "head":
                return v is List<object?> h ? (h.Count > 0 ? h[0] : null) : throw CypherException.Type("InvalidArgumentType", "head() expects a List");
            case "last":
                return v is List<object?> la ? (la.Count > 0 ? la[^1] : null) : throw CypherException.Type("InvalidArgumentType", "last() expects a List");
            case "tail":
                return v is List<object?> t ? (t.Count > 0 ? ChargedList(t.Count - 1, ctx, () => t.GetRange(1, t.Count - 1)) : new List<object?>()) : throw CypherException.Type("InvalidArgumentType", "tail() expects a List");
            case "tostring" or "tostringornull":
                return v switch
                {
                    string => v,
                    long or double or bool or CypherTemporal or CypherDuration => StringFunctions.Charged(Values.ToCypherString(v), ctx),
                    _ when name == "tostringornull" => null,
                    _ => throw CypherException.Type("InvalidArgumentValue", $"toString() cannot convert {Values.TypeName(v)}"),
                };
            case "tointeger" or "tointegerornull":
                return v switch
                {
                    long l => l,
                    double d => double.IsNaN(d) || double.IsInfinity(d) ? null : (long)Math.Truncate(d),
                    string s => ParseInteger(s),
                    bool b when name == "tointeger" => b ? 1L : 0L,
                    _ when name == "tointegerornull" => null,
                    _ => throw CypherException.Type("InvalidArgumentValue", $"toInteger() cannot convert {Values.TypeName(v)}"),
                };
            case "tofloat" or "tofloatornull":
                return v switch
                {
                    double d => d,
                    long l => (double)l,
                    string s => double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null,
                    _ when name == "tofloatornull" => null,
                    _ => throw CypherException.Type("InvalidArgumentValue", $"toFloat() cannot convert {Values.TypeName(v)}"),
                };
            case "toboolean" or "tobooleanornull":
                return v switch
                {
                    bool b => b,
                    string s => s.Trim().ToLowerInvariant() switch { "true" => true, "false" => false, _ => null },
                    long l => l != 0,
                    _ when name == "tobooleanornull" => null,
                    _ => throw CypherException.Type("InvalidArgumentValue", $"toBoolean() cannot convert {Values.TypeName(v)}"),
                };
            case "tolower" or "lower":
                return StringFunctions.SameLength(Str(v, "toLower"), ctx).ToLowerInvariant();
            case "toupper" or "upper":
                return StringFunctions.SameLength(Str(v, "toUpper"), ctx).ToUpperInvariant();
            case "trim":
                return StringFunctions.Charged(Str(v, "trim").Trim(), ctx);
            case "ltrim":
                return StringFunctions.Charged(Str(v, "lTrim").TrimStart(), ctx);
            case "rtrim":
                return StringFunctions.Charged(Str(v, "rTrim").TrimEnd(), ctx);
            case "reverse":
                if (v is List<object?> rl)
                {
                    return ChargedList(rl.Count, ctx, () =>
                    {
                        var copy = new List<object?>(rl);
                        copy.Reverse();
                        return copy;
                    });
                }

                // The char array and the string: twice the string.
                var str = StringFunctions.SameLength(StringFunctions.SameLength(Str(v, "reverse"), ctx), ctx);
                var chars = str.ToCharArray();
                Array.Reverse(chars);
                return new string(chars);
        }

        if (!Values.IsNumber(v))
        {
            throw CypherException.Type("InvalidArgumentType", $"{name}() expects a number, got {Values.TypeName(v)}");
        }

        switch (name)
        {
            case "abs":
                return v is long al ? Math.Abs(al) : (object)Math.Abs((double)v);
            case "sign":
                return v is long sl ? (long)Math.Sign(sl) : (long)Math.Sign((double)v);
            case "ceil":
                return Math.Ceiling(Values.ToDouble(v));
            case "floor":
                return Math.Floor(Values.ToDouble(v));
            case "round":
                return Math.Floor(Values.ToDouble(v) + 0.5);
        }

        var x = Values.ToDouble(v);
        return name switch
        {
            "sqrt" => Math.Sqrt(x),
            "exp" => Math.Exp(x),
            "log" => Math.Log(x),
            "log10" => Math.Log10(x),
            "sin" => Math.Sin(x),
            "cos" => Math.Cos(x),
            "tan" => Math.Tan(x),
            "asin" => Math.Asin(x),
            "acos" => Math.Acos(x),
            "atan" => Math.Atan(x),
            "degrees" => x * 180 / Math.PI,
            "radians" => x * Math.PI / 180,
            _ => throw CypherException.Syntax("UnknownFunction", $"Unknown function '{name}'"),
        };
    }

    private static List<object?> ChargedList(List<object?> list, ExecContext ctx)
    {
        ctx.Memory.ChargeList(list.Count);
        ctx.Tick(list.Count);
        return list;
    }

    private static List<object?> ChargedList(int count, ExecContext ctx, Func<List<object?>> build)
    {
        ctx.Memory.ChargeList(count);
        ctx.Tick(count);
        return build();
    }

    private static object? ParseInteger(string s)
    {
        s = s.Trim();
        if (long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return l;
        }

        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && !double.IsInfinity(d))
        {
            return (long)Math.Truncate(d);
        }

        return null;
    }
}
