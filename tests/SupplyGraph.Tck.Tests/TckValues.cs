using System.Globalization;
using System.Text;
using SupplyGraph.Cypher;

namespace SupplyGraph.Tck.Tests;

public sealed record TckNode(HashSet<string> Labels, Dictionary<string, object?> Props);

public sealed record TckRel(string Type, Dictionary<string, object?> Props);

/// <summary>A path as written: nodes and relationships with their direction (true = left to right).</summary>
public sealed record TckPath(List<TckNode> Nodes, List<(TckRel Rel, bool Forward)> Rels);

/// <summary>Parses the TCK's value syntax: null, booleans, numbers, strings, lists, maps, nodes, relationships, paths.</summary>
public sealed class TckValueParser
{
    private readonly string _s;
    private int _p;

    private TckValueParser(string s) => _s = s;

    public static object? Parse(string s)
    {
        var p = new TckValueParser(s.Trim());
        var v = p.Value();
        p.Ws();
        if (p._p != p._s.Length)
        {
            throw new FormatException($"Trailing text in TCK value '{s}' at {p._p}");
        }

        return v;
    }

    private void Ws()
    {
        while (_p < _s.Length && char.IsWhiteSpace(_s[_p]))
        {
            _p++;
        }
    }

    private bool Accept(string t)
    {
        Ws();
        if (string.CompareOrdinal(_s, _p, t, 0, t.Length) == 0)
        {
            _p += t.Length;
            return true;
        }

        return false;
    }

    private void Expect(string t)
    {
        if (!Accept(t))
        {
            throw new FormatException($"Expected '{t}' at {_p} in '{_s}'");
        }
    }

    private object? Value()
    {
        Ws();
        var c = _s[_p];
        if (c == '\'')
        {
            return Str();
        }

        if (c == '[')
        {
            // A relationship looks like [:TYPE ...]; a list like [v, ...].
            var save = _p;
            _p++;
            Ws();
            if (_p < _s.Length && _s[_p] == ':')
            {
                _p = save;
                return Rel();
            }

            _p = save + 1;
            var list = new List<object?>();
            if (!Accept("]"))
            {
                do
                {
                    list.Add(Value());
                }
                while (Accept(","));
                Expect("]");
            }

            return list;
        }

        if (c == '{')
        {
            return Map();
        }

        if (c == '(')
        {
            return Node();
        }

        if (c == '<')
        {
            return Path();
        }

        var start = _p;
        while (_p < _s.Length && !(_s[_p] is ',' or ']' or '}' or ')' || char.IsWhiteSpace(_s[_p])))
        {
            _p++;
        }

        var tok = _s[start.._p];
        switch (tok)
        {
            case "null": return null;
            case "true": return true;
            case "false": return false;
            case "NaN": return double.NaN;
            case "Inf" or "Infinity": return double.PositiveInfinity;
            case "-Inf" or "-Infinity": return double.NegativeInfinity;
        }

        if (long.TryParse(tok, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return l;
        }

        if (double.TryParse(tok, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return d;
        }

        throw new FormatException($"Unknown TCK value '{tok}'");
    }

    private string Str()
    {
        _p++;
        var sb = new StringBuilder();
        while (_s[_p] != '\'')
        {
            if (_s[_p] == '\\' && _p + 1 < _s.Length)
            {
                _p++;
                sb.Append(_s[_p] switch { 'n' => '\n', 't' => '\t', _ => _s[_p] });
            }
            else
            {
                sb.Append(_s[_p]);
            }

            _p++;
        }

        _p++;
        return sb.ToString();
    }

    private string Name()
    {
        Ws();
        var start = _p;
        if (_s[_p] == '`')
        {
            var end = _s.IndexOf('`', _p + 1);
            _p = end + 1;
            return _s[(start + 1)..end];
        }

        while (_p < _s.Length && (char.IsLetterOrDigit(_s[_p]) || _s[_p] == '_'))
        {
            _p++;
        }

        return _s[start.._p];
    }

    private Dictionary<string, object?> Map()
    {
        Expect("{");
        var m = new Dictionary<string, object?>();
        if (Accept("}"))
        {
            return m;
        }

        do
        {
            var k = Name();
            Expect(":");
            m[k] = Value();
        }
        while (Accept(","));
        Expect("}");
        return m;
    }

    private TckNode Node()
    {
        Expect("(");
        var labels = new HashSet<string>(StringComparer.Ordinal);
        while (Accept(":"))
        {
            labels.Add(Name());
        }

        Ws();
        var props = _s[_p] == '{' ? Map() : [];
        Expect(")");
        return new TckNode(labels, props);
    }

    private TckRel Rel()
    {
        Expect("[");
        Expect(":");
        var type = Name();
        Ws();
        var props = _s[_p] == '{' ? Map() : [];
        Expect("]");
        return new TckRel(type, props);
    }

    private TckPath Path()
    {
        Expect("<");
        var nodes = new List<TckNode> { Node() };
        var rels = new List<(TckRel, bool)>();
        while (!Accept(">"))
        {
            var back = Accept("<-");
            if (!back)
            {
                Expect("-");
            }

            var rel = Rel();
            Expect("-");
            var fwd = Accept(">");
            rels.Add((rel, fwd && !back));
            nodes.Add(Node());
        }

        return new TckPath(nodes, rels);
    }
}

/// <summary>Compares engine values with parsed TCK values.</summary>
public static class TckCompare
{
    public static bool Matches(object? expected, object? actual, ICypherGraph g, bool unorderedLists)
    {
        switch (expected)
        {
            case null:
                return actual is null;
            case bool b:
                return actual is bool ab && ab == b;
            case long l:
                return actual is long al && al == l;
            case double d:
                if (actual is not double ad)
                {
                    return false;
                }

                if (double.IsNaN(d))
                {
                    return double.IsNaN(ad);
                }

                return ad == d || Math.Abs(ad - d) <= 1e-12 * Math.Max(Math.Abs(d), 1);
            case string s:
                return actual is string a ? a == s : actual is CypherTemporal or CypherDuration && actual.ToString() == s;
            case List<object?> list:
                {
                    if (actual is not List<object?> al2 || al2.Count != list.Count)
                    {
                        return false;
                    }

                    if (!unorderedLists)
                    {
                        for (var i = 0; i < list.Count; i++)
                        {
                            if (!Matches(list[i], al2[i], g, unorderedLists))
                            {
                                return false;
                            }
                        }

                        return true;
                    }

                    var remaining = al2.ToList();
                    foreach (var e in list)
                    {
                        var idx = remaining.FindIndex(a => Matches(e, a, g, unorderedLists));
                        if (idx < 0)
                        {
                            return false;
                        }

                        remaining.RemoveAt(idx);
                    }

                    return true;
                }

            case Dictionary<string, object?> map:
                return actual is Dictionary<string, object?> am && PropsMatch(map, am, g, unorderedLists);
            case TckNode n:
                return actual is CypherNode an && NodeMatches(n, an.Id, g);
            case TckRel r:
                return actual is CypherRelationship ar && RelMatches(r, ar.Id, g);
            case TckPath p:
                {
                    if (actual is not CypherPath ap || ap.Nodes.Count != p.Nodes.Count)
                    {
                        return false;
                    }

                    for (var i = 0; i < p.Nodes.Count; i++)
                    {
                        if (!NodeMatches(p.Nodes[i], ap.Nodes[i].Id, g))
                        {
                            return false;
                        }
                    }

                    for (var i = 0; i < p.Rels.Count; i++)
                    {
                        var rid = ap.Relationships[i].Id;
                        if (!RelMatches(p.Rels[i].Rel, rid, g))
                        {
                            return false;
                        }

                        var forward = g.StartNode(rid) == ap.Nodes[i].Id && g.EndNode(rid) == ap.Nodes[i + 1].Id;
                        var backward = g.EndNode(rid) == ap.Nodes[i].Id && g.StartNode(rid) == ap.Nodes[i + 1].Id;
                        if (p.Rels[i].Forward ? !forward : !backward)
                        {
                            return false;
                        }
                    }

                    return true;
                }

            default:
                return false;
        }
    }

    private static bool NodeMatches(TckNode n, long id, ICypherGraph g)
    {
        var labels = g.Labels(id);
        return labels.Count == n.Labels.Count && labels.All(n.Labels.Contains) && PropsMatch(n.Props, g.NodeProperties(id).ToDictionary(kv => kv.Key, kv => kv.Value), g, false);
    }

    private static bool RelMatches(TckRel r, long id, ICypherGraph g) =>
        g.RelationshipType(id) == r.Type && PropsMatch(r.Props, g.RelationshipProperties(id).ToDictionary(kv => kv.Key, kv => kv.Value), g, false);

    private static bool PropsMatch(Dictionary<string, object?> expected, Dictionary<string, object?> actual, ICypherGraph g, bool unorderedLists)
    {
        if (expected.Count != actual.Count)
        {
            return false;
        }

        foreach (var (k, v) in expected)
        {
            if (!actual.TryGetValue(k, out var a) || !Matches(v, a, g, unorderedLists))
            {
                return false;
            }
        }

        return true;
    }
}
