using System.Text.RegularExpressions;
using nietras.SeparatedValues;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Screening;

/// <summary>
/// Reads a counterparty file: CSV (or semicolon/tab separated) with a header. Columns, case-insensitive: <c>name</c>
/// (required), <c>country</c>, <c>identifiers</c> (<c>lei:5299…; inn:7736…</c>, or a bare 20-character LEI), <c>lei</c>,
/// <c>id</c> (or <c>own_id</c>, the team's own id), <c>type</c> (Company, Person…) and <c>birth_date</c> (a
/// person's, which tells two people of one name apart). Other columns are ignored.
/// A bad row stops the whole file with an error naming its file, line and field: a screening never runs on half a file.
/// </summary>
public static partial class CounterpartyFile
{
    /// <summary>Most rows in one file; beyond it a screening belongs in several files.</summary>
    public const int MaxRows = 1_000_000;

    /// <summary>Reads a counterparty file from disk.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The rows, in file order.</returns>
    /// <exception cref="InvalidInputException">A missing column, an empty name, a malformed identifier; nothing is screened.</exception>
    public static IReadOnlyList<Counterparty> Read(string path)
    {
        using var text = new StreamReader(path);
        return Read(text, Path.GetFileName(path));
    }

    /// <summary>Reads a counterparty file.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="file">The file's name, for messages.</param>
    /// <returns>The rows, in file order.</returns>
    /// <exception cref="InvalidInputException">A missing column, an empty name, a malformed identifier; nothing is screened.</exception>
    public static IReadOnlyList<Counterparty> Read(TextReader text, string file)
    {
        var errors = new List<InputError>();
        var rows = new List<Counterparty>();
        try
        {
            using var reader = Sep.Reader(o => o with { Unescape = true, Trim = SepTrim.All, DisableColCountCheck = true, ColNameComparer = StringComparer.OrdinalIgnoreCase }).From(text);
            var header = reader.Header;
            if (header.IsEmpty || !header.TryIndexOf("name", out var nameCol))
            {
                throw Invalid(file, 1, "name", "the header has no 'name' column (columns: name, country, identifiers, lei, id, type)");
            }

            var countryCol = Col(header, "country");
            var identifiersCol = Col(header, "identifiers");
            var leiCol = Col(header, "lei");
            var idCol = Col(header, "id") is var id and >= 0 ? id : Col(header, "own_id");
            var typeCol = Col(header, "type");
            var birthCol = Col(header, "birth_date");
            foreach (var row in reader)
            {
                var line = row.LineNumberFrom;
                var name = Cell(row, nameCol);
                if (row.ColCount == 1 && name is null)
                {
                    continue; // a blank line
                }

                if (rows.Count >= MaxRows)
                {
                    throw Invalid(file, line, "", $"more than {MaxRows:N0} rows; split the file");
                }

                if (name is null)
                {
                    errors.Add(new InputError(new SourceLocation(file, line), "name", "empty name"));
                    continue;
                }

                var identifiers = new Dictionary<string, string>(StringComparer.Ordinal);
                if (Cell(row, identifiersCol) is { } ids)
                {
                    ParseIdentifiers(ids, identifiers, file, line, errors);
                }

                if (Cell(row, leiCol) is { } lei)
                {
                    AddLei(lei, identifiers, file, line, "lei", errors);
                }

                var type = Cell(row, typeCol);
                if (type is not null)
                {
                    type = NodeLabels.Primary.FirstOrDefault(l => l.Equals(type, StringComparison.OrdinalIgnoreCase));
                    if (type is null or NodeLabels.List or NodeLabels.Technology)
                    {
                        errors.Add(new InputError(new SourceLocation(file, line), "type", $"unknown type '{Cell(row, typeCol)}' (Company, Person, ResearchInstitute, GovernmentBody, Vessel, Aircraft, Party)"));
                        continue;
                    }
                }

                rows.Add(new Counterparty(rows.Count + 1, line, Cell(row, idCol), name, Cell(row, countryCol), identifiers, type) { BirthDate = Cell(row, birthCol) });
            }
        }
        catch (InvalidDataException ex)
        {
            throw Invalid(file, 0, "", "malformed CSV: " + ex.Message);
        }

        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }

        if (rows.Count == 0)
        {
            throw Invalid(file, 1, "name", "no rows to screen");
        }

        return rows;
    }

    private static int Col(SepReaderHeader header, string name) => header.TryIndexOf(name, out var i) ? i : -1;

    private static string? Cell(SepReader.Row row, int col)
    {
        if (col < 0 || col >= row.ColCount)
        {
            return null;
        }

        var s = row[col].ToString();
        return s.Length == 0 ? null : s;
    }

    /// <summary><c>lei:XXXX; inn:123</c>; a value without a scheme is an LEI when it looks like one.</summary>
    private static void ParseIdentifiers(string text, Dictionary<string, string> into, string file, int line, List<InputError> errors)
    {
        foreach (var part in text.Split([';', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                AddLei(part, into, file, line, "identifiers", errors);
                continue;
            }

            var scheme = part[..colon].Trim().ToLowerInvariant();
            var value = part[(colon + 1)..].Trim();
            if (!SchemePattern().IsMatch(scheme) || value.Length == 0)
            {
                errors.Add(new InputError(new SourceLocation(file, line), "identifiers", $"'{part}' is not scheme:value (e.g. lei:5299000J2N45DDNE4Y28)"));
                continue;
            }

            if (scheme == "lei")
            {
                AddLei(value, into, file, line, "identifiers", errors);
                continue;
            }

            into[Unique(into, scheme)] = value;
        }
    }

    private static void AddLei(string value, Dictionary<string, string> into, string file, int line, string field, List<InputError> errors)
    {
        var lei = value.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        if (!LeiPattern().IsMatch(lei))
        {
            errors.Add(new InputError(new SourceLocation(file, line), field, $"'{value}' is not an LEI (20 letters and digits)"));
            return;
        }

        if (!into.ContainsValue(lei))
        {
            into[Unique(into, "lei")] = lei;
        }
    }

    /// <summary>A second value of a scheme is <c>scheme-2</c>, as the importers name them.</summary>
    private static string Unique(Dictionary<string, string> into, string scheme)
    {
        if (!into.ContainsKey(scheme))
        {
            return scheme;
        }

        var n = 2;
        while (into.ContainsKey($"{scheme}-{n}"))
        {
            n++;
        }

        return $"{scheme}-{n}";
    }

    private static InvalidInputException Invalid(string file, int line, string field, string message) =>
        new(new InputError(new SourceLocation(file, line), field, message));

    [GeneratedRegex("^[a-z][a-z0-9_-]{0,31}$")]
    private static partial Regex SchemePattern();

    [GeneratedRegex("^[A-Z0-9]{18}[0-9]{2}$")]
    private static partial Regex LeiPattern();
}
