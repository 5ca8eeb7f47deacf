using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Neo4j;

/// <summary>Progress of a sync: what is being copied, how much of it is done.</summary>
/// <param name="Stage">"entities", "relationships", "sweep" or "done".</param>
/// <param name="Done">Records done.</param>
/// <param name="Total">Records in the stage.</param>
public sealed record SyncProgress(string Stage, int Done, int Total);

/// <summary>
/// Copies a whole graph between the embedded store and Neo4j. Push is idempotent and linear: records go in sorted
/// batches of <see cref="ChunkSize"/> as one <c>UNWIND</c> per label set or relationship type; an entity is merged
/// by its id (unique constraint, so an index seek) and a relationship by (start id, type, end id, relationship id),
/// found from the indexed start node, never by a scan of all relationships. Each batch is stamped with the run's
/// mark and commits together with a checkpoint (<c>SgMeta {key: 'push'}</c>), so a push that stops (a lost
/// connection, Ctrl-C) continues from its last committed batch when run again on the same graph. A final sweep
/// removes what the graph no longer has.
/// </summary>
public static class Neo4jSync
{
    /// <summary>Records per request.</summary>
    public const int ChunkSize = 5_000;

    private const int SweepBatch = 10_000;

    /// <summary>How long one request of a push may take (a sweep over millions of relationships is one scan).</summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Copies <paramref name="graph"/> into Neo4j, replacing what SupplyGraph kept there before.</summary>
    /// <param name="graph">The source graph.</param>
    /// <param name="target">The Neo4j store.</param>
    /// <param name="progress">Receives progress ("resumed" first when an interrupted push of this graph continues).</param>
    /// <param name="cancellationToken">Cancels between chunks; what was committed stays, and the next push continues from it.</param>
    /// <returns>Entities and relationships in the graph.</returns>
    public static Task<(int Entities, int Relationships)> PushAsync(GraphSnapshot graph, Neo4jGraphStore target, IProgress<SyncProgress>? progress = null,
        CancellationToken cancellationToken = default) => PushAsync(graph, target, ChunkSize, progress, cancellationToken);

    /// <summary>Copies <paramref name="graph"/> into Neo4j in chunks of <paramref name="chunkSize"/> records.</summary>
    /// <param name="graph">The source graph.</param>
    /// <param name="target">The Neo4j store.</param>
    /// <param name="chunkSize">Records per request (and per checkpoint).</param>
    /// <param name="progress">Receives progress.</param>
    /// <param name="cancellationToken">Cancels between chunks.</param>
    /// <returns>Entities and relationships in the graph.</returns>
    public static async Task<(int Entities, int Relationships)> PushAsync(GraphSnapshot graph, Neo4jGraphStore target, int chunkSize, IProgress<SyncProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        await target.EnsureSchemaForSyncAsync(cancellationToken);

        // Sorted, so that a resumed push cuts the same chunks; relationships by start node, so each chunk's merges
        // start from nodes near each other in the id index.
        var entities = graph.Entities.OrderBy(e => e.Id, StringComparer.Ordinal).ToList();
        var relationships = graph.Relationships.OrderBy(r => r.From, StringComparer.Ordinal).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
        var fingerprint = Fingerprint(graph.Sequence, entities, relationships);
        var total = entities.Count + relationships.Count;
        // A push into a graph without entities (or the rest of one that began so: batches commit with the checkpoint,
        // so what lies beyond it is not in Neo4j) creates its records instead of merging them: no search among a
        // start node's relationships for each relationship, no stamp, no sweep.
        var (mark, entitiesDone, relationshipsDone, fresh) = await CheckpointAsync(target, fingerprint, cancellationToken)
            ?? (Guid.NewGuid().ToString("N"), 0, 0, await EmptyAsync(target, cancellationToken));
        if (entitiesDone + relationshipsDone > 0)
        {
            progress?.Report(new SyncProgress("resumed", entitiesDone + relationshipsDone, total));
        }

        var stamp = fresh ? "" : ", e.syncMark = $mark";
        List<Statement> EntityChunk(int i)
        {
            var chunk = entities.GetRange(i, Math.Min(chunkSize, entities.Count - i));
            var statements = chunk.GroupBy(e => string.Join(':', e.Labels.Select(Label)))
                .Select(g => new Statement(
                    fresh ? $"UNWIND $rows AS row CREATE (e:Entity{(g.Key.Length == 0 ? "" : ":" + g.Key)}) SET e = row.props"
                        : $"UNWIND $rows AS row MERGE (e:Entity {{id: row.id}}) SET e = row.props{stamp}{(g.Key.Length == 0 ? "" : " SET e:" + g.Key)}",
                    new JsonObject { ["mark"] = mark, ["rows"] = new JsonArray([.. g.Select(e => (JsonNode)new JsonObject { ["id"] = e.Id, ["props"] = Neo4jGraphStore.EntityProperties(e) })]) }))
                .ToList();
            statements.Add(Checkpoint(fingerprint, mark, fresh, i + chunk.Count, 0));
            return statements;
        }

        List<Statement> RelationshipChunk(int i)
        {
            var chunk = relationships.GetRange(i, Math.Min(chunkSize, relationships.Count - i));
            var statements = chunk.GroupBy(r => r.Type)
                .Select(g => new Statement(
                    "UNWIND $rows AS row MATCH (a:Entity {id: row.from}) MATCH (b:Entity {id: row.to}) " +
                    (fresh ? $"CREATE (a)-[r:{Type(g.Key)}]->(b) SET r = row.props"
                        : $"MERGE (a)-[r:{Type(g.Key)} {{id: row.id}}]->(b) SET r = row.props, r.syncMark = $mark"),
                    new JsonObject { ["mark"] = mark, ["rows"] = new JsonArray([.. g.Select(r => (JsonNode)new JsonObject { ["id"] = r.Id, ["from"] = r.From, ["to"] = r.To, ["props"] = Neo4jGraphStore.RelationshipProperties(r) })]) }))
                .ToList();
            statements.Add(Checkpoint(fingerprint, mark, fresh, entities.Count, i + chunk.Count));
            return statements;
        }

        await SendChunksAsync(target, entitiesDone, entities.Count, chunkSize, EntityChunk, "entities", progress, cancellationToken);
        await SendChunksAsync(target, relationshipsDone, relationships.Count, chunkSize, RelationshipChunk, "relationships", progress, cancellationToken);

        // The sweep: what this run did not stamp is no longer in the graph. A relationship whose id now has another
        // type or other ends was merged anew at its new place, so its old copy is swept here too. A fresh push
        // wrote into an empty graph: there is nothing of before to sweep.
        if (!fresh)
        {
            progress?.Report(new SyncProgress("sweep", 0, 1));
            await SweepAsync(target, "MATCH (:Entity)-[r]->(:Entity) WHERE r.id IS NOT NULL AND (r.syncMark IS NULL OR r.syncMark <> $mark) WITH r LIMIT $limit DELETE r RETURN count(*)", mark, cancellationToken);
            await SweepAsync(target, "MATCH (e:Entity) WHERE e.syncMark IS NULL OR e.syncMark <> $mark WITH e LIMIT $limit DETACH DELETE e RETURN count(*)", mark, cancellationToken);
        }

        await target.Http.RunAsync([new Statement("MATCH (m:SgMeta {key: 'push'}) DELETE m")], cancellationToken);
        target.Forget();
        progress?.Report(new SyncProgress("done", total, total));
        return (entities.Count, relationships.Count);
    }

    /// <summary>
    /// Sends chunks one transaction at a time, in order (each commits with its checkpoint), and builds the next
    /// chunk's request while Neo4j runs the one before.
    /// </summary>
    private static async Task SendChunksAsync(Neo4jGraphStore target, int from, int count, int chunkSize, Func<int, List<Statement>> chunk, string stage,
        IProgress<SyncProgress>? progress, CancellationToken cancellationToken)
    {
        var next = from < count ? chunk(from) : null;
        for (var i = from; i < count; i += chunkSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var running = target.Http.RunAsync(next!, cancellationToken, RequestTimeout);
            try
            {
                next = i + chunkSize < count ? chunk(i + chunkSize) : null;
            }
            catch
            {
                // A record that cannot be written (a bad label) fails the push after the chunk before it is settled.
                await running;
                throw;
            }

            await running;
            progress?.Report(new SyncProgress(stage, Math.Min(i + chunkSize, count), count));
        }
    }

    /// <summary>Whether Neo4j holds no entity (a count the store keeps, not a scan).</summary>
    private static async Task<bool> EmptyAsync(Neo4jGraphStore target, CancellationToken cancellationToken) =>
        (await target.Http.RunAsync([new Statement("MATCH (e:Entity) RETURN count(e)")], cancellationToken))[0][0][0].GetInt64() == 0;

    /// <summary>The checkpoint of an unfinished push of the same graph, or null.</summary>
    private static async Task<(string Mark, int Entities, int Relationships, bool Fresh)?> CheckpointAsync(Neo4jGraphStore target, string fingerprint, CancellationToken cancellationToken)
    {
        var rows = (await target.Http.RunAsync([new Statement("MATCH (m:SgMeta {key: 'push'}) RETURN m.fingerprint, m.mark, m.entities, m.relationships, coalesce(m.fresh, false)")], cancellationToken))[0];
        return rows.Count == 1 && rows[0][0].ValueKind == JsonValueKind.String && rows[0][0].GetString() == fingerprint
            ? (rows[0][1].GetString()!, rows[0][2].GetInt32(), rows[0][3].GetInt32(), rows[0][4].GetBoolean())
            : null;
    }

    private static Statement Checkpoint(string fingerprint, string mark, bool fresh, int entities, int relationships) => new(
        "MERGE (m:SgMeta {key: 'push'}) SET m.fingerprint = $fingerprint, m.mark = $mark, m.fresh = $fresh, m.entities = $entities, m.relationships = $relationships",
        new JsonObject { ["fingerprint"] = fingerprint, ["mark"] = mark, ["fresh"] = fresh, ["entities"] = entities, ["relationships"] = relationships });

    /// <summary>Deletes in batches until nothing matches, so no transaction grows with the graph.</summary>
    private static async Task SweepAsync(Neo4jGraphStore target, string cypher, string mark, CancellationToken cancellationToken)
    {
        var statement = new Statement(cypher, new JsonObject { ["mark"] = mark, ["limit"] = SweepBatch });
        while ((await target.Http.RunAsync([statement], cancellationToken, RequestTimeout))[0][0][0].GetInt64() == SweepBatch)
        {
        }
    }

    /// <summary>
    /// Which graph a checkpoint belongs to: its sequence, its sizes and an FNV-1a hash of every id in push order. A
    /// push of any other graph starts over.
    /// </summary>
    private static string Fingerprint(long sequence, List<Entity> entities, List<Relationship> relationships)
    {
        var hash = 14695981039346656037UL;
        void Add(string text)
        {
            foreach (var c in text)
            {
                hash = (hash ^ c) * 1099511628211UL;
            }

            hash = (hash ^ 0xFFFF) * 1099511628211UL;
        }

        foreach (var e in entities)
        {
            Add(e.Id);
        }

        foreach (var r in relationships)
        {
            Add(r.Id);
            Add(r.From);
            Add(r.To);
        }

        return string.Create(CultureInfo.InvariantCulture, $"{sequence}:{entities.Count}:{relationships.Count}:{hash:x16}");
    }

    /// <summary>Reads every entity and relationship SupplyGraph keeps in Neo4j, as one batch to apply to another store.</summary>
    /// <param name="source">The Neo4j store.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The batch.</returns>
    public static async Task<ChangeBatch> PullAsync(Neo4jGraphStore source, CancellationToken cancellationToken = default) =>
        await PullAsync(source, null, cancellationToken);

    /// <summary>Reads every entity and relationship SupplyGraph keeps in Neo4j, in pages, as one batch to apply to another store.</summary>
    /// <param name="source">The Neo4j store.</param>
    /// <param name="progress">Receives the entities read so far.</param>
    /// <param name="cancellationToken">Cancels between pages.</param>
    /// <returns>The batch.</returns>
    public static async Task<ChangeBatch> PullAsync(Neo4jGraphStore source, IProgress<SyncProgress>? progress, CancellationToken cancellationToken = default)
    {
        var graph = await source.LoadGraphAsync(progress, cancellationToken);
        var changes = new List<Change>();
        changes.AddRange(graph.Entities.OrderBy(e => e.Id, StringComparer.Ordinal).Select(e => (Change)new PutEntity(e)));
        changes.AddRange(graph.Relationships.OrderBy(r => r.Id, StringComparer.Ordinal).Select(r => (Change)new PutRelationship(r)));
        return new ChangeBatch(changes, $"pull from {source.Settings.Url}");
    }

    private static string Label(string label) =>
        NodeLabels.IsValid(label) ? label : throw new InvalidInputException(new InputError(null, "labels", $"'{label}' is not a valid label"));

    private static string Type(string type) =>
        RelationshipTypes.IsKnown(type) ? type : throw new InvalidInputException(new InputError(null, "type", $"unknown relationship type '{type}'"));
}
