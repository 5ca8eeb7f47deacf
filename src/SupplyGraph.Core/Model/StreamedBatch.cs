namespace SupplyGraph.Core.Model;

/// <summary>
/// A batch too large to hold as objects (an import of tens of millions of rows): its changes are read again each time
/// they are read — once to validate, once to write — so that memory holds one chunk, not the batch. Every reading must
/// hand over the same changes in the same order (files that do not change while they are read).
/// </summary>
/// <remarks>
/// A source that finds problems of its own (a malformed row) hands over the rows it could read and then throws
/// <see cref="InvalidInputException"/> at the end of the reading, so that the store reports those problems with its
/// own in one refusal.
/// </remarks>
/// <param name="read">Reads the changes once, from the first, handing each to the action it is given.</param>
/// <param name="description">What the batch is, for the change log.</param>
public sealed class StreamedBatch(Action<Action<Change>> read, string? description = null)
{
    /// <summary>What the batch is, for the change log.</summary>
    public string? Description { get; } = description;

    /// <summary>Reads the changes from the first, in order.</summary>
    /// <param name="each">Receives each change.</param>
    public void Read(Action<Change> each) => read(each);
}
