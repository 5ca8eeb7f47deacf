using System.Globalization;
using System.Numerics;

namespace SupplyGraph.Cypher;

/// <summary>Operator expressions, by precedence from OR down to unary minus and postfix property, index and label access.</summary>
internal sealed partial class Parser
{
    public Expr ParseExpr() => ParseOr();

    private Expr ParseOr()
    {
        var left = ParseXor();
        while (At("OR"))
        {
            var pos = Cur.Start;
            _p++;
            left = new BinaryExpr("OR", left, ParseXor()) { Pos = pos };
        }

        return left;
    }

    private Expr ParseXor()
    {
        var left = ParseAnd();
        while (At("XOR"))
        {
            var pos = Cur.Start;
            _p++;
            left = new BinaryExpr("XOR", left, ParseAnd()) { Pos = pos };
        }

        return left;
    }

    private Expr ParseAnd()
    {
        var left = ParseNot();
        while (At("AND"))
        {
            var pos = Cur.Start;
            _p++;
            left = new BinaryExpr("AND", left, ParseNot()) { Pos = pos };
        }

        return left;
    }

    private Expr ParseNot()
    {
        if (At("NOT"))
        {
            var pos = Cur.Start;
            _p++;
            return new UnaryExpr("NOT", ParseNot()) { Pos = pos };
        }

        return ParseComparison();
    }

    private static readonly string[] ComparisonOps = ["=", "<>", "!=", "<", ">", "<=", ">="];

    private Expr ParseComparison()
    {
        var first = ParsePredicates();
        List<string>? ops = null;
        List<Expr>? operands = null;
        while (Cur.Kind == Tok.Symbol && Array.IndexOf(ComparisonOps, Cur.Text) >= 0)
        {
            ops ??= [];
            operands ??= [first];
            var op = Cur.Text == "!=" ? "<>" : Cur.Text;
            _p++;
            ops.Add(op);
            operands.Add(ParsePredicates());
        }

        return ops is null ? first : new CompareExpr(ops, operands!) { Pos = first.Pos };
    }

    private Expr ParsePredicates()
    {
        var left = ParseAdd();
        while (true)
        {
            var pos = Cur.Start;
            if (At("=~"))
            {
                _p++;
                left = new BinaryExpr("=~", left, ParseAdd()) { Pos = pos };
            }
            else if (At("IN"))
            {
                _p++;
                left = new BinaryExpr("IN", left, ParseAdd()) { Pos = pos };
            }
            else if (AtSeq("STARTS", "WITH"))
            {
                _p += 2;
                left = new BinaryExpr("STARTS WITH", left, ParseAdd()) { Pos = pos };
            }
            else if (AtSeq("ENDS", "WITH"))
            {
                _p += 2;
                left = new BinaryExpr("ENDS WITH", left, ParseAdd()) { Pos = pos };
            }
            else if (At("CONTAINS"))
            {
                _p++;
                left = new BinaryExpr("CONTAINS", left, ParseAdd()) { Pos = pos };
            }
            else if (AtSeq("IS", "NULL"))
            {
                _p += 2;
                left = new IsNullExpr(left, false) { Pos = pos };
            }
            else if (AtSeq("IS", "NOT", "NULL"))
            {
                _p += 3;
                left = new IsNullExpr(left, true) { Pos = pos };
            }
            else
            {
                return left;
            }
        }
    }

    private Expr ParseAdd()
    {
        var left = ParseMul();
        while (At("+") || At("-"))
        {
            var op = Cur.Text;
            var pos = Cur.Start;
            _p++;
            left = new BinaryExpr(op, left, ParseMul()) { Pos = pos };
        }

        return left;
    }

    private Expr ParseMul()
    {
        var left = ParsePow();
        while (At("*") || At("/") || At("%"))
        {
            var op = Cur.Text;
            var pos = Cur.Start;
            _p++;
            left = new BinaryExpr(op, left, ParsePow()) { Pos = pos };
        }

        return left;
    }

    private Expr ParsePow()
    {
        var left = ParseUnary();
        while (At("^"))
        {
            var pos = Cur.Start;
            _p++;
            left = new BinaryExpr("^", left, ParseUnary()) { Pos = pos };
        }

        return left;
    }

    private Expr ParseUnary()
    {
        if (At("-") || At("+"))
        {
            var op = Cur.Text;
            var pos = Cur.Start;
            _p++;
            if (op == "-" && Cur.Kind == Tok.Integer)
            {
                var lit = ParsePostfix(IntegerLiteral(negative: true), allowLabels: true);
                return lit;
            }

            var operand = ParseUnary();
            return op == "+" ? new UnaryExpr("+", operand) { Pos = pos } : new UnaryExpr("-", operand) { Pos = pos };
        }

        return ParsePostfix(ParseAtom(), allowLabels: true);
    }

    private LiteralExpr IntegerLiteral(bool negative)
    {
        var t = _tokens[_p++];
        BigInteger value = t.Value is BigInteger b ? b : BigInteger.Parse((string)t.Value!, CultureInfo.InvariantCulture);
        if (negative)
        {
            value = -value;
        }

        if (value > long.MaxValue || value < long.MinValue)
        {
            throw CypherException.Syntax("IntegerOverflow", $"Integer literal '{t.Text}' is too large", t.Start);
        }

        return new LiteralExpr((long)value) { Pos = t.Start };
    }

    private Expr ParsePostfix(Expr e, bool allowLabels)
    {
        while (true)
        {
            if (At(".") && Peek().Kind == Tok.Ident)
            {
                var pos = Cur.Start;
                _p++;
                e = new PropExpr(e, Name()) { Pos = pos };
            }
            else if (At("["))
            {
                var pos = Cur.Start;
                _p++;
                Expr? from = null, to = null;
                if (!At(".."))
                {
                    from = ParseExpr();
                }

                if (Accept(".."))
                {
                    if (!At("]"))
                    {
                        to = ParseExpr();
                    }

                    Expect("]");
                    e = new SliceExpr(e, from, to) { Pos = pos };
                }
                else
                {
                    Expect("]");
                    e = new IndexExpr(e, from!) { Pos = pos };
                }
            }
            else if (allowLabels && At(":") && Peek().Kind == Tok.Ident)
            {
                var pos = Cur.Start;
                e = new LabelCheckExpr(e, ParseLabels()) { Pos = pos };
            }
            else
            {
                return e;
            }
        }
    }
}
