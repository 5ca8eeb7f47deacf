using System.Runtime.InteropServices;
using SupplyGraph.Client;
using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Live;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Cli.Commands;

/// <summary>
/// <c>supplygraph watch &lt;entity&gt; [--exposure | --ownership RULE]</c>: prints each change as it arrives, one line per
/// update (<c>--json</c>: one JSON object per line), until Ctrl+C or <c>--count N</c> updates. With <c>--server URL</c>
/// (several, comma-separated, to fail over) it subscribes on a server's hub through the client library; without, it
/// follows the local store's change log itself — the same log every writer appends to, so it sees the CLI's, a
/// server's and any other process's commits, with no server running.
/// </summary>
public static class WatchCommand
{
    public const string Usage = "usage: supplygraph watch <entity> [--exposure [--max-hops N --types T1,T2 --direction out|in|both] | --ownership ofac|bis-affiliates] [--server URL[,URL...] --key KEY] [--count N] [--json]";

    public static async Task<int> RunAsync(CliContext cx)
    {
        var reference = string.Join(' ', cx.Line.Positionals.Skip(1));
        if (reference.Length == 0)
        {
            throw new UsageException(Usage);
        }

        var exposure = cx.Line.Flag("exposure");
        var rule = cx.Line.Option("ownership");
        if (exposure && rule is not null)
        {
            throw new UsageException("--exposure and --ownership watch different things; choose one");
        }

        if (rule is not null && !RuleProfiles.Defaults.Any(p => p.Id.Equals(rule, StringComparison.OrdinalIgnoreCase)))
        {
            throw new UsageException($"--ownership: unknown rule '{rule}'; known: {string.Join(", ", RuleProfiles.Defaults.Select(p => p.Id))}");
        }

        var filters = QueryOptions.Parse(cx.Line);
        if (!exposure && (filters.MaxHops is not null || filters.Types is not null || filters.Direction is not null))
        {
            throw new UsageException("--max-hops, --types and --direction go with --exposure");
        }

        var count = cx.Line.Option("count") is null ? long.MaxValue : cx.Line.IntOption("count", 1);
        var servers = cx.Line.Option("server")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => Uri.TryCreate(s, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" ? u : throw new UsageException($"--server: '{s}' is not an http(s) URL"))
            .ToList();
        var key = cx.Line.Option("key") ?? Environment.GetEnvironmentVariable("SUPPLYGRAPH_API_KEY");
        var json = cx.Json;

        // Ctrl+C and SIGTERM end the watch normally (exit 0), as does reaching --count.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cx.CancellationToken);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        var printed = 0L;
        WatchLine? line = null;
        async Task<bool> PrintAsync(LiveUpdate update)
        {
            await cx.Out.WriteLineAsync(json ? WatchLine.Json(update) : line!.Format(update));
            await cx.Out.FlushAsync();
            return ++printed >= count;
        }

        try
        {
            if (servers is { Count: > 0 })
            {
                await WatchServerAsync(cx, servers, key, reference, exposure, rule, filters, w => line = new WatchLine(w), PrintAsync, stop.Token);
            }
            else
            {
                await WatchStoreAsync(cx, reference, exposure, rule, filters, w => line = new WatchLine(w), PrintAsync, stop.Token);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }

        return CliApp.Ok;

        void Stop(PosixSignalContext signal)
        {
            signal.Cancel = true;
            stop.Cancel();
        }
    }

    /// <summary>Follows the local store's log and evaluates the standing query on each entry, as the server's live service does.</summary>
    private static async Task WatchStoreAsync(CliContext cx, string reference, bool exposure, string? rule, QueryOptions filters, Action<string> named, Func<LiveUpdate, Task<bool>> print, CancellationToken ct)
    {
        await using var store = cx.OpenStore();
        var graph = store.Snapshot;
        var id = cx.Resolve(graph, reference).Id;
        var (spec, what) = Spec(id, exposure, rule, filters);
        named(what);
        var registry = new LiveQueryRegistry(graph);
        await cx.Error.WriteLineAsync($"watching {what} in {store.FilePath} (its change log, every writer's); Ctrl+C to stop");
        if (await print(registry.Subscribe("watch", spec)))
        {
            return;
        }

        await foreach (var entry in store.FollowAsync(graph.Sequence, ct))
        {
            // The graph as of this entry: the store's own snapshot when it is there, else the entry applied to the last one.
            var current = store.Snapshot;
            graph = current.Sequence == entry.Sequence ? current : graph.Apply(entry.Sequence, entry.Changes);
            foreach (var update in registry.OnCommit(entry, graph))
            {
                if (await print(update))
                {
                    return;
                }
            }
        }
    }

    /// <summary>Subscribes on a server's hub (failing over between the servers given) and prints what it pushes.</summary>
    private static async Task WatchServerAsync(CliContext cx, IReadOnlyList<Uri> servers, string? key, string reference, bool exposure, string? rule, QueryOptions filters,
        Action<string> named, Func<LiveUpdate, Task<bool>> print, CancellationToken ct)
    {
        using var rest = new SupplyGraphClient(servers[0], key);
        var id = await ResolveAsync(rest, reference, ct);
        var (_, what) = Spec(id, exposure, rule, filters);
        named(what);
        await using var hub = new SupplyGraphHubClient(new HubClientOptions { Servers = servers, ApiKey = key });
        hub.Reconnecting += e => cx.Error.WriteLine($"connection lost ({e?.Message ?? "closed"}); reconnecting");
        hub.Reconnected += s => cx.Error.WriteLine($"reconnected to {s.GetLeftPart(UriPartial.Authority)}; resumed");
        await hub.StartAsync(ct);
        var subscription = exposure
            ? await hub.SubscribeExposureAsync(new ExposureWatchRequest([id], filters.MaxHops, filters.Types, filters.Direction?.ToString().ToLowerInvariant()), ct)
            : rule is not null ? await hub.SubscribeOwnershipAsync(id, rule, ct)
            : await hub.SubscribeEntityAsync(id, ct);
        await cx.Error.WriteLineAsync($"watching {what} on {hub.CurrentServer.GetLeftPart(UriPartial.Authority)}; Ctrl+C to stop");
        await foreach (var update in subscription.Updates.ReadAllAsync(ct))
        {
            if (await print(update))
            {
                return;
            }
        }
    }

    /// <summary>An id as it is, else the one entity a search names without doubt.</summary>
    private static async Task<string> ResolveAsync(SupplyGraphClient rest, string reference, CancellationToken ct)
    {
        try
        {
            return (await rest.GetEntityAsync(reference, ct)).Entity.Id;
        }
        catch (SupplyGraphProblemException e) when (e.Status == System.Net.HttpStatusCode.NotFound)
        {
            var found = await rest.FindAsync(reference, 5, ct);
            var exact = found.Where(f => f.Score >= 0.999).ToList();
            return exact.Count == 1 ? exact[0].Entity.Id
                : found.Count == 1 ? found[0].Entity.Id
                : throw new EntityNotFoundException(reference, [.. found.Select(f => f.Entity)]);
        }
    }

    private static (LiveQuerySpec Spec, string What) Spec(string id, bool exposure, string? rule, QueryOptions filters) =>
        exposure ? (new ExposureWatch([id], filters.Apply(ExposureQuery.Default)), $"exposure of {id}")
        : rule is not null ? (new OwnershipWatch(id, RuleProfiles.Get(rule)), $"ownership of {id} ({rule.ToLowerInvariant()})")
        : (new EntityWatch(id), id);
}
