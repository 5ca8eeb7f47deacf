using System.Text;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Import;

/// <summary>RFC 4180 CSV: quoted fields may hold separators, quotes ("") and line breaks.</summary>
internal static class CsvReader
{
    public sealed record Row(int Line, string[] Fields);

    public static IEnumerable<Row> Read(TextReader text, char separator = ',', string file = "")
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        int line = 1, rowLine = 1;
        var inQuotes = false;
        var any = false;
        int c;
        while ((c = text.Read()) >= 0)
        {
            var ch = (char)c;
            if (inQuotes)
            {
                if (ch == '"')
                {
                    if (text.Peek() == '"')
                    {
                        text.Read();
                        field.Append('"');
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    if (ch == '\n')
                    {
                        line++;
                    }

                    field.Append(ch);
                }

                continue;
            }

            if (ch == '"' && field.Length == 0)
            {
                inQuotes = true;
                any = true;
            }
            else if (ch == separator)
            {
                fields.Add(field.ToString());
                field.Clear();
                any = true;
            }
            else if (ch == '\r')
            {
                continue;
            }
            else if (ch == '\n')
            {
                if (any || field.Length > 0)
                {
                    fields.Add(field.ToString());
                    yield return new Row(rowLine, [.. fields]);
                }

                fields.Clear();
                field.Clear();
                any = false;
                line++;
                rowLine = line;
            }
            else
            {
                field.Append(ch);
                any = true;
            }
        }

        if (inQuotes)
        {
            throw new InvalidInputException(new InputError(new SourceLocation(file, rowLine), "", "malformed CSV: a quoted field is never closed"));
        }

        if (any || field.Length > 0)
        {
            fields.Add(field.ToString());
            yield return new Row(rowLine, [.. fields]);
        }
    }
}
