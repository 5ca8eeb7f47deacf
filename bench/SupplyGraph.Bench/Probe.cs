using System.Diagnostics;
using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Live;
using SupplyGraph.Core.Storage;

namespace SupplyGraph.Bench;

/// <summary>Times the pieces of a live subscription on the live store, in process (diagnostic).</summary>
public static class Probe
{
    public static async Task<int> RunAsync(string dir)
    {
        var clock = Stopwatch.StartNew();
        await using var store = EmbeddedGraphStore.Open(LiveHarness.FreshStore(dir));
        Console.WriteLine($"opened in {clock.Elapsed.TotalSeconds:0} s; heap {GC.GetTotalMemory(true) / 1024 / 1024:N0} MB");
        var g = store.Snapshot;
        var rng = new Random(11);
        var sources = Enumerable.Range(0, 40).Select(_ => $"n{rng.Next(1_000_000)}").ToArray();
        var query = ExposureQuery.Default with { MaxHops = 4, Direction = Core.Engine.Direction.Out };
        var exposure = new Stats("exposure");
        var subscribe = new Stats("subscribe");
        var registry = new LiveQueryRegistry(g);
        foreach (var s in sources)
        {
            exposure.Time(() => Exposure.Of(g, [s], query));
        }

        foreach (var s in sources)
        {
            subscribe.Time(() => registry.Subscribe(Guid.NewGuid().ToString("N"), new ExposureWatch([s], query)));
        }

        Console.WriteLine($"Exposure.Of median {Stats.Ms(exposure.Median)} (p90 {Stats.Ms(exposure.P90)}); Subscribe median {Stats.Ms(subscribe.Median)} (p90 {Stats.Ms(subscribe.P90)}); heap {GC.GetTotalMemory(true) / 1024 / 1024:N0} MB");

        // The live pipeline without the network: 1,000 subscriptions, then commits like the benchmark writer's.
        registry = new LiveQueryRegistry(store.Snapshot);
        var subscribed = Enumerable.Range(0, 1000).Select(_ => rng.Next(1_000_000)).ToArray();
        foreach (var s in subscribed)
        {
            registry.Subscribe(Guid.NewGuid().ToString("N"), new ExposureWatch([$"n{s}"], query));
        }

        var apply = new Stats("apply");
        var onCommit = new Stats("onCommit");
        var updates = 0;
        var listed = new HashSet<int>();
        for (var k = 0; k < 300; k++)
        {
            var source = subscribed[rng.Next(subscribed.Length)];
            var changes = new List<Core.Model.Change>
            {
                new Core.Model.PutRelationship(new Core.Model.Relationship { Id = $"p-{k}", Type = "SUPPLIES", From = $"n{rng.Next(1_000_000)}", To = $"n{rng.Next(1_000_000)}", Provenance = new("probe") }),
            };
            changes.Add(listed.Add(source)
                ? new Core.Model.PutRelationship(new Core.Model.Relationship { Id = $"p-list-{source}", Type = "LISTED_ON", From = $"n{source}", To = "bench-list", Provenance = new("probe") })
                : new Core.Model.DeleteRelationship($"p-list-{source}"));
            if (changes[1] is Core.Model.DeleteRelationship)
            {
                listed.Remove(source);
            }

            var committed = apply.Time(() => store.ApplyAsync(new Core.Model.ChangeBatch(changes)).GetAwaiter().GetResult());
            var entry = store.ChangesSinceAsync(committed.Sequence - 1, 1).GetAwaiter().GetResult()[0];
            var after = store.Snapshot;
            updates += onCommit.Time(() => registry.OnCommit(entry, after)).Count;
        }

        Console.WriteLine($"commit median {Stats.Ms(apply.Median)} (p90 {Stats.Ms(apply.P90)}); registry per commit median {Stats.Ms(onCommit.Median)} (p90 {Stats.Ms(onCommit.P90)}, max {Stats.Ms(onCommit.Max)}); {updates} updates");
        return 0;
    }
}
