namespace SupplyGraph.Core.Resolution;

/// <summary>
/// Stage 2: equal keys of names, aliases, parentheticals, suffix-less names and compound children, on both sides.
/// A match is as strong as the weaker of its two keys (a name equal to an alias is an <c>alias</c> match).
/// </summary>
public sealed class NameStage
{
    private readonly Dictionary<string, List<(string Id, NameKind Kind)>> _keys = new(StringComparer.Ordinal);

    /// <summary>Indexes an entity's name keys.</summary>
    /// <param name="entity">The entity.</param>
    public void Add(PartyDescription entity)
    {
        foreach (var (key, kind) in NameVariants.Keys(entity.Name, entity.Aliases))
        {
            if (!_keys.TryGetValue(key, out var list))
            {
                _keys[key] = list = [];
            }

            var at = list.FindIndex(e => e.Id == entity.Id);
            if (at < 0)
            {
                list.Add((entity.Id, kind));
            }
            else if (kind < list[at].Kind)
            {
                list[at] = (entity.Id, kind);
            }
        }
    }

    /// <summary>Entities with a key in common with the record, strongest match per entity, strongest first.</summary>
    /// <param name="record">The record.</param>
    /// <returns>(entity id, the record-side and entity-side kinds, the key).</returns>
    public List<(string Id, NameKind Record, NameKind Entity, string Key)> Find(PartyDescription record)
    {
        var best = new Dictionary<string, (string, NameKind, NameKind, string)>(StringComparer.Ordinal);
        foreach (var (key, recordKind) in NameVariants.Keys(record.Name, record.Aliases))
        {
            if (!_keys.TryGetValue(key, out var list))
            {
                continue;
            }

            foreach (var (id, entityKind) in list)
            {
                if (!best.TryGetValue(id, out var old) || Strength(recordKind, entityKind) < Strength(old.Item2, old.Item3))
                {
                    best[id] = (id, recordKind, entityKind, key);
                }
            }
        }

        var result = new List<(string, NameKind, NameKind, string)>(best.Values);
        result.Sort((x, y) =>
        {
            var c = Rank(x.Item2, x.Item3).CompareTo(Rank(y.Item2, y.Item3));
            return c != 0 ? c : string.CompareOrdinal(x.Item1, y.Item1);
        });
        return result;
    }

    /// <summary>
    /// How good a match is, lower first: by <see cref="Strength"/>; at equal strength the record's own name before its
    /// aliases ("China Telecom Group" named so beats a shared alias "China Telecom"), then the entity's own name before
    /// its aliases. Matches of equal rank to different entities are ambiguous.
    /// </summary>
    /// <param name="record">The record side.</param>
    /// <param name="entity">The entity side.</param>
    /// <returns>A rank to sort by.</returns>
    public static int Rank(NameKind record, NameKind entity) => ((int)Strength(record, entity) * 64) + ((int)record * 8) + (int)entity;

    /// <summary>The weaker of the two kinds: what the match is reported as.</summary>
    /// <param name="a">One side.</param>
    /// <param name="b">The other.</param>
    /// <returns>The kind.</returns>
    public static NameKind Strength(NameKind a, NameKind b) => a > b ? a : b;
}
