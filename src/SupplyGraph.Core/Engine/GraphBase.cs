using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Engine;

/// <summary>
/// The immutable bulk of a graph: compact topology, records by dense id, and per-edge and per-node facts in arrays.
/// Snapshots share one base and add a small <see cref="GraphDelta"/> until the delta is compacted into a new base.
/// </summary>
internal sealed class GraphBase
{
    public const int NoDay = int.MinValue;

    public GraphBase(Entity[] nodes, Relationship[] edgesInInputOrder)
    {
        Nodes = Records.Of(nodes);
        Names = new BaseNameIndex(Nodes);

        TypeNames = [.. RelationshipTypes.All.Keys.Order(StringComparer.Ordinal)];
        var m = edgesInInputOrder.Length;
        var src = new int[m];
        var dst = new int[m];
        var types = new byte[m];
        for (var i = 0; i < m; i++)
        {
            var r = edgesInInputOrder[i];
            src[i] = NodeOf(r.From, r.Id);
            dst[i] = NodeOf(r.To, r.Id);
            types[i] = checked((byte)TypeIndex(TypeNames, r.Type));
        }

        var edgeIdOfInput = new int[m];
        Topology = CompactGraph.Build(nodes.Length, src, dst, types, TypeNames, edgeIdOfInput);
        var edges = new Relationship[m];
        ValidFromDay = new int[m];
        ValidToDay = new int[m];
        Confidence = new float[m];
        for (var i = 0; i < m; i++)
        {
            var e = edgeIdOfInput[i];
            var r = edgesInInputOrder[i];
            edges[e] = r;
            ValidFromDay[e] = r.Validity.From?.DayNumber ?? NoDay;
            ValidToDay[e] = r.Validity.To?.DayNumber ?? int.MaxValue;
            Confidence[e] = (float)r.Provenance.Confidence;
        }

        Edges = Records.Of(edges);

        LabelBits = new ulong[nodes.Length];
        NodeCountry = new int[nodes.Length];
        for (var n = 0; n < nodes.Length; n++)
        {
            LabelBits[n] = Labels.Bits(nodes[n]);
            NodeCountry[n] = Countries.Id(nodes[n].Country);
        }

        ListingHead = new int[nodes.Length];
        Array.Fill(ListingHead, -1);
        var listingEdges = new List<int>();
        var listingNext = new List<int>();
        var listedOn = TypeNames.IndexOf(RelationshipTypes.ListedOn);
        for (var e = 0; e < m; e++)
        {
            if (Topology.EdgeType(e) == listedOn)
            {
                var node = Topology.EdgeSource(e);
                listingEdges.Add(e);
                listingNext.Add(ListingHead[node]);
                ListingHead[node] = listingEdges.Count - 1;
            }
        }

        ListingEdges = [.. listingEdges];
        ListingNext = [.. listingNext];
    }

    /// <summary>A base read back from a snapshot file: its arrays as they were written, its records in the file.</summary>
    public GraphBase(CompactGraph topology, RecordTable<Entity> nodes, RecordTable<Relationship> edges, Facts facts, List<string> typeNames,
        IReadOnlyList<string> labelNames, IReadOnlyList<string> countryNames)
        : this(topology, nodes, edges, facts, typeNames, new LabelTable(labelNames), new CountryTable(countryNames), new BaseNameIndex(nodes))
    {
    }

    private GraphBase(CompactGraph topology, RecordTable<Entity> nodes, RecordTable<Relationship> edges, Facts facts, List<string> typeNames,
        LabelTable labels, CountryTable countries, BaseNameIndex names)
    {
        Names = names;
        Topology = topology;
        Nodes = nodes;
        Edges = edges;
        ValidFromDay = facts.ValidFromDay;
        ValidToDay = facts.ValidToDay;
        Confidence = facts.Confidence;
        LabelBits = facts.LabelBits;
        NodeCountry = facts.NodeCountry;
        ListingHead = facts.ListingHead;
        ListingEdges = facts.ListingEdges;
        ListingNext = facts.ListingNext;
        TypeNames = typeNames;
        Labels = labels;
        Countries = countries;
    }

    public CompactGraph Topology { get; }

    /// <summary>The name index of the base's entities, shared by every snapshot on the base (and by a copy reading the same records from a file).</summary>
    public BaseNameIndex Names { get; }

    /// <summary>Entities by node id, with the entity id → node id index.</summary>
    public RecordTable<Entity> Nodes { get; }

    /// <summary>Relationships by edge id, with the relationship id → edge id index.</summary>
    public RecordTable<Relationship> Edges { get; }

    public int[] ValidFromDay { get; }

    public int[] ValidToDay { get; }

    public float[] Confidence { get; }

    public ulong[] LabelBits { get; }

    public int[] NodeCountry { get; }

    /// <summary>Label names by bit; grows as deltas meet new labels (append-only, shared).</summary>
    public LabelTable Labels { get; } = new([]);

    /// <summary>Country names by id; grows as deltas meet new countries (append-only, shared).</summary>
    public CountryTable Countries { get; } = new([]);

    public List<string> TypeNames { get; }

    /// <summary>Per node, the head of its chain of LISTED_ON edges in <see cref="ListingEdges"/> (-1: none).</summary>
    public int[] ListingHead { get; }

    public int[] ListingEdges { get; }

    public int[] ListingNext { get; }

    /// <summary>Relationships per type index, counted once.</summary>
    public int[] TypeCounts => _typeCounts ??= CountTypes();

    private int[]? _typeCounts;

    private int[] CountTypes()
    {
        var counts = new int[CompactGraph.MaxEdgeTypes];
        for (var e = 0; e < Edges.Length; e++)
        {
            counts[Topology.EdgeType(e)]++;
        }

        return counts;
    }

    public static int TypeIndex(List<string> typeNames, string type)
    {
        var t = typeNames.IndexOf(type);
        if (t < 0)
        {
            t = typeNames.Count;
            typeNames.Add(type);
        }

        return t;
    }

    /// <summary>This base with its records read from elsewhere (the same records, numbered the same), sharing every array and table.</summary>
    public GraphBase WithRecords(RecordTable<Entity> nodes, RecordTable<Relationship> edges) =>
        nodes.Length != Nodes.Length || edges.Length != Edges.Length
            ? throw new ArgumentException("the records do not match the base")
            : new GraphBase(Topology, nodes, edges, ToFacts(), TypeNames, Labels, Countries, Names.Sharing(nodes));

    /// <summary>The per-edge and per-node arrays of a base, as a snapshot file holds them.</summary>
    public Facts ToFacts() => new(ValidFromDay, ValidToDay, Confidence, LabelBits, NodeCountry, ListingHead, ListingEdges, ListingNext);

    private int NodeOf(string entityId, string relationshipId) =>
        Nodes.TryGetIndex(entityId, out var n)
            ? n
            : throw new InvalidOperationException($"relationship '{relationshipId}' refers to missing entity '{entityId}'");
}

/// <summary>The per-edge (validity days, confidence) and per-node (labels, country, listing chains) arrays of a base.</summary>
internal sealed record Facts(int[] ValidFromDay, int[] ValidToDay, float[] Confidence, ulong[] LabelBits, int[] NodeCountry,
    int[] ListingHead, int[] ListingEdges, int[] ListingNext);

/// <summary>Label name ↔ bit (up to 64 labels get a bit; thread-safe, append-only).</summary>
internal sealed class LabelTable(IReadOnlyList<string> names)
{
    private readonly Lock _lock = new();
    private string[] _names = [.. names];

    public string[] Names => Volatile.Read(ref _names);

    public ulong Bits(Entity e)
    {
        ulong bits = 0;
        foreach (var label in e.Labels)
        {
            var i = IndexOf(label, add: true);
            if (i >= 0)
            {
                bits |= 1UL << i;
            }
        }

        return bits;
    }

    public ulong Mask(IEnumerable<string> labels)
    {
        ulong mask = 0;
        foreach (var label in labels)
        {
            var i = IndexOf(label, add: false);
            if (i >= 0)
            {
                mask |= 1UL << i;
            }
        }

        return mask;
    }

    private int IndexOf(string label, bool add)
    {
        var names = Names;
        var i = Array.IndexOf(names, label);
        if (i >= 0 || !add)
        {
            return i;
        }

        lock (_lock)
        {
            names = _names;
            i = Array.IndexOf(names, label);
            if (i < 0 && names.Length < 64)
            {
                i = names.Length;
                Volatile.Write(ref _names, [.. names, label]);
            }

            return i;
        }
    }
}

/// <summary>Country name ↔ id (0: none; thread-safe, append-only).</summary>
internal sealed class CountryTable
{
    private readonly Lock _lock = new();
    private Dictionary<string, int> _ids = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A table holding <paramref name="names"/> with ids 1, 2, … in that order.</summary>
    public CountryTable(IReadOnlyList<string> names)
    {
        foreach (var name in names)
        {
            _ids.Add(name, _ids.Count + 1);
        }
    }

    public int Count => Volatile.Read(ref _ids).Count;

    /// <summary>Country names by id (index 0 is id 1).</summary>
    public string[] NamesById()
    {
        var ids = Volatile.Read(ref _ids);
        var names = new string[ids.Count];
        foreach (var (name, id) in ids)
        {
            names[id - 1] = name;
        }

        return names;
    }

    public int Id(string? country)
    {
        if (string.IsNullOrWhiteSpace(country))
        {
            return 0;
        }

        var key = country.Trim();
        if (Volatile.Read(ref _ids).TryGetValue(key, out var id))
        {
            return id;
        }

        lock (_lock)
        {
            if (!_ids.TryGetValue(key, out id))
            {
                var copy = new Dictionary<string, int>(_ids, StringComparer.OrdinalIgnoreCase) { [key] = _ids.Count + 1 };
                id = _ids.Count + 1;
                Volatile.Write(ref _ids, copy);
            }

            return id;
        }
    }

    public int? Find(string country) => Volatile.Read(ref _ids).TryGetValue(country.Trim(), out var id) ? id : null;
}
