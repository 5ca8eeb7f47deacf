using System.Globalization;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Storage;

namespace SupplyGraph.Core.Screening;

/// <summary>
/// Keeps, per list, when a committed batch last wrote one of its entries, by reading the change log (<see cref="Observe"/>),
/// and tells each list's freshness against a snapshot (<see cref="Freshness"/>).
/// </summary>
public sealed class SourceClock
{
    private readonly Dictionary<string, DateTimeOffset> _lastImported = new(StringComparer.Ordinal);

    /// <summary>Sources older than this are flagged stale (default 30 days).</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromDays(30);

    /// <summary>The last sequence observed.</summary>
    public long Sequence { get; private set; }

    /// <summary>Reads the whole change log of <paramref name="store"/> into a new clock.</summary>
    /// <param name="store">The store.</param>
    /// <param name="maxAge">The age from which a source is stale.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The clock, current to the log's last entry.</returns>
    public static async Task<SourceClock> ReadAsync(IGraphStore store, TimeSpan maxAge, CancellationToken cancellationToken = default)
    {
        var clock = new SourceClock { MaxAge = maxAge };
        while (true)
        {
            var page = await store.ChangesSinceAsync(clock.Sequence, 50, cancellationToken).ConfigureAwait(false);
            if (page.Count == 0)
            {
                return clock;
            }

            foreach (var entry in page)
            {
                clock.Observe(entry);
            }
        }
    }

    /// <summary>Notes the lists a committed batch wrote entries of.</summary>
    /// <param name="entry">The log entry.</param>
    public void Observe(ChangeLogEntry entry)
    {
        foreach (var change in entry.Changes)
        {
            if (change is PutRelationship { Relationship: { Type: RelationshipTypes.ListedOn } r })
            {
                _lastImported[r.To] = entry.CommittedAt;
            }
        }

        Sequence = Math.Max(Sequence, entry.Sequence);
    }

    /// <summary>The data version of <paramref name="graph"/>: its sequence and every list holding entries.</summary>
    /// <param name="graph">The snapshot.</param>
    /// <param name="now">The time ages are measured from.</param>
    /// <returns>The version, lists by id.</returns>
    public DataVersion Version(GraphSnapshot graph, DateTimeOffset now) => new(graph.Sequence, Freshness(graph, now));

    /// <summary>Every list holding entries in <paramref name="graph"/>, by id, with its freshness.</summary>
    /// <param name="graph">The snapshot.</param>
    /// <param name="now">The time ages are measured from.</param>
    /// <returns>The lists.</returns>
    public IReadOnlyList<SourceFreshness> Freshness(GraphSnapshot graph, DateTimeOffset now)
    {
        var listMask = graph.LabelMask([NodeLabels.List]);
        var listedOn = -1;
        for (var t = 0; t < graph.EdgeTypeNames.Count; t++)
        {
            listedOn = graph.EdgeTypeNames[t] == RelationshipTypes.ListedOn ? t : listedOn;
        }

        var result = new List<SourceFreshness>();
        for (var node = 0; node < graph.NodeCount; node++)
        {
            if (!graph.IsLiveNode(node) || !graph.NodeHasAnyLabel(node, listMask))
            {
                continue;
            }

            var entries = 0;
            DateOnly? latest = null;
            foreach (var edge in graph.EdgesAt(node, Engine.Direction.In))
            {
                if (graph.EdgeType(edge) != listedOn)
                {
                    continue;
                }

                entries++;
                var r = graph.Relationship(edge);
                if ((r.Validity.From ?? r.Provenance.Date) is { } since && (latest is null || since > latest))
                {
                    latest = since;
                }
            }

            if (entries == 0)
            {
                continue;
            }

            var list = graph.Entity(node);
            var published = PublishedDate(list) ?? latest;
            DateTimeOffset? imported = _lastImported.TryGetValue(list.Id, out var at) ? at : null;
            var reference = published is { } p ? new DateTimeOffset(p.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : imported;
            var stale = reference is null || now - reference.Value > MaxAge;
            result.Add(new SourceFreshness(list.Id, list.Name, entries, published, imported, stale));
        }

        result.Sort((a, b) => string.CompareOrdinal(a.ListId, b.ListId));
        return result;
    }

    private static DateOnly? PublishedDate(Entity list)
    {
        foreach (var key in (ReadOnlySpan<string>)["published", "publicationDate", "generated"])
        {
            if (list.Properties.GetValueOrDefault(key) is string text && text.Length >= 10
                && DateOnly.TryParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return day;
            }
        }

        return null;
    }
}
