using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Review;

/// <summary>
/// The changes that make two entities one: the kept entity takes the absorbed one's names, identifiers, properties
/// and sources (its own values win where both have one) and records <c>mergedFrom</c>; every relationship of the
/// absorbed entity is re-pointed to the kept one; the absorbed entity is deleted. What it did is returned as a
/// <see cref="MergeRecord"/> so that <see cref="SplitPlan"/> can undo it.
/// </summary>
public static class MergePlan
{
    /// <summary>The property listing the ids merged into an entity.</summary>
    public const string MergedFromProperty = "mergedFrom";

    /// <summary>Plans the merge of <paramref name="absorbed"/> into <paramref name="kept"/>.</summary>
    /// <param name="kept">The entity that stays.</param>
    /// <param name="absorbed">The entity that goes.</param>
    /// <param name="relationships">Every relationship at the absorbed entity.</param>
    /// <param name="exists">Whether a relationship id is already in the graph.</param>
    /// <returns>The changes, in order, and the record of what they do.</returns>
    public static (List<Change> Changes, MergeRecord Record) Build(Entity kept, Entity absorbed, IReadOnlyList<Relationship> relationships, Func<string, bool> exists)
    {
        var changes = new List<Change> { new PutEntity(Fold(kept, absorbed)) };
        var moved = new List<MovedRelationship>();
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in relationships.DistinctBy(r => r.Id).OrderBy(r => r.Id, StringComparer.Ordinal))
        {
            var from = r.From == absorbed.Id ? kept.Id : r.From;
            var to = r.To == absorbed.Id ? kept.Id : r.To;

            // A relationship whose id names its ends gets the id of its new ends; one with an id of its own keeps it.
            var id = r.Id == Relationship.DefaultId(r.Type, r.From, r.To) ? Relationship.DefaultId(r.Type, from, to) : r.Id;
            if (from == to || (id != r.Id && (exists(id) || written.Contains(id))))
            {
                // Between the two merged entities, or a relationship the kept entity already has: dropped, kept on record.
                changes.Add(new DeleteRelationship(r.Id));
                moved.Add(new MovedRelationship(r, null));
                continue;
            }

            if (id != r.Id)
            {
                changes.Add(new DeleteRelationship(r.Id));
            }

            written.Add(id);
            changes.Add(new PutRelationship(r with { Id = id, From = from, To = to }));
            moved.Add(new MovedRelationship(r, id));
        }

        changes.Add(new DeleteEntity(absorbed.Id));
        return (changes, new MergeRecord { Kept = kept, Absorbed = absorbed, Moved = moved });
    }

    /// <summary>The kept entity with what the absorbed one adds.</summary>
    private static Entity Fold(Entity kept, Entity absorbed)
    {
        var aliases = kept.Aliases.ToList();
        foreach (var name in absorbed.Aliases.Prepend(absorbed.Name))
        {
            if (!string.Equals(name, kept.Name, StringComparison.OrdinalIgnoreCase) && !aliases.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                aliases.Add(name);
            }
        }

        var identifiers = new Dictionary<string, string>(kept.Identifiers, StringComparer.Ordinal);
        foreach (var (scheme, value) in absorbed.Identifiers)
        {
            identifiers.TryAdd(scheme, value);
        }

        var properties = new Dictionary<string, object?>(kept.Properties, StringComparer.Ordinal);
        foreach (var (key, value) in absorbed.Properties)
        {
            if (key != MergedFromProperty)
            {
                properties.TryAdd(key, value);
            }
        }

        var mergedFrom = MergedFrom(kept);
        mergedFrom.Add(absorbed.Id);
        properties[MergedFromProperty] = mergedFrom;
        var sources = kept.Sources.ToList();
        foreach (var source in absorbed.Sources)
        {
            if (!sources.Contains(source))
            {
                sources.Add(source);
            }
        }

        return kept with
        {
            Aliases = aliases,
            Country = kept.Country ?? absorbed.Country,
            Identifiers = identifiers,
            Properties = properties,
            Sources = sources,
        };
    }

    /// <summary>The ids an entity records as merged into it.</summary>
    /// <param name="entity">The entity.</param>
    /// <returns>A new list (empty when none).</returns>
    public static List<object?> MergedFrom(Entity entity) =>
        entity.Properties.GetValueOrDefault(MergedFromProperty) is IReadOnlyList<object?> ids ? [.. ids] : [];
}
