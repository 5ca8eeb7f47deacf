using System.Globalization;
using System.Text;
using SupplyGraph.Core.Storage;

namespace SupplyGraph.Cypher;

/// <summary>A node in a <see cref="CypherTable"/>.</summary>
/// <param name="Id">Element id (the entity id on SupplyGraph stores).</param>
/// <param name="Labels">Labels.</param>
/// <param name="Properties">Properties.</param>
public sealed record CypherNodeView(string Id, IReadOnlyList<string> Labels, IReadOnlyDictionary<string, object?> Properties);

/// <summary>A relationship in a <see cref="CypherTable"/>.</summary>
/// <param name="Id">Element id (the relationship id on SupplyGraph stores).</param>
/// <param name="Type">Type.</param>
/// <param name="Start">Element id of the start node.</param>
/// <param name="End">Element id of the end node.</param>
/// <param name="Properties">Properties.</param>
public sealed record CypherRelationshipView(string Id, string Type, string Start, string End, IReadOnlyDictionary<string, object?> Properties);

/// <summary>A reference to a node in a row; the node itself is in <see cref="CypherTable.Nodes"/>.</summary>
/// <param name="Id">Element id.</param>
public sealed record NodeRef(string Id);

/// <summary>A reference to a relationship in a row; the relationship itself is in <see cref="CypherTable.Relationships"/>.</summary>
/// <param name="Id">Element id.</param>
public sealed record RelationshipRef(string Id);

/// <summary>A path in a row: element ids of its nodes and relationships in order.</summary>
/// <param name="Nodes">Node element ids.</param>
/// <param name="Relationships">Relationship element ids.</param>
public sealed record PathRef(IReadOnlyList<string> Nodes, IReadOnlyList<string> Relationships);

/// <summary>
/// A store-neutral Cypher answer: rows of plain values (with <see cref="NodeRef"/>, <see cref="RelationshipRef"/>
/// and <see cref="PathRef"/> in place of graph elements) plus every node and relationship the rows mention.
/// </summary>
/// <param name="Columns">Column names.</param>
/// <param name="Rows">Rows.</param>
/// <param name="Nodes">Nodes by element id.</param>
/// <param name="Relationships">Relationships by element id.</param>
/// <param name="Statistics">What the query changed.</param>
public sealed record CypherTable(
    IReadOnlyList<string> Columns,
    IReadOnlyList<IReadOnlyList<object?>> Rows,
    IReadOnlyDictionary<string, CypherNodeView> Nodes,
    IReadOnlyDictionary<string, CypherRelationshipView> Relationships,
    CypherStatistics Statistics)
{
    /// <summary>The plan, for EXPLAIN and PROFILE; null otherwise.</summary>
    public IReadOnlyList<CypherPlanStep>? Plan { get; init; }

    /// <summary>Converts an engine result, reading elements from the graph that produced it.</summary>
    /// <param name="result">The result.</param>
    /// <param name="graph">The graph the query ran on.</param>
    /// <returns>The table.</returns>
    public static CypherTable From(CypherResult result, ICypherGraph graph)
    {
        var nodes = new Dictionary<string, CypherNodeView>(StringComparer.Ordinal);
        var rels = new Dictionary<string, CypherRelationshipView>(StringComparer.Ordinal);

        string NodeId(long n) => graph.NodeProperty(n, "id") as string ?? n.ToString(CultureInfo.InvariantCulture);

        string Node(long n)
        {
            var id = NodeId(n);
            if (!nodes.ContainsKey(id))
            {
                nodes[id] = new CypherNodeView(id, [.. graph.Labels(n)], Plain(graph.NodeProperties(n)));
            }

            return id;
        }

        string Rel(long r)
        {
            var id = graph.RelationshipProperty(r, "id") as string ?? r.ToString(CultureInfo.InvariantCulture);
            if (!rels.ContainsKey(id))
            {
                rels[id] = new CypherRelationshipView(id, graph.RelationshipType(r), Node(graph.StartNode(r)), Node(graph.EndNode(r)), Plain(graph.RelationshipProperties(r)));
            }

            return id;
        }

        object? Convert(object? v) => v switch
        {
            CypherNode n => new NodeRef(Node(n.Id)),
            CypherRelationship r => new RelationshipRef(Rel(r.Id)),
            CypherPath p => new PathRef(p.Nodes.Select(n => Node(n.Id)).ToList(), p.Relationships.Select(r => Rel(r.Id)).ToList()),
            List<object?> l => l.Select(Convert).ToList(),
            Dictionary<string, object?> m => m.ToDictionary(kv => kv.Key, kv => Convert(kv.Value)),
            CypherTemporal or CypherDuration => v.ToString(),
            _ => v,
        };

        var rows = result.Rows.Select(r => (IReadOnlyList<object?>)r.Select(Convert).ToList()).ToList();
        return new CypherTable(result.Columns, rows, nodes, rels, result.Statistics) { Plan = result.Plan };
    }

    private static Dictionary<string, object?> Plain(IReadOnlyDictionary<string, object?> props) =>
        props.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value is CypherTemporal or CypherDuration ? kv.Value.ToString() : kv.Value);

    /// <summary>Renders one value for a text table: nodes as <c>(id:Label)</c>, strings quoted.</summary>
    /// <param name="v">A row value.</param>
    /// <returns>Display text.</returns>
    public string Show(object? v) => v switch
    {
        null => "null",
        NodeRef n => Nodes.TryGetValue(n.Id, out var node) ? $"({n.Id}:{string.Join(':', node.Labels)})" : $"({n.Id})",
        RelationshipRef r => Relationships.TryGetValue(r.Id, out var rel) ? $"[{rel.Start}-:{rel.Type}->{rel.End}]" : $"[{r.Id}]",
        PathRef p => string.Join("", p.Nodes.Select((n, i) => i == 0 ? $"({n})" : $"-[:{(Relationships.TryGetValue(p.Relationships[i - 1], out var pr) ? pr.Type : "?")}]-({n})")),
        List<object?> l => "[" + string.Join(", ", l.Select(Show)) + "]",
        Dictionary<string, object?> m => "{" + string.Join(", ", m.Select(kv => $"{kv.Key}: {Show(kv.Value)}")) + "}",
        string s => "'" + s + "'",
        _ => Values.ToCypherString(v),
    };

    /// <summary>The rows as an aligned text table with a row count.</summary>
    /// <param name="maxWidth">Widest a cell may be before it is cut.</param>
    /// <returns>Text.</returns>
    public string Format(int maxWidth = 60)
    {
        var cells = Rows.Select(r => r.Select(v => Cut(Show(v), maxWidth)).ToArray()).ToList();
        var widths = Columns.Select((c, i) => Math.Max(c.Length, cells.Count == 0 ? 0 : cells.Max(r => r[i].Length))).ToArray();
        var sb = new StringBuilder();
        void Line(IReadOnlyList<string> values)
        {
            sb.Append("| ");
            for (var i = 0; i < values.Count; i++)
            {
                sb.Append(values[i].PadRight(widths[i])).Append(i == values.Count - 1 ? " |" : " | ");
            }

            sb.Append('\n');
        }

        if (Columns.Count > 0)
        {
            var rule = "+" + string.Join("+", widths.Select(w => new string('-', w + 2))) + "+\n";
            sb.Append(rule);
            Line(Columns);
            sb.Append(rule);
            foreach (var r in cells)
            {
                Line(r);
            }

            sb.Append(rule);
        }

        sb.Append(CultureInfo.InvariantCulture, $"{Rows.Count} row{(Rows.Count == 1 ? "" : "s")}");
        var st = Statistics;
        if (st.ContainsUpdates)
        {
            sb.Append(CultureInfo.InvariantCulture, $"; nodes +{st.NodesCreated} -{st.NodesDeleted}, relationships +{st.RelationshipsCreated} -{st.RelationshipsDeleted}, properties set {st.PropertiesSet}, labels +{st.LabelsAdded} -{st.LabelsRemoved}");
        }

        if (Plan is not null && Plan.Any(p => p.Rows is not null))
        {
            sb.Append("\nprofile:\n");
            foreach (var p in Plan)
            {
                sb.Append(CultureInfo.InvariantCulture, $"  {p.Operation,-14} {p.Rows,8} rows  {p.Detail}\n");
            }

            return sb.ToString();
        }

        return sb.Append('\n').ToString();
    }

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}

/// <summary>A store that answers Cypher: the embedded engine, or a Neo4j server passing the query through.</summary>
public interface ICypherStore
{
    /// <summary>Runs a query.</summary>
    /// <param name="query">Query text.</param>
    /// <param name="parameters">Parameter values.</param>
    /// <param name="options">Budgets and read-only flag.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The answer.</returns>
    /// <exception cref="CypherException">Syntax, semantic or runtime error.</exception>
    Task<CypherTable> CypherAsync(string query, IReadOnlyDictionary<string, object?> parameters, CypherOptions options, CancellationToken cancellationToken = default);
}

/// <summary>Cypher over the embedded store: reads a snapshot; writes become one atomic, logged batch of at most <see cref="CypherOptions.MaxChanges"/> changes.</summary>
public sealed class EmbeddedCypher : ICypherStore
{
    private readonly EmbeddedGraphStore _store;
    private readonly CypherEngine _engine;

    /// <summary>Creates the service.</summary>
    /// <param name="store">The store.</param>
    /// <param name="engine">Engine (plan cache) to use; a new one when null.</param>
    public EmbeddedCypher(EmbeddedGraphStore store, CypherEngine? engine = null)
    {
        _store = store;
        _engine = engine ?? new CypherEngine();
    }

    /// <inheritdoc />
    public async Task<CypherTable> CypherAsync(string query, IReadOnlyDictionary<string, object?> parameters, CypherOptions options, CancellationToken cancellationToken = default)
    {
        if (!_engine.Prepare(query))
        {
            var graph = new StoreGraph(_store.Snapshot);
            var result = _engine.Execute(graph, query, parameters, options, cancellationToken);
            return CypherTable.From(result, graph);
        }

        if (options.ReadOnly)
        {
            throw new CypherException("ClientError", "ForbiddenWrite", "Writing queries are not allowed here (read-only access)", true);
        }

        // The query reads and writes under the store's write lock (every process's), on the newest graph: two writers
        // (here, another server, the CLI) can never both read the same value and each write their own update.
        CypherTable? table = null;
        await _store.ApplyAsync(
            snapshot =>
            {
                var graph = new StoreGraph(snapshot);
                var result = _engine.Execute(graph, query, parameters, options, cancellationToken);
                table = CypherTable.From(result, graph);
                if (!graph.HasChanges)
                {
                    return null;
                }

                var batch = graph.ToBatch("cypher: " + (query.Length > 200 ? query[..200] + "…" : query));

                // Checked on the batch itself, before it reaches the store: nothing is written.
                return batch.Changes.Count > options.MaxChanges ? throw CypherException.ChangeLimitExceeded(batch.Changes.Count, options.MaxChanges) : batch;
            },
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return table!;
    }
}
