using SupplyGraph.Core.Model;

namespace SupplyGraph.Client;

/// <summary>A page of the change log: ask again with <c>since = Next</c> while <see cref="More"/>.</summary>
/// <param name="Entries">Committed batches, oldest first.</param>
/// <param name="Next">The sequence to ask from next.</param>
/// <param name="LastSequence">The newest sequence in the log.</param>
/// <param name="More">Whether entries after <paramref name="Next"/> exist.</param>
public sealed record ChangesPage(IReadOnlyList<ChangeLogEntry> Entries, long Next, long LastSequence, bool More);
