using SupplyGraph.Core.Tests.Support;

namespace SupplyGraph.Neo4j.Tests;

[Collection(Neo4jServer.Collection)]
public sealed class Neo4jConnectionTests
{
    [SkippableFact]
    public async Task WrongPassword_SaysSo()
    {
        RequiredService.SkipIf(Neo4jServer.Settings is null, Neo4jServer.NotConfigured);
        await using var store = new Neo4jGraphStore(Neo4jServer.Settings! with { Password = "not-the-password" });
        var ex = await Assert.ThrowsAsync<Neo4jException>(() => store.GetStatisticsAsync());
        Assert.Contains("wrong user or password", ex.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Unreachable_SaysWhereAndChangesNothing()
    {
        RequiredService.SkipIf(Neo4jServer.Settings is null, Neo4jServer.NotConfigured);
        await using var store = new Neo4jGraphStore(Neo4jServer.Settings! with { Url = new Uri("http://127.0.0.1:9") });
        var ex = await Assert.ThrowsAsync<Neo4jException>(() => store.GetStatisticsAsync());
        Assert.Contains("cannot reach Neo4j at http://127.0.0.1:9", ex.Message, StringComparison.Ordinal);
    }
}
