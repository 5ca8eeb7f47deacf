namespace SupplyGraph.Cypher;

/// <summary>A node in a Cypher result: the graph's id for it.</summary>
/// <param name="Id">Id of the node in the graph that produced it.</param>
public sealed record CypherNode(long Id);

/// <summary>A relationship in a Cypher result: the graph's id for it.</summary>
/// <param name="Id">Id of the relationship in the graph that produced it.</param>
public sealed record CypherRelationship(long Id);

/// <summary>A path: nodes and the relationships between them, in order.</summary>
public sealed class CypherPath : IEquatable<CypherPath>
{
    /// <summary>Creates a path; <paramref name="nodes"/> has one more element than <paramref name="relationships"/>.</summary>
    /// <param name="nodes">Nodes in order.</param>
    /// <param name="relationships">Relationships in order.</param>
    public CypherPath(IReadOnlyList<CypherNode> nodes, IReadOnlyList<CypherRelationship> relationships)
    {
        Nodes = nodes;
        Relationships = relationships;
    }

    /// <summary>Nodes in order.</summary>
    public IReadOnlyList<CypherNode> Nodes { get; }

    /// <summary>Relationships in order.</summary>
    public IReadOnlyList<CypherRelationship> Relationships { get; }

    /// <inheritdoc />
    public bool Equals(CypherPath? other)
    {
        if (other is null || other.Nodes.Count != Nodes.Count)
        {
            return false;
        }

        for (var i = 0; i < Nodes.Count; i++)
        {
            if (Nodes[i].Id != other.Nodes[i].Id)
            {
                return false;
            }
        }

        for (var i = 0; i < Relationships.Count; i++)
        {
            if (Relationships[i].Id != other.Relationships[i].Id)
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as CypherPath);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var n in Nodes)
        {
            h.Add(n.Id);
        }

        foreach (var r in Relationships)
        {
            h.Add(r.Id);
        }

        return h.ToHashCode();
    }
}

/// <summary>Relationship direction in a pattern or an expansion.</summary>
public enum CypherDirection
{
    /// <summary>From the current node outwards.</summary>
    Outgoing,

    /// <summary>Into the current node.</summary>
    Incoming,

    /// <summary>Either way.</summary>
    Both,
}

/// <summary>One step from a node: the relationship taken and the node reached.</summary>
/// <param name="Relationship">Relationship id.</param>
/// <param name="Other">The node at the other end.</param>
public readonly record struct CypherHop(long Relationship, long Other);

/// <summary>The read side of a graph the Cypher engine runs on.</summary>
public interface ICypherGraph
{
    /// <summary>Every node id is below this bound (ids are dense), so traversals may mark nodes in a bit set.</summary>
    long NodeIdBound { get; }

    /// <summary>All live nodes.</summary>
    /// <returns>Node ids.</returns>
    IEnumerable<long> Nodes();

    /// <summary>Nodes with <paramref name="label"/>.</summary>
    /// <param name="label">A label.</param>
    /// <returns>Node ids.</returns>
    IEnumerable<long> NodesWithLabel(string label);

    /// <summary>Nodes whose property <paramref name="key"/> equals <paramref name="value"/>, if the graph indexes the key; null otherwise.</summary>
    /// <param name="key">Property key.</param>
    /// <param name="value">Value sought.</param>
    /// <returns>Candidate node ids (the caller still checks), or null when no index helps.</returns>
    IEnumerable<long>? NodesWithProperty(string key, object value);

    /// <summary>Labels of a node.</summary>
    /// <param name="node">Node id.</param>
    /// <returns>Labels in insertion order.</returns>
    IReadOnlyList<string> Labels(long node);

    /// <summary>Whether a node has a label.</summary>
    /// <param name="node">Node id.</param>
    /// <param name="label">Label.</param>
    /// <returns>True when present.</returns>
    bool HasLabel(long node, string label);

    /// <summary>A node property, or null.</summary>
    /// <param name="node">Node id.</param>
    /// <param name="key">Property key.</param>
    /// <returns>The value or null.</returns>
    object? NodeProperty(long node, string key);

    /// <summary>All properties of a node.</summary>
    /// <param name="node">Node id.</param>
    /// <returns>Key/value pairs.</returns>
    IReadOnlyDictionary<string, object?> NodeProperties(long node);

    /// <summary>Appends the relationships at <paramref name="node"/> in <paramref name="direction"/> whose type is in <paramref name="types"/> (all types when empty).</summary>
    /// <param name="node">Node id.</param>
    /// <param name="direction">Direction seen from <paramref name="node"/>.</param>
    /// <param name="types">Accepted type names; empty accepts all.</param>
    /// <param name="into">Receives the hops.</param>
    void Expand(long node, CypherDirection direction, IReadOnlyList<string> types, List<CypherHop> into);

    /// <summary>Type of a relationship.</summary>
    /// <param name="relationship">Relationship id.</param>
    /// <returns>Type name.</returns>
    string RelationshipType(long relationship);

    /// <summary>Start node of a relationship.</summary>
    /// <param name="relationship">Relationship id.</param>
    /// <returns>Node id.</returns>
    long StartNode(long relationship);

    /// <summary>End node of a relationship.</summary>
    /// <param name="relationship">Relationship id.</param>
    /// <returns>Node id.</returns>
    long EndNode(long relationship);

    /// <summary>A relationship property, or null.</summary>
    /// <param name="relationship">Relationship id.</param>
    /// <param name="key">Property key.</param>
    /// <returns>The value or null.</returns>
    object? RelationshipProperty(long relationship, string key);

    /// <summary>All properties of a relationship.</summary>
    /// <param name="relationship">Relationship id.</param>
    /// <returns>Key/value pairs.</returns>
    IReadOnlyDictionary<string, object?> RelationshipProperties(long relationship);
}

/// <summary>A graph the Cypher engine can also write to.</summary>
public interface ICypherWritableGraph : ICypherGraph
{
    /// <summary>Creates a node.</summary>
    /// <param name="labels">Labels.</param>
    /// <param name="properties">Properties (null values are skipped).</param>
    /// <returns>The new node's id.</returns>
    long CreateNode(IReadOnlyList<string> labels, IReadOnlyDictionary<string, object?> properties);

    /// <summary>Creates a relationship.</summary>
    /// <param name="start">Start node.</param>
    /// <param name="end">End node.</param>
    /// <param name="type">Type.</param>
    /// <param name="properties">Properties (null values are skipped).</param>
    /// <returns>The new relationship's id.</returns>
    long CreateRelationship(long start, long end, string type, IReadOnlyDictionary<string, object?> properties);

    /// <summary>Sets (or, with null, removes) a node property.</summary>
    /// <param name="node">Node id.</param>
    /// <param name="key">Key.</param>
    /// <param name="value">Value or null.</param>
    void SetNodeProperty(long node, string key, object? value);

    /// <summary>Sets (or, with null, removes) a relationship property.</summary>
    /// <param name="relationship">Relationship id.</param>
    /// <param name="key">Key.</param>
    /// <param name="value">Value or null.</param>
    void SetRelationshipProperty(long relationship, string key, object? value);

    /// <summary>Adds a label to a node.</summary>
    /// <param name="node">Node id.</param>
    /// <param name="label">Label.</param>
    void AddLabel(long node, string label);

    /// <summary>Removes a label from a node.</summary>
    /// <param name="node">Node id.</param>
    /// <param name="label">Label.</param>
    void RemoveLabel(long node, string label);

    /// <summary>Deletes a relationship.</summary>
    /// <param name="relationship">Relationship id.</param>
    void DeleteRelationship(long relationship);

    /// <summary>Deletes a node that has no relationships left.</summary>
    /// <param name="node">Node id.</param>
    void DeleteNode(long node);
}
