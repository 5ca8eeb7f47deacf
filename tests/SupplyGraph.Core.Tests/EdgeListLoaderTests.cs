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
}
