using SupplyGraph.Core.Import;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Tests.Support;

namespace SupplyGraph.Core.Tests;

public sealed class EdgeListLoaderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Load_NumericTsv_UsesIdsAsNodeIds()
    {
        var path = _folder.File("g.tsv", "0\t1\tOWNS\n1\t2\tSUPPLIES\n2\t0\tOWNS\n");
        var loaded = EdgeListLoader.Load(path, nodeCount: 5);
        var g = loaded.Graph;
        Assert.Equal((5, 3), (g.NodeCount, g.EdgeCount));
        Assert.Equal(["OWNS", "SUPPLIES"], g.EdgeTypeNames);
        Assert.Equal(1, g.Out(0).Neighbor(0));
        Assert.Equal("SUPPLIES", g.EdgeTypeNames[g.Out(1).Type(0)]);
        Assert.Equal(3, loaded.NodeOf("3"));
        Assert.Equal("4", loaded.FileIdOf(4));
    }

    [Fact]
    public void Load_NamedCsvWithHeaderAndCrLf_InternsNames()
    {
        var path = _folder.File("g.csv", "source,target,type\r\nacme,zeta,SUPPLIES\r\nzeta,omega,OWNS\r\n");
        var loaded = EdgeListLoader.Load(path);
        Assert.Equal(3, loaded.Graph.NodeCount);
        Assert.Equal("zeta", loaded.FileIdOf(loaded.Graph.Out(loaded.NodeOf("acme")).Neighbor(0)));
        Assert.Equal(-1, loaded.NodeOf("nobody"));
    }

    [Fact]
    public void Load_LineWithoutSeparator_NamesFileAndLine()
    {
        var path = _folder.File("bad.tsv", "0\t1\tOWNS\n# a comment\n2 3 OWNS\n");
        var ex = Assert.Throws<InvalidInputException>(() => EdgeListLoader.Load(path));
        Assert.Equal(new SourceLocation("bad.tsv", 3), Assert.Single(ex.Errors).Location);
    }

    [Fact]
    public void Load_LargeFileAcrossBufferBoundaries_ReadsEveryEdge()
    {
        var path = Path.Combine(_folder.Path, "big.tsv");
        using (var w = new StreamWriter(path))
        {
            for (var i = 0; i < 200_000; i++)
            {
                w.Write($"{i}\t{(i * 7) % 200_000}\tT{i % 3}\n");
            }
        }

        var g = EdgeListLoader.Load(path).Graph;
        Assert.Equal(200_000, g.EdgeCount);
        Assert.Equal((123_456 * 7) % 200_000, g.Out(123_456).Neighbor(0));
        Assert.Equal(3, g.EdgeTypeNames.Count);
    }

    [Fact]
    public void Load_FileLargeEnoughForParallelParts_GivesTheSequentialResult()
    {
        // Over 32 MB, so the file is cut into parts parsed on their own threads: a header, comments, CRLF line
        // ends, and a type first seen only at the end must come out as one sequential read would give them.
        const int Edges = 2_000_000, Nodes = 300_000;
        var rng = new Random(9);
        var src = new int[Edges];
        var dst = new int[Edges];
        var types = new byte[Edges];
        string[] names = ["SUPPLIES", "OWNS", "PROVIDES_CLOUD_TO_A_VERY_LONG_RELATIONSHIP_NAME", "LATE"];
        var path = Path.Combine(_folder.Path, "parts.tsv");
        using (var w = new StreamWriter(path))
        {
            w.Write("src\tdst\ttype\n");
            for (var i = 0; i < Edges; i++)
            {
                src[i] = rng.Next(Nodes);
                dst[i] = rng.Next(Nodes);
                types[i] = (byte)(i == Edges - 1 ? 3 : rng.Next(3));
                w.Write($"{src[i]}\t{dst[i]}\t{names[types[i]]}{(i % 5 == 0 ? "\r" : "")}\n");
                if (i % 100_000 == 0)
                {
                    w.Write("# checkpoint\n\n");
                }
            }
        }

        Assert.True(new FileInfo(path).Length > 32 << 20, "the file must be large enough for the parallel path");
        var g = EdgeListLoader.Load(path, Nodes + 5).Graph;
        var expected = Engine.CompactGraph.Build(Nodes + 5, src, dst, types, names, default);
        Assert.Equal(names, g.EdgeTypeNames);
        Assert.Equal((expected.NodeCount, expected.EdgeCount), (g.NodeCount, g.EdgeCount));
        for (var e = 0; e < Edges; e++)
        {
            Assert.Equal((expected.EdgeSource(e), expected.EdgeTarget(e), expected.EdgeType(e)), (g.EdgeSource(e), g.EdgeTarget(e), g.EdgeType(e)));
        }
    }

    [Fact]
    public void Load_LargeFileWithOneBadLine_NamesThatLine()
    {
        // The parallel parts give up on a line they cannot read; the sequential reader then names it.
        var path = Path.Combine(_folder.Path, "bad-big.tsv");
        using (var w = new StreamWriter(path))
        {
            for (var i = 0; i < 1_800_000; i++)
            {
                w.Write(i == 1_500_000 ? "17 18 OWNS\n" : $"{i}\t{i + 1}\tSUPPLIES_SOMETHING\n");
            }
        }

        var ex = Assert.Throws<InvalidInputException>(() => EdgeListLoader.Load(path));
        Assert.Equal(new SourceLocation("bad-big.tsv", 1_500_001), Assert.Single(ex.Errors).Location);
    }
}
