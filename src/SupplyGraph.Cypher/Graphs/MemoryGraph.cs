namespace SupplyGraph.Cypher;

/// <summary>
/// A small mutable property graph for scratch work and conformance tests. Not the product's store: the embedded
/// store keeps compact arrays; this one favours simplicity for graphs of thousands of elements.
/// </summary>
public sealed class MemoryGraph : ICypherWritableGraph
{
    private sealed class NodeData
    {
        public List<string> Labels = [];
        public Dictionary<string, object?> Props = new(StringComparer.Ordinal);
        public List<long> Out = [];
        public List<long> In = [];
    }

    private sealed class RelData
    {
        public long Start;
        public long End;
        public string Type = "";
        public Dictionary<string, object?> Props = new(StringComparer.Ordinal);
    }

    private readonly SortedDictionary<long, NodeData> _nodes = [];
    private readonly SortedDictionary<long, RelData> _rels = [];

    // Deleted relationships stay readable (type, ends) for the rest of the query, as in Neo4j.
    private readonly Dictionary<long, RelData> _deletedRels = [];
    private long _nextNode;
    private long _nextRel;

    /// <inheritdoc />
    public long NodeIdBound => _nextNode;

    /// <summary>Number of nodes.</summary>
    public int NodeCount => _nodes.Count;

    /// <summary>Number of relationships.</summary>
    public int RelationshipCount => _rels.Count;

    /// <summary>All relationship ids.</summary>
    /// <returns>Ids in creation order.</returns>
    public IEnumerable<long> AllRelationships() => _rels.Keys;

    /// <inheritdoc />
    public IEnumerable<long> Nodes() => _nodes.Keys.ToList();

    /// <inheritdoc />
    public IEnumerable<long> NodesWithLabel(string label) => _nodes.Where(kv => kv.Value.Labels.Contains(label)).Select(kv => kv.Key).ToList();

    /// <inheritdoc />
    public IEnumerable<long>? NodesWithProperty(string key, object value) => null;

    /// <inheritdoc />
    public IReadOnlyList<string> Labels(long node) => _nodes.TryGetValue(node, out var n) ? n.Labels : [];

    /// <inheritdoc />
    public bool HasLabel(long node, string label) => _nodes.TryGetValue(node, out var n) && n.Labels.Contains(label);

    /// <inheritdoc />
    public object? NodeProperty(long node, string key) =>
        _nodes.TryGetValue(node, out var n) && n.Props.TryGetValue(key, out var v) ? v : null;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, object?> NodeProperties(long node) =>
        _nodes.TryGetValue(node, out var n) ? n.Props : new Dictionary<string, object?>();

    /// <inheritdoc />
    public void Expand(long node, CypherDirection direction, IReadOnlyList<string> types, List<CypherHop> into)
    {
        if (!_nodes.TryGetValue(node, out var n))
        {
            return;
        }

        if (direction != CypherDirection.Incoming)
        {
            foreach (var r in n.Out)
            {
                var rel = _rels[r];
                if (types.Count == 0 || types.Contains(rel.Type))
                {
                    into.Add(new CypherHop(r, rel.End));
                }
            }
        }

        if (direction != CypherDirection.Outgoing)
        {
            foreach (var r in n.In)
            {
                var rel = _rels[r];
                // A self-loop is one relationship: listed once when both directions are asked for.
                if ((types.Count == 0 || types.Contains(rel.Type)) && !(direction == CypherDirection.Both && rel.Start == node))
                {
                    into.Add(new CypherHop(r, rel.Start));
                }
            }
        }
    }

    /// <inheritdoc />
    public string RelationshipType(long relationship) => Rel(relationship).Type;

    /// <inheritdoc />
    public long StartNode(long relationship) => Rel(relationship).Start;

    /// <inheritdoc />
    public long EndNode(long relationship) => Rel(relationship).End;

    private RelData Rel(long id) => _rels.TryGetValue(id, out var r) ? r : _deletedRels[id];

    /// <inheritdoc />
    public object? RelationshipProperty(long relationship, string key) =>
        _rels.TryGetValue(relationship, out var r) && r.Props.TryGetValue(key, out var v) ? v : null;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, object?> RelationshipProperties(long relationship) =>
        _rels.TryGetValue(relationship, out var r) ? r.Props : new Dictionary<string, object?>();

    /// <inheritdoc />
    public long CreateNode(IReadOnlyList<string> labels, IReadOnlyDictionary<string, object?> properties)
    {
        var id = _nextNode++;
        var data = new NodeData();
        foreach (var l in labels)
        {
            if (!data.Labels.Contains(l))
            {
                data.Labels.Add(l);
            }
        }

        foreach (var (k, v) in properties)
        {
            if (v is not null)
            {
                data.Props[k] = v;
            }
        }

        _nodes[id] = data;
        return id;
    }

    /// <inheritdoc />
    public long CreateRelationship(long start, long end, string type, IReadOnlyDictionary<string, object?> properties)
    {
        var id = _nextRel++;
        var data = new RelData { Start = start, End = end, Type = type };
        foreach (var (k, v) in properties)
        {
            if (v is not null)
            {
                data.Props[k] = v;
            }
        }

        _rels[id] = data;
        _nodes[start].Out.Add(id);
        _nodes[end].In.Add(id);
        return id;
    }

    /// <inheritdoc />
    public void SetNodeProperty(long node, string key, object? value)
    {
        var props = _nodes[node].Props;
        if (value is null)
        {
            props.Remove(key);
        }
        else
        {
            props[key] = value;
        }
    }

    /// <inheritdoc />
    public void SetRelationshipProperty(long relationship, string key, object? value)
    {
        var props = _rels[relationship].Props;
        if (value is null)
        {
            props.Remove(key);
        }
        else
        {
            props[key] = value;
        }
    }

    /// <inheritdoc />
    public void AddLabel(long node, string label)
    {
        var labels = _nodes[node].Labels;
        if (!labels.Contains(label))
        {
            labels.Add(label);
        }
    }

    /// <inheritdoc />
    public void RemoveLabel(long node, string label) => _nodes[node].Labels.Remove(label);

    /// <inheritdoc />
    public void DeleteRelationship(long relationship)
    {
        if (!_rels.Remove(relationship, out var r))
        {
            return;
        }

        _deletedRels[relationship] = r;
        _nodes[r.Start].Out.Remove(relationship);
        _nodes[r.End].In.Remove(relationship);
    }

    /// <inheritdoc />
    public void DeleteNode(long node)
    {
        if (!_nodes.TryGetValue(node, out var n))
        {
            return;
        }

        if (n.Out.Count > 0 || n.In.Count > 0)
        {
            throw new CypherException("ConstraintVerificationFailed", "DeleteConnectedNode", "Cannot delete a node that still has relationships; use DETACH DELETE", false);
        }

        _nodes.Remove(node);
    }
}
