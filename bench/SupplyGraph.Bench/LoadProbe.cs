using System.Diagnostics;
using System.Globalization;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Import;

namespace SupplyGraph.Bench;

/// <summary>
/// Where the engine's load goes (diagnostic, <c>--load-probe PREFIX NODES</c>): the whole load, then the topology
/// build alone on the same edges in the file's (random) order and in source order, which separates parsing from
/// the counting sort and shows what the sort's random writes cost once the arrays leave the CPU caches.
/// </summary>
public static class LoadProbe
{
    public static int Run(string dir, string[] args)
    {
        var prefix = Harness.Arg(args, "--load-probe")!;
        var nodes = int.Parse(Harness.Arg(args, "--nodes") ?? "0", CultureInfo.InvariantCulture);
        var path = Path.Combine(dir, prefix + ".tsv");
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var loaded = EdgeListLoader.Load(path, nodes);
        var whole = clock.Elapsed.TotalMilliseconds;
        var wholeCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
        var g = loaded.Graph;
        var m = g.EdgeCount;
        var src = new int[m];
        var dst = new int[m];
        var types = new byte[m];
        for (var e = 0; e < m; e++)
        {
            src[e] = g.EdgeSource(e);
            dst[e] = g.EdgeTarget(e);
            types[e] = (byte)g.EdgeType(e);
        }

        var names = g.EdgeTypeNames.ToArray();
        clock.Restart();
        CompactGraph.Build(g.NodeCount, src, dst, types, names, default);
        var sorted = clock.Elapsed.TotalMilliseconds;
        var rng = new Random(3);
        for (var i = m - 1; i > 0; i--)
        {
            var j = rng.Next(i + 1);
            (src[i], src[j]) = (src[j], src[i]);
            (dst[i], dst[j]) = (dst[j], dst[i]);
            (types[i], types[j]) = (types[j], types[i]);
        }

        var shuffled = new Stats("two-pass");
        var onePass = new Stats("one-pass");
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            clock.Restart();
            CompactGraph.Build(g.NodeCount, src, dst, types, names, default);
            shuffled.Add(clock.Elapsed.TotalMilliseconds);
            GC.Collect();
            clock.Restart();
            OnePassBuild(g.NodeCount, src, dst, types);
            onePass.Add(clock.Elapsed.TotalMilliseconds);
        }

        Console.WriteLine($"{prefix}: {g.NodeCount:N0} nodes, {m:N0} edges; whole load {whole:0} ms wall, {wholeCpu:0} ms CPU; build alone: source order {sorted:0} ms, " +
            $"random order {shuffled.Median:0} ms (median of 3; the former one-pass counting sort, interleaved: {onePass.Median:0} ms); {GrowthHarness.Uptime()}");
        return 0;
    }

    /// <summary>The build as it was before the two-pass sort (one counting sort per side over the whole arrays), for comparison.</summary>
    private static int OnePassBuild(int nodeCount, int[] sources, int[] targets, byte[] types)
    {
        var edgeCount = sources.Length;
        var outOffsets = new int[nodeCount + 1];
        var inOffsets = new int[nodeCount + 1];
        for (var i = 0; i < edgeCount; i++)
        {
            outOffsets[sources[i] + 1]++;
            inOffsets[targets[i] + 1]++;
        }

        for (var n = 0; n < nodeCount; n++)
        {
            outOffsets[n + 1] += outOffsets[n];
            inOffsets[n + 1] += inOffsets[n];
        }

        var outPacked = new int[edgeCount];
        var edgeSources = new int[edgeCount];
        var cursor = new int[nodeCount];
        Array.Copy(outOffsets, cursor, nodeCount);
        for (var i = 0; i < edgeCount; i++)
        {
            var e = cursor[sources[i]]++;
            outPacked[e] = (types[i] << 26) | targets[i];
            edgeSources[e] = sources[i];
        }

        var inPacked = new int[edgeCount];
        var inEdges = new int[edgeCount];
        Array.Copy(inOffsets, cursor, nodeCount);
        for (var e = 0; e < edgeCount; e++)
        {
            var p = cursor[outPacked[e] & ((1 << 26) - 1)]++;
            inPacked[p] = (outPacked[e] & ~((1 << 26) - 1)) | edgeSources[e];
            inEdges[p] = e;
        }

        return inEdges[^1] + inPacked[^1];
    }
}
