namespace SupplyGraph.Core.Import;

/// <summary>How <see cref="Importer"/> reads and commits files.</summary>
public sealed record ImportOptions
{
    /// <summary>A published format to read every file as (one of <see cref="Formats.ImportFormats.Names"/>); null to recognise each file.</summary>
    public string? Format { get; init; }

    /// <summary>Columns of delimited node and edge lists.</summary>
    public Formats.DelimitedMapping? Mapping { get; init; }

    /// <summary>Read, resolve and validate everything (store-side validation included) and report; change nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>
    /// Commit in chunks of about this many changes, for files too large to hold as one batch; null (the default)
    /// imports everything as one atomic batch. See <see cref="Importer"/> for what a chunked import promises.
    /// </summary>
    public int? CommitEvery { get; init; }

    /// <summary>Description of the batch in the change log; by default "import" and the file names.</summary>
    public string? Description { get; init; }

    /// <summary>Gathers the changes into one held batch even where a chunked import of project CSV would stream them (tests compare the two).</summary>
    internal bool Held { get; init; }
}
