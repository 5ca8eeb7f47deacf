namespace SupplyGraph.Core.Evidence;

/// <summary>A source the graph's facts cite: a document (a text) or a dataset (records addressed by a provenance's record).</summary>
/// <param name="Id">What a provenance's <c>source</c> names (a list entry's source adds " (list, extracted date)" after it).</param>
/// <param name="Kind"><c>document</c> or <c>dataset</c>.</param>
/// <param name="Title">The title to show instead of the file name.</param>
/// <param name="TitleFrom">Where the title comes from (a headline, the first sentence, the dataset's fields).</param>
/// <param name="Publisher">Who published it, when known.</param>
/// <param name="Author">Who wrote it, when known.</param>
/// <param name="Characters">A document's length in characters; 0 for a dataset.</param>
public sealed record SourceInfo(string Id, string Kind, string Title, string TitleFrom, string? Publisher, string? Author, int Characters)
{
    /// <summary>The kind of a source with a text.</summary>
    public const string Document = "document";

    /// <summary>The kind of a source with records.</summary>
    public const string Dataset = "dataset";
}
