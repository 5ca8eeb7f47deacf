using System.Diagnostics;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using SupplyGraph.Cypher;

namespace SupplyGraph.Server.Extensions;

/// <summary>What one query of the caller's role may spend.</summary>
public sealed record QueryBudget(string Role, TimeSpan Time, long MemoryBytes, int MaxRows, bool CanWrite, int MaxChanges)
{
    /// <summary>The same budget for the Cypher engine, with the time that is left after waiting for a slot.</summary>
    public CypherOptions ForCypher(TimeSpan remaining) => new()
    {
        ReadOnly = !CanWrite,
        TimeBudget = remaining,
        MaxRows = MaxRows,
        MemoryBudgetBytes = MemoryBytes,
        MaxChanges = MaxChanges,
    };
}

/// <summary>A query stopped by one of its budgets, or refused because the server is busy or stopping.</summary>
public sealed class QueryBudgetException(string budget, int status, string field, string message) : Exception(message)
{
    /// <summary><c>time</c>, <c>memory</c>, <c>rows</c>, <c>changes</c>, <c>busy</c> or <c>stopping</c>.</summary>
    public string Budget { get; } = budget;

    public int Status { get; } = status;

    public string Field { get; } = field;
}

/// <summary>
/// Every query (Cypher, paths, exposure, ownership) runs through this gate: a slot among
/// <see cref="SupplyGraphOptions.MaxConcurrentQueries"/>, waited for within the query's time budget, and one token that
/// ends the work when the budget is spent, the client goes away or the server stops. Bounding the slots is what
/// bounds memory: each running query is held to its own memory budget, so all of them together to slots × budget.
/// </summary>
public sealed class QueryGate : IDisposable
{
    private readonly SupplyGraphOptions _options;
    private readonly CancellationToken _stopping;
    private readonly SemaphoreSlim _slots;
    private int _running;
    private int _waiting;

    public QueryGate(IOptions<SupplyGraphOptions> options, IHostApplicationLifetime lifetime)
    {
        _options = options.Value;
        _stopping = lifetime.ApplicationStopping;
        _slots = new SemaphoreSlim(Math.Max(1, _options.MaxConcurrentQueries));
    }

    /// <summary>Queries running now.</summary>
    public int Running => Volatile.Read(ref _running);

    /// <summary>Queries waiting for a slot.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    public QueryBudget BudgetFor(ClaimsPrincipal user)
    {
        var canWrite = Roles.AtLeast(Roles.Editor).Any(user.IsInRole);
        var o = canWrite ? _options.EditorBudget : _options.ReaderBudget;
        return new QueryBudget(canWrite ? Roles.Editor : Roles.Reader, TimeSpan.FromSeconds(Math.Max(0, o.TimeSeconds)),
            (long)Math.Max(1, o.MemoryMegabytes) << 20, Math.Max(1, o.MaxRows), canWrite, _options.MaxBatchChanges);
    }

    /// <summary>
    /// Runs <paramref name="query"/> within the caller's budget on a thread of its own: CPU-bound queries on pool
    /// threads starve the pool (2 of them on 2 cores), and then the deadline, the responses and every other request
    /// wait for the pool to grow — measured: a 5 s budget answered after 6 s with 16 queries at once.
    /// </summary>
    /// <param name="http">The request: its user picks the budget, its abort ends the query.</param>
    /// <param name="field">What to narrow when the time runs out, named in the problem.</param>
    /// <param name="query">The work: gets the budget, the time left and the token to watch.</param>
    public async Task<T> RunAsync<T>(HttpContext http, string field, Func<QueryBudget, TimeSpan, CancellationToken, Task<T>> query)
    {
        var budget = BudgetFor(http.User);
        if (budget.Time <= TimeSpan.Zero)
        {
            throw TimeSpent(budget, field);
        }

        // The budget is the client's wait for an answer, counted from the request's arrival, so the query stops a little
        // earlier and the rest is left for the answer to reach the client on a loaded machine (seen: 0.7 s from
        // deadline to client with 16 at once on 2 busy cores).
        var started = RequestClock.ArrivedAt(http);
        var answerBy = budget.Time - TimeSpan.FromTicks(Math.Min(budget.Time.Ticks * 8 / 100, TimeSpan.FromMilliseconds(400).Ticks));
        var allowed = answerBy - Stopwatch.GetElapsedTime(started);
        if (allowed <= TimeSpan.Zero)
        {
            throw TimeSpent(budget, field);
        }

        var deadline = new CancellationTokenSource(allowed);
        var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, http.RequestAborted, _stopping);
        var entered = false;
        var work = Task.CompletedTask;
        try
        {
            Interlocked.Increment(ref _waiting);
            try
            {
                entered = await _slots.WaitAsync(allowed, linked.Token);
            }
            catch (OperationCanceledException) when (!http.RequestAborted.IsCancellationRequested)
            {
                throw _stopping.IsCancellationRequested ? Stopping() : Busy(budget);
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
            }

            if (!entered)
            {
                throw Busy(budget);
            }

            Interlocked.Increment(ref _running);
            var remaining = answerBy - Stopwatch.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                throw TimeSpent(budget, field);
            }

            var running = Task.Factory.StartNew(() => query(budget, remaining, linked.Token), linked.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
            work = running;

            // The answer does not wait for the query to notice its token: with 16 at once, one answered 1.1 s past a
            // 5 s budget while its thread was still in one large step. The query keeps its slot, and so its memory
            // stays counted, until it has really stopped (finally, below).
            await Task.WhenAny(running, Task.Delay(Timeout.InfiniteTimeSpan, linked.Token));
            if (!running.IsCompleted)
            {
                linked.Token.ThrowIfCancellationRequested();
            }

            return await running;
        }
        catch (OperationCanceledException) when (!http.RequestAborted.IsCancellationRequested)
        {
            throw _stopping.IsCancellationRequested ? Stopping() : TimeSpent(budget, field);
        }
        finally
        {
            if (work.IsCompleted)
            {
                End(entered, deadline, linked, null);
            }
            else
            {
                _ = work.ContinueWith(t => End(entered, deadline, linked, t.Exception), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }

    public void Dispose() => _slots.Dispose();

    // A query abandoned at its deadline may still fail as it stops; its exception is read here so that it is not rethrown
    // as unobserved.
    private void End(bool entered, CancellationTokenSource deadline, CancellationTokenSource linked, AggregateException? abandoned)
    {
        if (entered)
        {
            Interlocked.Decrement(ref _running);
            _slots.Release();
        }

        linked.Dispose();
        deadline.Dispose();
        _ = abandoned;
    }

    private static QueryBudgetException TimeSpent(QueryBudget budget, string field) =>
        new("time", StatusCodes.Status422UnprocessableEntity, field,
            $"the query took longer than the {budget.Role} time budget of {budget.Time.TotalSeconds:0.#} s; narrow it (fewer hops, types or results)");

    private static QueryBudgetException Busy(QueryBudget budget) =>
        new("busy", StatusCodes.Status503ServiceUnavailable, "",
            $"the server ran other queries for the whole {budget.Time.TotalSeconds:0.#} s time budget; try again");

    private static QueryBudgetException Stopping() =>
        new("stopping", StatusCodes.Status503ServiceUnavailable, "", "the server is stopping; the query was cancelled");
}
