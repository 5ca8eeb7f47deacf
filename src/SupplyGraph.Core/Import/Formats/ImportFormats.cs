using System.Text;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Import.Formats;

/// <summary>
/// The published formats <see cref="ImportSession"/> reads besides its own, and how a file's format is told:
/// by <see cref="ImportSession.Format"/> when given, else by its first bytes. Each format's mapping is described
/// on its reader and in <c>docs/import-formats.md</c>.
/// </summary>
public static class ImportFormats
{
    /// <summary>trade.gov Consolidated Screening List, CSV or API JSON.</summary>
    public const string Csl = "csl";

    /// <summary>OpenSanctions / FollowTheMoney entities, one JSON object per line.</summary>
    public const string Ftm = "ftm";

    /// <summary>GLEIF LEI-CDF, RR-CDF and reporting exceptions, JSON or XML.</summary>
    public const string Gleif = "gleif";

    /// <summary>Beneficial Ownership Data Standard statements 0.2–0.4, JSON array or JSON lines.</summary>
    public const string Bods = "bods";

    /// <summary>Delimited node and edge lists read with a <see cref="DelimitedMapping"/>.</summary>
    public const string Delimited = "delimited";

    /// <summary>The project's own JSON and CSV (the default when no published format is recognised).</summary>
    public const string Project = "project";

    /// <summary>Every format name accepted by <see cref="ImportSession.Format"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = [Csl, Ftm, Gleif, Bods, Delimited, Project];

    private const int SniffBytes = 1 << 14;

    /// <summary>The format of a file as its first bytes show it, or null for the project's own formats.</summary>
    /// <param name="path">The file.</param>
    /// <returns>One of <see cref="Names"/> other than <see cref="Project"/>, or null.</returns>
    public static string? Recognise(string path)
    {
        var head = Head(path);
        var text = head.TrimStart();
        var firstLine = text.Split('\n', 2)[0];
        if (text.StartsWith('<'))
        {
            return text.Contains("gleif.org/data/schema", StringComparison.Ordinal) ? Gleif : null;
        }

        if (text.StartsWith('{'))
        {
            return firstLine.Contains("\"schema\"", StringComparison.Ordinal) && firstLine.Contains("\"properties\"", StringComparison.Ordinal) ? Ftm
                : IsBods(firstLine) ? Bods
                : text.Contains("\"results\"", StringComparison.Ordinal) && (text.Contains("\"entity_number\"", StringComparison.Ordinal) || text.Contains("\"alt_names\"", StringComparison.Ordinal)) ? Csl
                : null;
        }

        if (text.StartsWith('['))
        {
            return IsBods(text) ? Bods
                : text.Contains("\"LEI\"", StringComparison.Ordinal) || (text.Contains("\"StartNode\"", StringComparison.Ordinal) && text.Contains("\"RelationshipType\"", StringComparison.Ordinal)) ? Gleif
                : null;
        }

        return firstLine.Contains("source", StringComparison.Ordinal) && firstLine.Contains("name", StringComparison.Ordinal)
            && (firstLine.Contains("entity_number", StringComparison.Ordinal) || firstLine.Contains("alt_names", StringComparison.Ordinal)) ? Csl : null;
    }

    /// <summary>Reads the file when it is in a published format; false leaves it to the project's own readers.</summary>
    internal static bool TryRead(string path, string name, ImportSession session)
    {
        var format = session.Format ?? (session.Mapping is not null && IsDelimitedName(path) ? Delimited : Recognise(path));
        if (format is null or Project)
        {
            return false;
        }

        using var stream = session.Track(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan), name, format);
        switch (format)
        {
            case Csl when LooksLikeJson(path):
                CslReader.ReadJson(stream, name, session);
                break;
            case Csl:
                CslReader.ReadCsv(stream, name, session);
                break;
            case Ftm:
                FtmReader.Read(stream, name, session);
                break;
            case Gleif when LooksLikeXml(path):
                GleifReader.ReadXml(stream, name, session);
                break;
            case Gleif:
                GleifReader.ReadJson(stream, name, session);
                break;
            case Bods when Head(path).TrimStart().StartsWith('['):
                BodsReader.ReadArray(stream, name, session);
                break;
            case Bods:
                BodsReader.ReadLines(stream, name, session);
                break;
            case Delimited when session.Mapping is null:
                session.Error(new InputError(new SourceLocation(name, 0), "", "delimited files need a mapping file (--mapping)"));
                break;
            case Delimited:
                DelimitedReader.Read(stream, name, session.Mapping, session);
                break;
            default:
                session.Error(new InputError(new SourceLocation(name, 0), "", $"unknown format '{format}'; expected one of {string.Join(", ", Names)}"));
                break;
        }

        return true;
    }

    private static bool IsBods(string text) =>
        text.Contains("\"statementId\"", StringComparison.Ordinal) || text.Contains("\"statementID\"", StringComparison.Ordinal);

    private static bool IsDelimitedName(string path) =>
        path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".txt", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the file starts (after white space) with JSON or XML rather than delimited text.</summary>
    internal static bool LooksLikeJson(string path) => Head(path).TrimStart() is ['{' or '[', ..];

    internal static bool LooksLikeXml(string path) => Head(path).TrimStart().StartsWith('<');

    private static string Head(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var buffer = new byte[SniffBytes];
        var length = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        var span = buffer.AsSpan(0, length);
        if (span.StartsWith(Encoding.UTF8.Preamble))
        {
            span = span[3..];
        }

        // Only for recognising the format: a cut multi-byte character at the end does no harm here.
        return Encoding.UTF8.GetString(span);
    }
}
