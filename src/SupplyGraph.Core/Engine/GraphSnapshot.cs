using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Engine;

/// <summary>
/// An immutable, consistent view of the whole graph at one change-log sequence number: the compact topology
/// plus the entity and relationship records indexed by dense id. Writers build a new snapshot and swap it in,
/// so a reader holding a snapshot sees the graph before or after a batch, never half of it.
/// </summary>
public sealed class GraphSnapshot : IGraphTopology
{
    private const int NoDay = int.MinValue;
    private readonly CompactGraph _topology;
    private readonly Entity[] _nodes;
    private readonly Relationship[] _edges;
    private readonly Dictionary<string, int> _nodeIndex;
    private readonly Dictionary<string, int> _edgeIndex;
    private readonly int[] _validFromDay;
    private readonly int[] _validToDay;
    private readonly ulong[] _nodeLabelBits;
    private readonly string[] _labelNames;
    private readonly int[] _nodeCountry;
    private readonly Dictionary<string, int> _countryIndex = new(StringComparer.OrdinalIgnoreCase);
    private readonly float[] _edgeConfidence;
    private readonly Lazy<NameIndex> _names;
    private readonly Lazy<ListingIndex> _listings;

    private GraphSnapshot(long sequence, Entity[] nodes, Relationship[] edgesInInputOrder)
    {
        Sequence = sequence;
        _nodes = nodes;
        _nodeIndex = new Dictionary<string, int>(nodes.Length, StringComparer.Ordinal);
        for (var i = 0; i < nodes.Length; i++)
        {
            _nodeIndex.Add(nodes[i].Id, i);
        }

        var typeNames = new List<string>(RelationshipTypes.All.Keys.Order(StringComparer.Ordinal));
        var typeIndex = typeNames.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i, StringComparer.Ordinal);
        var m = edgesInInputOrder.Length;
        var src = new int[m];
        var dst = new int[m];
        var types = new byte[m];
        for (var i = 0; i < m; i++)
        {
            var r = edgesInInputOrder[i];
            src[i] = NodeOf(r.From, r.Id);
            dst[i] = NodeOf(r.To, r.Id);
            if (!typeIndex.TryGetValue(r.Type, out var t))
            {
                t = typeNames.Count;
                typeNames.Add(r.Type);
                typeIndex.Add(r.Type, t);
            }

            types[i] = checked((byte)t);
        }

        var edgeIdOfInput = new int[m];
        _topology = CompactGraph.Build(nodes.Length, src, dst, types, typeNames, edgeIdOfInput);
        _edges = new Relationship[m];
        _validFromDay = new int[m];
        _validToDay = new int[m];
        for (var i = 0; i < m; i++)
        {
            var e = edgeIdOfInput[i];
            var r = edgesInInputOrder[i];
            _edges[e] = r;
            _validFromDay[e] = r.Validity.From?.DayNumber ?? NoDay;
            _validToDay[e] = r.Validity.To?.DayNumber ?? int.MaxValue;
        }

        _edgeIndex = new Dictionary<string, int>(m, StringComparer.Ordinal);
        for (var e = 0; e < m; e++)
        {
            _edgeIndex.Add(_edges[e].Id, e);
        }

        var labels = new List<string>();
        _nodeLabelBits = new ulong[nodes.Length];
        for (var n = 0; n < nodes.Length; n++)
        {
            foreach (var label in nodes[n].Labels)
            {
                var li = labels.IndexOf(label);
                if (li < 0 && labels.Count < 64)
                {
                    li = labels.Count;
                    labels.Add(label);
                }

                if (li >= 0)
                {
                    _nodeLabelBits[n] |= 1UL << li;
                }
            }
        }

        _labelNames = [.. labels];
        _nodeCountry = new int[nodes.Length];
        for (var n = 0; n < nodes.Length; n++)
        {
            _nodeCountry[n] = CountryId(nodes[n].Country);
        }

        _edgeConfidence = new float[m];
        for (var e = 0; e < m; e++)
        {
            _edgeConfidence[e] = (float)_edges[e].Provenance.Confidence;
        }

        _names = new Lazy<NameIndex>(() => new NameIndex(_nodes), LazyThreadSafetyMode.ExecutionAndPublication);
        _listings = new Lazy<ListingIndex>(() => new ListingIndex(this), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>An empty graph at sequence 0.</summary>
    public static GraphSnapshot Empty { get; } = new(0, [], []);

    /// <summary>Builds a snapshot from records; every relationship's ends must be among the entities.</summary>
    /// <param name="sequence">Change-log sequence the snapshot reflects.</param>
    /// <param name="entities">The entities.</param>
    /// <param name="relationships">The relationships.</param>
    /// <returns>The snapshot.</returns>
    /// <exception cref="InvalidOperationException">A relationship refers to a missing entity.</exception>
    public static GraphSnapshot Create(long sequence, IEnumerable<Entity> entities, IEnumerable<Relationship> relationships) =>
        new(sequence, [.. entities], [.. relationships]);

    /// <summary>The change-log sequence number this snapshot reflects.</summary>
    public long Sequence { get; }

    /// <summary>The compact topology.</summary>
    public CompactGraph Topology => _topology;

    /// <inheritdoc/>
    public int NodeCount => _nodes.Length;

    /// <inheritdoc/>
    public int EdgeCount => _edges.Length;

    /// <inheritdoc/>
    public IReadOnlyList<string> EdgeTypeNames => _topology.EdgeTypeNames;

    /// <summary>All entities, by node id.</summary>
    public ReadOnlySpan<Entity> Entities => _nodes;

    /// <summary>All relationships, by edge id.</summary>
    public ReadOnlySpan<Relationship> Relationships => _edges;

    /// <summary>Which nodes are listed, on which lists, since when; built on first use.</summary>
    public ListingIndex ListingIndex => _listings.Value;

    /// <summary>Confidence of each edge's evidence, by edge id.</summary>
    public ReadOnlySpan<float> EdgeConfidence => _edgeConfidence;

    /// <summary>Number of distinct countries (country ids are <c>1..CountryCount</c>; 0 means none).</summary>
    public int CountryCount => _countryIndex.Count;

    /// <summary>The country id of node <paramref name="node"/> (0 when it has none).</summary>
    /// <param name="node">Node id.</param>
    /// <returns>Country id.</returns>
    public int NodeCountry(int node) => _nodeCountry[node];

    /// <summary>Country ids for names; unknown countries are left out.</summary>
    /// <param name="countries">Country names (case-insensitive).</param>
    /// <returns>Flags indexed by country id, or null when <paramref name="countries"/> is empty.</returns>
    public bool[]? CountryFlags(IReadOnlyCollection<string> countries)
    {
        if (countries.Count == 0)
        {
            return null;
        }

        var flags = new bool[_countryIndex.Count + 1];
        foreach (var c in countries)
        {
            if (_countryIndex.TryGetValue(c.Trim(), out var id))
            {
                flags[id] = true;
            }
        }

        return flags;
    }

    /// <summary>The name index used by <see cref="Find"/>, built on first use.</summary>
    public NameIndex Names => _names.Value;

    /// <inheritdoc/>
    public Adjacency Out(int node) => _topology.Out(node);

    /// <inheritdoc/>
    public Adjacency In(int node) => _topology.In(node);

    /// <inheritdoc/>
    public int OutDegree(int node) => _topology.OutDegree(node);

    /// <inheritdoc/>
    public int InDegree(int node) => _topology.InDegree(node);

    /// <inheritdoc/>
    public int EdgeSource(int edge) => _topology.EdgeSource(edge);

    /// <inheritdoc/>
    public int EdgeTarget(int edge) => _topology.EdgeTarget(edge);

    /// <inheritdoc/>
    public int EdgeType(int edge) => _topology.EdgeType(edge);

    /// <summary>The entity with node id <paramref name="node"/>.</summary>
    /// <param name="node">Node id.</param>
    /// <returns>The entity.</returns>
    public Entity Entity(int node) => _nodes[node];

    /// <summary>The relationship with edge id <paramref name="edge"/>.</summary>
    /// <param name="edge">Edge id.</param>
    /// <returns>The relationship.</returns>
    public Relationship Relationship(int edge) => _edges[edge];

    /// <summary>Node id of the entity <paramref name="id"/>.</summary>
    /// <param name="id">Entity id.</param>
    /// <param name="node">Node id when found.</param>
    /// <returns>True when the entity exists.</returns>
    public bool TryGetNode(string id, out int node) => _nodeIndex.TryGetValue(id, out node);

    /// <summary>Edge id of the relationship <paramref name="id"/>.</summary>
    /// <param name="id">Relationship id.</param>
    /// <param name="edge">Edge id when found.</param>
    /// <returns>True when the relationship exists.</returns>
    public bool TryGetEdge(string id, out int edge) => _edgeIndex.TryGetValue(id, out edge);

    /// <summary>The entity with id <paramref name="id"/>, or null.</summary>
    /// <param name="id">Entity id.</param>
    /// <returns>The entity or null.</returns>
    public Entity? FindEntity(string id) => _nodeIndex.TryGetValue(id, out var n) ? _nodes[n] : null;

    /// <summary>The relationship with id <paramref name="id"/>, or null.</summary>
    /// <param name="id">Relationship id.</param>
    /// <returns>The relationship or null.</returns>
    public Relationship? FindRelationship(string id) => _edgeIndex.TryGetValue(id, out var e) ? _edges[e] : null;

    /// <summary>Whether edge <paramref name="edge"/> holds on the day with <see cref="DateOnly.DayNumber"/> <paramref name="dayNumber"/>.</summary>
    /// <param name="edge">Edge id.</param>
    /// <param name="dayNumber">The day as <see cref="DateOnly.DayNumber"/>.</param>
    /// <returns>True when valid on that day.</returns>
    public bool EdgeHoldsOn(int edge, int dayNumber) => _validFromDay[edge] <= dayNumber && dayNumber <= _validToDay[edge];

    /// <summary>A mask of label bits for <paramref name="labels"/>, for <see cref="NodeHasAnyLabel"/>.</summary>
    /// <param name="labels">Label names.</param>
    /// <returns>The mask (labels no node carries contribute nothing).</returns>
    public ulong LabelMask(IEnumerable<string> labels)
    {
        ulong mask = 0;
        foreach (var label in labels)
        {
            var i = Array.IndexOf(_labelNames, label);
            if (i >= 0)
            {
                mask |= 1UL << i;
            }
        }

        return mask;
    }

    /// <summary>Whether node <paramref name="node"/> carries any label in <paramref name="labelMask"/>.</summary>
    /// <param name="node">Node id.</param>
    /// <param name="labelMask">A mask from <see cref="LabelMask"/>.</param>
    /// <returns>True when it does.</returns>
    public bool NodeHasAnyLabel(int node, ulong labelMask) => (_nodeLabelBits[node] & labelMask) != 0;

    /// <summary>The relationships at an entity, in the given direction(s).</summary>
    /// <param name="node">Node id.</param>
    /// <param name="direction">Out, in, or both.</param>
    /// <returns>Edge ids.</returns>
    public IReadOnlyList<int> EdgesAt(int node, Direction direction)
    {
        var result = new List<int>();
        if (direction != Direction.In)
        {
            var a = Out(node);
            for (var i = 0; i < a.Count; i++)
            {
                result.Add(a.EdgeId(i));
            }
        }

        if (direction != Direction.Out)
        {
            var a = In(node);
            for (var i = 0; i < a.Count; i++)
            {
                result.Add(a.EdgeId(i));
            }
        }

        return result;
    }

    /// <summary>Finds entities by name, alias or id: case-insensitive and tolerant of small typos.</summary>
    /// <param name="text">What the user typed.</param>
    /// <param name="limit">Most matches to return.</param>
    /// <returns>Matches, best first.</returns>
    public IReadOnlyList<EntityMatch> Find(string text, int limit = 20)
    {
        var matches = new List<EntityMatch>();
        if (TryGetNode(text.Trim(), out var exact))
        {
            matches.Add(new EntityMatch(_nodes[exact], 1.0, "id"));
        }

        foreach (var hit in Names.Search(text, limit + 1))
        {
            if (matches.Count > 0 && hit.Node == exact)
            {
                continue;
            }

            matches.Add(new EntityMatch(_nodes[hit.Node], hit.Score, hit.MatchedName));
        }

        return matches.Count > limit ? matches[..limit] : matches;
    }

    /// <summary>
    /// Resolves what a user wrote to one entity: an id, an exact name or alias, or a unique close match.
    /// </summary>
    /// <param name="reference">Id, name or alias.</param>
    /// <returns>The entity.</returns>
    /// <exception cref="EntityNotFoundException">Nothing matches, or several do equally well.</exception>
    public Entity Resolve(string reference)
    {
        if (TryGetNode(reference.Trim(), out var node))
        {
            return _nodes[node];
        }

        var hits = Names.Search(reference, 10);
        if (hits.Count == 0)
        {
            throw new EntityNotFoundException(reference, []);
        }

        // Take the best hit only when it is good and clearly ahead: an exact name, or a margin over the next.
        var best = hits[0];
        var runnerUp = hits.Count > 1 ? hits[1].Score : 0;
        var clear = best.Score >= 1.0 ? runnerUp < 1.0 : best.Score >= NameIndex.ConfidentScore && best.Score - runnerUp >= NameIndex.ClearMargin;
        if (clear)
        {
            return _nodes[best.Node];
        }

        throw new EntityNotFoundException(reference, [.. hits.Select(h => h.Node).Distinct().Select(n => _nodes[n])]);
    }

    /// <summary>Builds the snapshot that results from applying validated changes.</summary>
    /// <param name="sequence">The sequence number of the batch.</param>
    /// <param name="changes">Validated changes (relationship deletes for detached entities made explicit).</param>
    /// <returns>The new snapshot; this one is unchanged.</returns>
    public GraphSnapshot Apply(long sequence, IReadOnlyList<Change> changes)
    {
        var entities = new Dictionary<string, Entity?>(StringComparer.Ordinal);
        var relationships = new Dictionary<string, Relationship?>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            switch (change)
            {
                case PutEntity p: entities[p.Entity.Id] = p.Entity; break;
                case DeleteEntity d: entities[d.Id] = null; break;
                case PutRelationship p: relationships[p.Relationship.Id] = p.Relationship; break;
                case DeleteRelationship d: relationships[d.Id] = null; break;
            }
        }

        return new GraphSnapshot(sequence, Merge(_nodes, entities, e => e.Id), Merge(_edges, relationships, r => r.Id));
    }

    private static T[] Merge<T>(T[] current, Dictionary<string, T?> changed, Func<T, string> id)
        where T : class
    {
        var result = new List<T>(current.Length + changed.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in current)
        {
            var key = id(item);
            if (changed.TryGetValue(key, out var replacement))
            {
                seen.Add(key);
                if (replacement is not null)
                {
                    result.Add(replacement);
                }
            }
            else
            {
                result.Add(item);
            }
        }

        foreach (var (key, item) in changed)
        {
            if (item is not null && !seen.Contains(key))
            {
                result.Add(item);
            }
        }

        return [.. result];
    }

    private int CountryId(string? country)
    {
        if (string.IsNullOrWhiteSpace(country))
        {
            return 0;
        }

        if (!_countryIndex.TryGetValue(country.Trim(), out var id))
        {
            id = _countryIndex.Count + 1;
            _countryIndex.Add(country.Trim(), id);
        }

        return id;
    }

    private int NodeOf(string entityId, string relationshipId) =>
        _nodeIndex.TryGetValue(entityId, out var n)
            ? n
            : throw new InvalidOperationException($"relationship '{relationshipId}' refers to missing entity '{entityId}'");
}

/// <summary>A search hit.</summary>
/// <param name="Entity">The entity.</param>
/// <param name="Score">From 0 to 1; 1 is an exact id, name or alias.</param>
/// <param name="MatchedName">The name or alias that matched ("id" for an id match).</param>
public sealed record EntityMatch(Entity Entity, double Score, string MatchedName);
