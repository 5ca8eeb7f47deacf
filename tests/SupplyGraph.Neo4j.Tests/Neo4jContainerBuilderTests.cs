namespace SupplyGraph.Neo4j.Tests;

/// <summary>
/// What a run reports when its Neo4j container cannot start (no engine, or an image that cannot be had): an error that
/// names the image and carries Docker's reason, which the Neo4j tests then fail with under CI, instead of hanging.
/// </summary>
public sealed class Neo4jContainerBuilderTests
{
    [Fact]
    public async Task Start_ImageThatCannotBeHad_FailsNamingTheImageAndDockersReason()
    {
        const string image = "supplygraph/no-such-neo4j:0.0.0";
        await using var container = new Neo4jContainerBuilder().WithImage(image).WithStartupTimeout(TimeSpan.FromSeconds(30)).Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => container.StartAsync());

        Assert.StartsWith($"Neo4j ({image}) did not start in Docker: ", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.InnerException);
        Assert.False(string.IsNullOrWhiteSpace(error.InnerException.Message));
    }
}
