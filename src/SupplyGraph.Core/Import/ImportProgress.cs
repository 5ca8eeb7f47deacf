namespace SupplyGraph.Core.Import;

/// <summary>Progress of an import, for a progress bar or progress lines.</summary>
/// <param name="Stage">
/// <c>reading</c> (<paramref name="Done"/> and <paramref name="Total"/> are bytes of <paramref name="Source"/>),
/// <c>read</c> (the file is done; <paramref name="Records"/> is its final count), <c>resolving</c> (links across files, after reading), then the store's <c>validating</c>, <c>writing</c>,
/// <c>indexing</c> and <c>committed</c> (counts of changes); a chunked import repeats the store stages per chunk.
/// </param>
/// <param name="Source">The file being read; null for the store stages.</param>
/// <param name="Done">Bytes read, or changes done.</param>
/// <param name="Total">Bytes of the file, or changes in the batch.</param>
/// <param name="Records">Party records resolved so far in <paramref name="Source"/> (all files for the store stages).</param>
public sealed record ImportProgress(string Stage, string? Source, long Done, long Total, int Records);
