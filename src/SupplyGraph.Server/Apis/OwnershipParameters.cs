using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using SupplyGraph.Core.Algorithms;

namespace SupplyGraph.Server.Apis;

/// <summary>Which rule an ownership determination applies, on which day and to which lists; checked once.</summary>
public sealed record OwnershipParameters(
    [property: FromQuery(Name = "rule"), Description("The rule profile: ofac (50 % rule), bis-affiliates, eu or uk (see /api/vocabulary). Default: ofac.")]
    string? Rule,
    [property: FromQuery(Name = "asOf"), Description("The day to decide on (YYYY-MM-DD). Default: today (UTC).")]
    DateOnly? AsOf,
    [property: FromQuery(Name = "lists"), Description("Only these lists count as listed (ids; repeat or comma-separated). Default: the rule's own lists.")]
    string[]? Lists)
{
    /// <summary>The rule profile, the day and the lists; an unknown rule is an <see cref="ArgumentException"/> naming <c>rule</c>.</summary>
    public (RuleProfile Rule, DateOnly AsOf, IReadOnlyList<string>? Lists) Resolve()
    {
        RuleProfile rule;
        try
        {
            rule = RuleProfiles.Get(Rule ?? "ofac");
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException(ex.Message, "rule");
        }

        return (rule, AsOf ?? DateOnly.FromDateTime(DateTime.UtcNow), QueryValues.List(Lists));
    }
}
