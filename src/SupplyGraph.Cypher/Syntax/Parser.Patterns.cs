using System.Globalization;

namespace SupplyGraph.Cypher;

/// <summary>Patterns: path parts, node and relationship patterns, hop ranges.</summary>
internal sealed partial class Parser
{
    private List<PatternPart> ParsePatternList()
    {
        var list = new List<PatternPart> { ParsePatternPart() };
        while (Accept(","))
        {
            list.Add(ParsePatternPart());
        }

        return list;
    }

    private PatternPart ParsePatternPart()
    {
        var start = Cur.Start;
        string? pathVar = null;
        if (Cur.Kind == Tok.Ident && Peek().Is("="))
        {
            pathVar = Name();
            _p++;
        }

        string? shortest = null;
        if ((At("shortestPath") || At("allShortestPaths")) && Peek().Is("("))
        {
            shortest = At("shortestPath") ? "shortestPath" : "allShortestPaths";
            _p += 2;
            var inner = ParsePatternElement(pathVar, start);
            Expect(")");
            return inner with { Shortest = shortest };
        }

        return ParsePatternElement(pathVar, start);
    }

    private PatternPart ParsePatternElement(string? pathVar, int start)
    {
        if (At("(") && Peek().Is("("))
        {
            _p++;
            var inner = ParsePatternElement(pathVar, start);
            Expect(")");
            return inner;
        }

        var nodes = new List<NodePattern> { ParseNodePattern() };
        var rels = new List<RelPattern>();
        while (At("-") || At("<"))
        {
            rels.Add(ParseRelPattern());
            nodes.Add(ParseNodePattern());
        }

        return new PatternPart(pathVar, null, nodes, rels, start);
    }

    private NodePattern ParseNodePattern()
    {
        var pos = Cur.Start;
        Expect("(");
        string? v = null;
        if (Cur.Kind == Tok.Ident)
        {
            v = Name();
        }

        var labels = At(":") ? ParseLabels() : [];
        Expr? props = null;
        if (At("{"))
        {
            props = ParseMapLiteral();
        }
        else if (Cur.Kind == Tok.Param)
        {
            props = new ParamExpr(Cur.Text) { Pos = Cur.Start };
            _p++;
        }

        Expect(")");
        return new NodePattern(v, labels, props, pos);
    }

    private List<string> ParseLabels()
    {
        var labels = new List<string>();
        while (Accept(":"))
        {
            labels.Add(Name());
        }

        return labels;
    }

    private RelPattern ParseRelPattern()
    {
        var pos = Cur.Start;
        var left = false;
        if (Accept("<"))
        {
            left = true;
        }

        Expect("-");
        string? v = null;
        var types = new List<string>();
        Expr? props = null;
        var varLength = false;
        int? min = null, max = null;
        if (Accept("["))
        {
            if (Cur.Kind == Tok.Ident && !At(":"))
            {
                v = Name();
            }

            if (Accept(":"))
            {
                types.Add(Name());
                while (Accept("|"))
                {
                    Accept(":");
                    types.Add(Name());
                }
            }

            if (At("..") || Cur.Kind == Tok.Integer)
            {
                throw CypherException.Syntax("InvalidRelationshipPattern", "A variable length relationship needs '*' before its bounds", Cur.Start);
            }

            if (Accept("*"))
            {
                varLength = true;
                if (At("-"))
                {
                    throw CypherException.Syntax("InvalidRelationshipPattern", "Variable length bounds must not be negative", Cur.Start);
                }

                if (Cur.Kind == Tok.Integer)
                {
                    min = ParseHopCount();
                    if (Accept(".."))
                    {
                        max = Cur.Kind == Tok.Integer ? ParseHopCount() : null;
                    }
                    else
                    {
                        max = min;
                    }
                }
                else if (Accept(".."))
                {
                    max = Cur.Kind == Tok.Integer ? ParseHopCount() : null;
                }
            }

            if (At("{"))
            {
                props = ParseMapLiteral();
            }
            else if (Cur.Kind == Tok.Param)
            {
                props = new ParamExpr(Cur.Text) { Pos = Cur.Start };
                _p++;
            }

            Expect("]");
        }

        Expect("-");
        var right = Accept(">");
        var dir = left && right ? CypherDirection.Both : left ? CypherDirection.Incoming : right ? CypherDirection.Outgoing : CypherDirection.Both;
        return new RelPattern(v, types, dir, props, varLength, min, max, pos);
    }

    private int ParseHopCount()
    {
        var t = _tokens[_p++];
        return int.Parse((string)t.Value!, CultureInfo.InvariantCulture);
    }
}
