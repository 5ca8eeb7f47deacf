namespace SupplyGraph.Neo4j.Tests;

/// <summary>
/// Starts the run's Neo4j before the Neo4j collection's first class (so its start is not charged to one test's time)
/// and stops it after the last.
/// </summary>
public sealed class Neo4jServerLifetime : IAsyncLifetime
{
    public Task InitializeAsync()
    {
        _ = Neo4jServer.Settings;
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Neo4jServer.StopAsync();
}
