namespace SupplyGraph.Cypher.Tests;

/// <summary>
/// The breadth-first shortcut for variable-length patterns whose rows only feed DISTINCT must give the same
/// answers as enumerating every trail; checked on random typed graphs.
/// </summary>
public sealed class PruningTests
{
    private static MemoryGraph RandomGraph(int seed, int nodes, int edges)
    {
        var rng = new Random(seed);
        var g = new MemoryGraph();
        var ids = new List<long>();
        for (var i = 0; i < nodes; i++)
        {
            ids.Add(g.CreateNode(rng.Next(4) == 0 ? ["Listed"] : ["C"], new Dictionary<string, object?> { ["id"] = (long)i }));
        }

        string[] types = ["OWNS", "SUPPLIES", "LISTED_ON"];
        for (var i = 0; i < edges; i++)
        {
            g.CreateRelationship(ids[rng.Next(nodes)], ids[rng.Next(nodes)], types[rng.Next(types.Length)], new Dictionary<string, object?>());
        }

        return g;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void VarLengthDistinct_PrunedExpansion_EqualsFullEnumeration(int seed)
    {
        var g = RandomGraph(seed, 60, 180);
        var engine = new CypherEngine();
        for (long start = 0; start < 60; start += 7)
        {
            var p = new Dictionary<string, object?> { ["s"] = start };
            // DISTINCT directly after MATCH: the pruned plan. Collecting then de-duplicating: the full enumeration.
            var pruned = engine.Execute(g, "MATCH (s {id: $s})-[:OWNS|SUPPLIES*1..4]->(t)-[:LISTED_ON]->(l:Listed) RETURN DISTINCT t.id AS t, l.id AS l", p)
                .Rows.Select(r => $"{r[0]}>{r[1]}").Order().ToList();
            var full = engine.Execute(g, "MATCH (s {id: $s})-[:OWNS|SUPPLIES*1..4]->(t)-[:LISTED_ON]->(l:Listed) WITH t.id AS t, l.id AS l RETURN DISTINCT t, l", p)
                .Rows.Select(r => $"{r[0]}>{r[1]}").Order().ToList();
            Assert.Equal(full, pruned);
        }
    }
}
