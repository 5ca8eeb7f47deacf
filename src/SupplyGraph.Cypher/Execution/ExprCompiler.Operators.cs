namespace SupplyGraph.Cypher;

/// <summary>Arithmetic, boolean, string and list operators, comparison chains and CASE.</summary>
internal sealed partial class ExprCompiler
{
    private Eval CompileBinary(BinaryExpr be)
    {
        if (be.Op is "AND" or "OR" or "XOR")
        {
            RequireType(be.Left, be.Op, "Boolean");
            RequireType(be.Right, be.Op, "Boolean");
        }
        else if (be.Op == "IN")
        {
            RequireType(be.Right, "IN", "List");
        }

        var l = Compile(be.Left);
        var r = Compile(be.Right);
        switch (be.Op)
        {
            case "AND":
                return (row, ctx) =>
                {
                    var a = Values.AsBool(l(row, ctx), "AND");
                    if (a == false)
                    {
                        return false;
                    }

                    var b = Values.AsBool(r(row, ctx), "AND");
                    return b == false ? false : a is null || b is null ? null : true;
                };
            case "OR":
                return (row, ctx) =>
                {
                    var a = Values.AsBool(l(row, ctx), "OR");
                    if (a == true)
                    {
                        return true;
                    }

                    var b = Values.AsBool(r(row, ctx), "OR");
                    return b == true ? true : a is null || b is null ? null : false;
                };
            case "XOR":
                return (row, ctx) =>
                {
                    var a = Values.AsBool(l(row, ctx), "XOR");
                    var b = Values.AsBool(r(row, ctx), "XOR");
                    return a is null || b is null ? null : a != b;
                };
            case "+":
                return (row, ctx) => Values.Add(l(row, ctx), r(row, ctx), ctx);
            case "-" or "*" or "/" or "%" or "^":
                {
                    var op = be.Op;
                    return (row, ctx) => Values.Arith(op, l(row, ctx), r(row, ctx));
                }

            case "IN":
                return (row, ctx) =>
                {
                    var value = l(row, ctx);
                    var list = r(row, ctx);
                    ctx.TickFor(list);
                    return In(value, list);
                };
            case "STARTS WITH":
                return (row, ctx) => l(row, ctx) is string a && r(row, ctx) is string b ? a.StartsWith(Scanned(b, ctx), StringComparison.Ordinal) : null;
            case "ENDS WITH":
                return (row, ctx) => l(row, ctx) is string a && r(row, ctx) is string b ? a.EndsWith(Scanned(b, ctx), StringComparison.Ordinal) : null;
            case "CONTAINS":
                return (row, ctx) => l(row, ctx) is string a && r(row, ctx) is string b ? Scanned(a, ctx).Contains(b, StringComparison.Ordinal) : null;
            case "=~":
                // Regexes are cached per query, with a match timeout from its time budget (see ExecContext.RegexMatch).
                return (row, ctx) => l(row, ctx) is string a && r(row, ctx) is string pattern ? ctx.RegexMatch(a, pattern) : null;

            default:
                throw CypherException.Syntax("UnexpectedSyntax", $"Unknown operator {be.Op}", be.Pos);
        }
    }

    /// <summary>Counts the scan of a long string as work before it happens.</summary>
    private static string Scanned(string s, ExecContext ctx)
    {
        ctx.Tick(s.Length >> 4);
        return s;
    }

    internal static object? In(object? value, object? list)
    {
        if (list is null)
        {
            return null;
        }

        if (list is not List<object?> items)
        {
            throw CypherException.Type("InvalidArgumentType", $"IN expects a list, got {Values.TypeName(list)}");
        }

        var unknown = false;
        foreach (var item in items)
        {
            var eq = Values.Equal(value, item);
            if (eq == true)
            {
                return true;
            }

            unknown |= eq is null;
        }

        return unknown ? null : false;
    }

    private Eval CompileCompare(CompareExpr ce)
    {
        var operands = ce.Operands.Select(Compile).ToArray();
        var ops = ce.Ops.ToArray();
        return (row, ctx) =>
        {
            object? result = true;
            var left = operands[0](row, ctx);
            for (var i = 0; i < ops.Length; i++)
            {
                var right = operands[i + 1](row, ctx);
                ctx.TickFor(right);
                var r = CompareOp(ops[i], left, right);
                if (r == false)
                {
                    return false;
                }

                if (r is null)
                {
                    result = null;
                }

                left = right;
            }

            return result;
        };
    }

    internal static bool? CompareOp(string op, object? a, object? b)
    {
        if ((a is double da && double.IsNaN(da) && Values.IsNumber(b)) || (b is double db && double.IsNaN(db) && Values.IsNumber(a)))
        {
            // NaN is unequal to and unordered against every number: comparisons are false, not unknown.
            return op == "<>";
        }

        switch (op)
        {
            case "=":
                return Values.Equal(a, b);
            case "<>":
                return Values.Equal(a, b) is bool e ? !e : null;
        }

        var c = Values.Compare(a, b);
        if (c is null)
        {
            return null;
        }

        return op switch
        {
            "<" => c < 0,
            ">" => c > 0,
            "<=" => c <= 0,
            _ => c >= 0,
        };
    }

    private Eval CompileCase(CaseExpr ce)
    {
        var test = ce.Test is null ? null : Compile(ce.Test);
        var whens = ce.Branches.Select(b => Compile(b.When)).ToArray();
        var thens = ce.Branches.Select(b => Compile(b.Then)).ToArray();
        var els = ce.Else is null ? null : Compile(ce.Else);
        return (row, ctx) =>
        {
            var t = test?.Invoke(row, ctx);
            for (var i = 0; i < whens.Length; i++)
            {
                var w = whens[i](row, ctx);
                var hit = test is null ? w is true : Values.Equal(t, w) == true;
                if (hit)
                {
                    return thens[i](row, ctx);
                }
            }

            return els?.Invoke(row, ctx);
        };
    }
}
