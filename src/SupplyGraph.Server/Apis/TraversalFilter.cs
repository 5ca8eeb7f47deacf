using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Model;
using SupplyGraph.Server.Extensions;

namespace SupplyGraph.Server.Apis;

/// <summary>
/// The filters every traversal (paths, exposure, and their what-ifs) takes, bound from the query string once and
/// checked once, within the server's hop budget. Typed so that the OpenAPI document lists each with its type.
/// </summary>
public sealed record TraversalFilter(
    [property: FromQuery(Name = "direction"), Description("Which way to follow relationships: out (along them), in (against them) or both. Default: the query's own (both).")]
    DirectionParameter? Direction,
    [property: FromQuery(Name = "types"), Description("Relationship types to follow (repeat, or comma-separated), e.g. OWNS,SUPPLIES. Default: all.")]
    string[]? Types,
    [property: FromQuery(Name = "maxHops"), Description("Longest route in hops, from 1 to the server's MaxHops (10 unless configured). Default: 8, within MaxHops.")]
    int? MaxHops,
    [property: FromQuery(Name = "asOf"), Description("Only relationships valid on this day (YYYY-MM-DD). Default: all, whatever their dates.")]
    DateOnly? AsOf,
    [property: FromQuery(Name = "avoidLabels"), Description("Do not pass through entities with these labels. Default: List.")]
    string[]? AvoidLabels,
    [property: FromQuery(Name = "avoidCountries"), Description("Do not pass through entities in these countries.")]
    string[]? AvoidCountries,
    [property: FromQuery(Name = "requireLabels"), Description("Pass only through entities with one of these labels.")]
    string[]? RequireLabels,
    [property: FromQuery(Name = "requireCountries"), Description("Pass only through entities in one of these countries.")]
    string[]? RequireCountries)
{
    /// <summary>The query with these filters applied; a bad value is an <see cref="ArgumentException"/> naming its parameter.</summary>
    public T Apply<T>(T query, SupplyGraphOptions options)
        where T : TraversalQuery
    {
        var types = QueryValues.List(Types);
        var unknown = types?.Where(t => !RelationshipTypes.IsKnown(t.ToUpperInvariant())).ToList();
        if (unknown is { Count: > 0 })
        {
            throw new ArgumentException($"unknown relationship type(s) {string.Join(", ", unknown)}", "types");
        }

        return (T)((TraversalQuery)query with
        {
            Direction = Direction?.Value ?? query.Direction,
            Types = types?.Select(t => t.ToUpperInvariant()).ToList() ?? query.Types,
            MaxHops = QueryValues.Int(MaxHops, "maxHops", query.MaxHops, options.MaxHops),
            AsOf = AsOf,
            AvoidLabels = QueryValues.List(AvoidLabels) ?? query.AvoidLabels,
            AvoidCountries = QueryValues.List(AvoidCountries) ?? [],
            RequireLabels = QueryValues.List(RequireLabels) ?? [],
            RequireCountries = QueryValues.List(RequireCountries) ?? [],
        });
    }
}
