using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Import;

namespace SupplyGraph.Bench;

/// <summary>
/// Where the traversal kernels lose time against the C loop, without the machine's drift between two processes:
/// a line-for-line C# port of <c>bench/peers/csr_traverse.c</c> (plain arrays, node parents, no rules) runs
/// interleaved query by query with the library kernels on the same loaded graph, so each row's ratio is measured in
/// the same milliseconds. Answers are compared as in the growth harness (a checksum per row).
/// <c>--kernel-probe [--sizes 1m] [--rounds 5]</c>.
/// </summary>
// The port's methods are optimised at first call like the library's kernels: under tiering they ran as tier-0/OSR
// code for most timed queries (DOTNET_JitDisasmSummary), which made the port look 3x slower than the C it copies.
public static class KernelProbe
{
    private const int Mask = Adjacency.NodeMask;

    private static int[] s_outOff = [], s_outAdj = [], s_inOff = [], s_inAdj = [];
    private static ulong[] s_bitsA = [], s_bitsB = [], s_listed = [];
    private static int[] s_queueA = [], s_queueB = [], s_parentA = [], s_parentB = [];

    public static int Run(string dir, string[] args)
    {
        var rounds = int.Parse(Harness.Arg(args, "--rounds") ?? "5", CultureInfo.InvariantCulture);
        var prefix = "graph_" + (Harness.Arg(args, "--sizes") ?? "1m");
        var metaPath = Path.Combine(dir, prefix + "_meta.json");
        var nodeCount = JsonDocument.Parse(File.ReadAllText(metaPath)).RootElement.GetProperty("n").GetInt32();
        var g = EdgeListLoader.Load(Path.Combine(dir, prefix + ".tsv"), nodeCount).Graph;
        Console.WriteLine($"{prefix}: {g.NodeCount:N0} nodes, {g.EdgeCount:N0} edges; {GrowthHarness.Uptime()}");
        CopyArrays(g);

        var listedNodes = File.ReadLines(Path.Combine(dir, prefix + "_listed.txt")).Select(l => int.Parse(l, CultureInfo.InvariantCulture)).ToArray();
        var listed = BitTargets.Of(g.NodeCount, listedNodes);
        s_listed = new ulong[(g.NodeCount + 63) >> 6];
        foreach (var n in listedNodes)
        {
            s_listed[n >> 6] |= 1UL << n;
        }

        var queriesPath = prefix == "graph_1m" ? Path.Combine(dir, "queries.txt") : Path.Combine(dir, $"queries_{prefix}.txt");
        var queries = File.ReadLines(queriesPath).Select(l => l.Split(' ')).ToList();
        int[] Q(string kind) => [.. queries.Where(q => q[0] == kind).Select(q => int.Parse(q[1], CultureInfo.InvariantCulture))];
        var pairs = queries.Where(q => q[0] == "pair").Select(q => (int.Parse(q[1], CultureInfo.InvariantCulture), int.Parse(q[2], CultureInfo.InvariantCulture))).ToArray();
        var bfs = Q("bfs4");
        var khop = Q("khop");
        var hub = Q("hub");
        var rows = new (string Name, Func<int, long> Ours, Func<int, long> Plain, int Count)[]
        {
            ("depth-4 BFS", i => Harness.Bfs(g, bfs[i], 4, EdgeTypeMask.All), i => Bfs(bfs[i], 4), 100),
            ("shortest path", i => ShortestPath.FindEdges(g, pairs[i].Item1, pairs[i].Item2, EdgeTypeMask.All, Direction.Out, int.MaxValue, new AllowAll())?.Length ?? -1,
                i => Shortest(pairs[i].Item1, pairs[i].Item2), 100),
            ("4-hop exposure + paths", i => Harness.Khop(g, khop[i], 4, EdgeTypeMask.All, listed), i => Khop(khop[i], 4), 100),
            ("6-hop exposure + paths", i => Harness.Khop(g, khop[i], 6, EdgeTypeMask.All, listed), i => Khop(khop[i], 6), 30),
            ("4-hop exposure from hubs", i => Harness.Khop(g, hub[i], 4, EdgeTypeMask.All, listed), i => Khop(hub[i], 4), 20),
            ("6-hop exposure from hubs", i => Harness.Khop(g, hub[i], 6, EdgeTypeMask.All, listed), i => Khop(hub[i], 6), 10),
        };

        Console.WriteLine("| row | library median (p90) | C# port of the C loop median (p90) | library ÷ port | answers |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var row in rows)
        {
            Stats ours = new("ours"), plain = new("plain");
            long oursSum = 0, plainSum = 0;
            for (var round = -2; round < rounds; round++)
            {
                oursSum = plainSum = 0;
                for (var i = 0; i < row.Count; i++)
                {
                    // Alternating which goes first, so neither always finds the other's cache lines.
                    for (var k = 0; k < 2; k++)
                    {
                        var first = ((i + round) & 1) == 0;
                        var runOurs = first == (k == 0);
                        var start = Stopwatch.GetTimestamp();
                        var v = runOurs ? row.Ours(i) : row.Plain(i);
                        var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                        if (runOurs)
                        {
                            oursSum += v;
                        }
                        else
                        {
                            plainSum += v;
                        }

                        if (round >= 0)
                        {
                            (runOurs ? ours : plain).Add(ms);
                        }
                    }
                }
            }

            var verdict = oursSum == plainSum ? $"same ({oursSum:N0})" : $"**differ**: {oursSum:N0} vs {plainSum:N0}";
            Console.WriteLine($"| {row.Name} | {Stats.Ms(ours.Median)} ({Stats.Ms(ours.P90)}) | {Stats.Ms(plain.Median)} ({Stats.Ms(plain.P90)}) | " +
                $"{(ours.Median / plain.Median).ToString("0.00", CultureInfo.InvariantCulture)}× | {verdict} |");
        }

        Console.WriteLine(GrowthHarness.Uptime());
        return 0;
    }

    private static void CopyArrays(CompactGraph g)
    {
        var n = g.NodeCount;
        s_outOff = new int[n + 1];
        s_inOff = new int[n + 1];
        s_outAdj = new int[g.EdgeCount];
        s_inAdj = new int[g.EdgeCount];
        for (var v = 0; v < n; v++)
        {
            var o = g.Out(v).Packed;
            o.CopyTo(s_outAdj.AsSpan(s_outOff[v]));
            s_outOff[v + 1] = s_outOff[v] + o.Length;
            var e = g.In(v).Packed;
            e.CopyTo(s_inAdj.AsSpan(s_inOff[v]));
            s_inOff[v + 1] = s_inOff[v] + e.Length;
        }

        s_bitsA = new ulong[(n + 63) >> 6];
        s_bitsB = new ulong[(n + 63) >> 6];
        s_queueA = new int[n];
        s_queueB = new int[n];
        s_parentA = new int[n];
        s_parentB = new int[n];
    }

    private static bool Visited(ulong[] b, int x) => (b[x >> 6] & (1UL << x)) != 0;

    private static void Mark(ulong[] b, int x) => b[x >> 6] |= 1UL << x;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Clear(ulong[] b, int[] q, int count)
    {
        for (var i = 0; i < count; i++)
        {
            b[q[i] >> 6] = 0;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long Bfs(int s, int hops)
    {
        int count = 0, start = 0;
        s_queueA[count++] = s;
        Mark(s_bitsA, s);
        for (var depth = 0; depth < hops && start < count; depth++)
        {
            var end = count;
            for (var i = start; i < end; i++)
            {
                var v = s_queueA[i];
                for (int j = s_outOff[v], je = s_outOff[v + 1]; j < je; j++)
                {
                    var w = s_outAdj[j] & Mask;
                    if (!Visited(s_bitsA, w))
                    {
                        Mark(s_bitsA, w);
                        s_queueA[count++] = w;
                    }
                }
            }

            start = end;
        }

        Clear(s_bitsA, s_queueA, count);
        return count;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long Khop(int s, int hops)
    {
        int count = 0, start = 0;
        long total = 0;
        s_queueA[count++] = s;
        Mark(s_bitsA, s);
        s_parentA[s] = -1;
        for (var depth = 0; depth < hops && start < count; depth++)
        {
            var end = count;
            for (var i = start; i < end; i++)
            {
                var v = s_queueA[i];
                for (int j = s_outOff[v], je = s_outOff[v + 1]; j < je; j++)
                {
                    var w = s_outAdj[j] & Mask;
                    if (!Visited(s_bitsA, w))
                    {
                        Mark(s_bitsA, w);
                        s_queueA[count++] = w;
                        s_parentA[w] = v;
                    }
                }
            }

            start = end;
        }

        for (var i = 0; i < count; i++)
        {
            var v = s_queueA[i];
            if (Visited(s_listed, v))
            {
                for (var x = v; s_parentA[x] >= 0; x = s_parentA[x])
                {
                    total++;
                }
            }
        }

        Clear(s_bitsA, s_queueA, count);
        return total;
    }

    private static int PathLength(int[] parent, int v)
    {
        var l = 0;
        for (; parent[v] >= 0; v = parent[v])
        {
            l++;
        }

        return l;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long Shortest(int a, int b)
    {
        if (a == b)
        {
            return 0;
        }

        int fc = 0, bc = 0, fs = 0, bs = 0, meet = -1;
        s_queueA[fc++] = a;
        Mark(s_bitsA, a);
        s_parentA[a] = -1;
        s_queueB[bc++] = b;
        Mark(s_bitsB, b);
        s_parentB[b] = -1;
        int fe = fc, be = bc;
        long fcost = s_outOff[a + 1] - s_outOff[a], bcost = s_inOff[b + 1] - s_inOff[b];
        while (fs < fe && bs < be && meet < 0)
        {
            if (fcost <= bcost)
            {
                fcost = 0;
                for (var i = fs; i < fe && meet < 0; i++)
                {
                    var v = s_queueA[i];
                    for (int j = s_outOff[v], je = s_outOff[v + 1]; j < je; j++)
                    {
                        var w = s_outAdj[j] & Mask;
                        if (Visited(s_bitsA, w))
                        {
                            continue;
                        }

                        Mark(s_bitsA, w);
                        s_queueA[fc++] = w;
                        s_parentA[w] = v;
                        if (Visited(s_bitsB, w))
                        {
                            meet = w;
                            break;
                        }

                        fcost += s_outOff[w + 1] - s_outOff[w];
                    }
                }

                fs = fe;
                fe = fc;
            }
            else
            {
                bcost = 0;
                for (var i = bs; i < be && meet < 0; i++)
                {
                    var v = s_queueB[i];
                    for (int j = s_inOff[v], je = s_inOff[v + 1]; j < je; j++)
                    {
                        var w = s_inAdj[j] & Mask;
                        if (Visited(s_bitsB, w))
                        {
                            continue;
                        }

                        Mark(s_bitsB, w);
                        s_queueB[bc++] = w;
                        s_parentB[w] = v;
                        if (Visited(s_bitsA, w))
                        {
                            meet = w;
                            break;
                        }

                        bcost += s_inOff[w + 1] - s_inOff[w];
                    }
                }

                bs = be;
                be = bc;
            }
        }

        long len = meet < 0 ? -1 : PathLength(s_parentA, meet) + PathLength(s_parentB, meet);
        Clear(s_bitsA, s_queueA, fc);
        Clear(s_bitsB, s_queueB, bc);
        return len;
    }
}
