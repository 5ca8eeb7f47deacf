namespace SupplyGraph.Core.Resolution;

/// <summary>
/// A bare acronym shared by a record and an entity ("DJI", "SMIC") names too many things to join on alone; it joins
/// when another name of the record is also close to a name of the entity ("Shenzhen DJI Technology Co., Ltd." and
/// "Shenzhen DJI Sciences and Technologies Ltd."), two weak pieces of evidence that point at the same party.
/// </summary>
public static class AcronymCorroboration
{
    /// <summary>The fuzzy score another pair of names must reach for an acronym match to join.</summary>
    public const double Threshold = 0.75;

    /// <summary>The best fuzzy score between the record's and the entity's full names (acronyms left out).</summary>
    /// <param name="record">The record.</param>
    /// <param name="entity">The entity.</param>
    /// <returns>The score, 0 when neither has a name long enough to score.</returns>
    public static double Support(PartyDescription record, PartyDescription entity)
    {
        var entityNames = new List<string[]>();
        foreach (var text in NameVariants.Texts(entity.Name, entity.Aliases))
        {
            var tokens = TokenFolding.Tokens(text);
            if (tokens.Length > 1)
            {
                entityNames.Add(tokens);
            }
        }

        var best = 0.0;
        foreach (var text in NameVariants.Texts(record.Name, record.Aliases))
        {
            var tokens = TokenFolding.Tokens(text);
            if (tokens.Length < 2)
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
