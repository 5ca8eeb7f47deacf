using System.Text.Json;
using System.Text.Json.Nodes;
using Polly;
using Polly.Retry;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Neo4j;

/// <summary>Reading the whole graph: the projection's first load and the pull.</summary>
public sealed partial class Neo4jGraphStore
{
    /// <summary>Node ids per request of a load (the default of <see cref="LoadPage"/>).</summary>
    public const int DefaultLoadPage = 10_000;

    private const int LoadAttempts = 5;

    /// <summary>How long one page may take (a page of hubs on a loaded server).</summary>
    private static readonly TimeSpan LoadRequestTimeout = TimeSpan.FromMinutes(5);

    // A read during which another writer committed is read again at once: nothing failed, the graph moved on.
    private static readonly ResiliencePipeline<GraphSnapshot?> ReadAgainWhenChanged = new ResiliencePipelineBuilder<GraphSnapshot?>()
        .AddRetry(new RetryStrategyOptions<GraphSnapshot?>
        {
            ShouldHandle = new PredicateBuilder<GraphSnapshot?>().HandleResult(graph => graph is null),
            MaxRetryAttempts = LoadAttempts - 1,
            Delay = TimeSpan.Zero,
        })
        .Build();

    /// <summary>
    /// Node ids per request when the projection or a pull reads the whole graph (<see cref="DefaultLoadPage"/>; a
    /// smaller page only adds requests, tests use one to put page boundaries everywhere).
    /// </summary>
    public int LoadPage
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "a page holds at least one node id");
    } = DefaultLoadPage;

    /// <summary>
    /// Reads every entity and relationship SupplyGraph keeps in Neo4j, in pages of <see cref="LoadPage"/> node ids
    /// (<c>id(e) IN range(from, to)</c>, a seek by record id: each page costs what it holds), with each page's
    /// entities and the relationships that start at them parsed from the answer's UTF-8 straight into records, so
    /// no request holds the whole graph, none reads what an earlier one read, and nothing but the records outlives a
    /// page. The pages are separate transactions: the change-log sequence is read before and after, and the load
    /// starts over when another writer committed in between.
    /// </summary>
    /// <remarks>
    /// Not pages by entity id (<c>e.id &gt; $last ORDER BY e.id LIMIT n</c>): Neo4j 3.1 serves the range from the
    /// index but not the order, so each such page read and sorted every entity after it — 50 pages of work for
    /// the last of 100 at 1M entities (bench/README.md, "Neo4j mode").
    /// </remarks>
    /// <param name="progress">Receives the entities read so far.</param>
    /// <param name="cancellationToken">Cancels between pages.</param>
    /// <returns>The graph, with the sequence it reflects.</returns>
    internal async Task<GraphSnapshot> LoadGraphAsync(IProgress<SyncProgress>? progress, CancellationToken cancellationToken) =>
        await ReadAgainWhenChanged.ExecuteAsync(async token => await ReadGraphOnceAsync(progress, token), cancellationToken)
        ?? throw new Neo4jException($"the graph in Neo4j at {Settings.Url} changed during each of {LoadAttempts} reads; try again when writes pause");

    /// <summary>One read of the whole graph; null when the change-log sequence moved while it ran.</summary>
    private async Task<GraphSnapshot?> ReadGraphOnceAsync(IProgress<SyncProgress>? progress, CancellationToken cancellationToken)
    {
        var before = await SequenceAsync(cancellationToken);
        var highest = (await QueryAsync("MATCH (e:Entity) RETURN max(id(e))", null, cancellationToken))[0][0];
        var entities = new List<Entity>();
        var relationships = new List<Relationship>();
        var scratch = new byte[4096];
        void Read(int statement, ref Utf8JsonReader row)
        {
            row.Read();
            ReadOnlySpan<byte> body;
            if (row.ValueIsEscaped)
            {
                // A body is JSON inside a JSON string, so its quotes always come escaped.
                if (scratch.Length < row.ValueSpan.Length)
                {
                    scratch = new byte[Math.Max(row.ValueSpan.Length, scratch.Length * 2)];
                }

                body = scratch.AsSpan(0, row.CopyString(scratch));
            }
            else
            {
                body = row.ValueSpan;
            }

            if (statement == 0)
            {
                entities.Add(GraphJson.ParseEntity(body));
            }
            else
            {
                relationships.Add(GraphJson.ParseRelationship(body));
            }

            row.Read();
        }

        // Entities without a body were written around SupplyGraph (raw Cypher): the contract does not see them.
        const string Page = "MATCH (e) WHERE id(e) IN range($from, $to) AND e:Entity AND e.body IS NOT NULL ";
        for (var from = 0L; highest.ValueKind == JsonValueKind.Number && from <= highest.GetInt64(); from += LoadPage)
        {
            var parameters = new JsonObject { ["from"] = from, ["to"] = from + LoadPage - 1 };
            await _http.ReadRowsAsync(
                [
                    new Statement(Page + "RETURN e.body", parameters),
                    new Statement(Page + "MATCH (e)-[r]->(b:Entity) WHERE r.body IS NOT NULL AND b.body IS NOT NULL RETURN r.body", parameters),
                ],
                Read, cancellationToken, LoadRequestTimeout);
            progress?.Report(new SyncProgress("pull", entities.Count, entities.Count));
        }

        if (await SequenceAsync(cancellationToken) != before)
        {
            return null;
        }

        // In the embedded store's load order (both by id), so that both number the graph alike and every
        // tie between equal answers breaks the same way on both.
        entities.Sort((x, y) => string.CompareOrdinal(x.Id, y.Id));
        relationships.Sort((x, y) => string.CompareOrdinal(x.Id, y.Id));
        return GraphSnapshot.Create(before, entities, relationships);
    }

    private Task<GraphSnapshot> LoadGraphAsync(CancellationToken cancellationToken) => LoadGraphAsync(null, cancellationToken);

    private async Task<long> SequenceAsync(CancellationToken cancellationToken) =>
        (await QueryAsync("OPTIONAL MATCH (m:SgMeta {key: 'seq'}) RETURN coalesce(m.value, 0)", null, cancellationToken))[0][0].GetInt64();
}
