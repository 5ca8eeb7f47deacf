using SupplyGraph.Core.Storage;
using SupplyGraph.Core.Tests.Compliance;

namespace SupplyGraph.Neo4j.Tests;

/// <summary>
/// The compliance facts on a real Neo4j server. The class starts on an empty database; each fact then clears the
/// little the fact before it wrote, since every fact is written for an empty store.
/// </summary>
[Collection(Neo4jServer.Collection)]
public sealed class Neo4jStoreComplianceTests : GraphStoreCompliance, IClassFixture<FreshNeo4jDatabase>
{
    protected override string SkipReason => Neo4jServer.NotConfigured;

    protected override async Task<IGraphStore?> CreateEmptyStoreAsync()
    {
        if (Neo4jServer.Settings is not { } settings)
        {
            return null;
        }

        var store = new Neo4jGraphStore(settings);
        await store.ClearAsync();
        return store;
    }
}
