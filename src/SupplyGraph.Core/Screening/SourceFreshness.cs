namespace SupplyGraph.Core.Screening;

/// <summary>How fresh one list's data is: when it was published, when it was last imported, and whether it is too old.</summary>
/// <param name="ListId">The list entity's id.</param>
/// <param name="Name">The list's name.</param>
/// <param name="Entries">Entries (<c>LISTED_ON</c> relationships) it holds.</param>
/// <param name="Published">
/// The list's publication date: its <c>published</c> or <c>generated</c> property when the source gives one, else the latest
/// date among its entries (the last Federal Register rule it cites); null when neither is known.
/// </param>
/// <param name="LastImported">When a batch last wrote one of its entries (from the change log); null when the log no longer holds it.</param>
/// <param name="Stale">True when published (or, without a date, last imported) longer ago than the configured age, or never dated.</param>
public sealed record SourceFreshness(string ListId, string Name, int Entries, DateOnly? Published, DateTimeOffset? LastImported, bool Stale);

/// <summary>The data a screening or decision was made on: the change-log sequence and each source's freshness.</summary>
/// <param name="Sequence">The last change-log sequence the graph held.</param>
/// <param name="Sources">Each list with data, by id.</param>
public sealed record DataVersion(long Sequence, IReadOnlyList<SourceFreshness> Sources);
