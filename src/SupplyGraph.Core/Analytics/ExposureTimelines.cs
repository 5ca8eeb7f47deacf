using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Storage;

namespace SupplyGraph.Core.Analytics;

/// <summary>
/// Exposure over time. Validity: the relationships and listings within the query's hops of the party (every date)
/// give the days on which exposure can change; exposure is evaluated as of each (the same kernel as
/// <see cref="Exposure.Of(GraphSnapshot, IReadOnlyList{string}, ExposureQuery)"/>) and consecutive answers compared.
/// Change log: the log is replayed from the start and exposure compared after each commit.
/// </summary>
public static class ExposureTimelines
{
    /// <summary>Most dated days evaluated.</summary>
    public const int MaxDays = 1000;

    /// <summary>Most change log entries a timeline replays.</summary>
    public const int MaxLogEntries = 10_000;

    /// <summary>The change log from the start, oldest first, up to <see cref="MaxLogEntries"/> entries: what <see cref="Of"/> replays.</summary>
    /// <param name="store">The store whose log is read.</param>
    /// <param name="cancellationToken">Stops the reading.</param>
    /// <returns>The entries.</returns>
    public static async Task<IReadOnlyList<ChangeLogEntry>> ReadLogAsync(IGraphStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var log = new List<ChangeLogEntry>();
        for (long after = 0; log.Count < MaxLogEntries;)
        {
            var page = await store.ChangesSinceAsync(after, 500, cancellationToken).ConfigureAwait(false);
            if (page.Count == 0)
            {
                break;
            }

            log.AddRange(page);
            after = page[^1].Sequence;
        }

        return log;
    }

    /// <summary>The timeline of <paramref name="entityId"/>.</summary>
    /// <param name="graph">The graph now.</param>
    /// <param name="entityId">The party.</param>
    /// <param name="query">Hops, types, direction, lists and node filters (<see cref="TraversalQuery.AsOf"/> is what the timeline varies, so it is ignored).</param>
    /// <param name="log">The change log, oldest first (empty for no commit steps).</param>
    /// <returns>The timeline.</returns>
    /// <exception cref="EntityNotFoundException">The id is unknown.</exception>
    public static ExposureTimeline Of(GraphSnapshot graph, string entityId, ExposureQuery query, IReadOnlyList<ChangeLogEntry> log)
    {
        if (!graph.TryGetNode(entityId, out var source))
        {
            throw new EntityNotFoundException(entityId, []);
        }

        var undated = query with { AsOf = null };
        var (days, byDay) = Days(graph, source, undated);
        var truncated = days.Count > MaxDays;
        var steps = new List<TimelineStep>();
        if (days.Count > 0)
        {
            var previous = Exposure.Of(graph, [entityId], undated with { AsOf = days[0].AddDays(-1) });
            steps.Add(new TimelineStep(null, null, null, $"before {days[0]:yyyy-MM-dd}", [], previous.Hits, []));
            foreach (var day in days.Take(MaxDays))
            {
                var now = Exposure.Of(graph, [entityId], undated with { AsOf = day });
                var diff = WhatIf.Compare(previous, now);
                if (diff.Added.Count > 0 || diff.Removed.Count > 0)
                {
                    var changed = byDay[day];
                    var begin = changed.Count(r => r.Validity.From == day);
                    steps.Add(new TimelineStep(day, null, null, $"{begin} relationship(s) or listing(s) begin, {changed.Count - begin} end", changed, diff.Added, diff.Removed));
                }

                previous = now;
            }
        }

        var commits = new List<TimelineStep>();
        var replay = GraphSnapshot.Empty;
        ExposureResult? before = null;
        foreach (var entry in log)
        {
            replay = replay.Apply(entry.Sequence, entry.Changes);
            if (!replay.TryGetNode(entityId, out _))
            {
                continue;
            }

            var now = Exposure.Of(replay, [entityId], query);
            var diff = before is null ? new ExposureDiff(now.Hits, [], [], null, now.Score) : WhatIf.Compare(before, now);
            if (diff.Added.Count > 0 || diff.Removed.Count > 0)
            {
                commits.Add(new TimelineStep(null, entry.Sequence, entry.CommittedAt, $"commit {entry.Sequence}: {entry.Description ?? "batch"} ({entry.Changes.Count} change(s))",
                    [], diff.Added, diff.Removed));
            }

            before = now;
        }

        return new ExposureTimeline(graph.Entity(source), steps, commits, truncated);
    }

    /// <summary>The days within reach on which a relationship or listing begins or ends, and which.</summary>
    private static (List<DateOnly> Days, Dictionary<DateOnly, List<Relationship>> ByDay) Days(GraphSnapshot graph, int source, ExposureQuery query)
    {
        var rules = new SnapshotRules(graph, query);
        var types = EdgeTypeMask.For(graph, query.Types);
        var search = new BoundedSearch();
        search.Add(source, 0, -1, -1);
        var neighbours = new List<int>();
        var edges = new List<int>();
        var byDay = new Dictionary<DateOnly, List<Relationship>>();
        var seen = new HashSet<int>();
        void Note(int edge)
        {
            if (!seen.Add(edge))
            {
                return;
            }

            var r = graph.Relationship(edge);
            if (r.Validity.From is { } from)
            {
                Add(byDay, from, r);
            }

            if (r.Validity.To is { } to && to < DateOnly.MaxValue)
            {
                Add(byDay, to.AddDays(1), r);
            }
        }

        for (var i = 0; i < search.Count; i++)
        {
            var node = search.Nodes[i];
            foreach (var listing in graph.ListingIndex.EdgesOf(node))
            {
                Note(listing);
            }

            if (search.Distance[i] == query.MaxHops || (i > 0 && !rules.AllowsPassingThrough(node)))
            {
                continue;
            }

            BoundedSearch.Steps(graph, node, query.Direction, reverse: false, types, rules, neighbours, edges);
            for (var j = 0; j < neighbours.Count; j++)
            {
                Note(edges[j]);
                if (!search.TryLocal(neighbours[j], out _))
                {
                    search.Add(neighbours[j], search.Distance[i] + 1, i, edges[j]);
                }
            }
        }

        var days = byDay.Keys.ToList();
        days.Sort();
        return (days, byDay);

        static void Add(Dictionary<DateOnly, List<Relationship>> byDay, DateOnly day, Relationship r)
        {
            if (!byDay.TryGetValue(day, out var list))
            {
                byDay[day] = list = [];
            }

            list.Add(r);
        }
    }
}
