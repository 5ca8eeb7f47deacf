namespace SupplyGraph.Cypher;

/// <summary>Recursive-descent parser for openCypher queries.</summary>
internal sealed partial class Parser
{
    private readonly string _text;
    private readonly List<Token> _tokens;
    private int _p;

    private Parser(string text)
    {
        _text = text;
        _tokens = Lexer.Tokenize(text);
    }

    public static QueryAst Parse(string text)
    {
        var parser = new Parser(text);
        var query = parser.ParseQuery();
        return query;
    }

    private Token Cur => _tokens[_p];

    private Token Peek(int ahead = 1) => _tokens[Math.Min(_p + ahead, _tokens.Count - 1)];

    private int LastEnd => _p == 0 ? 0 : _tokens[_p - 1].End;

    private bool At(string s) => Cur.Is(s);

    private bool AtSeq(params string[] words)
    {
        for (var i = 0; i < words.Length; i++)
        {
            if (!Peek(i).Is(words[i]))
            {
                return false;
            }
        }

        return true;
    }

    private bool Accept(string s)
    {
        if (At(s))
        {
            _p++;
            return true;
        }

        return false;
    }

    private Token Expect(string s)
    {
        if (!At(s))
        {
            throw Unexpected($"'{s}'");
        }

        return _tokens[_p++];
    }

    private CypherException Unexpected(string expected) =>
        CypherException.Syntax(
            "UnexpectedSyntax",
            Cur.Kind == Tok.End ? $"Unexpected end of input, expected {expected}" : $"Unexpected '{Cur.Text}', expected {expected}",
            Cur.Start);

    private string Name()
    {
        if (Cur.Kind != Tok.Ident)
        {
            throw Unexpected("a name");
        }

        return _tokens[_p++].Text;
    }

    private QueryAst ParseQuery()
    {
        string? mode = null;
        if ((At("EXPLAIN") || At("PROFILE")) && Peek().Kind == Tok.Ident)
        {
            mode = Cur.Text.ToUpperInvariant();
            _p++;
        }

        var parts = new List<SingleQuery> { ParseSingle() };
        var all = new List<bool>();
        while (Accept("UNION"))
        {
            all.Add(Accept("ALL"));
            parts.Add(ParseSingle());
        }

        Accept(";");
        if (Cur.Kind != Tok.End)
        {
            throw Unexpected("end of query");
        }

        return new QueryAst(parts, all, mode);
    }

    private SingleQuery ParseSingle()
    {
        var clauses = new List<Clause>();
        while (true)
        {
            var start = Cur.Start;
            Clause? c = null;
            if (At("MATCH"))
            {
                _p++;
                c = ParseMatch(false);
            }
            else if (AtSeq("OPTIONAL", "MATCH"))
            {
                _p += 2;
                c = ParseMatch(true);
            }
            else if (Accept("UNWIND"))
            {
                var e = ParseExpr();
                Expect("AS");
                c = new UnwindClause(e, Name());
            }
            else if (Accept("WITH"))
            {
                c = new WithClause(ParseProjection(true));
            }
            else if (Accept("RETURN"))
            {
                c = new ReturnClause(ParseProjection(false));
            }
            else if (Accept("CALL"))
            {
                c = ParseCall();
            }
            else
            {
                c = TryParseUpdating();
            }

            if (c is null)
            {
                break;
            }

            clauses.Add(c with { Pos = start });
        }

        if (clauses.Count == 0)
        {
            throw Unexpected("a clause");
        }

        return new SingleQuery(clauses);
    }

    /// <summary>CREATE, MERGE, SET, REMOVE, [DETACH] DELETE or FOREACH at the cursor, or null.</summary>
    private Clause? TryParseUpdating()
    {
        if (Accept("CREATE"))
        {
            return new CreateClause(ParsePatternList());
        }

        if (Accept("MERGE"))
        {
            return ParseMerge();
        }

        if (Accept("SET"))
        {
            return new SetClause(ParseSetItems());
        }

        if (Accept("REMOVE"))
        {
            return ParseRemove();
        }

        if (Accept("FOREACH"))
        {
            return ParseForeach();
        }

        if (!At("DELETE") && !AtSeq("DETACH", "DELETE"))
        {
            return null;
        }

        var detach = Accept("DETACH");
        Expect("DELETE");
        var targets = new List<Expr> { ParseExpr() };
        while (Accept(","))
        {
            targets.Add(ParseExpr());
        }

        return new DeleteClause(detach, targets);
    }

    private ForeachClause ParseForeach()
    {
        Expect("(");
        var v = Name();
        Expect("IN");
        var list = ParseExpr();
        Expect("|");
        var body = new List<Clause>();
        while (!At(")"))
        {
            var start = Cur.Start;
            var c = TryParseUpdating() ?? throw Unexpected("an updating clause (CREATE, MERGE, SET, REMOVE, DELETE, FOREACH) in FOREACH");
            body.Add(c with { Pos = start });
        }

        Expect(")");
        if (body.Count == 0)
        {
            throw Unexpected("an updating clause in FOREACH");
        }

        return new ForeachClause(v, list, body);
    }

    private MatchClause ParseMatch(bool optional)
    {
        var patterns = ParsePatternList();
        Expr? where = Accept("WHERE") ? ParseExpr() : null;
        return new MatchClause(optional, patterns, where);
    }

    private Clause ParseMerge()
    {
        var pattern = ParsePatternPart();
        var onCreate = new List<SetItem>();
        var onMatch = new List<SetItem>();
        while (At("ON"))
        {
            _p++;
            if (Accept("CREATE"))
            {
                Expect("SET");
                onCreate.AddRange(ParseSetItems());
            }
            else
            {
                Expect("MATCH");
                Expect("SET");
                onMatch.AddRange(ParseSetItems());
            }
        }

        return new MergeClause(pattern, onCreate, onMatch);
    }

    private List<SetItem> ParseSetItems()
    {
        var items = new List<SetItem>();
        do
        {
            var target = ParsePostfix(ParseAtom(), allowLabels: false);
            if (target is VarExpr v && At(":"))
            {
                items.Add(new SetLabelsItem(v.Name, ParseLabels()));
            }
            else if (target is VarExpr v2 && (At("=") || At("+=")))
            {
                var merge = Cur.Text == "+=";
                _p++;
                items.Add(new SetAllItem(v2.Name, ParseExpr(), merge));
            }
            else if (target is PropExpr pe)
            {
                Expect("=");
                items.Add(new SetPropertyItem(pe, ParseExpr()));
            }
            else
            {
                throw Unexpected("a property, label or '=' in SET");
            }
        }
        while (Accept(","));
        return items;
    }

    private RemoveClause ParseRemove()
    {
        var items = new List<RemoveItem>();
        do
        {
            var target = ParsePostfix(ParseAtom(), allowLabels: false);
            if (target is VarExpr v && At(":"))
            {
                items.Add(new RemoveLabelsItem(v.Name, ParseLabels()));
            }
            else if (target is PropExpr pe)
            {
                items.Add(new RemovePropertyItem(pe));
            }
            else
            {
                throw Unexpected("a property or label in REMOVE");
            }
        }
        while (Accept(","));
        return new RemoveClause(items);
    }

    private CallClause ParseCall()
    {
        var name = Name();
        while (Accept("."))
        {
            name += "." + Name();
        }

        List<Expr>? args = null;
        if (Accept("("))
        {
            args = [];
            if (!At(")"))
            {
                do
                {
                    args.Add(ParseExpr());
                }
                while (Accept(","));
            }

            Expect(")");
        }

        List<(string, string)>? yields = null;
        var star = false;
        Expr? where = null;
        if (Accept("YIELD"))
        {
            if (Accept("*"))
            {
                star = true;
            }
            else
            {
                yields = [];
                do
                {
                    var field = Name();
                    var alias = Accept("AS") ? Name() : field;
                    yields.Add((field, alias));
                }
                while (Accept(","));
                if (Accept("WHERE"))
                {
                    where = ParseExpr();
                }
            }
        }

        return new CallClause(name, args, yields, star, where);
    }

    private Projection ParseProjection(bool isWith)
    {
        var distinct = Accept("DISTINCT");
        var star = false;
        var items = new List<ProjectionItem>();
        if (Accept("*"))
        {
            star = true;
            if (!Accept(","))
            {
                goto Tail;
            }
        }

        do
        {
            var startTok = Cur;
            var e = ParseExpr();
            var text = _text[startTok.Start..LastEnd];
            string? alias = null;
            if (Accept("AS"))
            {
                alias = Name();
            }

            items.Add(new ProjectionItem(e, alias, text, startTok.Start));
        }
        while (Accept(","));

    Tail:
        var order = new List<SortItem>();
        if (AtSeq("ORDER", "BY"))
        {
            _p += 2;
            do
            {
                var startTok = Cur;
                var e = ParseExpr();
                var text = _text[startTok.Start..LastEnd];
                var desc = false;
                if (Accept("DESC") || Accept("DESCENDING"))
                {
                    desc = true;
                }
                else if (!Accept("ASC"))
                {
                    Accept("ASCENDING");
                }

                order.Add(new SortItem(e, desc, text));
            }
            while (Accept(","));
        }

        var skip = Accept("SKIP") ? ParseExpr() : null;
        var limit = Accept("LIMIT") ? ParseExpr() : null;
        Expr? where = isWith && Accept("WHERE") ? ParseExpr() : null;
        return new Projection(distinct, star, items, order, skip, limit, where);
    }
}
