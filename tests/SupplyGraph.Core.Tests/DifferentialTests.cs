using System.Diagnostics;
using System.Text.Json;
using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Tests.Support;

namespace SupplyGraph.Core.Tests;

/// <summary>Shortest-path lengths and reachable sets agree with NetworkX on random typed multigraphs.</summary>
public sealed class DifferentialTests : IDisposable
{
    private static readonly string[] TypeNames = ["OWNS", "SUBSIDIARY_OF", "SUPPLIES", "PROVIDES_CLOUD_TO"];
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(1, 60, 120)] // sparse: many unreachable pairs
    [InlineData(2, 200, 700)] // medium
    [InlineData(3, 300, 2400)] // dense: short paths, hubs
    [InlineData(4, 40, 400)] // many parallel edges between few nodes
    public void ShortestPathsAndReach_RandomGraph_AgreeWithNetworkX(int seed, int nodes, int edgeCount)
    {
        var rng = new Random(seed);
        var src = new int[edgeCount];
        var dst = new int[edgeCount];
        var types = new byte[edgeCount];
        for (var i = 0; i < edgeCount; i++)
        {
            // Skewed sources make hubs, as in the benchmark graph.
            src[i] = (int)(nodes * Math.Pow(rng.NextDouble(), 2));
            do
            {
                dst[i] = rng.Next(nodes);
            }
            while (dst[i] == src[i]);
            types[i] = (byte)rng.Next(TypeNames.Length);
        }

        var graph = CompactGraph.Build(nodes, src, dst, types, TypeNames, default);
        var pairs = Enumerable.Range(0, 150).Select(_ => (rng.Next(nodes), rng.Next(nodes))).ToArray();
        var sources = Enumerable.Range(0, 20).Select(_ => rng.Next(nodes)).ToArray();
        const int Hops = 3;
        string[] allowed = ["OWNS", "SUBSIDIARY_OF", "SUPPLIES"];
        var oracle = RunOracle(new
        {
            nodes,
            edges = Enumerable.Range(0, edgeCount).Select(i => new object[] { src[i], dst[i], TypeNames[types[i]] }),
            pairs = pairs.Select(p => new[] { p.Item1, p.Item2 }),
            sources,
            hops = Hops,
            types = allowed,
        });

        var typedMask = EdgeTypeMask.For(graph, allowed);
        for (var i = 0; i < pairs.Length; i++)
        {
            var (a, b) = pairs[i];
            Assert.Equal(oracle.GetProperty("directed")[i].GetInt32(), Length(graph, a, b, EdgeTypeMask.All, Direction.Out));
            Assert.Equal(oracle.GetProperty("typed")[i].GetInt32(), Length(graph, a, b, typedMask, Direction.Out));
            Assert.Equal(oracle.GetProperty("undirected")[i].GetInt32(), Length(graph, a, b, EdgeTypeMask.All, Direction.Both));
        }

        for (var i = 0; i < sources.Length; i++)
        {
            Assert.Equal(Ints(oracle.GetProperty("reach_out")[i]), Reach(graph, sources[i], Hops, Direction.Out));
            Assert.Equal(Ints(oracle.GetProperty("reach_both")[i]), Reach(graph, sources[i], Hops, Direction.Both));

            // A reach-only search (no targets, no paths kept) reaches as many.
            Assert.Equal(oracle.GetProperty("reach_out")[i].GetArrayLength(),
                ExposureSearch.Run(graph, [sources[i]], Hops, EdgeTypeMask.All, Direction.Out, new AllowAll(), new NoTargets(), new NoConfidence(), []));
        }
    }

    private static int Length(CompactGraph g, int a, int b, EdgeTypeMask types, Direction direction)
    {
        var edges = ShortestPath.FindEdges(g, a, b, types, direction, int.MaxValue, new AllowAll());
        if (edges is null)
        {
            return -1;
        }

        // The path must really connect a to b through edges of the allowed types and direction.
        var at = a;
        foreach (var e in edges)
        {
            Assert.True(types.Contains(g.EdgeType(e)));
            at = g.EdgeSource(e) == at ? g.EdgeTarget(e) : direction == Direction.Both && g.EdgeTarget(e) == at ? g.EdgeSource(e) : throw new InvalidOperationException("broken path");
        }

        Assert.Equal(b, at);
        return edges.Length;
    }

    private static int[] Reach(CompactGraph g, int source, int hops, Direction direction)
    {
        var hits = new List<int>();
        ExposureSearch.Run(g, [source], hops, EdgeTypeMask.All, direction, new AllowAll(), new Everything(), new NoConfidence(), hits);
        return [.. hits.Order()];
    }

    private static int[] Ints(JsonElement array) => [.. array.EnumerateArray().Select(x => x.GetInt32())];

    private JsonElement RunOracle(object query)
    {
        var input = Path.Combine(_folder.Path, "query.json");
        File.WriteAllText(input, JsonSerializer.Serialize(query));
        var script = Path.Combine(AppContext.BaseDirectory, "Oracle", "nx_oracle.py");
        using var process = Process.Start(new ProcessStartInfo("python3", [script, input]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, "the NetworkX oracle failed (is python3 with networkx installed?): " + error);
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    private readonly struct Everything : ITargetSet
    {
        public bool Contains(int node) => true;
    }
}
