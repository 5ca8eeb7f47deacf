namespace SupplyGraph.Cypher;

/// <summary>Atoms: literals, parameters, variables, function calls, CASE, list and map forms, pattern expressions.</summary>
internal sealed partial class Parser
{
    private Expr ParseAtom()
    {
        var t = Cur;
        switch (t.Kind)
        {
            case Tok.Integer:
                return IntegerLiteral(negative: false);
            case Tok.Float:
                _p++;
                return new LiteralExpr(t.Value) { Pos = t.Start };
            case Tok.String:
                _p++;
                return new LiteralExpr(t.Value) { Pos = t.Start };
            case Tok.Param:
                _p++;
                return new ParamExpr(t.Text) { Pos = t.Start };
            case Tok.End:
                throw Unexpected("an expression");
        }

        if (t.Kind == Tok.Symbol)
        {
            switch (t.Text)
            {
                case "(":
                    return ParseParenthesized();
                case "[":
                    return ParseBracket();
                case "{":
                    return ParseMapLiteral();
                default:
                    throw Unexpected("an expression");
            }
        }

        // Identifier-led atoms.
        if (t.Value != Lexer.Quoted)
        {
            if (t.Is("true"))
            {
                _p++;
                return new LiteralExpr(true) { Pos = t.Start };
            }

            if (t.Is("false"))
            {
                _p++;
                return new LiteralExpr(false) { Pos = t.Start };
            }

            if (t.Is("null"))
            {
                _p++;
                return new LiteralExpr(null) { Pos = t.Start };
            }

            if (t.Is("CASE"))
            {
                return ParseCase();
            }

            if (t.Is("COUNT") && Peek().Is("(") && Peek(2).Is("*") && Peek(3).Is(")"))
            {
                _p += 4;
                return new CountStarExpr { Pos = t.Start };
            }

            if ((t.Is("all") || t.Is("any") || t.Is("none") || t.Is("single")) && Peek().Is("(") && Peek(2).Kind == Tok.Ident && Peek(3).Is("IN"))
            {
                _p += 2;
                var v = Name();
                Expect("IN");
                var list = ParseExpr();
                Expr? where = Accept("WHERE") ? ParseExpr() : null;
                Expect(")");
                return new QuantifierExpr(t.Text.ToLowerInvariant(), v, list, where) { Pos = t.Start };
            }

            // Neo4j 3.x's extract(x IN list | e) and filter(x IN list WHERE p): the list comprehensions they became.
            if ((t.Is("extract") || t.Is("filter")) && Peek().Is("(") && Peek(2).Kind == Tok.Ident && Peek(3).Is("IN"))
            {
                var isExtract = t.Is("extract");
                _p += 2;
                var v = Name();
                Expect("IN");
                var list = ParseExpr();
                Expr? where = Accept("WHERE") ? ParseExpr() : null;
                Expr? projection = isExtract ? (Accept("|") ? ParseExpr() : throw Unexpected("'|' and the expression extract() maps each element to")) : null;
                if (!isExtract && where is null)
                {
                    throw Unexpected("WHERE and the predicate filter() keeps elements by");
                }

                Expect(")");
                return new ListCompExpr(v, list, where, projection) { Pos = t.Start };
            }

            if (t.Is("reduce") && Peek().Is("("))
            {
                _p += 2;
                var acc = Name();
                Expect("=");
                var init = ParseExpr();
                Expect(",");
                var v = Name();
                Expect("IN");
                var list = ParseExpr();
                Expect("|");
                var body = ParseExpr();
                Expect(")");
                return new ReduceExpr(acc, init, v, list, body) { Pos = t.Start };
            }

            if ((t.Is("exists") || t.Is("count")) && Peek().Is("{"))
            {
                _p += 2;
                if (At("("))
                {
                    var patterns = ParsePatternList();
                    Expr? where = Accept("WHERE") ? ParseExpr() : null;
                    Expect("}");
                    return new SubqueryExpr(t.Is("count"), patterns, where) { Pos = t.Start };
                }

                var body = ParseSingle();
                Expect("}");
                if (body.Clauses is [MatchClause { Optional: false } only])
                {
                    return new SubqueryExpr(t.Is("count"), only.Patterns, only.Where) { Pos = t.Start };
                }

                return new SubqueryBodyExpr(t.Is("count"), body) { Pos = t.Start };
            }

            if (t.Is("exists") && Peek().Is("("))
            {
                _p += 2;
                var save = _p;
                Expr inner;
                if (TryParsePatternExpr(out var pe))
                {
                    inner = pe;
                }
                else
                {
                    _p = save;
                    inner = ParseExpr();
                }

                Expect(")");
                return new ExistsExpr(inner) { Pos = t.Start };
            }
        }

        // Function call: name(.name)* '('
        var look = 1;
        while (Peek(look).Is(".") && Peek(look + 1).Kind == Tok.Ident)
        {
            look += 2;
        }

        if (Peek(look).Is("("))
        {
            var name = Name();
            while (Accept("."))
            {
                name += "." + Name();
            }

            Expect("(");
            var distinct = Accept("DISTINCT");
            var args = new List<Expr>();
            if (!At(")"))
            {
                do
                {
                    args.Add(ParseExpr());
                }
                while (Accept(","));
            }

            Expect(")");
            return new CallExpr(name, distinct, args) { Pos = t.Start };
        }

        var varName = Name();
        if (At("{"))
        {
            return ParseMapProjection(varName, t.Start);
        }

        return new VarExpr(varName) { Pos = t.Start };
    }

    private Expr ParseMapProjection(string v, int pos)
    {
        Expect("{");
        var items = new List<MapProjectionItem>();
        if (!At("}"))
        {
            do
            {
                if (Accept("."))
                {
                    if (Accept("*"))
                    {
                        items.Add(new MapProjectionItem(null, null, true, null));
                    }
                    else
                    {
                        var k = Name();
                        items.Add(new MapProjectionItem(k, null, false, k));
                    }
                }
                else
                {
                    var startTok = Cur;
                    var k = Name();
                    if (Accept(":"))
                    {
                        items.Add(new MapProjectionItem(k, ParseExpr(), false, null));
                    }
                    else
                    {
                        items.Add(new MapProjectionItem(k, new VarExpr(k) { Pos = startTok.Start }, false, null));
                    }
                }
            }
            while (Accept(","));
        }

        Expect("}");
        return new MapProjectionExpr(v, items) { Pos = pos };
    }

    private Expr ParseCase()
    {
        var pos = Cur.Start;
        _p++;
        Expr? test = null;
        if (!At("WHEN"))
        {
            test = ParseExpr();
        }

        var branches = new List<(Expr, Expr)>();
        while (Accept("WHEN"))
        {
            var w = ParseExpr();
            Expect("THEN");
            branches.Add((w, ParseExpr()));
        }

        if (branches.Count == 0)
        {
            throw Unexpected("WHEN");
        }

        Expr? els = Accept("ELSE") ? ParseExpr() : null;
        Expect("END");
        return new CaseExpr(test, branches, els) { Pos = pos };
    }

    private Expr ParseParenthesized()
    {
        var save = _p;
        if (TryParsePatternExpr(out var pattern))
        {
            return pattern;
        }

        _p = save;
        Expect("(");
        var e = ParseExpr();
        Expect(")");
        return e;
    }

    private bool TryParsePatternExpr(out Expr pattern)
    {
        pattern = null!;
        var save = _p;
        try
        {
            if (!At("("))
            {
                return false;
            }

            var start = Cur.Start;
            var part = ParsePatternElement(null, start);
            if (part.Rels.Count == 0)
            {
                _p = save;
                return false;
            }

            pattern = new PatternExpr(part) { Pos = start };
            return true;
        }
        catch (CypherException)
        {
            _p = save;
            return false;
        }
    }

    private Expr ParseBracket()
    {
        var pos = Cur.Start;
        // List comprehension: [x IN list WHERE … | …]
        if (Peek().Kind == Tok.Ident && Peek(2).Is("IN"))
        {
            _p++;
            var v = Name();
            _p++;
            var list = ParseExpr();
            Expr? where = Accept("WHERE") ? ParseExpr() : null;
            Expr? proj = Accept("|") ? ParseExpr() : null;
            Expect("]");
            return new ListCompExpr(v, list, where, proj) { Pos = pos };
        }

        // Pattern comprehension: [p = (a)-->(b) WHERE … | …]
        var save = _p;
        _p++;
        if (At("(") || (Cur.Kind == Tok.Ident && Peek().Is("=")))
        {
            try
            {
                var part = ParsePatternPart();
                if (part.Rels.Count > 0 && (At("WHERE") || At("|")))
                {
                    Expr? where = Accept("WHERE") ? ParseExpr() : null;
                    Expect("|");
                    var proj = ParseExpr();
                    Expect("]");
                    return new PatternCompExpr(part, where, proj) { Pos = pos };
                }
            }
            catch (CypherException)
            {
            }
        }

        _p = save + 1;
        var items = new List<Expr>();
        if (!At("]"))
        {
            do
            {
                items.Add(ParseExpr());
            }
            while (Accept(","));
        }

        Expect("]");
        return new ListExpr(items) { Pos = pos };
    }

    private MapExpr ParseMapLiteral()
    {
        var pos = Cur.Start;
        Expect("{");
        var entries = new List<KeyValuePair<string, Expr>>();
        if (!At("}"))
        {
            do
            {
                var key = Name();
                Expect(":");
                entries.Add(new(key, ParseExpr()));
            }
            while (Accept(","));
        }

        Expect("}");
        return new MapExpr(entries) { Pos = pos };
    }
}
