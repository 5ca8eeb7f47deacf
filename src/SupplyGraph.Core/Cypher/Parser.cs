using System.Globalization;
using System.Numerics;

namespace SupplyGraph.Core.Cypher;

/// <summary>Recursive-descent parser for openCypher queries.</summary>
internal sealed class Parser
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
                Accept("MATCH");
                var patterns = ParsePatternList();
                Expr? where = Accept("WHERE") ? ParseExpr() : null;
                Expect("}");
                return new SubqueryExpr(t.Is("count"), patterns, where) { Pos = t.Start };
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
}
