using System.Diagnostics;

namespace SupplyGraph.Server.Extensions;

/// <summary>
/// When a request reached the server. A query's time budget is the client's wait, so it is counted from here rather
/// than from the moment the query gate is entered: authentication, reading the body and a first request's JIT all
/// come out of the budget (seen in CI: a first Cypher query just after start-up answered 0.74 s past its 5 s budget
/// when the budget was counted from the gate).
/// </summary>
public static class RequestClock
{
    private static readonly object Key = new();

    /// <summary>The first middleware: stamps the request with the time it arrived.</summary>
    public static Task Stamp(HttpContext http, RequestDelegate next)
    {
        http.Items[Key] = Stopwatch.GetTimestamp();
        return next(http);
    }

    /// <summary>The time the request arrived (<see cref="Stopwatch"/> ticks); now for a request that was not stamped.</summary>
    public static long ArrivedAt(HttpContext http) =>
        http.Items.TryGetValue(Key, out var stamp) && stamp is long ticks ? ticks : Stopwatch.GetTimestamp();
}
