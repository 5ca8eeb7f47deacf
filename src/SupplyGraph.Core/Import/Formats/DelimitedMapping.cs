using System.Text.Json;
using System.Text.Json.Serialization;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Import.Formats;

/// <summary>
/// How to read a delimited node or edge list (a mapping file, JSON): its delimiter, encoding and number format,
/// and which columns hold the id, name, parent, share and country. Example: <c>docs/examples/de-soe.mapping.json</c>.
/// </summary>
public sealed record DelimitedMapping
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>What the mapping is for (ignored by the reader).</summary>
    public string? Description { get; init; }

    /// <summary>Field separator: one character, or <c>\t</c>.</summary>
    public string Delimiter { get; init; } = ",";

    /// <summary><c>utf-8</c>, <c>latin-1</c>, or <c>auto</c> (UTF-8 when the file's start is valid UTF-8, else Latin-1).</summary>
    public string Encoding { get; init; } = "utf-8";

    /// <summary>Whether numbers use a decimal comma (<c>33,33</c>); a point is read as decimal too.</summary>
    public bool DecimalComma { get; init; }

    /// <summary>Whether the first row names the columns; without it, columns are named by number from 1.</summary>
    public bool Header { get; init; } = true;

    /// <summary>Prefix making the file's ids entity ids (<c>de-soe-</c> + <c>264</c>), so re-imports update the same nodes; null to derive ids from names.</summary>
    public string? IdPrefix { get; init; }

    /// <summary>Label of every row's entity.</summary>
    public string Label { get; init; } = NodeLabels.Company;

    /// <summary>Label of rows without a parent (the state at the top of a state-ownership tree); null for <see cref="Label"/>.</summary>
    public string? RootLabel { get; init; }

    /// <summary>Relationship type: <c>OWNS</c> (parent → row) or <c>SUBSIDIARY_OF</c> (row → parent); for edge rows, the default type.</summary>
    public string Relationship { get; init; } = RelationshipTypes.Owns;

    /// <summary>Whether shares are percentages (<c>percent</c>, the default) or fractions (<c>fraction</c>).</summary>
    public string ShareUnit { get; init; } = "percent";

    /// <summary><c>error</c> (default): a share that is not a number within 0–100 % is an error; <c>unknown</c>: it becomes an unknown share, the text kept as <c>shareAsPublished</c>.</summary>
    public string InvalidShare { get; init; } = "error";

    /// <summary><c>error</c> (default): a parent name matching no party is an error; <c>create</c>: it becomes an <c>Unidentified</c> party of that name.</summary>
    public string UnmatchedParent { get; init; } = "error";

    /// <summary>Whether names carry their seat after a comma (<c>Arriva Tog A/S, Kastrup/Dänemark</c>): the part before is an alias and is tried when matching parent names.</summary>
    public bool SeatAfterComma { get; init; }

    /// <summary>Whether to join words a PDF extraction broke at a hyphen (<c>Aktien- gesellschaft</c>).</summary>
    public bool JoinHyphenatedBreaks { get; init; }

    /// <summary>Which column holds what.</summary>
    public DelimitedColumns Columns { get; init; } = new();

    /// <summary>Further columns copied as properties: column → property name (a missing column is skipped).</summary>
    public Dictionary<string, string> Properties { get; init; } = [];

    /// <summary>Reads a mapping file.</summary>
    /// <param name="path">The mapping file.</param>
    /// <returns>The mapping.</returns>
    /// <exception cref="InvalidInputException">The file is not a valid mapping (file, line and field named).</exception>
    public static DelimitedMapping Load(string path)
    {
        var name = Path.GetFileName(path);
        DelimitedMapping mapping;
        try
        {
            using var stream = File.OpenRead(path);
            mapping = JsonSerializer.Deserialize<DelimitedMapping>(stream, Options)
                ?? throw new InvalidInputException(new InputError(new SourceLocation(name, 1), "", "expected a mapping object"));
        }
        catch (JsonException ex)
        {
            var message = ex.Message.Split(" Path:")[0].Split(" LineNumber:")[0];
            throw new InvalidInputException(new InputError(new SourceLocation(name, (int)(ex.LineNumber ?? 0) + 1), ex.Path?.TrimStart('$', '.') ?? "", message));
        }

        var errors = new List<InputError>();
        void Check(bool ok, string field, string message)
        {
            if (!ok)
            {
                errors.Add(new InputError(new SourceLocation(name, 0), field, message));
            }
        }

        Check(mapping.Delimiter is "\\t" || mapping.Delimiter.Length == 1, "delimiter", "must be one character");
        Check(mapping.Encoding.ToLowerInvariant() is "utf-8" or "utf8" or "latin-1" or "latin1" or "iso-8859-1" or "auto", "encoding", "must be utf-8, latin-1 or auto");
        Check(NodeLabels.IsValid(mapping.Label), "label", $"'{mapping.Label}' is not a label");
        Check(mapping.RootLabel is null || NodeLabels.IsValid(mapping.RootLabel), "rootLabel", $"'{mapping.RootLabel}' is not a label");
        Check(RelationshipTypes.IsKnown(mapping.Relationship), "relationship", $"'{mapping.Relationship}' is not a relationship type");
        Check(mapping.ShareUnit is "percent" or "fraction", "shareUnit", "must be percent or fraction");
        Check(mapping.InvalidShare is "error" or "unknown", "invalidShare", "must be error or unknown");
        Check(mapping.UnmatchedParent is "error" or "create", "unmatchedParent", "must be error or create");
        Check(mapping.Columns.Name is not null || mapping.Columns.From is not null, "columns", "name the name column (node lists) or the from and to columns (edge lists)");
        Check((mapping.Columns.From is null) == (mapping.Columns.To is null), "columns", "from and to go together");
        return errors.Count > 0 ? throw new InvalidInputException(errors) : mapping;
    }
}

/// <summary>Column names (or numbers from 1 when the file has no header) of a <see cref="DelimitedMapping"/>; null when absent.</summary>
public sealed record DelimitedColumns
{
    /// <summary>The row's id within the file (parent columns refer to it).</summary>
    public string? Id { get; init; }

    /// <summary>The party's name.</summary>
    public string? Name { get; init; }

    /// <summary>The parent's id (several separated by commas).</summary>
    public string? Parent { get; init; }

    /// <summary>The parent's name, used when the parent id is empty; matched against the file and the graph.</summary>
    public string? ParentName { get; init; }

    /// <summary>The parent's share of the row's party.</summary>
    public string? Share { get; init; }

    /// <summary>The country.</summary>
    public string? Country { get; init; }

    /// <summary>Other names, separated by <c>|</c>.</summary>
    public string? Aliases { get; init; }

    /// <summary>Edge lists: the start's id or name.</summary>
    public string? From { get; init; }

    /// <summary>Edge lists: the end's id or name.</summary>
    public string? To { get; init; }

    /// <summary>Edge lists: the relationship type (else the mapping's).</summary>
    public string? Type { get; init; }

    /// <summary>The date the source gives (ISO or <c>31.12.2014</c>), for provenance.</summary>
    public string? SourceDate { get; init; }
}
