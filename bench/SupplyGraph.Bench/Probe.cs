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
        await using var store = EmbeddedGraphStore.Open(Path.Combine(dir, "live-store"));
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
        return 0;
    }
}
