using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using SupplyGraph.Core.Import;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Storage;
using SupplyGraph.Server.Extensions;

namespace SupplyGraph.Server.Apis;

public static class BatchesApi
{
    public static void MapBatchesApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/batches", Apply).RequireAuthorization(Policies.Write).WithTags("Batches").AcceptsJson<BatchRequest>()
            .WithSummary("Apply a batch of changes, all or nothing")
            .WithDescription("The body is the import JSON format (entities, relationships, changes). It is validated as a whole — every problem named with its field and line, nothing changed — then committed with its change-log entry in one transaction. X-Batch-Description names it in the log.");
        app.MapGet("/api/changes", Changes).RequireAuthorization(Policies.Read).WithTags("Batches").ProducesProblemFor(400)
            .WithSummary("The change log, from a sequence number on")
            .WithDescription("Committed batches after since, oldest first; ask again with since = next while more is true.");
    }

    /// <summary>The body is the import JSON format: entities, relationships and changes, all or nothing.</summary>
    private static async Task<Ok<CommitResult>> Apply(IGraphStore store, HttpRequest request, IOptions<SupplyGraphOptions> options, CancellationToken ct)
    {
        var batch = await ReadBatchAsync(store, request, options.Value, ct);
        return TypedResults.Ok(await store.ApplyAsync(batch, cancellationToken: ct));
    }

    public static async Task<ChangeBatch> ReadBatchAsync(IGraphStore store, HttpRequest request, SupplyGraphOptions options, CancellationToken ct)
    {
        var bytes = await Http.BodyAsync(request, ct);
        var session = new ImportSession(await store.EntityIndexAsync(ct));
        session.AddJson(bytes, "request body");
        var batch = session.ToBatch(request.Headers["X-Batch-Description"].FirstOrDefault() ?? "POST /api/batches");
        if (batch.Changes.Count > options.MaxBatchChanges)
        {
            throw new InvalidInputException(new InputError(new SourceLocation("request body", 0), "",
                $"a batch may hold at most {options.MaxBatchChanges} changes; this one has {batch.Changes.Count}"));
        }

        return batch.Changes.Count == 0
            ? throw new InvalidInputException(new InputError(new SourceLocation("request body", 0), "", "the batch is empty"))
            : batch;
    }

    private static async Task<Ok<ChangesPage>> Changes(
        IGraphStore store,
        [FromQuery, Description("Entries after this sequence number. Default: 0 (from the start).")] long? since,
        [FromQuery, Description("At most this many entries, from 1 to the server's MaxResults. Default: 100.")] int? limit,
        IOptions<SupplyGraphOptions> options,
        CancellationToken ct)
    {
        var from = QueryValues.NonNegative(since, "since", "a sequence number");
        var entries = await store.ChangesSinceAsync(from, QueryValues.Int(limit, "limit", 100, options.Value.MaxResults), ct);
        var next = entries.Count > 0 ? entries[^1].Sequence : from;
        // The graph may trail the log by a poll when another process wrote: the log read above is never behind it.
        var last = Math.Max((await store.GraphAsync(ct)).Sequence, next);
        return TypedResults.Ok(new ChangesPage(entries, next, last, next < last));
    }
}

/// <summary>A page of the change log: ask again with <c>since = Next</c> while <c>More</c>.</summary>
public sealed record ChangesPage(IReadOnlyList<ChangeLogEntry> Entries, long Next, long LastSequence, bool More);
