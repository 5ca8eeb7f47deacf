using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;
using static SupplyGraph.Core.Tests.Support.Fixtures;

namespace SupplyGraph.Core.Tests;

public class EngineTests
{
    [Fact]
    public void CompactGraph_Build_GivesAdjacencyInBothDirections()
    {
        // 0→1 (t0), 0→2 (t1), 2→1 (t0), 1→0 (t1)
        int[] src = [0, 0, 2, 1];
        int[] dst = [1, 2, 1, 0];
        byte[] types = [0, 1, 0, 1];
        var edgeIds = new int[4];
        var g = CompactGraph.Build(3, src, dst, types, ["A", "B"], edgeIds);

        Assert.Equal([1, 2], Neighbors(g.Out(0)));
        Assert.Equal([0, 1], Types(g.Out(0)));
        Assert.Equal([0, 2], Neighbors(g.In(1)));
        Assert.Equal([1], Neighbors(g.Out(2)));
        Assert.Equal([1], Neighbors(g.In(0)));
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(src[i], g.EdgeSource(edgeIds[i]));
            Assert.Equal(dst[i], g.EdgeTarget(edgeIds[i]));
            Assert.Equal(types[i], g.EdgeType(edgeIds[i]));
        }

        var incoming = g.In(1);
        for (var i = 0; i < incoming.Count; i++)
        {
            Assert.Equal(1, g.EdgeTarget(incoming.EdgeId(i)));
            Assert.Equal(incoming.Neighbor(i), g.EdgeSource(incoming.EdgeId(i)));
            Assert.Equal(incoming.Type(i), g.EdgeType(incoming.EdgeId(i)));
        }
    }

    private static int[] Neighbors(Adjacency a)
    {
        var neighbors = new int[a.Count];
        for (var i = 0; i < a.Count; i++)
        {
            neighbors[i] = a.Neighbor(i);
        }

        return neighbors;
    }

    private static int[] Types(Adjacency a)
    {
        var types = new int[a.Count];
        for (var i = 0; i < a.Count; i++)
        {
            types[i] = a.Type(i);
        }

        return types;
    }

    [Fact]
    public void CompactGraph_Topology_UsesUnderThirtyBytesPerEdge()
    {
        const int Nodes = 10_000, Edges = 40_000;
        var rng = new Random(1);
        var src = Enumerable.Range(0, Edges).Select(_ => rng.Next(Nodes)).ToArray();
        var dst = Enumerable.Range(0, Edges).Select(_ => rng.Next(Nodes)).ToArray();
        var types = Enumerable.Range(0, Edges).Select(_ => (byte)rng.Next(4)).ToArray();
        var g = CompactGraph.Build(Nodes, src, dst, types, ["A", "B", "C", "D"], default);
        Assert.True(g.TopologyBytes / (double)Edges < 30, $"{g.TopologyBytes / (double)Edges:0.0} bytes per edge");
    }

    [Fact]
    public void NameIndex_TypoInPublishedName_IsFound()
    {
        // The BIS list publishes "Suma Techology" (sic); users type it correctly.
        var graph = GraphSnapshot.Create(1, [Company("suma", "Suma Techology Co., Ltd."), Company("usi", "Suma-USI Electronics Co., Ltd.")], []);
        var hits = graph.Find("suma technology");
        Assert.Equal("suma", hits[0].Entity.Id);
        Assert.DoesNotContain(hits, h => h.Entity.Id == "usi");
    }

    [Theory]
    [InlineData("IFLYTEK")] // upper case
    [InlineData("iflytek")] // id
    [InlineData("iFlytek Co")] // legal form shortened
    [InlineData("iflytk")] // one letter missing
    [InlineData("Keda Xunfei")] // alias
    public void Resolve_NameAliasCaseOrTypo_FindsTheEntity(string reference)
    {
        var graph = GraphSnapshot.Create(1, [Company("iflytek", "iFlytek Co., Ltd.", "Keda Xunfei"), Company("sensetime", "SenseTime")], []);
        Assert.Equal("iflytek", graph.Resolve(reference).Id);
    }

    [Fact]
    public void Resolve_AmbiguousName_ListsCandidates()
    {
        var graph = GraphSnapshot.Create(1, [Company("h1", "Chengdu Huawei Technologies"), Company("h2", "Xi'an Huawei Technologies")], []);
        var ex = Assert.Throws<EntityNotFoundException>(() => graph.Resolve("huawei technologies"));
        Assert.Equal(["h1", "h2"], ex.Candidates.Select(c => c.Id).Order());
    }

    [Fact]
    public void Snapshot_Apply_LeavesOriginalUnchanged()
    {
        var before = GraphSnapshot.Create(1, [Company("a"), Company("b")], [Rel(RelationshipTypes.Supplies, "a", "b")]);
        var after = before.Apply(2, [new DeleteRelationship("SUPPLIES:a->b"), new PutEntity(Company("c"))]);
        Assert.Equal(1, before.LiveEdgeCount);
        Assert.Equal(2, before.LiveNodeCount);
        Assert.Equal(0, after.LiveEdgeCount);
        Assert.Equal(3, after.LiveNodeCount);
        Assert.Equal(2, after.Sequence);
    }
}
