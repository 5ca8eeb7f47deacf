using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Engine;

/// <summary>
/// An immutable, consistent view of the whole graph at one change-log sequence number. Writers build the next
/// snapshot and swap it in, so a reader holding a snapshot sees the graph before or after a batch, never half.
/// </summary>
/// <remarks>
/// A snapshot is a shared base (compact topology and records in arrays) plus a delta of the changes since the
/// base was built. Applying a batch copies and extends the delta — its cost follows the delta, not the graph —
/// and folds the delta into a new base once it exceeds <see cref="CompactionThreshold"/> changes. Node and edge
/// ids are dense: new nodes and edges get ids after the base's; deleted ones leave holes (see <see cref="IsLiveNode"/>).
/// </remarks>
public sealed class GraphSnapshot : IGraphTopology
{
    private readonly GraphBase _base;
    private readonly GraphDelta _delta;
    private readonly Lazy<NameIndex> _names;

    private GraphSnapshot(long sequence, GraphBase b, GraphDelta delta)
    {
        Sequence = sequence;
        _base = b;
        _delta = delta;
        _names = new Lazy<NameIndex>(() => NameIndex.For(this), LazyThreadSafetyMode.ExecutionAndPublication);
        ListingIndex = new ListingIndex(this);
    }

    /// <summary>
    /// Changes a delta may hold before it is folded into a new base: 10 × √(nodes + edges), at least 1,000.
    /// </summary>
    /// <remarks>
    /// Each commit copies the delta (cost ∝ its size) and each compaction rebuilds the graph (∝ the graph): the square
    /// root balances the two per change. Measured on the seed store (11,000 nodes and edges, loaded machine): a
    /// one-entity commit took 0.19 ms on an empty delta, 2.1 ms on a 4,000-change one, a rebuild 150 ms. The former
    /// floor of 50,000 kept a first-start seed or a CSV import as a delta for good, so every later commit paid for it.
    /// </remarks>
    public int CompactionThreshold => Math.Max(1_000, (int)(10 * Math.Sqrt(_base.Nodes.Length + _base.Edges.Length)));

    /// <summary>An empty graph at sequence 0.</summary>
    public static GraphSnapshot Empty { get; } = Create(0, [], []);

    /// <summary>Builds a snapshot from records; every relationship's ends must be among the entities.</summary>
    /// <param name="sequence">Change-log sequence the snapshot reflects.</param>
    /// <param name="entities">The entities.</param>
    /// <param name="relationships">The relationships.</param>
    /// <returns>The snapshot.</returns>
    /// <exception cref="InvalidOperationException">A relationship refers to a missing entity.</exception>
    public static GraphSnapshot Create(long sequence, IEnumerable<Entity> entities, IEnumerable<Relationship> relationships)
    {
        var b = new GraphBase([.. entities], [.. relationships]);
        return new GraphSnapshot(sequence, b, GraphDelta.EmptyFor(b));
    }

    /// <summary>A snapshot of exactly <paramref name="b"/> (a base read back from a snapshot file).</summary>
    internal static GraphSnapshot FromBase(long sequence, GraphBase b) => new(sequence, b, GraphDelta.EmptyFor(b));

    /// <summary>This snapshot (same sequence and delta) over <paramref name="b"/>, a base numbered as this one's.</summary>
    internal GraphSnapshot WithBase(GraphBase b) => new(Sequence, b, _delta);

    /// <summary>The change-log sequence number this snapshot reflects.</summary>
    public long Sequence { get; }

    /// <summary>Size of the node id space (live nodes and holes left by deletions).</summary>
    public int NodeCount => _delta.NodeCount;

    /// <summary>Size of the edge id space (live edges and holes left by deletions).</summary>
    public int EdgeCount => _delta.EdgeCount;

    /// <summary>Number of entities.</summary>
    public int LiveNodeCount => _delta.LiveNodes;

    /// <summary>Number of relationships.</summary>
    public int LiveEdgeCount => _delta.LiveEdges;

    /// <summary>Changes held in the delta (0 right after compaction).</summary>
    public int DeltaSize => _delta.Size;

    /// <inheritdoc/>
    public IReadOnlyList<string> EdgeTypeNames => _delta.TypeNames;

    /// <summary>Every entity, by node id order.</summary>
    public IEnumerable<Entity> Entities
    {
        get
        {
            for (var n = 0; n < NodeCount; n++)
            {
                if (IsLiveNode(n))
                {
                    yield return Entity(n);
                }
            }
        }
    }

    /// <summary>Every relationship, by edge id order.</summary>
    public IEnumerable<Relationship> Relationships
    {
        get
        {
            for (var e = 0; e < EdgeCount; e++)
            {
                if (IsLiveEdge(e))
                {
                    yield return Relationship(e);
                }
            }
        }
    }

    /// <summary>Relationships per type: the base's counts, adjusted by the delta (cost follows the delta, not the graph).</summary>
    /// <returns>Type name → count, for types with at least one relationship.</returns>
    public IReadOnlyDictionary<string, int> CountByType()
    {
        var counts = (int[])_base.TypeCounts.Clone();
        if (!_delta.IsEmpty)
        {
            foreach (var e in _delta.DeletedEdges)
            {
                counts[EdgeType(e)]--;
            }

            foreach (var added in _delta.AddedEdges)
            {
                counts[added.Type]++;
            }
        }

        var result = new SortedDictionary<string, int>(StringComparer.Ordinal);
        for (var t = 0; t < EdgeTypeNames.Count; t++)
        {
            if (counts[t] > 0)
            {
                result[EdgeTypeNames[t]] = counts[t];
            }
        }

        return result;
    }

    /// <summary>Which nodes are listed, on which lists, since when.</summary>
    public ListingIndex ListingIndex { get; }

    /// <summary>
    /// The name index used by <see cref="Find(string, int, FindFilter)"/>: the base's (built once per base, on first use
    /// or in the background) and one of the entities the delta added or changed, made on first use.
    /// </summary>
    public NameIndex Names => _names.Value;

    internal GraphBase Base => _base;

    internal GraphDelta Delta => _delta;

    /// <summary>Whether node id <paramref name="node"/> holds an entity (not a hole left by a deletion).</summary>
    /// <param name="node">Node id.</param>
    /// <returns>True when live.</returns>
    public bool IsLiveNode(int node) => _delta.IsEmpty ? (uint)node < (uint)_base.Nodes.Length : _delta.IsLive(_base, node);

    /// <summary>Whether edge id <paramref name="edge"/> holds a relationship.</summary>
    /// <param name="edge">Edge id.</param>
    /// <returns>True when live.</returns>
    public bool IsLiveEdge(int edge) => (uint)edge < (uint)EdgeCount && (_delta.IsEmpty || !_delta.DeletedEdges.Contains(edge));

    /// <summary>The base topology when this snapshot has no delta (its adjacency is then exactly the base's), else null.</summary>
    internal CompactGraph? PlainTopology => _delta.IsEmpty && _delta.PatchedBits is null && NodeCount == _base.Nodes.Length && EdgeCount == _base.Topology.EdgeCount ? _base.Topology : null;

    /// <inheritdoc/>
    public Adjacency Out(int node)
    {
        if (TryPatch(node, out var p))
        {
            return new Adjacency(p.OutPacked, p.OutEdges, 0);
        }

        return node < _base.Nodes.Length ? _base.Topology.Out(node) : default;
    }

    /// <inheritdoc/>
    public Adjacency In(int node)
    {
        if (TryPatch(node, out var p))
        {
            return new Adjacency(p.InPacked, p.InEdges, 0);
        }

        return node < _base.Nodes.Length ? _base.Topology.In(node) : default;
    }

    /// <inheritdoc/>
    public int OutDegree(int node) => TryPatch(node, out var p) ? p.OutPacked.Length : node < _base.Nodes.Length ? _base.Topology.OutDegree(node) : 0;

    /// <inheritdoc/>
    public int InDegree(int node) => TryPatch(node, out var p) ? p.InPacked.Length : node < _base.Nodes.Length ? _base.Topology.InDegree(node) : 0;

    /// <inheritdoc/>
    public int EdgeSource(int edge) => edge < _base.Edges.Length ? _base.Topology.EdgeSource(edge) : Added(edge).Source;

    /// <inheritdoc/>
    public int EdgeTarget(int edge) => edge < _base.Edges.Length ? _base.Topology.EdgeTarget(edge) : Added(edge).Target;

    /// <inheritdoc/>
    public int EdgeType(int edge) => edge < _base.Edges.Length ? _base.Topology.EdgeType(edge) : Added(edge).Type;

    /// <summary>The entity with node id <paramref name="node"/>.</summary>
    /// <param name="node">Node id of a live node.</param>
    /// <returns>The entity.</returns>
    public Entity Entity(int node) =>
        !_delta.IsEmpty && _delta.Nodes.TryGetValue(node, out var e) ? e ?? throw new InvalidOperationException($"node {node} was deleted") : _base.Nodes[node];

    /// <summary>The relationship with edge id <paramref name="edge"/>.</summary>
    /// <param name="edge">Edge id.</param>
    /// <returns>The relationship.</returns>
    public Relationship Relationship(int edge) => edge < _base.Edges.Length ? _base.Edges[edge] : Added(edge).Record;

    /// <summary>Node id of the entity <paramref name="id"/>.</summary>
    /// <param name="id">Entity id.</param>
    /// <param name="node">Node id when found.</param>
    /// <returns>True when the entity exists.</returns>
    public bool TryGetNode(string id, out int node)
    {
        if (!_delta.IsEmpty && _delta.AddedNodeIds.TryGetValue(id, out node))
        {
            return true;
        }

        return _base.Nodes.TryGetIndex(id, out node) && IsLiveNode(node);
    }

    /// <summary>Edge id of the relationship <paramref name="id"/>.</summary>
    /// <param name="id">Relationship id.</param>
    /// <param name="edge">Edge id when found.</param>
    /// <returns>True when the relationship exists.</returns>
    public bool TryGetEdge(string id, out int edge)
    {
        if (!_delta.IsEmpty && _delta.AddedEdgeIds.TryGetValue(id, out edge))
        {
            return true;
        }

        return _base.Edges.TryGetIndex(id, out edge) && IsLiveEdge(edge);
    }

    /// <summary>The entity with id <paramref name="id"/>, or null.</summary>
    /// <param name="id">Entity id.</param>
    /// <returns>The entity or null.</returns>
    public Entity? FindEntity(string id) => TryGetNode(id, out var n) ? Entity(n) : null;

    /// <summary>The relationship with id <paramref name="id"/>, or null.</summary>
    /// <param name="id">Relationship id.</param>
    /// <returns>The relationship or null.</returns>
    public Relationship? FindRelationship(string id) => TryGetEdge(id, out var e) ? Relationship(e) : null;

    /// <summary>Whether edge <paramref name="edge"/> holds on the day with <see cref="DateOnly.DayNumber"/> <paramref name="dayNumber"/>.</summary>
    /// <param name="edge">Edge id.</param>
    /// <param name="dayNumber">The day as <see cref="DateOnly.DayNumber"/>.</param>
    /// <returns>True when valid on that day.</returns>
    public bool EdgeHoldsOn(int edge, int dayNumber)
    {
        if (edge < _base.Edges.Length)
        {
            return _base.ValidFromDay[edge] <= dayNumber && dayNumber <= _base.ValidToDay[edge];
        }

        var a = Added(edge);
        return a.FromDay <= dayNumber && dayNumber <= a.ToDay;
    }

    /// <summary>Confidence of the evidence for edge <paramref name="edge"/>.</summary>
    /// <param name="edge">Edge id.</param>
    /// <returns>From 0 to 1.</returns>
    public float ConfidenceOf(int edge) => edge < _base.Edges.Length ? _base.Confidence[edge] : Added(edge).Confidence;

    /// <summary>A mask of label bits for <paramref name="labels"/>, for <see cref="NodeHasAnyLabel"/>.</summary>
    /// <param name="labels">Label names.</param>
    /// <returns>The mask (labels no node carries contribute nothing).</returns>
    public ulong LabelMask(IEnumerable<string> labels) => _base.Labels.Mask(labels);

    /// <summary>Whether node <paramref name="node"/> carries any label in <paramref name="labelMask"/>.</summary>
    /// <param name="node">Node id.</param>
    /// <param name="labelMask">A mask from <see cref="LabelMask"/>.</param>
    /// <returns>True when it does.</returns>
    public bool NodeHasAnyLabel(int node, ulong labelMask)
    {
        var bits = !_delta.IsEmpty && _delta.LabelBits.TryGetValue(node, out var b) ? b : node < _base.LabelBits.Length ? _base.LabelBits[node] : 0;
        return (bits & labelMask) != 0;
    }

    /// <summary>The country id of node <paramref name="node"/> (0 when it has none).</summary>
    /// <param name="node">Node id.</param>
    /// <returns>Country id.</returns>
    public int NodeCountry(int node) =>
        !_delta.IsEmpty && _delta.Country.TryGetValue(node, out var c) ? c : node < _base.NodeCountry.Length ? _base.NodeCountry[node] : 0;

    /// <summary>Country ids for names; unknown countries are left out.</summary>
    /// <param name="countries">Country names (case-insensitive).</param>
    /// <returns>Flags indexed by country id, or null when <paramref name="countries"/> is empty.</returns>
    public bool[]? CountryFlags(IReadOnlyCollection<string> countries)
    {
        if (countries.Count == 0)
        {
            return null;
        }

        var flags = new bool[_base.Countries.Count + 1];
        foreach (var c in countries)
        {
            if (_base.Countries.Find(c) is { } id && id < flags.Length)
            {
                flags[id] = true;
            }
        }

        return flags;
    }

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
    public IReadOnlyList<EntityMatch> Find(string text, int limit = 20) => Find(text, limit, FindFilter.None);

    /// <summary>Finds entities by name, alias or id, keeping only those that pass <paramref name="filter"/>.</summary>
    /// <param name="text">What the user typed.</param>
    /// <param name="limit">Most matches to return (after filtering).</param>
    /// <param name="filter">Country and label the matches must have.</param>
    /// <returns>Matches, best first.</returns>
    /// <exception cref="InvalidInputException">The filter names a label the graph does not know.</exception>
    public IReadOnlyList<EntityMatch> Find(string text, int limit, FindFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        filter.Validate(KnownLabels());
        var matches = new List<EntityMatch>();
        var hasExact = TryGetNode(text.Trim(), out var exact);
        if (hasExact && filter.Matches(Entity(exact)))
        {
            matches.Add(new EntityMatch(Entity(exact), 1.0, "id"));
        }

        // Filtering happens after ranking, so a filtered search must look past the first `limit` hits.
        foreach (var hit in Names.Search(text, filter.IsEmpty ? limit + 1 : int.MaxValue))
        {
            if (hasExact && hit.Node == exact)
            {
                continue;
            }

            var entity = Entity(hit.Node);
            if (!filter.Matches(entity))
            {
                continue;
            }

            matches.Add(new EntityMatch(entity, hit.Score, hit.MatchedName));
            if (matches.Count > limit)
            {
                break;
            }
        }

        return matches.Count > limit ? matches[..limit] : matches;
    }

    /// <summary>Labels an entity in this graph may have: the primary labels and every label in use.</summary>
    /// <returns>Label names, sorted.</returns>
    public IReadOnlyList<string> KnownLabels() =>
        [.. NodeLabels.Primary.Concat(_base.Labels.Names).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>
    /// Resolves what a user wrote to one entity: an id, an exact name or alias, or a unique close match.
    /// </summary>
    /// <param name="reference">Id, name or alias.</param>
    /// <returns>The entity.</returns>
    /// <exception cref="EntityNotFoundException">Nothing matches, or several do equally well.</exception>
    public Entity Resolve(string reference) => ResolveMatch(reference).Entity;

    /// <summary>
    /// Resolves what a user wrote to one entity, saying how: score 1 for an id or an exact name or alias, less for a
    /// close match taken because it was clearly ahead (which a caller should announce).
    /// </summary>
    /// <param name="reference">Id, name or alias.</param>
    /// <returns>The entity, the score of the match and the name or alias matched ("id" for an id).</returns>
    /// <exception cref="EntityNotFoundException">Nothing matches, or several do equally well.</exception>
    public EntityMatch ResolveMatch(string reference)
    {
        if (TryGetNode(reference.Trim(), out var node))
        {
            return new EntityMatch(Entity(node), 1.0, "id");
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
            return new EntityMatch(Entity(best.Node), best.Score, best.MatchedName);
        }

        throw new EntityNotFoundException(reference, [.. hits.Select(h => h.Node).Distinct().Select(Entity)]);
    }

    /// <summary>Builds the snapshot that results from applying validated changes.</summary>
    /// <param name="sequence">The sequence number of the batch.</param>
    /// <param name="changes">Validated changes (relationship deletes for detached entities made explicit).</param>
    /// <returns>The new snapshot; this one is unchanged.</returns>
    public GraphSnapshot Apply(long sequence, IReadOnlyList<Change> changes)
    {
        if (_delta.Size + changes.Count > CompactionThreshold)
        {
            return Rebuild(sequence, changes);
        }

        return new GraphSnapshot(sequence, _base, GraphDelta.Extend(this, _base, _delta, changes));
    }

    /// <summary>Whether <see cref="Apply"/> of <paramref name="changes"/> more changes would fold the delta into a new base built from every record.</summary>
    /// <param name="changes">Changes of the next batch.</param>
    /// <returns>True when the delta would pass <see cref="CompactionThreshold"/>.</returns>
    public bool WouldRebuild(int changes) => _delta.Size + changes > CompactionThreshold;

    /// <summary>
    /// <see cref="Apply"/> without the rebuild: the delta grows past <see cref="CompactionThreshold"/>, for an owner that
    /// builds the next base another way (the embedded store, from its tables, when a base of tens of millions of records
    /// would take some 490 B per record as objects).
    /// </summary>
    /// <param name="sequence">The sequence number of the batch.</param>
    /// <param name="changes">Validated changes.</param>
    /// <returns>The new snapshot; this one is unchanged.</returns>
    public GraphSnapshot Extend(long sequence, IReadOnlyList<Change> changes) => new(sequence, _base, GraphDelta.Extend(this, _base, _delta, changes));

    /// <summary>The same graph with the delta folded into a new base (node and edge ids are renumbered).</summary>
    /// <returns>The compacted snapshot.</returns>
    public GraphSnapshot Compact() => Rebuild(Sequence, []);

    /// <summary>A new base from the live records with <paramref name="changes"/> applied: for large batches and compaction.</summary>
    private GraphSnapshot Rebuild(long sequence, IReadOnlyList<Change> changes)
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

        return Create(sequence, Merge(Entities, entities, e => e.Id), Merge(Relationships, relationships, r => r.Id));
    }

    private static List<T> Merge<T>(IEnumerable<T> current, Dictionary<string, T?> changed, Func<T, string> id)
        where T : class
    {
        var result = new List<T>();
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

        return result;
    }

    private bool TryPatch(int node, out Patch patch)
    {
        var bits = _delta.PatchedBits;
        if (bits is not null && (uint)(node >> 6) < (uint)bits.Length && (bits[node >> 6] & (1UL << node)) != 0)
        {
            patch = _delta.Patches[node];
            return true;
        }

        patch = null!;
        return false;
    }

    private AddedEdge Added(int edge) => _delta.AddedEdges[edge - _base.Edges.Length];
}

/// <summary>A search hit.</summary>
/// <param name="Entity">The entity.</param>
/// <param name="Score">From 0 to 1; 1 is an exact id, name or alias.</param>
/// <param name="MatchedName">The name or alias that matched ("id" for an id match).</param>
public sealed record EntityMatch(Entity Entity, double Score, string MatchedName);

/// <summary>What a search's matches must have besides a matching name: an exact country and a label.</summary>
/// <param name="Country">Country the entity must have (case-insensitive, exact: Hong Kong is not China); null for any.</param>
/// <param name="Label">Label the entity must carry (primary or role); null for any.</param>
public sealed record FindFilter(string? Country = null, string? Label = null)
{
    /// <summary>No filtering.</summary>
    public static FindFilter None { get; } = new();

    /// <summary>Whether the filter lets every entity through.</summary>
    public bool IsEmpty => string.IsNullOrWhiteSpace(Country) && string.IsNullOrWhiteSpace(Label);

    /// <summary>Whether <paramref name="entity"/> passes the filter.</summary>
    /// <param name="entity">A candidate match.</param>
    /// <returns>True when it has the country and the label asked for.</returns>
    public bool Matches(Entity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (!string.IsNullOrWhiteSpace(Country) && !string.Equals(entity.Country?.Trim(), Country.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return string.IsNullOrWhiteSpace(Label) || entity.Labels.Contains(Label.Trim(), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Refuses a label no entity could have, so a typo does not look like "no matches".</summary>
    /// <param name="knownLabels">Labels the graph knows.</param>
    /// <exception cref="InvalidInputException">The label is unknown; the message lists the known ones.</exception>
    public void Validate(IReadOnlyCollection<string> knownLabels)
    {
        ArgumentNullException.ThrowIfNull(knownLabels);
        if (string.IsNullOrWhiteSpace(Label) || knownLabels.Contains(Label.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            return;
        }

        var hint = NodeLabels.TypoOf(Label.Trim()) is { } suggestion ? $"did you mean '{suggestion}'? " : "";
        throw new InvalidInputException(new InputError(null, "label", $"unknown label '{Label.Trim()}'; {hint}known labels: {string.Join(", ", knownLabels)}"));
    }
}
