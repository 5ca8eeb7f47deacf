using Microsoft.AspNetCore.SignalR;
using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Server.Hubs;

/// <summary>
/// The arguments of the hub's one-shot analyses (chokepoints, ownership cycles, timeline, key intermediaries): the
/// parties and the filters every traversal takes, as a client sends them.
/// </summary>
/// <param name="From">The party (or, for key intermediaries, the first of <paramref name="Entities"/>).</param>
/// <param name="To">Chokepoints: the target entity, or "listed".</param>
/// <param name="Entities">Key intermediaries: the parties to start from.</param>
/// <param name="MaxHops">Most hops (default 4).</param>
/// <param name="Types">Relationship types to follow (default all).</param>
/// <param name="Direction">out, in or both (default both).</param>
/// <param name="Lists">List ids whose listings count (default every list).</param>
/// <param name="AsOf">Only relationships and listings valid on this day (YYYY-MM-DD).</param>
/// <param name="Limit">Most items returned.</param>
/// <param name="AnyItems">Chokepoints: follow every relationship, also one whose items do not name the goods at an end
/// (default false, as <c>anyItems</c> on REST).</param>
public sealed record AnalysisRequest(string? From, string? To, IReadOnlyList<string>? Entities, int? MaxHops, IReadOnlyList<string>? Types,
    string? Direction, IReadOnlyList<string>? Lists, string? AsOf, int? Limit, bool? AnyItems = null)
{
    /// <summary>The filters as an <see cref="ExposureQuery"/>, each bad one a <see cref="HubException"/> naming it.</summary>
    public ExposureQuery Query(int maxHops, int maxResults, int defaultLimit)
    {
        var unknown = Types?.Where(t => t is null || !RelationshipTypes.IsKnown(t.ToUpperInvariant())).ToList();
        if (unknown is { Count: > 0 })
        {
            throw new HubException($"types: unknown relationship type(s) {string.Join(", ", unknown.Select(t => t is null ? "null" : $"'{StrictJson.Printable(t)}'"))}");
        }

        if (Lists?.Any(l => string.IsNullOrWhiteSpace(l) || StrictJson.ControlCharacter(l, multiLine: false) is not null) == true)
        {
            throw new HubException("lists: each list must be a list id");
        }

        var hops = MaxHops ?? ExposureQuery.Default.MaxHops;
        if (hops < 1 || hops > maxHops)
        {
            throw new HubException($"maxHops: must be from 1 to {maxHops}");
        }

        var limit = Limit ?? defaultLimit;
        if (limit < 1 || limit > maxResults)
        {
            throw new HubException($"limit: must be from 1 to {maxResults}");
        }

        DateOnly? asOf = null;
        if (AsOf is not null)
        {
            asOf = DateOnly.TryParseExact(AsOf, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day)
                ? day
                : throw new HubException("asOf: must be a date as YYYY-MM-DD");
        }

        return ExposureQuery.Default with
        {
            MaxHops = hops,
            Types = Types?.Select(t => t.ToUpperInvariant()).ToList(),
            Direction = Direction?.ToLowerInvariant() switch
            {
                null or "both" => Core.Engine.Direction.Both,
                "out" => Core.Engine.Direction.Out,
                "in" => Core.Engine.Direction.In,
                _ => throw new HubException("direction: must be out, in or both"),
            },
            Lists = Lists,
            AsOf = asOf,
            MaxResults = limit,
        };
    }

    /// <summary>Resolves a reference on the graph; a missing or unknown one is a <see cref="HubException"/> naming <paramref name="argument"/>.</summary>
    public static string Resolve(GraphSnapshot graph, string? reference, string argument)
    {
        if (string.IsNullOrWhiteSpace(reference) || StrictJson.ControlCharacter(reference, multiLine: false) is not null)
        {
            throw new HubException($"{argument}: is required (an entity id, name or alias)");
        }

        try
        {
            return graph.Resolve(reference).Id;
        }
        catch (EntityNotFoundException ex)
        {
            throw new HubException($"{argument}: {ex.Message}");
        }
    }
}
