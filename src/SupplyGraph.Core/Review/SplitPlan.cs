using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Review;

/// <summary>
/// The changes that undo a merge, from its <see cref="MergeRecord"/> and the graph as it is now. "Undo" means:
/// <list type="bullet">
/// <item>the absorbed entity comes back exactly as it was before the merge;</item>
/// <item>the kept entity loses what the merge gave it (the absorbed entity's names, the identifiers, properties and
/// sources it did not have before, the country if it had none, the id in <c>mergedFrom</c>) and keeps every other
/// change made since;</item>
/// <item>each relationship the merge re-pointed is deleted and the original restored with its own id; one the merge
/// dropped is restored too; one whose other end no longer exists cannot be and is reported;</item>
/// <item>relationships added to the kept entity after the merge stay where they are.</item>
/// </list>
/// </summary>
public static class SplitPlan
{
    /// <summary>Plans the split.</summary>
    /// <param name="merge">What the merge did.</param>
    /// <param name="keptNow">The kept entity as it is now.</param>
    /// <param name="entityExists">Whether an entity id is in the graph now.</param>
    /// <param name="relationshipExists">Whether a relationship id is in the graph now.</param>
    /// <param name="notes">Receives what could not be restored, in words.</param>
    /// <returns>The changes, in order.</returns>
    public static List<Change> Build(MergeRecord merge, Entity keptNow, Func<string, bool> entityExists, Func<string, bool> relationshipExists, List<string> notes)
    {
        var absorbed = merge.Absorbed;
        var changes = new List<Change> { new PutEntity(absorbed), new PutEntity(Unfold(merge, keptNow)) };
        var restored = new List<Relationship>();
        foreach (var (original, writtenId) in merge.Moved)
        {
            if (writtenId is not null && writtenId != original.Id && relationshipExists(writtenId))
            {
                changes.Add(new DeleteRelationship(writtenId));
            }

            var other = original.From == absorbed.Id ? original.To : original.From;
            if (other != absorbed.Id && other != keptNow.Id && !entityExists(other))
            {
                notes.Add($"relationship {original.Id} ({original.Type} {original.From} → {original.To}) not restored: '{other}' no longer exists");
                if (writtenId == original.Id && relationshipExists(writtenId))
                {
                    changes.Add(new DeleteRelationship(writtenId));
                }

                continue;
            }

            restored.Add(original);
        }

        changes.AddRange(restored.Select(r => (Change)new PutRelationship(r)));
        return changes;
    }

    /// <summary>The kept entity without what the merge added.</summary>
    private static Entity Unfold(MergeRecord merge, Entity now)
    {
        var before = merge.Kept;
        var absorbed = merge.Absorbed;
        var hadName = new HashSet<string>(before.Aliases.Prepend(before.Name), StringComparer.OrdinalIgnoreCase);
        var added = new HashSet<string>(absorbed.Aliases.Prepend(absorbed.Name).Where(n => !hadName.Contains(n)), StringComparer.OrdinalIgnoreCase);
        var identifiers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (scheme, value) in now.Identifiers)
        {
            if (before.Identifiers.ContainsKey(scheme) || absorbed.Identifiers.GetValueOrDefault(scheme) != value)
            {
                identifiers[scheme] = value;
            }
        }

        var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in now.Properties)
        {
            if (key == MergePlan.MergedFromProperty)
            {
                var ids = MergePlan.MergedFrom(now);
                ids.Remove(absorbed.Id);
                if (ids.Count > 0)
                {
                    properties[key] = ids;
                }
            }
            else if (before.Properties.ContainsKey(key) || !absorbed.Properties.TryGetValue(key, out var given) || !Same(given, value))
            {
                properties[key] = value;
            }
        }

        return now with
        {
            Aliases = [.. now.Aliases.Where(a => !added.Contains(a))],
            Country = before.Country is null && now.Country == absorbed.Country ? null : now.Country,
            Identifiers = identifiers,
            Properties = properties,
            Sources = [.. now.Sources.Where(s => before.Sources.Contains(s) || !absorbed.Sources.Contains(s))],
        };
    }

    private static bool Same(object? a, object? b) =>
        a is IReadOnlyList<object?> x && b is IReadOnlyList<object?> y ? x.SequenceEqual(y) : Equals(a, b);
}
