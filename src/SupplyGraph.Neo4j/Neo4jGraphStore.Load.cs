using System.Text.Json.Nodes;
using Polly;
using Polly.Retry;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Neo4j;

/// <summary>Reading the whole graph: the projection's first load and the pull.</summary>
public sealed partial class Neo4jGraphStore
{
    /// <summary>Entities (with their outgoing relationships) per request of a load.</summary>
    public const int LoadPage = 10_000;

    private const int LoadAttempts = 5;

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
    /// Reads every entity and relationship SupplyGraph keeps in Neo4j, in pages of <see cref="LoadPage"/> entities
    /// taken from the entity id index (each page starts after the last id of the one before, with each entity's
    /// outgoing relationships found from it), so no request holds the whole graph and none scans what an earlier one
    /// read twice. The pages are separate transactions: the change-log sequence is read before and after, and the
    /// load starts over when another writer committed in between.
    /// </summary>
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
        var entities = new List<Entity>();
        var relationships = new List<Relationship>();
        var after = "";
        while (true)
        {
            // Entities without a body were written around SupplyGraph (raw Cypher): the contract does not see them.
            var rows = await QueryAsync(
                "MATCH (e:Entity) WHERE e.id > $after AND e.body IS NOT NULL WITH e ORDER BY e.id LIMIT $limit " +
                "OPTIONAL MATCH (e)-[r]->(b:Entity) WHERE r.body IS NOT NULL AND b.body IS NOT NULL " +
                "WITH e, collect(r.body) AS rels RETURN e.id, e.body, rels ORDER BY e.id",
                new JsonObject { ["after"] = after, ["limit"] = LoadPage }, cancellationToken);
            foreach (var row in rows)
            {
                entities.Add(GraphJson.ParseEntity(row[1].GetString()!));
                foreach (var rel in row[2].EnumerateArray())
                {
                    relationships.Add(GraphJson.ParseRelationship(rel.GetString()!));
                }
            }

            progress?.Report(new SyncProgress("pull", entities.Count, entities.Count));
            if (rows.Count < LoadPage)
            {
                break;
            }

            after = rows[^1][0].GetString()!;
        }

        if (await SequenceAsync(cancellationToken) != before)
        {
            return null;
        }

        // In the embedded store's load order (both by id), so that both number the graph alike and every
        // tie between equal answers breaks the same way on both.
        relationships.Sort((x, y) => string.CompareOrdinal(x.Id, y.Id));
        return GraphSnapshot.Create(before, entities, relationships);
    }

    private Task<GraphSnapshot> LoadGraphAsync(CancellationToken cancellationToken) => LoadGraphAsync(null, cancellationToken);

    private async Task<long> SequenceAsync(CancellationToken cancellationToken) =>
        (await QueryAsync("OPTIONAL MATCH (m:SgMeta {key: 'seq'}) RETURN coalesce(m.value, 0)", null, cancellationToken))[0][0].GetInt64();
}
