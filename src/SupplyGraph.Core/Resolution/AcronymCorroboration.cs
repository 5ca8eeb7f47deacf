namespace SupplyGraph.Core.Resolution;

/// <summary>
/// A short name shared by a record and an entity (an acronym such as "DJI", a group's short form such as "China
/// Telecom") names too many things to join on alone; it joins when another, full name of the record is also close to
/// a full name of the entity ("Shenzhen DJI Technology Co., Ltd." and "Shenzhen DJI Sciences and Technologies Ltd."):
/// two pieces of evidence that point at the same party. Names that reduce to the shared short name do not count.
/// </summary>
public static class AcronymCorroboration
{
    /// <summary>The fuzzy score another pair of names must reach for an acronym match to join.</summary>
    public const double Threshold = 0.75;

    /// <summary>The best fuzzy score between the record's and the entity's full names (single words and the shared name left out).</summary>
    /// <param name="record">The record.</param>
    /// <param name="entity">The entity.</param>
    /// <param name="sharedKey">The key of the short name both have; names with this key do not count.</param>
    /// <returns>The score, 0 when either has no other name long enough to score.</returns>
    public static double Support(PartyDescription record, PartyDescription entity, string sharedKey)
    {
        var entityNames = new List<string[]>();
        foreach (var text in NameVariants.Texts(entity.Name, entity.Aliases))
        {
            var tokens = TokenFolding.Tokens(text);
            if (tokens.Length > 1 && NameVariants.Key(text) != sharedKey)
            {
                entityNames.Add(tokens);
            }
        }

        var best = 0.0;
        foreach (var text in NameVariants.Texts(record.Name, record.Aliases))
        {
            var tokens = TokenFolding.Tokens(text);
            if (tokens.Length < 2 || NameVariants.Key(text) == sharedKey)
            {
                continue;
            }

            foreach (var other in entityNames)
            {
                best = Math.Max(best, FuzzyScorer.Score(tokens, other, Threshold));
            }
        }

        return best;
    }
}
