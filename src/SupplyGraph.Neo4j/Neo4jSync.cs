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
/// Copies a whole graph between the embedded store and Neo4j. Push is idempotent: records are merged by id in
/// batches of <see cref="ChunkSize"/>, each stamped with this run's mark; a final sweep removes what the graph no
/// longer has. Re-running creates no duplicates and updates what changed.
/// </summary>
public static class Neo4jSync
{
    /// <summary>Records per request.</summary>
    public const int ChunkSize = 2_000;

    /// <summary>Copies <paramref name="graph"/> into Neo4j, replacing what SupplyGraph kept there before.</summary>
    /// <param name="graph">The source graph.</param>
    /// <param name="target">The Neo4j store.</param>
    /// <param name="progress">Receives progress.</param>
    /// <param name="cancellationToken">Cancels between chunks.</param>
    /// <returns>Entities and relationships written.</returns>
    public static async Task<(int Entities, int Relationships)> PushAsync(GraphSnapshot graph, Neo4jGraphStore target, IProgress<SyncProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        await target.EnsureSchemaForSyncAsync(cancellationToken);
        var mark = Guid.NewGuid().ToString("N");
        var entities = graph.Entities.ToList();
        for (var i = 0; i < entities.Count; i += ChunkSize)
        {
            var chunk = entities.Skip(i).Take(ChunkSize).ToList();
            var statements = chunk.GroupBy(e => string.Join(':', e.Labels.Select(Label)))
                .Select(g => new Statement(
                    $"UNWIND $rows AS row MERGE (e:Entity {{id: row.id}}) SET e = row.props, e.syncMark = $mark SET e:{g.Key}",
                    new JsonObject { ["mark"] = mark, ["rows"] = new JsonArray([.. g.Select(e => (JsonNode)new JsonObject { ["id"] = e.Id, ["props"] = Neo4jGraphStore.EntityProperties(e) })]) }))
                .ToList();
            await target.Http.RunAsync(statements, cancellationToken);
            progress?.Report(new SyncProgress("entities", Math.Min(i + ChunkSize, entities.Count), entities.Count));
        }

        // Labels an entity no longer has: remove every known label not in its list (one statement per label in use).
        var relationships = graph.Relationships.ToList();
        await DeleteMovedRelationshipsAsync(relationships, target, cancellationToken);
        for (var i = 0; i < relationships.Count; i += ChunkSize)
        {
            var chunk = relationships.Skip(i).Take(ChunkSize).ToList();
            var statements = chunk.GroupBy(r => r.Type)
                .Select(g => new Statement(
                    $"UNWIND $rows AS row MATCH (a:Entity {{id: row.from}}), (b:Entity {{id: row.to}}) " +
                    $"MERGE (a)-[r:{Type(g.Key)} {{id: row.id}}]->(b) SET r = row.props, r.syncMark = $mark",
                    new JsonObject { ["mark"] = mark, ["rows"] = new JsonArray([.. g.Select(r => (JsonNode)new JsonObject { ["id"] = r.Id, ["from"] = r.From, ["to"] = r.To, ["props"] = Neo4jGraphStore.RelationshipProperties(r) })]) }))
                .ToList();
            await target.Http.RunAsync(statements, cancellationToken);
            progress?.Report(new SyncProgress("relationships", Math.Min(i + ChunkSize, relationships.Count), relationships.Count));
        }

        await target.Http.RunAsync(
        [
            new Statement("MATCH (:Entity)-[r]->(:Entity) WHERE r.id IS NOT NULL AND (r.syncMark IS NULL OR r.syncMark <> $mark) DELETE r", new JsonObject { ["mark"] = mark }),
            new Statement("MATCH (e:Entity) WHERE e.syncMark IS NULL OR e.syncMark <> $mark DETACH DELETE e", new JsonObject { ["mark"] = mark }),
        ], cancellationToken);
        target.Forget();
        progress?.Report(new SyncProgress("done", entities.Count + relationships.Count, entities.Count + relationships.Count));
        return (entities.Count, relationships.Count);
    }

    /// <summary>
    /// Deletes the relationships in Neo4j whose id the graph now gives another type or other endpoints, so that the
    /// merge by id that follows cannot leave the old one beside the new one. What Neo4j has is read in one scan and
    /// compared here: matching each row against every relationship in the database, as a per-row
    /// <c>MATCH ()-[old]->() WHERE old.id = row.id</c> does (relationship properties have no index in Neo4j 3.x),
    /// costs rows × relationships and took minutes for the seed graph on a busy machine.
    /// </summary>
    private static async Task DeleteMovedRelationshipsAsync(List<Relationship> relationships, Neo4jGraphStore target, CancellationToken cancellationToken)
    {
        var wanted = relationships.ToDictionary(r => r.Id, r => (r.Type, r.From, r.To), StringComparer.Ordinal);
        var existing = await target.Http.RunAsync(
            [new Statement("MATCH (a:Entity)-[r]->(b:Entity) WHERE r.id IS NOT NULL RETURN r.id, type(r), a.id, b.id")], cancellationToken);
        var moved = new JsonArray();
        foreach (var row in existing[0])
        {
            if (row[0].ValueKind == JsonValueKind.String && row[2].ValueKind == JsonValueKind.String && row[3].ValueKind == JsonValueKind.String
                && wanted.TryGetValue(row[0].GetString()!, out var now) && now != (row[1].GetString()!, row[2].GetString()!, row[3].GetString()!))
            {
                moved.Add(new JsonObject { ["id"] = row[0].GetString(), ["type"] = row[1].GetString(), ["from"] = row[2].GetString(), ["to"] = row[3].GetString() });
            }
        }

        if (moved.Count > 0)
        {
            await target.Http.RunAsync(
                [new Statement("UNWIND $rows AS row MATCH (a:Entity {id: row.from})-[r]->(b:Entity {id: row.to}) WHERE r.id = row.id AND type(r) = row.type DELETE r",
                    new JsonObject { ["rows"] = moved })], cancellationToken);
        }
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
