namespace SupplyGraph.Cypher;

/// <summary>String functions that can build long strings or many pieces: each charges the memory budget before it builds.</summary>
internal static class StringFunctions
{
    /// <summary>A substring or trimmed copy, charged after the fact: it is never longer than a string already charged or read.</summary>
    public static object? Charged(object? v, ExecContext ctx)
    {
        if (v is string s)
        {
            ctx.Memory.ChargeString(s.Length);
            ctx.Tick(s.Length >> 4);
        }

        return v;
    }

    /// <summary>replace(): the result's length is counted (occurrences × growth) and charged before it is built.</summary>
    public static string Replace(string s, string search, string replacement, ExecContext ctx)
    {
        ctx.Tick(s.Length >> 4);
        long occurrences = 0;
        if (search.Length == 0)
        {
            // Like Java and Neo4j: the replacement goes between every two characters and at both ends.
            occurrences = s.Length + 1;
        }
        else
        {
            for (var i = s.IndexOf(search, StringComparison.Ordinal); i >= 0; i = s.IndexOf(search, i + search.Length, StringComparison.Ordinal))
            {
                occurrences++;
            }
        }

        var length = s.Length + (occurrences * ((long)replacement.Length - search.Length));
        ctx.Memory.ChargeString(length);
        if (length > Values.MaxStringLength)
        {
            throw CypherException.Argument("NumberOutOfRange", $"replace() would build a string of {length} characters");
        }

        ctx.Tick(length >> 4);
        if (search.Length > 0)
        {
            return s.Replace(search, replacement, StringComparison.Ordinal);
        }

        var sb = new System.Text.StringBuilder((int)length);
        sb.Append(replacement);
        foreach (var c in s)
        {
            sb.Append(c).Append(replacement);
        }

        return sb.ToString();
    }

    /// <summary>split(): the pieces are counted and charged (list slots and strings) before any is built.</summary>
    public static List<object?> Split(string s, string delimiter, ExecContext ctx)
    {
        ctx.Tick(s.Length >> 4);
        long pieces = 1;
        if (delimiter.Length == 0)
        {
            pieces = s.Length;
        }
        else
        {
            for (var i = s.IndexOf(delimiter, StringComparison.Ordinal); i >= 0; i = s.IndexOf(delimiter, i + delimiter.Length, StringComparison.Ordinal))
            {
                pieces++;
            }
        }

        ctx.Memory.Charge(MemoryMeter.ListSize(pieces) + (pieces * MemoryMeter.StringBytes) + (2L * s.Length));
        var list = new List<object?>((int)pieces);
        if (delimiter.Length == 0)
        {
            foreach (var c in s)
            {
                list.Add(c.ToString());
            }
        }
        else
        {
            foreach (var piece in s.Split(delimiter))
            {
                list.Add(piece);
            }
        }

        ctx.Tick(pieces);
        return list;
    }

    /// <summary>Charges a string as long as <paramref name="s"/> before its copy is built.</summary>
    public static string SameLength(string s, ExecContext ctx)
    {
        ctx.Memory.ChargeString(s.Length);
        ctx.Tick(s.Length >> 4);
        return s;
    }
}
