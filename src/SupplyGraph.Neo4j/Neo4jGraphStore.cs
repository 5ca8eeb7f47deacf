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
/// transaction, ending with its change-log node. Paths and exposure run as Cypher on the server; the 50 %-rule
/// fixpoint runs here over the ownership relationships fetched in one query.
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
    private (long Sequence, GraphSnapshot Graph)? _namesCache;

    public Neo4jGraphStore(Neo4jSettings settings, HttpMessageHandler? handler = null)
    {
        Settings = settings;
        _http = new Neo4jHttp(settings, handler);
    }

    public Neo4jSettings Settings { get; }

    internal Neo4jHttp Http => _http;

    internal Task EnsureSchemaForSyncAsync(CancellationToken cancellationToken) => EnsureSchemaAsync(cancellationToken);

    /// <summary>Drops cached reads after a write that bypassed <see cref="ApplyAsync"/>.</summary>
    internal void Forget() => _namesCache = null;

    public string Description => $"neo4j: {Settings.Url}";

    /// <summary>Deletes everything SupplyGraph keeps in the database (for tests and re-syncs).</summary>
    public async Task ClearAsync(CancellationToken cancellationToken = default)
    {
        await _http.RunAsync([new Statement("MATCH (n) WHERE n:Entity OR n:SgChange OR n:SgMeta OR n:SgReview DETACH DELETE n")], cancellationToken);
        _namesCache = null;
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
        (await NamesAsync(cancellationToken)).Find(text, limit);

    public async Task<IReadOnlyList<EntityMatch>> FindAsync(string text, int limit, FindFilter filter, CancellationToken cancellationToken = default) =>
        (await NamesAsync(cancellationToken)).Find(text, limit, filter);

    public Task<GraphSnapshot> EntityIndexAsync(CancellationToken cancellationToken = default) => NamesAsync(cancellationToken);

    public async Task<Entity> ResolveAsync(string reference, CancellationToken cancellationToken = default) =>
        (await NamesAsync(cancellationToken)).Resolve(reference);

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
                statements.Add(StatementFor(change, context));
            }

            var committedAt = DateTimeOffset.UtcNow;
            statements.Add(new Statement(
                "MERGE (m:SgMeta {key: 'seq'}) ON CREATE SET m.value = 0 SET m.value = m.value + 1 " +
                "CREATE (c:SgChange {seq: m.value, committedAt: $at, description: $description, body: $body}) RETURN m.value",
                P(("at", committedAt.ToString("O", CultureInfo.InvariantCulture)), ("description", batch.Description), ("body", GraphJson.WriteChanges(changes)))));
            progress?.Report(new ApplyProgress("writing", 0, changes.Count));
            var results = await _http.RunAsync(statements, cancellationToken);
            var sequence = results[^1][0][0].GetInt64();
            _namesCache = null;
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
        if (query.Weight is not null)
        {
            throw new NotSupportedException("weighted paths run on the embedded engine; Neo4j answers fewest-hop paths");
        }

        await RequireAsync(from, cancellationToken);
        await RequireAsync(to, cancellationToken);
        if (from == to)
        {
            return new GraphPath([(await GetEntityAsync(from, cancellationToken))!], []);
        }

        var (filter, parameters) = Filters(query);
        parameters["from"] = from;
        parameters["to"] = to;
        var rows = await QueryAsync(
            $"MATCH (a:Entity {{id: $from}}), (b:Entity {{id: $to}}) MATCH p = allShortestPaths((a){Pattern(query.Direction, 1, query.MaxHops)}(b)) " +
            $"WHERE {filter} RETURN [n IN nodes(p) | n.body], [r IN relationships(p) | r.body] LIMIT 10000", parameters, cancellationToken);
        return Paths.Canonical(rows.Select(r => ToPath(r[0], r[1])));
    }

    public async Task<ExposureResult> ExposureAsync(IReadOnlyList<string> sourceIds, ExposureQuery query, CancellationToken cancellationToken = default)
    {
        foreach (var id in sourceIds)
        {
            await RequireAsync(id, cancellationToken);
        }

        var (filter, parameters) = Filters(query);
        parameters["sources"] = new JsonArray([.. sourceIds.Select(s => (JsonNode?)s)]);
        parameters["lists"] = query.Lists is null ? null : new JsonArray([.. query.Lists.Select(s => (JsonNode?)s)]);
        var listed = query.AsOf is null
            ? "(l.validFrom IS NULL OR true)"
            : "(l.validFrom IS NULL OR l.validFrom <= $day) AND (l.validTo IS NULL OR l.validTo >= $day)";
        var rows = await QueryAsync(
            $"MATCH (s:Entity) WHERE s.id IN $sources MATCH p = (s){Pattern(query.Direction, 0, query.MaxHops)}(t:Entity) WHERE {filter} " +
            $"MATCH (t)-[l:LISTED_ON]->(list:Entity) WHERE {listed} AND l.body IS NOT NULL AND list.body IS NOT NULL AND ($lists IS NULL OR list.id IN $lists) " +
            "RETURN t.id, [n IN nodes(p) | n.body], [r IN relationships(p) | r.body], collect(DISTINCT [l.body, list.body])",
            parameters, cancellationToken);

        // The best path per listed party: fewest hops, then the highest product of confidences.
        var best = new Dictionary<string, (GraphPath Path, IReadOnlyList<Listing> Listings)>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var path = ToPath(row[1], row[2]);
            var party = row[0].GetString()!;
            if (!best.TryGetValue(party, out var current) || path.Length < current.Path.Length
                || (path.Length == current.Path.Length && path.Confidence > current.Path.Confidence))
            {
                var listings = row[3].EnumerateArray()
                    .Select(x => (Rel: GraphJson.ParseRelationship(x[0].GetString()!), List: GraphJson.ParseEntity(x[1].GetString()!)))
                    .Select(x => new Listing(x.List, x.Rel.Validity.From ?? x.Rel.Provenance.Date, x.Rel))
                    .OrderBy(l => l.Since).ToList();
                best[party] = (path, listings);
            }
        }

        var hits = best.Values
            .Select(b => new ExposureHit(b.Path.Nodes[^1], b.Path.Length, b.Path.Confidence, b.Path.Confidence * Math.Pow(2, -b.Path.Length), b.Listings, b.Path))
            .OrderBy(h => h.Hops).ThenBy(h => h.Party.Id, StringComparer.Ordinal).ToList();
        var truncated = hits.Count > query.MaxResults;
        hits = [.. hits.Take(query.MaxResults)];
        var sources = new List<Entity>();
        foreach (var id in sourceIds)
        {
            sources.Add((await GetEntityAsync(id, cancellationToken))!);
        }

        return new ExposureResult(sources, hits, 1 - hits.Aggregate(1.0, (keep, h) => keep * (1 - h.Weight)), truncated, Reverse: false);
    }

    public async Task<OwnershipDetermination> OwnershipAsync(string entityId, RuleProfile rule, DateOnly asOf, CancellationToken cancellationToken = default)
    {
        // The fixpoint runs here: every stake and listing in one query, then the same analysis as the embedded engine.
        var entity = await GetEntityAsync(entityId, cancellationToken) ?? throw new EntityNotFoundException(entityId, []);
        var rows = await QueryAsync("MATCH (a:Entity)-[r]->(b:Entity) WHERE type(r) IN ['OWNS', 'SUBSIDIARY_OF', 'LISTED_ON'] AND a.body IS NOT NULL AND r.body IS NOT NULL AND b.body IS NOT NULL RETURN a.body, r.body, b.body",
            null, cancellationToken);
        var entities = new Dictionary<string, Entity>(StringComparer.Ordinal) { [entity.Id] = entity };
        var relationships = new List<Relationship>();
        foreach (var row in rows)
        {
            var a = GraphJson.ParseEntity(row[0].GetString()!);
            var b = GraphJson.ParseEntity(row[2].GetString()!);
            entities[a.Id] = a;
            entities[b.Id] = b;
            relationships.Add(GraphJson.ParseRelationship(row[1].GetString()!));
        }

        return OwnershipAnalysis.Run(GraphSnapshot.Create(0, entities.Values, relationships), rule, asOf).Determine(entityId);
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        _writeLock.Dispose();
        return ValueTask.CompletedTask;
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

        _schemaReady = true;
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

        var results = await _http.RunAsync(
        [
            new Statement("MATCH (e:Entity) WHERE e.id IN $ids AND e.body IS NOT NULL RETURN e.body", P(("ids", ids))),
            new Statement("MATCH (a:Entity)-[r]->(b:Entity) WHERE (r.id IN $rels OR a.id IN $deleted OR b.id IN $deleted) AND a.body IS NOT NULL AND r.body IS NOT NULL AND b.body IS NOT NULL RETURN a.body, r.body, b.body",
                P(("rels", relIds), ("deleted", deleted))),
        ], cancellationToken);
        var entities = results[0].Select(r => GraphJson.ParseEntity(r[0].GetString()!)).ToDictionary(e => e.Id, StringComparer.Ordinal);
        var relationships = new List<Relationship>();
        foreach (var row in results[1])
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

    private static Statement StatementFor(Change change, GraphSnapshot context) => change switch
    {
        PutEntity p => PutEntityStatement(p.Entity, context.FindEntity(p.Entity.Id)),
        DeleteEntity d => new Statement("MATCH (e:Entity {id: $id}) DETACH DELETE e", P(("id", d.Id))),
        PutRelationship p => PutRelationshipStatement(p.Relationship, context.FindRelationship(p.Relationship.Id)),
        DeleteRelationship d => new Statement("MATCH (a:Entity)-[r]->(:Entity) WHERE r.id = $id DELETE r", P(("id", d.Id))),
        PutReview v => new Statement(
            "MERGE (r:SgReview {id: $id}) SET r.status = $status, r.queuedAt = $queuedAt, r.sourceFile = $file, r.sourceLine = $line, r.recordKey = $key, r.body = $body",
            P(("id", v.Review.Id), ("status", ReviewJson.StatusName(v.Review.Status)),
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
        var delete = old is null ? "" : "OPTIONAL MATCH (:Entity)-[old]->(:Entity) WHERE old.id = $id DELETE old WITH 1 AS one ";
        return new Statement($"{delete}MATCH (a:Entity {{id: $from}}), (b:Entity {{id: $to}}) CREATE (a)-[r:{r.Type}]->(b) SET r = $props",
            new JsonObject { ["id"] = r.Id, ["from"] = r.From, ["to"] = r.To, ["props"] = props });
    }

    /// <summary>The relationship pattern for a direction and hop range (numbers and arrows only, never user text).</summary>
    private static string Pattern(Direction direction, int minHops, int maxHops) => direction switch
    {
        Direction.Out => $"-[rels*{minHops}..{maxHops}]->",
        Direction.In => $"<-[rels*{minHops}..{maxHops}]-",
        _ => $"-[rels*{minHops}..{maxHops}]-",
    };

    /// <summary>The traversal filters as one Cypher predicate over <c>rels</c> and <c>p</c>, with their parameters.</summary>
    private static (string Filter, JsonObject Parameters) Filters(TraversalQuery query)
    {
        var parameters = new JsonObject
        {
            ["types"] = query.Types is null ? null : new JsonArray([.. query.Types.Select(t => (JsonNode?)t)]),
            ["day"] = query.AsOf?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["avoid"] = new JsonArray([.. query.AvoidLabels.Select(l => (JsonNode?)l)]),
            ["require"] = new JsonArray([.. query.RequireLabels.Select(l => (JsonNode?)l)]),
            ["avoidCountries"] = new JsonArray([.. query.AvoidCountries.Select(l => (JsonNode?)l)]),
            ["requireCountries"] = new JsonArray([.. query.RequireCountries.Select(l => (JsonNode?)l)]),
        };
        // Elements without a body were written around SupplyGraph (raw Cypher): the contract's queries do not see them.
        const string Filter =
            "ALL(r IN relationships(p) WHERE r.body IS NOT NULL AND ($types IS NULL OR type(r) IN $types) " +
            "AND ($day IS NULL OR ((r.validFrom IS NULL OR r.validFrom <= $day) AND (r.validTo IS NULL OR r.validTo >= $day)))) " +
            "AND ALL(n IN nodes(p) WHERE n.body IS NOT NULL) " +
            "AND ALL(n IN nodes(p)[1..-1] WHERE NONE(l IN labels(n) WHERE l IN $avoid) " +
            "AND (size($require) = 0 OR ANY(l IN labels(n) WHERE l IN $require)) " +
            "AND NOT coalesce(n.country, '') IN $avoidCountries " +
            "AND (size($requireCountries) = 0 OR n.country IN $requireCountries))";
        return (Filter, parameters);
    }

    private static GraphPath ToPath(JsonElement nodes, JsonElement rels)
    {
        var entities = nodes.EnumerateArray().Select(n => GraphJson.ParseEntity(n.GetString()!)).ToList();
        var hops = rels.EnumerateArray().Select((r, i) =>
        {
            var rel = GraphJson.ParseRelationship(r.GetString()!);
            return new PathHop(rel, rel.From == entities[i].Id);
        }).ToList();
        return new GraphPath(entities, hops);
    }

    private async Task RequireAsync(string id, CancellationToken cancellationToken)
    {
        if (await GetEntityAsync(id, cancellationToken) is null)
        {
            throw new EntityNotFoundException(id, []);
        }
    }

    /// <summary>Names for find and resolve: every entity, read once per sequence and indexed like the embedded store.</summary>
    private async Task<GraphSnapshot> NamesAsync(CancellationToken cancellationToken)
    {
        var sequence = (await QueryAsync("OPTIONAL MATCH (m:SgMeta {key: 'seq'}) RETURN coalesce(m.value, 0)", null, cancellationToken))[0][0].GetInt64();
        if (_namesCache is { } cache && cache.Sequence == sequence)
        {
            return cache.Graph;
        }

        var rows = await QueryAsync("MATCH (e:Entity) WHERE e.body IS NOT NULL RETURN e.body", null, cancellationToken);
        var graph = GraphSnapshot.Create(sequence, rows.Select(r => GraphJson.ParseEntity(r[0].GetString()!)), []);
        _namesCache = (sequence, graph);
        return graph;
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
                _ => throw new ArgumentException($"unsupported parameter type {value.GetType().Name}"),
            };
        }

        return o;
    }

}
