using Polly;
using Polly.Retry;
using Polly.Timeout;
using SupplyGraph.Neo4j;

namespace SupplyGraph.Server.Extensions;

/// <summary>
/// How start-up waits for Neo4j (a container may still be starting): retries on any Neo4j failure but a refused
/// password, with exponential back-off and jitter from <see cref="FirstDelay"/> up to <see cref="MaxDelay"/>, all
/// within the configured time; asynchronous waits only (Polly), never a blocked thread sleeping.
/// </summary>
public static class Neo4jStartupRetry
{
    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(15);

    /// <summary>The pipeline: <paramref name="total"/> bounds every attempt and wait together.</summary>
    public static ResiliencePipeline Create(TimeSpan total, ILogger log, Uri url, TimeProvider? time = null, TimeSpan? firstDelay = null) =>
        new ResiliencePipelineBuilder { TimeProvider = time ?? TimeProvider.System }
            .AddTimeout(new TimeoutStrategyOptions { Timeout = total })
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Neo4jException>(e => !IsRefusedPassword(e)),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = firstDelay ?? FirstDelay,
                MaxDelay = MaxDelay,
                MaxRetryAttempts = int.MaxValue,
                OnRetry = a =>
                {
                    log.LogWarning("Neo4j at {Url} is not answering yet (attempt {Attempt}: {Message}); retrying in {Delay:0.#} s",
                        url, a.AttemptNumber + 1, a.Outcome.Exception?.Message, a.RetryDelay.TotalSeconds);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();

    /// <summary>Runs <paramref name="connect"/> through the pipeline; a refused password, or no answer in time, is one clear error.</summary>
    public static async Task<T> RunAsync<T>(ResiliencePipeline pipeline, Uri url, TimeSpan total, Func<CancellationToken, ValueTask<T>> connect)
    {
        Neo4jException? last = null;
        try
        {
            return await pipeline.ExecuteAsync(async token =>
            {
                try
                {
                    return await connect(token);
                }
                catch (Neo4jException ex)
                {
                    last = ex;
                    throw;
                }
            }, CancellationToken.None);
        }
        catch (Neo4jException ex)
        {
            throw new InvalidOperationException($"cannot use Neo4j at {url}: {ex.Message}", ex);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new InvalidOperationException($"cannot use Neo4j at {url}: no answer within {total.TotalSeconds:0.#} s{(last is null ? "" : $" (last: {last.Message})")}", ex);
        }
    }

    private static bool IsRefusedPassword(Neo4jException e) => e.Code == "Neo.ClientError.Security.Unauthorized";
}
