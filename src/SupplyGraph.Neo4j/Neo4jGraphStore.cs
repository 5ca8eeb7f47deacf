using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SupplyGraph.Core.Algorithms;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Review;
using SupplyGraph.Core.Storage;
using SupplyGraph.Cypher;

namespace SupplyGraph.Neo4j;

/// <summary>
/// The store contract over a Neo4j server. Entities are <c>(:Entity:Label…)</c> nodes and relationships typed
/// relationships, each keeping its record in the project's JSON form (<c>body</c>) beside the properties Cypher users
/// query (the shared Cypher view, <see cref="DomainView"/>: id, name, evidence, ISO validity dates…). A batch is one HTTP call, so one
/// transaction, ending with its change-log node (<c>SgChange</c>). Paths, exposure, ownership, find and resolve run
/// on the in-memory engine over a projection of the database (<see cref="GraphProjection"/>): loaded once, then kept
/// current from the <c>SgChange</c> log, which every writer appends to. A variable-length Cypher match took 5.65 s
/// for an exposure the engine answers in milliseconds (bench/README.md, "Neo4j mode").
/// </summary>
/// <remarks>
/// Every value is a parameter. Labels and relationship types cannot be parameters in Cypher; they are spliced as
/// identifiers only after validation (labels: <see cref="NodeLabels.IsValid"/>; types: <see cref="RelationshipTypes.IsKnown"/>).
/// </remarks>
public sealed partial class Neo4jGraphStore : IGraphStore, ICypherStore
{
    private readonly Neo4jHttp _http;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private bool _schemaReady;
    private GraphProjection _projection;

    public Neo4jGraphStore(Neo4jSettings settings, HttpMessageHandler? handler = null)
    {
        Settings = settings;
        _http = new Neo4jHttp(settings, handler);
        _projection = new GraphProjection(this, LoadGraphAsync);
    }

    public Neo4jSettings Settings { get; }

    internal Neo4jHttp Http => _http;

    internal Task EnsureSchemaForSyncAsync(CancellationToken cancellationToken) => EnsureSchemaAsync(cancellationToken);

    /// <summary>Drops the projection after a write that bypassed the change log (a push, a clear): the next read loads it again.</summary>
    internal void Forget()
    {
        var old = Interlocked.Exchange(ref _projection, new GraphProjection(this, LoadGraphAsync));
        _ = old.DisposeAsync().AsTask();
    }

    public string Description => $"neo4j: {Settings.Url}";

    /// <summary>Deletes everything SupplyGraph keeps in the database (for tests and re-syncs).</summary>
    public async Task ClearAsync(CancellationToken cancellationToken = default)
    {
        await _http.RunAsync([new Statement("MATCH (n) WHERE n:Entity OR n:SgChange OR n:SgMeta OR n:SgReview DETACH DELETE n")], cancellationToken);
        Forget();
    }

    public async Task<Entity?> GetEntityAsync(string id, CancellationToken cancellationToken = default)
    {
        var rows = await QueryAsync("MATCH (e:Entity {id: $id}) WHERE e.body IS NOT NULL RETURN e.body", P(("id", id)), cancellationToken);
        return rows.Count == 0 ? null : GraphJson.ParseEntity(rows[0][0].GetString()!);
    }

    public async Task<Relationship?> GetRelationshipAsync(string id, CancellationToken cancellationToken = default)
    {
        var rows = await QueryAsync("MATCH (:Entity)-[r]->(:Entity) WHERE r.id = $id AND r.body IS NOT NULL RETURN r.body", P(("id", id)), cancellationToken);
        return rows.Count == 0 ? null : GraphJson.ParseRelationship(rows[0][0].GetString()!);
    }

    public async Task<IReadOnlyList<Relationship>> GetRelationshipsAsync(string entityId, Direction direction, CancellationToken cancellationToken = default)
    {
        var result = new List<Relationship>();
        if (direction != Direction.In)
        {
            result.AddRange((await QueryAsync("MATCH (e:Entity {id: $id})-[r]->(o:Entity) WHERE r.body IS NOT NULL AND o.body IS NOT NULL RETURN r.body ORDER BY r.id", P(("id", entityId)), cancellationToken))
                .Select(row => GraphJson.ParseRelationship(row[0].GetString()!)));
        }

        if (direction != Direction.Out)
        {
            result.AddRange((await QueryAsync("MATCH (e:Entity {id: $id})<-[r]-(o:Entity) WHERE r.body IS NOT NULL AND o.body IS NOT NULL RETURN r.body ORDER BY r.id", P(("id", entityId)), cancellationToken))
                .Select(row => GraphJson.ParseRelationship(row[0].GetString()!)));
        }

        return result;
    }

    public async Task<IReadOnlyList<EntityMatch>> FindAsync(string text, int limit = 20, CancellationToken cancellationToken = default) =>
        (await GraphAsync(cancellationToken)).Find(text, limit);

    public async Task<IReadOnlyList<EntityMatch>> FindAsync(string text, int limit, FindFilter filter, CancellationToken cancellationToken = default) =>
        (await GraphAsync(cancellationToken)).Find(text, limit, filter);

    public Task<GraphSnapshot> EntityIndexAsync(CancellationToken cancellationToken = default) => GraphAsync(cancellationToken);

    public async Task<Entity> ResolveAsync(string reference, CancellationToken cancellationToken = default) =>
        (await GraphAsync(cancellationToken)).Resolve(reference);

    /// <summary>The projection: loaded from the database on first use, then kept current from the change log.</summary>
    public Task<GraphSnapshot> GraphAsync(CancellationToken cancellationToken = default) => Volatile.Read(ref _projection).CurrentAsync(cancellationToken);

    public async Task<GraphStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default)
    {
        var results = await _http.RunAsync(
        [
            new Statement("MATCH (e:Entity) WHERE e.body IS NOT NULL RETURN count(e)"),
            new Statement("MATCH (:Entity)-[r]->(:Entity) WHERE r.body IS NOT NULL RETURN type(r), count(r)"),
            new Statement("OPTIONAL MATCH (m:SgMeta {key: 'seq'}) RETURN coalesce(m.value, 0)"),
        ], cancellationToken);
        var byType = results[1].ToDictionary(r => r[0].GetString()!, r => r[1].GetInt32(), StringComparer.Ordinal);
        return new GraphStatistics(results[0][0][0].GetInt32(), byType.Values.Sum(), results[2][0][0].GetInt64(), new SortedDictionary<string, int>(byType, StringComparer.Ordinal));
    }

    /// <summary>How often <see cref="FollowAsync"/> asks Neo4j for new log entries (the HTTP API has no notifications).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    public async IAsyncEnumerable<ChangeLogEntry> FollowAsync(long afterSequence, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        const int page = 500;
        var after = afterSequence;
        while (!cancellationToken.IsCancellationRequested)
        {
            var entries = await ChangesSinceAsync(after, page, cancellationToken).ConfigureAwait(false);
            foreach (var entry in entries)
            {
                yield return entry;
                after = entry.Sequence;
            }

            if (entries.Count < page)
            {
                await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task<IReadOnlyList<ChangeLogEntry>> ChangesSinceAsync(long sequence, int limit = 100, CancellationToken cancellationToken = default)
    {
        var rows = await QueryAsync("MATCH (c:SgChange) WHERE c.seq > $seq RETURN c.seq, c.committedAt, c.description, c.body ORDER BY c.seq LIMIT $limit",
            P(("seq", sequence), ("limit", limit)), cancellationToken);
        return [.. rows.Select(r => new ChangeLogEntry(r[0].GetInt64(), DateTimeOffset.Parse(r[1].GetString()!, CultureInfo.InvariantCulture),
            r[2].ValueKind == JsonValueKind.Null ? null : r[2].GetString(), GraphJson.ParseChanges(r[3].GetString()!)))];
    }

    public async Task<ReviewPage> ReviewsAsync(ReviewQuery query, CancellationToken cancellationToken = default)
    {
        // Review items are SgReview nodes: outside the Entity label, so no query of the contract sees them as entities.
        var statuses = query.Statuses();
        var parameters = P(("statuses", statuses), ("offset", query.Offset), ("limit", query.Limit));
        var results = await _http.RunAsync(
        [
            new Statement("MATCH (r:SgReview) WHERE $statuses IS NULL OR r.status IN $statuses RETURN count(r)", parameters),
            new Statement("MATCH (r:SgReview) WHERE $statuses IS NULL OR r.status IN $statuses RETURN r.body " +
                "ORDER BY r.queuedAt, r.sourceFile, r.sourceLine, r.id SKIP $offset LIMIT $limit", parameters),
        ], cancellationToken);
        return new ReviewPage([.. results[1].Select(r => ReviewJson.Parse(r[0].GetString()!))], results[0][0][0].GetInt32());
    }

    public async Task<ReviewRecord?> GetReviewAsync(string id, CancellationToken cancellationToken = default)
    {
        var rows = await QueryAsync("MATCH (r:SgReview {id: $id}) RETURN r.body", P(("id", id)), cancellationToken);
        return rows.Count == 0 ? null : ReviewJson.Parse(rows[0][0].GetString()!);
    }

    public async Task<CommitResult> ApplyAsync(ChangeBatch batch, IProgress<ApplyProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await EnsureSchemaAsync(cancellationToken);
            progress?.Report(new ApplyProgress("validating", 0, batch.Changes.Count));
            var context = await ContextAsync(batch, cancellationToken);
            var changes = BatchValidator.Validate(context, batch);
            var statements = new List<Statement>();
            foreach (var change in changes)
            {
                if (change is PutReview { Review.Decisions.Count: > 0 } decided)
                {
                    statements.Add(DecisionGuard(decided.Review));
                }

                statements.Add(StatementFor(change, context));
            }

            var committedAt = DateTimeOffset.UtcNow;
            statements.Add(new Statement(
                "MERGE (m:SgMeta {key: 'seq'}) ON CREATE SET m.value = 0 SET m.value = m.value + 1 " +
                "CREATE (c:SgChange {seq: m.value, committedAt: $at, description: $description, body: $body}) RETURN m.value",
                P(("at", committedAt.ToString("O", CultureInfo.InvariantCulture)), ("description", batch.Description), ("body", GraphJson.WriteChanges(changes)))));
            progress?.Report(new ApplyProgress("writing", 0, changes.Count));
            IReadOnlyList<IReadOnlyList<JsonElement>> results;
            try
            {
                results = await _http.RunAsync(statements, cancellationToken);
            }
            catch (Neo4jException ex) when (ex.Code == "Neo.ClientError.Statement.ArithmeticError")
            {
                throw await DecidedMeanwhileAsync(changes, ex, cancellationToken);
            }

            var sequence = results[^1][0][0].GetInt64();
            // This process reads its own write at once; other processes' projections read it from the log.
            await Volatile.Read(ref _projection).AdvanceAsync(new ChangeLogEntry(sequence, committedAt, batch.Description, changes), CancellationToken.None);
            progress?.Report(new ApplyProgress("committed", changes.Count, changes.Count));
            return new CommitResult(sequence, committedAt, changes.Count(c => c is PutEntity), changes.Count(c => c is PutRelationship),
                changes.Count(c => c is DeleteEntity), changes.Count(c => c is DeleteRelationship), changes.Count(c => c is PutReview));
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task<GraphPath?> ShortestPathAsync(string from, string to, PathQuery query, CancellationToken cancellationToken = default)
    {
        var graph = await GraphAsync(cancellationToken);
        return query.Weight is null ? Paths.ShortestCanonical(graph, from, to, query) : Paths.Shortest(graph, from, to, query);
    }

    public async Task<ExposureResult> ExposureAsync(IReadOnlyList<string> sourceIds, ExposureQuery query, CancellationToken cancellationToken = default) =>
        Exposure.Of(await GraphAsync(cancellationToken), sourceIds, query);

    public async Task<OwnershipDetermination> OwnershipAsync(string entityId, RuleProfile rule, DateOnly asOf, CancellationToken cancellationToken = default) =>
        OwnershipAnalysis.Run(await GraphAsync(cancellationToken), rule, asOf).Determine(entityId);

    public async ValueTask DisposeAsync()
    {
        await Volatile.Read(ref _projection).DisposeAsync();
        _http.Dispose();
        _writeLock.Dispose();
    }

    private async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (_schemaReady)
        {
            return;
        }

        await _http.RunAsync([new Statement("RETURN 1")], cancellationToken);
        string[] constraints = _http.MajorVersion >= 4
            ?
            [
                "CREATE CONSTRAINT sg_entity_id IF NOT EXISTS FOR (e:Entity) REQUIRE e.id IS UNIQUE",
                "CREATE CONSTRAINT sg_change_seq IF NOT EXISTS FOR (c:SgChange) REQUIRE c.seq IS UNIQUE",
                "CREATE CONSTRAINT sg_review_id IF NOT EXISTS FOR (r:SgReview) REQUIRE r.id IS UNIQUE",
            ]
            :
            [
                "CREATE CONSTRAINT ON (e:Entity) ASSERT e.id IS UNIQUE",
                "CREATE CONSTRAINT ON (c:SgChange) ASSERT c.seq IS UNIQUE",
                "CREATE CONSTRAINT ON (r:SgReview) ASSERT r.id IS UNIQUE",
            ];
        foreach (var c in constraints)
        {
            try
            {
                await _http.RunAsync([new Statement(c)], cancellationToken);
            }
            catch (Neo4jException ex) when (ex.Code?.Contains("AlreadyExists", StringComparison.Ordinal) == true)
            {
            }
        }

        await KeyLegacyReviewsAsync(cancellationToken);
        _schemaReady = true;
    }

    /// <summary>
    /// Gives review items written before decisions were keyed (no <c>decisionsKey</c>) their key, so that
    /// <see cref="DecisionGuard"/> covers their first decision too. Only an item whose body is still the one read gets
    /// it: a server deciding the item meanwhile has written its own key.
    /// </summary>
    private async Task KeyLegacyReviewsAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var rows = await QueryAsync("MATCH (r:SgReview) WHERE r.decisionsKey IS NULL RETURN r.id, r.body LIMIT 1000", null, cancellationToken);
            if (rows.Count == 0)
            {
                return;
            }

            var items = new JsonArray();
            foreach (var row in rows)
            {
                var body = row[1].GetString()!;
                var review = ReviewJson.Parse(body);
                items.Add(new JsonObject { ["id"] = row[0].GetString(), ["body"] = body, ["key"] = DecisionsKey(review, review.Decisions.Count) });
            }

            var keyed = await QueryAsync(
                "UNWIND $items AS item MATCH (r:SgReview {id: item.id}) WHERE r.decisionsKey IS NULL AND r.body = item.body SET r.decisionsKey = item.key RETURN count(r)",
                P(("items", items)), cancellationToken);
            if (keyed[0][0].GetInt32() == 0)
            {
                // Written meanwhile by a server that keys nothing (an older version): nothing more to do here.
                return;
            }
        }
    }

    /// <summary>What the batch refers to, read from the server: enough for <see cref="BatchValidator"/> to check it.</summary>
    private async Task<GraphSnapshot> ContextAsync(ChangeBatch batch, CancellationToken cancellationToken)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var relIds = new HashSet<string>(StringComparer.Ordinal);
        var deleted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var change in batch.Changes)
        {
            switch (change)
            {
                case PutEntity p: ids.Add(p.Entity.Id); break;
                case DeleteEntity d: ids.Add(d.Id); deleted.Add(d.Id); break;
                case PutRelationship p: relIds.Add(p.Relationship.Id); ids.Add(p.Relationship.From); ids.Add(p.Relationship.To); break;
                case DeleteRelationship d: relIds.Add(d.Id); break;

                // The validator checks that an open item's two entities exist.
                case PutReview v: ids.Add(v.Review.Record.EntityId); ids.Add(v.Review.Candidate.EntityId); break;
            }
        }

        // Relationships of deleted entities are found from those entities (an index seek); relationships by id only
        // by a scan (Neo4j 3.1 cannot index relationship properties), so that one runs only for a batch that has any.
        var statements = new List<Statement>
        {
            new("MATCH (e:Entity) WHERE e.id IN $ids AND e.body IS NOT NULL RETURN e.body", P(("ids", ids))),
            new("MATCH (d:Entity)-[r]-(:Entity) WHERE d.id IN $deleted WITH DISTINCT r MATCH (a:Entity)-[r]->(b:Entity) " +
                "WHERE a.body IS NOT NULL AND r.body IS NOT NULL AND b.body IS NOT NULL RETURN a.body, r.body, b.body", P(("deleted", deleted))),
        };
        if (relIds.Count > 0)
        {
            statements.Add(new("MATCH (a:Entity)-[r]->(b:Entity) WHERE r.id IN $rels AND a.body IS NOT NULL AND r.body IS NOT NULL AND b.body IS NOT NULL RETURN a.body, r.body, b.body",
                P(("rels", relIds))));
        }

        var results = await _http.RunAsync(statements, cancellationToken);
        var entities = results[0].Select(r => GraphJson.ParseEntity(r[0].GetString()!)).ToDictionary(e => e.Id, StringComparer.Ordinal);
        var relationships = new List<Relationship>();
        foreach (var row in results.Skip(1).SelectMany(rows => rows))
        {
            foreach (var i in new[] { 0, 2 })
            {
                var e = GraphJson.ParseEntity(row[i].GetString()!);
                entities.TryAdd(e.Id, e);
            }

            relationships.Add(GraphJson.ParseRelationship(row[1].GetString()!));
        }

        return GraphSnapshot.Create(0, entities.Values, relationships.DistinctBy(r => r.Id));
    }

    /// <summary>
    /// Fails the write's transaction (a division by zero, which Neo4j answers with an ArithmeticError and a rollback)
    /// when the stored item's decisions are not a beginning of the ones written: another editor decided it after this
    /// one read it. The check runs inside the transaction, so two servers on one Neo4j cannot both decide an item.
    /// </summary>
    private static Statement DecisionGuard(ReviewRecord review) => new(
        "MATCH (r:SgReview {id: $id}) WHERE r.decisionsKey IS NOT NULL AND NOT r.decisionsKey IN $prefixes RETURN size(r.decisionsKey) / 0",
        P(("id", review.Id), ("prefixes", Enumerable.Range(0, review.Decisions.Count + 1).Select(n => DecisionsKey(review, n)).ToArray())));

    /// <summary>The first <paramref name="count"/> decisions of an item, as one comparable string.</summary>
    private static string DecisionsKey(ReviewRecord review, int count) =>
        System.Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            string.Concat(review.Decisions.Take(count).Select(d => $"{d.Status}|{d.By}|{d.At:O}|{d.Note}\n")))));

    private async Task<Exception> DecidedMeanwhileAsync(IReadOnlyList<Change> changes, Neo4jException error, CancellationToken cancellationToken)
    {
        foreach (var change in changes)
        {
            if (change is PutReview { Review.Decisions.Count: > 0 } decided && await GetReviewAsync(decided.Review.Id, cancellationToken) is { } stored
                && DecisionsKey(stored, stored.Decisions.Count) is var key
                && !Enumerable.Range(0, decided.Review.Decisions.Count + 1).Any(n => DecisionsKey(decided.Review, n) == key))
            {
                return ReviewConflictException.DecidedMeanwhile(stored);
            }
        }

        return error;
    }

    private static Statement StatementFor(Change change, GraphSnapshot context) => change switch
    {
        PutEntity p => PutEntityStatement(p.Entity, context.FindEntity(p.Entity.Id)),
        DeleteEntity d => new Statement("MATCH (e:Entity {id: $id}) DETACH DELETE e", P(("id", d.Id))),
        PutRelationship p => PutRelationshipStatement(p.Relationship, context.FindRelationship(p.Relationship.Id)),
        // From its start node (known from the context), not by a scan of all relationships.
        DeleteRelationship d => context.FindRelationship(d.Id) is { } old
            ? new Statement("MATCH (:Entity {id: $from})-[r]->(:Entity) WHERE r.id = $id DELETE r", P(("id", d.Id), ("from", old.From)))
            : new Statement("MATCH (a:Entity)-[r]->(:Entity) WHERE r.id = $id DELETE r", P(("id", d.Id))),
        PutReview v => new Statement(
            "MERGE (r:SgReview {id: $id}) SET r.status = $status, r.queuedAt = $queuedAt, r.sourceFile = $file, r.sourceLine = $line, r.recordKey = $key, r.body = $body, r.decisionsKey = $decisions",
            P(("id", v.Review.Id), ("status", ReviewJson.StatusName(v.Review.Status)), ("decisions", DecisionsKey(v.Review, v.Review.Decisions.Count)),
                ("queuedAt", ReviewJson.QueueTime(v.Review)),
                ("file", v.Review.At?.File ?? ""), ("line", v.Review.At?.Line ?? 0), ("key", v.Review.RecordKey), ("body", ReviewJson.ToJson(v.Review)))),
        _ => throw new NotSupportedException(change.GetType().Name),
    };

    private static Statement PutEntityStatement(Entity e, Entity? old)
    {
        var stale = (old?.Labels ?? []).Except(e.Labels).Where(l => l != "Entity").Select(Label).ToList();
        var remove = stale.Count == 0 ? "" : " REMOVE e" + string.Concat(stale.Select(l => ":" + l));
        var add = e.Labels.Count == 0 ? "" : " SET e" + string.Concat(e.Labels.Select(l => ":" + Label(l)));
        var props = EntityProperties(e);
        return new Statement($"MERGE (e:Entity {{id: $id}}) SET e = $props{remove}{add}", new JsonObject { ["id"] = e.Id, ["props"] = props });
    }

    /// <summary>The node's properties: the Cypher view every store shares (<see cref="DomainView"/>) plus the record.</summary>
    internal static JsonObject EntityProperties(Entity e)
    {
        var props = ToJsonParameters(DomainView.EntityProperties(e));
        props["body"] = GraphJson.ToJson(w => GraphJson.Write(w, e));
        return props;
    }

    /// <summary>The relationship's properties: the shared Cypher view (dates as ISO text) plus the record.</summary>
    internal static JsonObject RelationshipProperties(Relationship r)
    {
        var props = ToJsonParameters(DomainView.RelationshipProperties(r));
        props["body"] = GraphJson.ToJson(w => GraphJson.Write(w, r));
        return props;
    }

    private static Statement PutRelationshipStatement(Relationship r, Relationship? old)
    {
        if (!RelationshipTypes.IsKnown(r.Type))
        {
            throw new InvalidInputException(new InputError(null, "type", $"unknown relationship type '{r.Type}'"));
        }

        var props = RelationshipProperties(r);
        // The old copy is found from its start node (an index seek), not by a scan of all relationships.
        var delete = old is null ? "" : "OPTIONAL MATCH (:Entity {id: $oldFrom})-[old]->(:Entity) WHERE old.id = $id DELETE old WITH 1 AS one ";
        return new Statement($"{delete}MATCH (a:Entity {{id: $from}}), (b:Entity {{id: $to}}) CREATE (a)-[r:{r.Type}]->(b) SET r = $props",
            new JsonObject { ["id"] = r.Id, ["from"] = r.From, ["to"] = r.To, ["oldFrom"] = old?.From, ["props"] = props });
    }

    private async Task<IReadOnlyList<JsonElement>> QueryAsync(string cypher, JsonObject? parameters, CancellationToken cancellationToken) =>
        (await _http.RunAsync([new Statement(cypher, parameters)], cancellationToken))[0];

    private static string Label(string label) =>
        NodeLabels.IsValid(label) ? label : throw new InvalidInputException(new InputError(null, "labels", $"'{label}' is not a valid label"));

    private static JsonObject P(params (string Name, object? Value)[] values)
    {
        var o = new JsonObject();
        foreach (var (name, value) in values)
        {
            o[name] = value switch
            {
                null => null,
                string s => s,
                long l => l,
                int i => i,
                IEnumerable<string> list => new JsonArray([.. list.Select(x => (JsonNode?)x)]),
                JsonNode node => node,
                _ => throw new ArgumentException($"unsupported parameter type {value.GetType().Name}"),
            };
        }

        return o;
    }

}
