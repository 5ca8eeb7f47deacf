using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Tests.Resolution;

/// <summary><c>find</c> over identifiers and parenthetical short forms.</summary>
public sealed class FindTests
{
    [Fact]
    public void Find_Lei_ReturnsHolder()
    {
        var graph = GraphSnapshot.Create(1, [
            new Entity { Id = "holder", Labels = [NodeLabels.Company], Name = "Alpha Holdings", Identifiers = new Dictionary<string, string> { ["lei"] = "5493001KJTIIGC8Y1R12" } },
            new Entity { Id = "other", Labels = [NodeLabels.Company], Name = "Beta Holdings" },
        ], []);
        Assert.Equal("holder", graph.Find("5493001KJTIIGC8Y1R12")[0].Entity.Id);
    }

    [Fact]
    public void Find_ParentheticalAcronym_ReturnsTheEntity()
    {
        var graph = GraphSnapshot.Create(1, [
            new Entity { Id = "smic", Labels = [NodeLabels.Company], Name = "Semiconductor Manufacturing International Corporation (SMIC)" },
            new Entity { Id = "smic-beijing", Labels = [NodeLabels.Company], Name = "Semiconductor Manufacturing International (Beijing) Corporation", Aliases = ["SMIC Beijing"] },
        ], []);
        Assert.Equal("smic", graph.Find("SMIC")[0].Entity.Id);
    }
}
