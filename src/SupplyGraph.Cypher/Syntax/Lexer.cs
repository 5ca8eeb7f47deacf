using System.Globalization;
using System.Text;

namespace SupplyGraph.Cypher;

internal enum Tok
{
    End,
    Ident,
    Keyword,
    String,
    Integer,
    Float,
    Param,
    Symbol,
}

internal readonly record struct Token(Tok Kind, string Text, int Start, int End, object? Value = null)
{
    public bool Is(string symbolOrKeyword) =>
        (Kind == Tok.Symbol && Text == symbolOrKeyword)
        || (Kind == Tok.Ident && string.Equals(Text, symbolOrKeyword, StringComparison.OrdinalIgnoreCase));
}

/// <summary>Splits query text into tokens. Keywords are identifiers; the parser decides by context.</summary>
internal static class Lexer
{
    private static readonly string[] Symbols =
    [
        "..", "<>", "<=", ">=", "=~", "+=", "->", "<-", "!=",
        "(", ")", "[", "]", "{", "}", ",", ":", ".", "|", "=", "<", ">", "+", "-", "*", "/", "%", "^", ";", "$",
    ];

    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (true)
        {
            i = SkipTrivia(text, i);
            if (i >= text.Length)
            {
                tokens.Add(new Token(Tok.End, "", text.Length, text.Length));
                return tokens;
            }

            var c = text[i];
            var start = i;
            if (c is '\'' or '"')
            {
                tokens.Add(new Token(Tok.String, text[start..ReadString(text, ref i)], start, i, ReadStringValue(text, start)));
            }
            else if (char.IsDigit(c) || (c == '.' && i + 1 < text.Length && char.IsDigit(text[i + 1])))
            {
                tokens.Add(ReadNumber(text, ref i));
            }
            else if (c == '`')
            {
                var end = text.IndexOf('`', i + 1);
                var sb = new StringBuilder();
                while (true)
                {
                    if (end < 0)
                    {
                        throw CypherException.Syntax("UnexpectedSyntax", "Unclosed back-quoted name", start);
                    }

                    sb.Append(text, i + 1, end - i - 1);
                    if (end + 1 < text.Length && text[end + 1] == '`')
                    {
                        sb.Append('`');
                        i = end + 1;
                        end = text.IndexOf('`', i + 1);
                        continue;
                    }

                    break;
                }

                i = end + 1;
                tokens.Add(new Token(Tok.Ident, sb.ToString(), start, i, Quoted));
            }
            else if (IsIdentStart(c))
            {
                while (i < text.Length && IsIdentPart(text[i]))
                {
                    i++;
                }

                tokens.Add(new Token(Tok.Ident, text[start..i], start, i));
            }
            else if (c == '$')
            {
                i++;
                var nameStart = i;
                if (i < text.Length && text[i] == '`')
                {
                    var end = text.IndexOf('`', i + 1);
                    if (end < 0)
                    {
                        throw CypherException.Syntax("UnexpectedSyntax", "Unclosed back-quoted name", start);
                    }

                    tokens.Add(new Token(Tok.Param, text[(i + 1)..end], start, end + 1));
                    i = end + 1;
                    continue;
                }

                while (i < text.Length && IsIdentPart(text[i]))
                {
                    i++;
                }

                if (i == nameStart)
                {
                    throw CypherException.Syntax("UnexpectedSyntax", "Expected a parameter name after '$'", start);
                }

                tokens.Add(new Token(Tok.Param, text[nameStart..i], start, i));
            }
            else
            {
                var matched = false;
                foreach (var s in Symbols)
                {
                    if (string.CompareOrdinal(text, i, s, 0, s.Length) == 0)
                    {
                        // "-->" style arrows stay as separate '-' tokens so the pattern parser sees them uniformly.
                        if (s is "->" or "<-")
                        {
                            continue;
                        }

                        tokens.Add(new Token(Tok.Symbol, s, i, i + s.Length));
                        i += s.Length;
                        matched = true;
                        break;
                    }
                }

                if (!matched)
                {
                    throw CypherException.Syntax("UnexpectedSyntax", $"Unexpected character '{c}'", i);
                }
            }
        }
    }

    internal static readonly object Quoted = new();

    private static bool IsIdentStart(char c) => char.IsLetter(c) || c == '_';

    private static bool IsIdentPart(char c) => char.IsLetterOrDigit(c) || c == '_';

    private static int SkipTrivia(string text, int i)
    {
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
            }
            else if (i + 1 < text.Length && text[i] == '/' && text[i + 1] == '/')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }
            }
            else if (i + 1 < text.Length && text[i] == '/' && text[i + 1] == '*')
            {
                var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? text.Length : end + 2;
            }
            else
            {
                break;
            }
        }

        return i;
    }

    private static int ReadString(string text, ref int i)
    {
        var quote = text[i];
        var start = i;
        i++;
        while (i < text.Length && text[i] != quote)
        {
            i += text[i] == '\\' ? 2 : 1;
        }

        if (i >= text.Length)
        {
            throw CypherException.Syntax("UnexpectedSyntax", "Unclosed string literal", start);
        }

        i++;
        return i;
    }

    private static string ReadStringValue(string text, int start)
    {
        var quote = text[start];
        var sb = new StringBuilder();
        var i = start + 1;
        while (text[i] != quote)
        {
            var c = text[i];
            if (c != '\\')
            {
                sb.Append(c);
                i++;
                continue;
            }

            var e = text[i + 1];
            i += 2;
            switch (e)
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case '\\': sb.Append('\\'); break;
                case '\'': sb.Append('\''); break;
                case '"': sb.Append('"'); break;
                case 'u' or 'U':
                    var len = e == 'u' ? 4 : 8;
                    if (i + len > text.Length || !int.TryParse(text.AsSpan(i, len), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var cp))
                    {
                        throw CypherException.Syntax("InvalidUnicodeLiteral", "Invalid unicode escape", i - 2);
                    }

                    sb.Append(char.ConvertFromUtf32(cp));
                    i += len;
                    break;
                default:
                    sb.Append('\\').Append(e);
                    break;
            }
        }

        return sb.ToString();
    }

    private static Token ReadNumber(string text, ref int i)
    {
        var start = i;
        if (text[i] == '0' && i + 1 < text.Length && (text[i + 1] is 'x' or 'X' or 'o' or 'O'))
        {
            var hex = text[i + 1] is 'x' or 'X';
            i += 2;
            while (i < text.Length && IsIdentPart(text[i]))
            {
                i++;
            }

            var digits = text[(start + 2)..i];
            return new Token(Tok.Integer, text[start..i], start, i, ParseRadix(digits, hex ? 16 : 8, start));
        }

        while (i < text.Length && char.IsDigit(text[i]))
        {
            i++;
        }

        var isFloat = false;
        if (i + 1 < text.Length && text[i] == '.' && char.IsDigit(text[i + 1]))
        {
            isFloat = true;
            i++;
            while (i < text.Length && char.IsDigit(text[i]))
            {
                i++;
            }
        }

        if (i < text.Length && (text[i] is 'e' or 'E'))
        {
            var j = i + 1;
            if (j < text.Length && (text[j] is '+' or '-'))
            {
                j++;
            }

            if (j < text.Length && char.IsDigit(text[j]))
            {
                isFloat = true;
                i = j;
                while (i < text.Length && char.IsDigit(text[i]))
                {
                    i++;
                }
            }
        }

        if (i < text.Length && IsIdentStart(text[i]))
        {
            while (i < text.Length && IsIdentPart(text[i]))
            {
                i++;
            }

            var after = SkipTrivia(text, i);
            if (after < text.Length && text[after] == ':')
            {
                throw CypherException.Syntax("UnexpectedSyntax", $"A map key or name cannot start with a digit: '{text[start..i]}'", start);
            }

            throw CypherException.Syntax("InvalidNumberLiteral", $"Invalid number literal '{text[start..i]}'", start);
        }

        var s = text[start..i];
        if (isFloat)
        {
            var d = double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (double.IsInfinity(d))
            {
                throw CypherException.Syntax("FloatingPointOverflow", $"Float literal '{s}' is too large", start);
            }

            return new Token(Tok.Float, s, start, i, d);
        }

        // Integer overflow is checked by the parser, which knows whether a minus sign precedes the literal.
        return new Token(Tok.Integer, s, start, i, s);
    }

    private static object ParseRadix(string digits, int radix, int position)
    {
        if (digits.Length == 0)
        {
            throw CypherException.Syntax("InvalidNumberLiteral", "Invalid number literal", position);
        }

        System.Numerics.BigInteger value = 0;
        foreach (var ch in digits)
        {
            var d = ch switch
            {
                >= '0' and <= '9' => ch - '0',
                >= 'a' and <= 'f' => ch - 'a' + 10,
                >= 'A' and <= 'F' => ch - 'A' + 10,
                _ => 99,
            };
            if (d >= radix)
            {
                throw CypherException.Syntax("InvalidNumberLiteral", $"Invalid number literal '{digits}'", position);
            }

            value = (value * radix) + d;
        }

        return value;
    }
}
