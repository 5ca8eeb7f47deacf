using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Resolution;

namespace SupplyGraph.Core.Screening;

/// <summary>
/// Keeps saved screenings current by following the change log: for each committed batch it finds the rows the batch
/// can affect, re-evaluates only those, and records the rows whose evidence changed (with what changed and why),
/// re-opening any decision made on the old evidence. A row is affected when the batch adds or changes an entity it may
/// resolve to, or touches a node within k hops of its entity or above it in an ownership or control chain (in the graph
/// before or after the batch, so that removed ties count as well as added ones).
/// </summary>
public sealed class ScreeningFollower(ScreeningStore screenings, SourceClock clock)
{
    private static readonly string[] s_chainTypes = [RelationshipTypes.Owns, RelationshipTypes.SubsidiaryOf, RelationshipTypes.Controls, RelationshipTypes.Leads];

    /// <summary>Rows re-evaluated by the last call (for tests and the bench: only affected rows are).</summary>
    public int LastReevaluated { get; private set; }

    /// <summary>Runs a screening in full against <paramref name="graph"/> and stores its results.</summary>
    /// <param name="screening">The screening.</param>
    /// <param name="graph">The snapshot to screen against.</param>
    /// <param name="who">Who ran it, for the audit trail.</param>
    /// <param name="now">The time of the run.</param>
    /// <param name="progress">Rows done.</param>
    /// <param name="cancellationToken">Stops between rows.</param>
    /// <returns>The results.</returns>
    public IReadOnlyList<ScreeningRowResult> Run(SavedScreening screening, GraphSnapshot graph, string who, DateTimeOffset now, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var screener = new Screener(graph, screening.Parameters, DateOnly.FromDateTime(now.UtcDateTime));
        var results = screener.ScreenAll(screening.Rows, progress, cancellationToken);
        screenings.Complete(screening.Id, graph.Sequence, results, who, clock.Version(graph, now));
        return results;
    }

    /// <summary>Follows one batch for every completed screening behind it; returns the differences recorded, per screening.</summary>
    /// <param name="entry">The batch.</param>
    /// <param name="before">The graph before it.</param>
    /// <param name="after">The graph after it.</param>
    /// <param name="now">The time.</param>
    /// <returns>The differences, by screening (screenings without any are left out).</returns>
    public IReadOnlyList<(SavedScreening Screening, IReadOnlyList<ScreeningDiff> Diffs)> Follow(ChangeLogEntry entry, GraphSnapshot before, GraphSnapshot after, DateTimeOffset now)
    {
        var result = new List<(SavedScreening, IReadOnlyList<ScreeningDiff>)>();
        var total = 0;
        foreach (var s in screenings.List())
        {
            if (s.Status != SavedScreening.Completed || s.Sequence >= entry.Sequence)
            {
                continue;
            }

            var diffs = Follow(s, entry, before, after, now);
            total += LastReevaluated;
            if (diffs.Count > 0)
            {
                result.Add((s, diffs));
            }
        }

        LastReevaluated = total;
        return result;
    }

    /// <summary>Follows one batch for one screening.</summary>
    /// <param name="screening">The screening (current to the sequence before the batch).</param>
    /// <param name="entry">The batch.</param>
    /// <param name="before">The graph before it.</param>
    /// <param name="after">The graph after it.</param>
    /// <param name="now">The time.</param>
    /// <returns>The differences recorded.</returns>
    public IReadOnlyList<ScreeningDiff> Follow(SavedScreening screening, ChangeLogEntry entry, GraphSnapshot before, GraphSnapshot after, DateTimeOffset now) =>
        Reevaluate(screening, entry, Affected(screening, screenings.Rows(screening.Id), entry, before, after), after, now);

    /// <summary>
    /// Re-evaluates every row of a screening that fell behind while nothing followed the log for it (the server was
    /// stopped), as one difference step to <paramref name="graph"/>'s sequence.
    /// </summary>
    /// <param name="screening">The screening.</param>
    /// <param name="graph">The current graph.</param>
    /// <param name="now">The time.</param>
    /// <returns>The differences recorded.</returns>
    public IReadOnlyList<ScreeningDiff> CatchUp(SavedScreening screening, GraphSnapshot graph, DateTimeOffset now)
    {
        var entry = new ChangeLogEntry(graph.Sequence, now, $"changes #{screening.Sequence + 1}–#{graph.Sequence}, followed after a restart", []);
        return Reevaluate(screening, entry, [.. screening.Rows.Select(r => r.Row)], graph, now);
    }

    private IReadOnlyList<ScreeningDiff> Reevaluate(SavedScreening screening, ChangeLogEntry entry, HashSet<int> affected, GraphSnapshot after, DateTimeOffset now)
    {
        var stored = screenings.Rows(screening.Id);
        LastReevaluated = affected.Count;
        if (affected.Count == 0)
        {
            screenings.Reevaluated(screening.Id, entry.Sequence, [], 0, entry.Description, clock.Version(after, now), now);
            return [];
        }

        var screener = new Screener(after, screening.Parameters, DateOnly.FromDateTime(now.UtcDateTime));
        var byRow = stored.ToDictionary(r => r.Row);
        var changed = new List<(ScreeningRowResult, StoredRow, IReadOnlyList<string>)>();
        foreach (var row in screening.Rows)
        {
            if (!affected.Contains(row.Row))
            {
                continue;
            }

            var result = screener.Screen(row);
            var old = byRow[row.Row];
            if (result.EvidenceHash != old.EvidenceHash)
            {
                changed.Add((result, old, Why(entry, old.Evidence, result.Evidence)));
            }
        }

        return screenings.Reevaluated(screening.Id, entry.Sequence, changed, affected.Count, entry.Description, clock.Version(after, now), now);
    }

    /// <summary>The rows a batch can change: by resolution (a new or changed entity the row may be) or by reach (a touched node near its entity).</summary>
    private static HashSet<int> Affected(SavedScreening screening, IReadOnlyList<StoredRow> stored, ChangeLogEntry entry, GraphSnapshot before, GraphSnapshot after)
    {
        var affected = new HashSet<int>();
        var touched = new HashSet<string>(StringComparer.Ordinal);
        var written = new List<Entity>();
        foreach (var change in entry.Changes)
        {
            switch (change)
            {
                case PutEntity p:
                    touched.Add(p.Entity.Id);
                    written.Add(p.Entity);
                    break;
                case DeleteEntity d:
                    touched.Add(d.Id);
                    break;
                case PutRelationship r:
                    touched.Add(r.Relationship.From);
                    touched.Add(r.Relationship.To);
                    break;
                case DeleteRelationship d when before.FindRelationship(d.Id) is { } old:
                    touched.Add(old.From);
                    touched.Add(old.To);
                    break;
            }
        }

        if (written.Count > 0)
        {
            // Only the batch's entities are indexed: a row that may be one of them is affected, whatever it resolved to before.
            var resolver = new EntityResolver(written);
            foreach (var row in screening.Rows)
            {
                if (resolver.Resolve(Screener.Describe(row)).Outcome != ResolutionOutcome.New)
                {
                    affected.Add(row.Row);
                }
            }
        }

        var near = new HashSet<string>(StringComparer.Ordinal);
        Reach(before, touched, screening.Parameters.K, near);
        Reach(after, touched, screening.Parameters.K, near);
        foreach (var row in stored)
        {
            if (EntityOf(row.Evidence) is { } entity && near.Contains(entity))
            {
                affected.Add(row.Row);
            }
        }

        return affected;
    }

    /// <summary>Every node within <paramref name="k"/> hops of a touched node (not through lists), and every node below one in an ownership or control chain.</summary>
    private static void Reach(GraphSnapshot graph, HashSet<string> touched, int k, HashSet<string> into)
    {
        var lists = graph.LabelMask([NodeLabels.List]);
        var chainTypes = new bool[graph.EdgeTypeNames.Count];
        for (var t = 0; t < chainTypes.Length; t++)
        {
            chainTypes[t] = Array.IndexOf(s_chainTypes, graph.EdgeTypeNames[t]) >= 0;
        }

        var seen = new HashSet<int>();
        var frontier = new List<int>();
        foreach (var id in touched)
        {
            if (graph.TryGetNode(id, out var node) && !graph.NodeHasAnyLabel(node, lists) && seen.Add(node))
            {
                frontier.Add(node);
            }
        }

        var start = frontier.ToList();
        for (var hop = 0; hop < k && frontier.Count > 0; hop++)
        {
            var next = new List<int>();
            foreach (var node in frontier)
            {
                foreach (var edge in graph.EdgesAt(node, Direction.Both))
                {
                    var other = graph.EdgeSource(edge) == node ? graph.EdgeTarget(edge) : graph.EdgeSource(edge);
                    if (!graph.NodeHasAnyLabel(other, lists) && seen.Add(other))
                    {
                        next.Add(other);
                    }
                }
            }

            frontier = next;
        }

        // Downward along ownership and control, unbounded: a new listing of an owner can cover every company below it.
        var below = new HashSet<int>(start);
        var queue = new Queue<int>(start);
        while (queue.TryDequeue(out var node))
        {
            foreach (var edge in graph.EdgesAt(node, Direction.Both))
            {
                var type = graph.EdgeType(edge);
                if (!chainTypes[type])
                {
                    continue;
                }

                // SUBSIDIARY_OF points up (subsidiary → parent); the others point down (owner → owned).
                var up = graph.EdgeTypeNames[type] == RelationshipTypes.SubsidiaryOf;
                var child = up ? (graph.EdgeTarget(edge) == node ? graph.EdgeSource(edge) : -1) : (graph.EdgeSource(edge) == node ? graph.EdgeTarget(edge) : -1);
                if (child >= 0 && below.Add(child))
                {
                    queue.Enqueue(child);
                }
            }
        }

        seen.UnionWith(below);
        foreach (var node in seen)
        {
            into.Add(graph.Entity(node).Id);
        }
    }

    /// <summary>The entity a stored row resolved to (or was proposed for), from its evidence's first line.</summary>
    private static string? EntityOf(string evidence)
    {
        var end = evidence.IndexOf('\n', StringComparison.Ordinal);
        var parts = (end < 0 ? evidence : evidence[..end]).Split('|');
        return parts.Length >= 3 && parts[2].Length > 0 ? parts[2] : null;
    }

    /// <summary>What changed, as facts gained and lost, after the batch that changed them.</summary>
    private static List<string> Why(ChangeLogEntry entry, string before, string after)
    {
        var old = before.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        var now = after.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        var why = new List<string> { $"change #{entry.Sequence}" + (entry.Description is null ? "" : $" ({entry.Description})") };
        foreach (var line in now.Where(l => !old.Contains(l)))
        {
            why.Add("+ " + Describe(line));
        }

        foreach (var line in old.Where(l => !now.Contains(l)))
        {
            why.Add("- " + Describe(line));
        }

        return why;
    }

    private static string Describe(string line)
    {
        var p = line.Split('|');
        return p[0] switch
        {
            "M" => $"match {p[1]}{(p.Length > 2 && p[2].Length > 0 ? " " + p[2] : "")}",
            "L" => $"listed on {p[1]} ({p[2]})",
            "R" => $"{p[1]}: {p[2]} by {p[3]}" + (p.Length > 4 ? $" via {string.Join(", ", p[4..])}" : ""),
            "E" => $"within k hops of listed {p[1]}" + (p.Length > 2 ? $" via {string.Join(", ", p[2..])}" : ""),
            _ => line,
        };
    }
}
