using SupplyGraph.Core.Model;
using SupplyGraph.Core.Storage;
using SupplyGraph.Core.Tests.Support;
using static SupplyGraph.Core.Tests.Support.Fixtures;

namespace SupplyGraph.Cypher.Tests;

/// <summary>
/// <c>shortestPath</c> on the embedded store goes to the store's bidirectional search; on a random graph it must give
/// paths as short as the engine's own breadth-first search (run on an in-memory copy), real paths of the asked
/// types and direction, and none where none exists.
/// </summary>
public sealed class NativeShortestPathTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("OWNS|SUPPLIES", "->")] // two types, forward
    [InlineData("OWNS", "<-")] // one type, backward
    [InlineData("SUPPLIES", "-")] // either way
    public async Task ShortestPath_OnStore_MatchesEngineSearchOnMemoryCopy(string types, string arrow)
    {
        const int Nodes = 80;
        var rng = new Random(17);
        var changes = new List<Change>();
        var memory = new MemoryGraph();
        var ids = new long[Nodes];
        for (var i = 0; i < Nodes; i++)
        {
            changes.Add(Put(Company($"c{i}")));
            ids[i] = memory.CreateNode(["Company"], new Dictionary<string, object?> { ["id"] = $"c{i}" });
        }

        string[] typeNames = [RelationshipTypes.Owns, RelationshipTypes.Supplies];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var k = 0; k < 320; k++)
        {
            var (from, to, type) = (rng.Next(Nodes), rng.Next(Nodes), typeNames[rng.Next(2)]);
            if (from == to || !seen.Add($"{type}:{from}:{to}"))
            {
                continue;
            }

            changes.Add(Put(Rel(type, $"c{from}", $"c{to}")));
            memory.CreateRelationship(ids[from], ids[to], type, new Dictionary<string, object?>());
        }

        await using var store = EmbeddedGraphStore.Open(_folder.Path);
        await store.ApplyAsync(new ChangeBatch(changes, "test"));
        var engine = new CypherEngine();
        var (left, right) = arrow switch { "->" => ("-", "->"), "<-" => ("<-", "-"), _ => ("-", "-") };
        var query = $"MATCH (a {{id: $a}}), (b {{id: $b}}) MATCH p = shortestPath((a){left}[:{types}*]{right}(b)) RETURN [n IN nodes(p) | n.id] AS ids";
        var found = 0;
        for (var pair = 0; pair < 120; pair++)
        {
            var p = new Dictionary<string, object?> { ["a"] = $"c{rng.Next(Nodes)}", ["b"] = $"c{rng.Next(Nodes)}" };
            if (Equals(p["a"], p["b"]))
            {
                continue;
            }

            var onStore = engine.Execute(new StoreGraph(store.Snapshot), query, p).Rows;
            var onMemory = engine.Execute(memory, query, p).Rows;
            Assert.Equal(onMemory.Count, onStore.Count);
            if (onStore.Count == 0)
            {
                continue;
            }

            found++;
            var path = ((List<object?>)onStore[0][0]!).Cast<string>().ToList();
            Assert.Equal(((List<object?>)onMemory[0][0]!).Count, path.Count);
            Assert.Equal(p["a"], path[0]);
            Assert.Equal(p["b"], path[^1]);
            for (var i = 0; i + 1 < path.Count; i++)
            {
                // Each hop is a relationship of an asked type, in the asked direction, in the in-memory copy.
                var hop = engine.Execute(memory, $"MATCH (x {{id: $x}}){left}[:{types}]{right}(y {{id: $y}}) RETURN count(*) AS n", new Dictionary<string, object?> { ["x"] = path[i], ["y"] = path[i + 1] }).Rows;
                Assert.True((long)hop[0][0]! > 0, $"{path[i]} to {path[i + 1]} is not a hop of {types} {arrow}");
            }
        }

        Assert.True(found > 10, $"only {found} pairs had a path: the graph is too sparse to test anything");
    }
}
