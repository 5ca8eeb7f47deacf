using System.Globalization;
using System.Text;

namespace SupplyGraph.Cypher;

/// <summary>Canonical text of an expression: two expressions written alike print alike, whatever the spacing.</summary>
internal static class AstText
{
    public static string Print(Expr e)
    {
        var sb = new StringBuilder();
        Print(sb, e);
        return sb.ToString();
    }

    public static bool Same(Expr a, Expr b) => Print(a) == Print(b);

    private static void List(StringBuilder sb, IEnumerable<Expr> items)
    {
        var first = true;
        foreach (var i in items)
        {
            if (!first)
            {
                sb.Append(',');
            }

            first = false;
            Print(sb, i);
        }
    }

    private static void Print(StringBuilder sb, Expr e)
    {
        switch (e)
        {
            case LiteralExpr l:
                sb.Append(l.Value switch
                {
                    string s => "'" + s + "'",
                    double d => d.ToString("R", CultureInfo.InvariantCulture) + "f",
                    _ => Values.ToCypherString(l.Value),
                });
                break;
            case ParamExpr p: sb.Append('$').Append(p.Name); break;
            case VarExpr v: sb.Append(v.Name); break;
            case PropExpr p: Print(sb, p.Target); sb.Append('.').Append(p.Key); break;
            case IndexExpr i: Print(sb, i.Target); sb.Append('['); Print(sb, i.Index); sb.Append(']'); break;
            case SliceExpr s:
                Print(sb, s.Target);
                sb.Append('[');
                if (s.From is not null) { Print(sb, s.From); }
                sb.Append("..");
                if (s.To is not null) { Print(sb, s.To); }
                sb.Append(']');
                break;
            case BinaryExpr b: sb.Append('('); Print(sb, b.Left); sb.Append(' ').Append(b.Op).Append(' '); Print(sb, b.Right); sb.Append(')'); break;
            case UnaryExpr u: sb.Append('(').Append(u.Op).Append(' '); Print(sb, u.Operand); sb.Append(')'); break;
            case CompareExpr c:
                sb.Append('(');
                Print(sb, c.Operands[0]);
                for (var i = 0; i < c.Ops.Count; i++)
                {
                    sb.Append(c.Ops[i]);
                    Print(sb, c.Operands[i + 1]);
                }

                sb.Append(')');
                break;
            case IsNullExpr n: Print(sb, n.Operand); sb.Append(n.Negated ? " IS NOT NULL" : " IS NULL"); break;
            case ListExpr l2: sb.Append('['); List(sb, l2.Items); sb.Append(']'); break;
            case MapExpr m:
                sb.Append('{');
                foreach (var kv in m.Entries)
                {
                    sb.Append(kv.Key).Append(':');
                    Print(sb, kv.Value);
                    sb.Append(',');
                }

                sb.Append('}');
                break;
            case CallExpr c2:
                sb.Append(c2.Name.ToLowerInvariant()).Append('(');
                if (c2.Distinct) { sb.Append("DISTINCT "); }
                List(sb, c2.Args);
                sb.Append(')');
                break;
            case CountStarExpr: sb.Append("count(*)"); break;
            case LabelCheckExpr lc: Print(sb, lc.Target); foreach (var l in lc.Labels) { sb.Append(':').Append(l); } break;
            default:
                // Rarely compared constructs fall back to a unique identity so they never match by accident.
                sb.Append('#').Append(e.GetType().Name).Append(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(e));
                break;
        }
    }

    /// <summary>Rebuilds <paramref name="e"/> bottom-up, replacing any sub-expression for which <paramref name="replace"/> gives a value.</summary>
    public static Expr Rewrite(Expr e, Func<Expr, Expr?> replace)
    {
        if (replace(e) is { } r)
        {
            return r;
        }

        Expr Rw(Expr x) => Rewrite(x, replace);
        Expr? RwN(Expr? x) => x is null ? null : Rewrite(x, replace);
        return e switch
        {
            PropExpr p => p with { Target = Rw(p.Target) },
            IndexExpr i => i with { Target = Rw(i.Target), Index = Rw(i.Index) },
            SliceExpr s => s with { Target = Rw(s.Target), From = RwN(s.From), To = RwN(s.To) },
            BinaryExpr b => b with { Left = Rw(b.Left), Right = Rw(b.Right) },
            UnaryExpr u => u with { Operand = Rw(u.Operand) },
            CompareExpr c => c with { Operands = c.Operands.Select(Rw).ToList() },
            IsNullExpr n => n with { Operand = Rw(n.Operand) },
            ListExpr l => l with { Items = l.Items.Select(Rw).ToList() },
            MapExpr m => m with { Entries = m.Entries.Select(kv => new KeyValuePair<string, Expr>(kv.Key, Rw(kv.Value))).ToList() },
            CallExpr c => c with { Args = c.Args.Select(Rw).ToList() },
            CaseExpr c => c with { Test = RwN(c.Test), Branches = c.Branches.Select(b => (Rw(b.When), Rw(b.Then))).ToList(), Else = RwN(c.Else) },
            ListCompExpr lc => lc with { List = Rw(lc.List), Where = RwN(lc.Where), Projection = RwN(lc.Projection) },
            QuantifierExpr q => q with { List = Rw(q.List), Where = RwN(q.Where) },
            ReduceExpr rd => rd with { Init = Rw(rd.Init), List = Rw(rd.List), Body = Rw(rd.Body) },
            LabelCheckExpr lc2 => lc2 with { Target = Rw(lc2.Target) },
            _ => e,
        };
    }
}
