using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using SupplyGraph.Neo4j;
using SupplyGraph.Server.Extensions;

namespace SupplyGraph.Server.Tests;

/// <summary>Issue 14: start-up waits for Neo4j through a Polly pipeline: retries, a refused password at once, a bounded wait.</summary>
public sealed class Neo4jStartupRetryTests
{
    private static readonly Uri Url = new("http://127.0.0.1:7474");

    private static Task<int> RunAsync(TimeSpan total, Func<int, int> attempt)
    {
        var count = 0;
        var pipeline = Neo4jStartupRetry.Create(total, NullLogger.Instance, Url, firstDelay: TimeSpan.FromMilliseconds(10));
        return Neo4jStartupRetry.RunAsync(pipeline, Url, total, _ => ValueTask.FromResult(attempt(++count)));
    }

    [Fact]
    public async Task Connect_NotAnsweringThreeTimes_RetriesAndSucceeds()
    {
        var attempts = 0;
        var result = await RunAsync(TimeSpan.FromSeconds(30), n =>
        {
            attempts = n;
            return n <= 3 ? throw new Neo4jException("connection refused") : 42;
        });
        Assert.Equal(42, result);
        Assert.Equal(4, attempts);
    }

    [Fact]
    public async Task Connect_RefusedPassword_FailsAtOnceSayingSo()
    {
        var attempts = 0;
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => RunAsync(TimeSpan.FromSeconds(30), n =>
        {
            attempts = n;
            throw new Neo4jException("The client is unauthorized due to authentication failure.", "Neo.ClientError.Security.Unauthorized");
        }));
        Assert.Equal(1, attempts);
        Assert.Equal("cannot use Neo4j at http://127.0.0.1:7474/: The client is unauthorized due to authentication failure.", error.Message);
    }

    [Fact]
    public async Task Connect_NeverAnswering_GivesUpWithinTheTimeNamingTheLastError()
    {
        var attempts = 0;
        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => RunAsync(TimeSpan.FromMilliseconds(500), n =>
        {
            attempts = n;
            throw new Neo4jException($"connection refused ({n})");
        }));
        Assert.True(attempts >= 2, $"{attempts} attempt(s)");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), clock.Elapsed.ToString());
        Assert.StartsWith("cannot use Neo4j at http://127.0.0.1:7474/: no answer within 0.5 s (last: connection refused (", error.Message, StringComparison.Ordinal);
    }
}
