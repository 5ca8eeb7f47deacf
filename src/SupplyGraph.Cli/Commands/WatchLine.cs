using System.Globalization;
using System.Text.Json;
using SupplyGraph.Client;
using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Live;

namespace SupplyGraph.Cli.Commands;

/// <summary>
/// One line per live update, whether it came from a server's hub or from following the store's log: the sequence,
/// what is watched, and what changed. Entity updates carry the whole state, so the line names the relationships
/// added and removed since the previous one.
/// </summary>
public sealed class WatchLine(string what)
{
    private HashSet<string>? _relationships;

    public string Format(LiveUpdate u)
    {
        var head = $"#{u.Sequence.ToString(CultureInfo.InvariantCulture)} {what}";
        if (u.Entity is { } entity)
        {
            var ids = entity.Relationships.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
            var before = _relationships;
            _relationships = ids;
            if (entity.Entity is null)
            {
                return $"{head}: deleted";
            }

            var count = $"{entity.Entity.Name}, {ids.Count} relationship(s)";
            if (u.Full || before is null)
            {
                return $"{head}: {count}";
            }

            var added = entity.Relationships.Where(r => !before.Contains(r.Id)).Select(r => $"+ {r.Type} {r.From} → {r.To} ({r.Id})");
            var removed = before.Where(id => !ids.Contains(id)).Order(StringComparer.Ordinal).Select(id => $"- {id}");
            var changes = string.Join("; ", added.Concat(removed));
            return $"{head}: {count}{(changes.Length == 0 ? "; record or evidence changed" : "; " + changes)}";
        }

        if (u.Exposure is { } exposure)
        {
            var score = Output.Number(exposure.Score ?? 0);
            if (u.Full)
            {
                var parties = exposure.Hits.Select(h => $"{h.Party.Id} ({h.Hops} hop(s))");
                return $"{head}: {exposure.Hits.Count} listed part{(exposure.Hits.Count == 1 ? "y" : "ies")}, score {score}{(exposure.Hits.Count == 0 ? "" : ": " + string.Join(", ", parties))}";
            }

            var changes = exposure.Hits.Select(h => $"+ {h.Party.Id} ({h.Hops} hop(s) via {string.Join(" → ", h.Path.Hops.Select(x => x.Relationship.Type))})")
                .Concat(exposure.Removed.Select(id => $"- {id}"));
            return $"{head}: {string.Join("; ", changes)}; score {Output.Number(exposure.ScoreBefore ?? 0)} → {score}";
        }

        if (u.Ownership is { } ownership)
        {
            var d = ownership.Determination;
            var owners = d.Contributions.Count == 0 ? "" : " (" + string.Join(", ", d.Contributions.Select(c => $"{c.Owner.Id} {Share(c.Share)}")) + ")";
            var status = ownership.StatusBefore is { } was && !u.Full ? $"{Status(was)} → {Status(d.Status)}" : Status(d.Status);
            return $"{head}: {status}{owners}";
        }

        return head;
    }

    /// <summary>The update as one line of JSON (the hub's own form), for <c>--json</c>.</summary>
    public static string Json(LiveUpdate u) => JsonSerializer.Serialize(u, ClientJson.Options);

    private static string Status(BlockStatus s) => s switch
    {
        BlockStatus.Blocked => "blocked",
        BlockStatus.PossiblyBlocked => "possibly blocked",
        _ => "not blocked",
    };

    private static string Share(Core.Model.OwnershipShare s) =>
        s.IsUnknown ? "unknown share" : s.IsExact ? Output.Percent(s.Low!.Value) : $"{Output.Percent(s.Low ?? 0)}–{Output.Percent(s.High ?? 1)}";
}
