using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SupplyGraph.Cypher;

namespace SupplyGraph.Neo4j;

/// <summary>Power users' Cypher, passed through unchanged; read-only access runs in a transaction that is rolled back.</summary>
public sealed partial class Neo4jGraphStore
{
    private static readonly CypherEngine Classifier = new();

    // What SupplyGraph keeps on nodes and relationships for itself, not part of the Cypher view (see DomainView).
    private static readonly HashSet<string> Internal = ["body", "syncMark"];

    /// <inheritdoc />
    public async Task<CypherTable> CypherAsync(string query, IReadOnlyDictionary<string, object?> parameters, CypherOptions options, CancellationToken cancellationToken = default)
    {
        if (options.ReadOnly)
        {
            // A query our parser knows to write is refused up front with a clear answer; whatever it cannot classify
            // still cannot write, because the transaction is rolled back.
            bool writes;
            try
            {
                writes = Classifier.Prepare(query);
            }
            catch (CypherException)
            {
                writes = false;
            }

            if (writes)
            {
                throw new CypherException("ClientError", "ForbiddenWrite", "Writing queries are not allowed here (read-only access)", true);
            }
        }

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (options.TimeBudget != Timeout.InfiniteTimeSpan)
        {
            budget.CancelAfter(options.TimeBudget);
        }

        JsonElement result;
        try
        {
            // The query commits only when Neo4j's statistics are within the change cap and its rows within the row
            // budget; otherwise it is rolled back and nothing is written. A spent time budget rolls it back too, and
            // ends it on the server (Neo4jHttp.ExecuteAsync).
            Func<JsonElement, bool>? commitIf = options.ReadOnly ? null : r => Changes(r) <= options.MaxChanges && Rows(r) <= options.MaxRows;
            result = await _http.ExecuteAsync(query, ToJsonParameters(parameters), options.ReadOnly, budget.Token, commitIf);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CypherException("TransientError", "Timeout", $"The query exceeded its time budget of {options.TimeBudget.TotalSeconds:0.#} s", false);
        }
        catch (Neo4jException e) when (e.Code?.StartsWith("Neo.ClientError.Statement.", StringComparison.Ordinal) == true)
        {
            var kind = e.Code["Neo.ClientError.Statement.".Length..];
            var offset = OffsetPattern().Match(e.Message);
            throw new CypherException(kind, kind == "SyntaxError" ? "UnexpectedSyntax" : kind, e.Message.Split('\n')[0], kind == "SyntaxError",
                offset.Success ? int.Parse(offset.Groups[1].Value, CultureInfo.InvariantCulture) : -1);
        }

        if (!options.ReadOnly && Changes(result) is var changes && changes > options.MaxChanges)
        {
            throw CypherException.ChangeLimitExceeded(changes, options.MaxChanges);
        }

        var table = ToTable(result);
        if (table.Rows.Count > options.MaxRows)
        {
            throw new CypherException("ClientError", "RowLimitExceeded", $"The query returned more than {options.MaxRows} rows; add LIMIT", false);
        }

        return table;
    }

    /// <summary>
    /// The changes a query made, counted as the embedded store counts them: records written. Neo4j reports counters,
    /// not records, so elements created or deleted count one each; a query that only updates existing elements counts
    /// its property and label updates (an upper bound of the records it touched).
    /// </summary>
    private static long Changes(JsonElement result)
    {
        if (!result.TryGetProperty("stats", out var s) || s.ValueKind != JsonValueKind.Object)
        {
            return 0;
        }

        long Count(string name) => s.TryGetProperty(name, out var x) && x.ValueKind == JsonValueKind.Number ? x.GetInt64() : 0;
        var elements = Count("nodes_created") + Count("nodes_deleted") + Count("relationships_created") + Count("relationship_deleted");
        return elements > 0 ? elements : Count("properties_set") + Count("labels_added") + Count("labels_removed");
    }

    private static long Rows(JsonElement result) =>
        result.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array ? data.GetArrayLength() : 0;

    [GeneratedRegex(@"offset: (\d+)")]
    private static partial Regex OffsetPattern();

    private static JsonObject ToJsonParameters(IReadOnlyDictionary<string, object?> parameters)
    {
        var o = new JsonObject();
        foreach (var (k, v) in parameters)
        {
            o[k] = ToJson(v);
        }

        return o;
    }

    private static JsonNode? ToJson(object? v) => v switch
    {
        null => null,
        bool b => b,
        long l => l,
        // JSON does not tell 1 from 1.0 and Neo4j reads 1 as an integer: a whole float goes as the literal text 1.0.
        double d when double.IsFinite(d) && d == Math.Floor(d) && Math.Abs(d) < 1e15 => JsonNode.Parse(d.ToString("0.0", CultureInfo.InvariantCulture)),
        double d => d,
        string s => s,
        List<object?> list => new JsonArray([.. list.Select(ToJson)]),
        Dictionary<string, object?> map => new JsonObject(map.Select(kv => KeyValuePair.Create(kv.Key, ToJson(kv.Value)))),
        _ => v.ToString(),
    };

    /// <summary>
    /// Builds the store-neutral table. Rows carry nodes as property maps; a map with SupplyGraph's <c>id</c> and
    /// <c>body</c> that matches a node (or relationship) of the row's graph is that element.
    /// </summary>
    private static CypherTable ToTable(JsonElement result)
    {
        var nodes = new Dictionary<string, CypherNodeView>(StringComparer.Ordinal);
        var rels = new Dictionary<string, CypherRelationshipView>(StringComparer.Ordinal);
        var rows = new List<IReadOnlyList<object?>>();
        foreach (var data in result.GetProperty("data").EnumerateArray())
        {
            var nodeIds = new Dictionary<string, string>(StringComparer.Ordinal);
            var graph = data.GetProperty("graph");
            foreach (var n in graph.GetProperty("nodes").EnumerateArray())
            {
                var props = Properties(n.GetProperty("properties"));
                var id = props.GetValueOrDefault("id") as string ?? "neo4j:" + n.GetProperty("id").GetString();
                nodeIds[n.GetProperty("id").GetString()!] = id;
                // Labels as every store lists them: the entity's own first, the common Entity label last.
                var labels = n.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!).ToList();
                labels = [.. labels.Where(l => l != DomainView.EntityLabel), .. labels.Where(l => l == DomainView.EntityLabel)];
                nodes[id] = new CypherNodeView(id, labels, props);
            }

            foreach (var r in graph.GetProperty("relationships").EnumerateArray())
            {
                var props = Properties(r.GetProperty("properties"));
                var id = props.GetValueOrDefault("id") as string ?? "neo4j:" + r.GetProperty("id").GetString();
                rels[id] = new CypherRelationshipView(id, r.GetProperty("type").GetString()!,
                    nodeIds[r.GetProperty("startNode").GetString()!], nodeIds[r.GetProperty("endNode").GetString()!], props);
            }

            rows.Add([.. data.GetProperty("row").EnumerateArray().Select(v => Convert(v, nodes, rels))]);
        }

        var s = result.TryGetProperty("stats", out var st) ? st : default;
        int Stat(string name) => s.ValueKind == JsonValueKind.Object && s.TryGetProperty(name, out var x) ? x.GetInt32() : 0;
        var stats = new CypherStatistics
        {
            NodesCreated = Stat("nodes_created"),
            NodesDeleted = Stat("nodes_deleted"),
            RelationshipsCreated = Stat("relationships_created"),
            RelationshipsDeleted = Stat("relationship_deleted"),
            PropertiesSet = Stat("properties_set"),
            LabelsAdded = Stat("labels_added"),
            LabelsRemoved = Stat("labels_removed"),
        };
        var columns = result.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToList();
        return new CypherTable(columns, rows, nodes, rels, stats);
    }

    private static Dictionary<string, object?> Properties(JsonElement props) =>
        props.EnumerateObject().Where(p => !Internal.Contains(p.Name)).ToDictionary(p => p.Name, p => CypherJson.FromJson(p.Value));

    private static object? Convert(JsonElement v, Dictionary<string, CypherNodeView> nodes, Dictionary<string, CypherRelationshipView> rels)
    {
        switch (v.ValueKind)
        {
            case JsonValueKind.Object:
                if (v.TryGetProperty("body", out var body) && body.ValueKind == JsonValueKind.String
                    && v.TryGetProperty("id", out var idProp) && idProp.GetString() is { } id)
                {
                    if (nodes.ContainsKey(id) && !rels.ContainsKey(id))
                    {
                        return new NodeRef(id);
                    }

                    if (rels.ContainsKey(id))
                    {
                        return new RelationshipRef(id);
                    }
                }

                return v.EnumerateObject().ToDictionary(p => p.Name, p => Convert(p.Value, nodes, rels));
            case JsonValueKind.Array:
                {
                    var items = v.EnumerateArray().Select(x => Convert(x, nodes, rels)).ToList();
                    var isPath = items.Count >= 3 && items.Count % 2 == 1
                        && items.Select((x, i) => i % 2 == 0 ? x is NodeRef : x is RelationshipRef).All(ok => ok);
                    return isPath
                        ? new PathRef([.. items.Where((_, i) => i % 2 == 0).Cast<NodeRef>().Select(n => n.Id)], [.. items.Where((_, i) => i % 2 == 1).Cast<RelationshipRef>().Select(r => r.Id)])
                        : items;
                }

            default:
                return CypherJson.FromJson(v);
        }
    }
}
