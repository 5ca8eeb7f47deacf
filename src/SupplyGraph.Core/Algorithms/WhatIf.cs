using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Storage;

namespace SupplyGraph.Core.Algorithms;

/// <summary>Hypothetical changes: "if X is listed", "if this stake is sold" — evaluated, never committed.</summary>
public static class WhatIf
{
    /// <summary>The graph as it would be after <paramref name="batch"/>; <paramref name="graph"/> and the store are unchanged.</summary>
    /// <param name="graph">The current graph.</param>
    /// <param name="batch">The hypothetical changes (validated like a real batch).</param>
    /// <returns>The hypothetical graph.</returns>
    /// <exception cref="InvalidInputException">The batch is invalid.</exception>
    public static GraphSnapshot Apply(GraphSnapshot graph, ChangeBatch batch) => graph.Apply(graph.Sequence, BatchValidator.Validate(graph, batch));

    /// <summary>What an exposure answer gains and loses between two graphs.</summary>
    /// <param name="before">Answer on the current graph.</param>
    /// <param name="after">Answer on the hypothetical graph.</param>
    /// <returns>The difference.</returns>
    public static ExposureDiff Compare(ExposureResult before, ExposureResult after)
    {
        var old = before.Hits.ToDictionary(h => h.Party.Id, StringComparer.Ordinal);
        var now = after.Hits.ToDictionary(h => h.Party.Id, StringComparer.Ordinal);
        return new ExposureDiff(
            [.. after.Hits.Where(h => !old.ContainsKey(h.Party.Id))],
            [.. before.Hits.Where(h => !now.ContainsKey(h.Party.Id))],
            [.. after.Hits.Where(h => old.TryGetValue(h.Party.Id, out var o) && (o.Hops != h.Hops || Math.Abs(o.Confidence - h.Confidence) > 1e-12))
                .Select(h => new ExposureChange(old[h.Party.Id], h))],
            before.Score,
            after.Score);
    }

    /// <summary>Entities whose status flips between two analyses of the same rule.</summary>
    /// <param name="before">Analysis of the current graph.</param>
    /// <param name="after">Analysis of the hypothetical graph.</param>
    /// <returns>The flips, by entity id.</returns>
    public static IReadOnlyList<OwnershipFlip> Compare(OwnershipAnalysis before, OwnershipAnalysis after)
    {
        var ids = before.Covered().Select(n => before.Graph.Entity(n).Id)
            .Concat(after.Covered().Select(n => after.Graph.Entity(n).Id))
            .Distinct(StringComparer.Ordinal);
        var flips = new List<OwnershipFlip>();
        foreach (var id in ids)
        {
            var was = StatusOf(before, id);
            var now = StatusOf(after, id);
            if (was != now)
            {
                flips.Add(new OwnershipFlip(after.Graph.FindEntity(id) ?? before.Graph.FindEntity(id)!, was, now));
            }
        }

        return [.. flips.OrderBy(f => f.Entity.Id, StringComparer.Ordinal)];
    }

    private static BlockStatus StatusOf(OwnershipAnalysis analysis, string id) =>
        analysis.Graph.TryGetNode(id, out var node) ? analysis.StatusOf(node) : BlockStatus.NotBlocked;
}

/// <summary>An exposure hit that is still there but changed (hops or confidence).</summary>
/// <param name="Before">The hit before.</param>
/// <param name="After">The hit after.</param>
public sealed record ExposureChange(ExposureHit Before, ExposureHit After);

/// <summary>How an exposure answer changes.</summary>
/// <param name="Added">Hits only in the new answer.</param>
/// <param name="Removed">Hits only in the old answer.</param>
/// <param name="Changed">Hits in both with other hops or confidence.</param>
/// <param name="ScoreBefore">Old score.</param>
/// <param name="ScoreAfter">New score.</param>
public sealed record ExposureDiff(IReadOnlyList<ExposureHit> Added, IReadOnlyList<ExposureHit> Removed, IReadOnlyList<ExposureChange> Changed,
    double? ScoreBefore, double? ScoreAfter)
{
    /// <summary>Whether anything changed.</summary>
    public bool IsEmpty => Added.Count == 0 && Removed.Count == 0 && Changed.Count == 0;
}

/// <summary>An entity whose status under a rule changes.</summary>
/// <param name="Entity">The entity.</param>
/// <param name="Before">Status before.</param>
/// <param name="After">Status after.</param>
public sealed record OwnershipFlip(Entity Entity, BlockStatus Before, BlockStatus After);
