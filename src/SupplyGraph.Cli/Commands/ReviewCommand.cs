using System.Globalization;
using System.Text.Json;
using SupplyGraph.Core.Review;

namespace SupplyGraph.Cli.Commands;

/// <summary>
/// <c>supplygraph review</c>: the queue of records an import would not join on its own, and the decisions on it.
/// Every decision is one batch in the change log (see <see cref="ReviewActions"/>).
/// </summary>
public static class ReviewCommand
{
    public const string Usage = """
        usage: supplygraph review [--status open|decided|all] [--limit N] [--offset N] [--json]
               supplygraph review show <id> [--json]
               supplygraph review accept <id> [--note TEXT] [--by NAME]
               supplygraph review reject <id> [--note TEXT] [--by NAME]
               supplygraph review merge <keep> <absorb> [--note TEXT] [--by NAME]
               supplygraph review split <id> [--note TEXT] [--by NAME]
        """;

    public static async Task<int> RunAsync(CliContext cx)
    {
        var action = cx.Line.Positionals.Count > 1 ? cx.Line.Positionals[1] : "list";
        return action switch
        {
            "list" => await ListAsync(cx),
            "show" => await ShowAsync(cx),
            "accept" or "reject" or "split" => await DecideAsync(cx, action),
            "merge" => await MergeAsync(cx),
            _ => throw new UsageException($"unknown review action '{action}'\n{Usage}"),
        };
    }

    private static async Task<int> ListAsync(CliContext cx)
    {
        if (cx.Line.Positionals.Count > 2)
        {
            throw new UsageException(Usage);
        }

        var filter = cx.Line.Option("status")?.ToLowerInvariant() switch
        {
            null or "open" => ReviewFilter.Open,
            "decided" => ReviewFilter.Decided,
            "all" => ReviewFilter.All,
            var other => throw new UsageException($"--status expects open, decided or all, got '{other}'"),
        };
        var query = new ReviewQuery(filter, cx.Line.Option("offset") is null ? 0 : cx.Line.IntOption("offset", 0), cx.Line.IntOption("limit", 20));
        var json = cx.Json;
        await using var store = cx.OpenStore();
        var page = await store.ReviewsAsync(query, cx.CancellationToken);
        if (json)
        {
            Output.WriteJson(cx.Out, j =>
            {
                j.WriteStartObject();
                j.WriteNumber("total", page.Total);
                j.WriteNumber("offset", query.Offset);
                j.WriteStartArray("items");
                foreach (var item in page.Items)
                {
                    ReviewJson.Write(j, item);
                }

                j.WriteEndArray();
                j.WriteEndObject();
            });
            return CliApp.Ok;
        }

        var what = filter switch { ReviewFilter.Open => "open review items", ReviewFilter.Decided => "decided review items", _ => "review items" };
        if (page.Total == 0)
        {
            await cx.Out.WriteLineAsync($"no {what}");
            return CliApp.Ok;
        }

        await cx.Out.WriteLineAsync($"{page.Total} {what}; showing {query.Offset + 1}–{query.Offset + page.Items.Count}");
        foreach (var item in page.Items)
        {
            await cx.Out.WriteLineAsync();
            Write(cx.Out, item);
        }

        if (query.Offset + page.Items.Count < page.Total)
        {
            await cx.Out.WriteLineAsync();
            await cx.Out.WriteLineAsync($"more: supplygraph review --offset {query.Offset + page.Items.Count}");
        }

        return CliApp.Ok;
    }

    private static async Task<int> ShowAsync(CliContext cx)
    {
        var id = Arguments(cx, 3)[2];
        var json = cx.Json;
        await using var store = cx.OpenStore();
        var item = await store.GetReviewAsync(id, cx.CancellationToken) ?? throw new ReviewNotFoundException(id);
        if (json)
        {
            Output.WriteJson(cx.Out, j => ReviewJson.Write(j, item));
        }
        else
        {
            Write(cx.Out, item);
        }

        return CliApp.Ok;
    }

    private static async Task<int> DecideAsync(CliContext cx, string action)
    {
        var id = Arguments(cx, 3)[2];
        var (by, note, json) = (By(cx), cx.Line.Option("note"), cx.Json);
        await using var store = cx.OpenStore();
        var outcome = action switch
        {
            "accept" => await ReviewActions.AcceptAsync(store, id, by, note, cx.CancellationToken),
            "reject" => await ReviewActions.RejectAsync(store, id, by, note, cx.CancellationToken),
            _ => await ReviewActions.SplitAsync(store, id, by, note, cx.CancellationToken),
        };
        await Report(cx, outcome, json);
        return CliApp.Ok;
    }

    private static async Task<int> MergeAsync(CliContext cx)
    {
        var args = Arguments(cx, 4);
        var (by, note, json) = (By(cx), cx.Line.Option("note"), cx.Json);
        await using var store = cx.OpenStore();
        var keep = await store.ResolveAsync(args[2], cx.CancellationToken);
        var absorb = await store.ResolveAsync(args[3], cx.CancellationToken);
        await Report(cx, await ReviewActions.MergeAsync(store, keep.Id, absorb.Id, by, note, cx.CancellationToken), json);
        return CliApp.Ok;
    }

    private static List<string> Arguments(CliContext cx, int count) =>
        cx.Line.Positionals.Count == count ? cx.Line.Positionals : throw new UsageException(Usage);

    /// <summary>Who decides: <c>--by</c>, else the user running the command.</summary>
    private static string By(CliContext cx) => cx.Line.Option("by") is { Length: > 0 } by ? by : Environment.UserName;

    private static async Task Report(CliContext cx, ReviewOutcome outcome, bool json)
    {
        if (json)
        {
            Output.WriteJson(cx.Out, j =>
            {
                j.WriteStartObject();
                j.WritePropertyName("review");
                ReviewJson.Write(j, outcome.Review);
                j.WritePropertyName("commit");
                JsonSerializer.Serialize(j, outcome.Commit, JsonSerializerOptions.Web);
                j.WriteStartArray("notes");
                foreach (var n in outcome.Notes)
                {
                    j.WriteStringValue(n);
                }

                j.WriteEndArray();
                j.WriteEndObject();
            });
            return;
        }

        var r = outcome.Review;
        var c = outcome.Commit;
        var what = r.Status switch
        {
            ReviewStatus.Accepted when r.Merge is null => $"accepted {r.Id}: {r.Record.EntityId} was already gone; the decision will join the record to {r.Candidate.EntityId} on re-import",
            ReviewStatus.Accepted => $"accepted {r.Id}: {r.Record.EntityId} merged into {r.Candidate.EntityId}",
            ReviewStatus.Merged => $"merged {r.Record.EntityId} into {r.Candidate.EntityId} (review item {r.Id}; undo with 'supplygraph review split {r.Id}')",
            ReviewStatus.Split => $"split {r.Id}: {r.Merge!.Absorbed.Id} restored beside {r.Merge.Kept.Id}",
            _ => $"rejected {r.Id}: {r.Record.EntityId} and {r.Candidate.EntityId} stay apart",
        };
        await cx.Out.WriteLineAsync($"{what} (change #{c.Sequence}: {c.EntitiesWritten} entities and {c.RelationshipsWritten} relationships written, "
            + $"{c.EntitiesDeleted} entities and {c.RelationshipsDeleted} relationships deleted)");
        foreach (var note in outcome.Notes)
        {
            await cx.Out.WriteLineAsync("  note: " + note);
        }
    }

    /// <summary>An item with both records side by side.</summary>
    private static void Write(TextWriter w, ReviewRecord r)
    {
        var score = r.Score.ToString("0.00", CultureInfo.InvariantCulture);
        w.WriteLine($"{r.Id}  {ReviewJson.StatusName(r.Status)}  score {score}  rule {r.MatchedBy}  queued {r.QueuedAt:yyyy-MM-dd HH:mm} UTC");
        var rows = new List<(string Field, string Record, string Candidate)>
        {
            ("", "record (imported)", "candidate"),
            ("id", r.Record.EntityId, r.Candidate.EntityId),
            ("name", r.Record.Name, r.Candidate.Name),
            ("labels", string.Join(':', r.Record.Labels), string.Join(':', r.Candidate.Labels)),
            ("country", r.Record.Country ?? "-", r.Candidate.Country ?? "-"),
        };
        var aliases = Math.Max(r.Record.Aliases.Count, r.Candidate.Aliases.Count);
        for (var i = 0; i < aliases; i++)
        {
            rows.Add((i == 0 ? "aliases" : "", i < r.Record.Aliases.Count ? r.Record.Aliases[i] : "", i < r.Candidate.Aliases.Count ? r.Candidate.Aliases[i] : ""));
        }

        var record = r.Record.Identifiers.Select(p => $"{p.Key}: {p.Value}").ToList();
        var candidate = r.Candidate.Identifiers.Select(p => $"{p.Key}: {p.Value}").ToList();
        for (var i = 0; i < Math.Max(record.Count, candidate.Count); i++)
        {
            rows.Add((i == 0 ? "identifiers" : "", i < record.Count ? record[i] : "", i < candidate.Count ? candidate[i] : ""));
        }

        var width = Math.Min(48, rows.Max(x => x.Record.Length));
        foreach (var (field, left, right) in rows)
        {
            w.WriteLine($"  {field,-12} {left.PadRight(width)}  {right}".TrimEnd());
        }

        if (r.At is { } at)
        {
            w.WriteLine($"  {"source",-12} {at} ({r.RecordKey})");
        }

        foreach (var (reason, i) in r.Reasons.Select((x, i) => (x, i)))
        {
            w.WriteLine($"  {(i == 0 ? "reasons" : ""),-12} {reason}");
        }

        foreach (var d in r.Decisions)
        {
            var note = d.Note is null ? "" : $": {d.Note}";
            w.WriteLine($"  {"decision",-12} {ReviewJson.StatusName(d.Status)} by {d.By} at {d.At:yyyy-MM-dd HH:mm} UTC{note}");
        }
    }
}
