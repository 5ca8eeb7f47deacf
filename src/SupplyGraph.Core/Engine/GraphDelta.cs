using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Engine;

/// <summary>An edge added since the base was built.</summary>
internal readonly record struct AddedEdge(Relationship Record, int Source, int Target, int Type, int FromDay, int ToDay, float Confidence);

/// <summary>The adjacency of a node touched since the base was built: packed entries and edge ids, both directions.</summary>
internal sealed record Patch(int[] OutPacked, int[] OutEdges, int[] InPacked, int[] InEdges);

/// <summary>
/// What changed since the base: records replaced, added or deleted (null), edges appended, edges deleted, and the
/// full adjacency of every node those changes touched. Immutable; the next commit copies and extends it, so its
/// cost is proportional to the delta, not to the graph. Compacted into a new base when it grows large.
/// </summary>
internal sealed class GraphDelta
{
    private GraphDelta(GraphBase b)
    {
        NodeCount = b.Nodes.Length;
        EdgeCount = b.Edges.Length;
        LiveNodes = NodeCount;
        LiveEdges = EdgeCount;
    }

    private GraphDelta(GraphDelta d)
    {
        NodeCount = d.NodeCount;
        EdgeCount = d.EdgeCount;
        LiveNodes = d.LiveNodes;
        LiveEdges = d.LiveEdges;
        Size = d.Size;
        Nodes = new(d.Nodes);
        AddedNodeIds = new(d.AddedNodeIds, StringComparer.Ordinal);
        LabelBits = new(d.LabelBits);
        Country = new(d.Country);
        AddedEdges = [.. d.AddedEdges];
        DeletedEdges = [.. d.DeletedEdges];
        AddedEdgeIds = new(d.AddedEdgeIds, StringComparer.Ordinal);
        Patches = new(d.Patches);
        PatchedBits = d.PatchedBits;
        Listings = new(d.Listings);
        TypeNames = d.TypeNames;
    }

    public static GraphDelta EmptyFor(GraphBase b) => new(b) { TypeNames = b.TypeNames };

    public int NodeCount { get; private set; }

    public int EdgeCount { get; private set; }

    public int LiveNodes { get; private set; }

    public int LiveEdges { get; private set; }

    /// <summary>Changes absorbed since the base; drives compaction.</summary>
    public int Size { get; private set; }

    public bool IsEmpty => Size == 0;

    public Dictionary<int, Entity?> Nodes { get; } = [];

    public Dictionary<string, int> AddedNodeIds { get; } = new(StringComparer.Ordinal);

    public Dictionary<int, ulong> LabelBits { get; } = [];

    public Dictionary<int, int> Country { get; } = [];

    public List<AddedEdge> AddedEdges { get; } = [];

    public HashSet<int> DeletedEdges { get; } = [];

    public Dictionary<string, int> AddedEdgeIds { get; } = new(StringComparer.Ordinal);

    public Dictionary<int, Patch> Patches { get; } = [];

    /// <summary>One bit per node with a patch, so unpatched nodes cost one bit test.</summary>
    public ulong[]? PatchedBits { get; private set; }

    /// <summary>Node → LISTED_ON edges added since the base.</summary>
    public Dictionary<int, int[]> Listings { get; } = [];

    public List<string> TypeNames { get; private init; } = [];

    /// <summary>The delta after <paramref name="changes"/> (validated), on top of <paramref name="snapshot"/>.</summary>
    public static GraphDelta Extend(GraphSnapshot snapshot, GraphBase b, GraphDelta previous, IReadOnlyList<Change> changes)
    {
        var typeNames = previous.TypeNames;
        foreach (var c in changes)
        {
            if (c is PutRelationship p && !typeNames.Contains(p.Relationship.Type))
            {
                typeNames = [.. typeNames, p.Relationship.Type];
            }
        }

        var d = new GraphDelta(previous) { TypeNames = typeNames };
        d.Size += changes.Count;
        var touched = new HashSet<int>();
        var newEdges = new List<int>();
        List<int>? endsLater = null;
        var deletedNow = new HashSet<int>();
        int NodeOf(string id) => d.AddedNodeIds.TryGetValue(id, out var n) ? n : snapshot.TryGetNode(id, out n) && d.IsLive(b, n) ? n : -1;
        int EdgeOf(string id) => d.AddedEdgeIds.TryGetValue(id, out var e) ? e : b.Edges.TryGetIndex(id, out e) && !d.DeletedEdges.Contains(e) ? e : -1;

        foreach (var change in changes)
        {
            switch (change)
            {
                case PutEntity p:
                    {
                        var n = NodeOf(p.Entity.Id);
                        if (n < 0)
                        {
                            n = d.NodeCount++;
                            d.AddedNodeIds[p.Entity.Id] = n;
                            d.LiveNodes++;
                        }

                        d.Nodes[n] = p.Entity;
                        d.LabelBits[n] = b.Labels.Bits(p.Entity);
                        d.Country[n] = b.Countries.Id(p.Entity.Country);
                        break;
                    }

                case DeleteEntity del:
                    {
                        var n = NodeOf(del.Id);
                        d.Nodes[n] = null;
                        d.AddedNodeIds.Remove(del.Id);
                        d.LiveNodes--;
                        break;
                    }

                case PutRelationship p:
                    {
                        var old = EdgeOf(p.Relationship.Id);
                        if (old >= 0)
                        {
                            d.Delete(b, old, touched, deletedNow);
                        }

                        var r = p.Relationship;
                        var e = d.EdgeCount++;
                        var edge = new AddedEdge(r, NodeOf(r.From), NodeOf(r.To), typeNames.IndexOf(r.Type),
                            r.Validity.From?.DayNumber ?? GraphBase.NoDay, r.Validity.To?.DayNumber ?? int.MaxValue, (float)r.Provenance.Confidence);
                        d.AddedEdges.Add(edge);
                        d.AddedEdgeIds[r.Id] = e;
                        d.LiveEdges++;
                        newEdges.Add(e);
                        if (edge.Source < 0 || edge.Target < 0)
                        {
                            // A batch may name a relationship before the entities it joins; its ends are found when the
                            // whole batch has been read (the validator checked them on the batch's final state).
                            (endsLater ??= []).Add(e);
                        }
                        else
                        {
                            d.Attach(edge, e, touched);
                        }

                        break;
                    }

                case DeleteRelationship del:
                    d.Delete(b, EdgeOf(del.Id), touched, deletedNow);
                    break;
            }
        }

        foreach (var e in endsLater ?? [])
        {
            if (!d.DeletedEdges.Contains(e))
            {
                var at = e - b.Edges.Length;
                var edge = d.AddedEdges[at];
                edge = edge with { Source = NodeOf(edge.Record.From), Target = NodeOf(edge.Record.To) };
                d.AddedEdges[at] = edge;
                d.Attach(edge, e, touched);
            }
        }

        d.Repatch(snapshot, b, touched, newEdges, deletedNow);
        return d;
    }

    /// <summary>Marks a new edge's ends for a new adjacency, and indexes it as a listing when it is one.</summary>
    private void Attach(AddedEdge edge, int e, HashSet<int> touched)
    {
        touched.Add(edge.Source);
        touched.Add(edge.Target);
        if (edge.Record.Type == RelationshipTypes.ListedOn)
        {
            Listings[edge.Source] = Listings.TryGetValue(edge.Source, out var l) ? [.. l, e] : [e];
        }
    }

    public bool IsLive(GraphBase b, int node) => Nodes.TryGetValue(node, out var e) ? e is not null : node < b.Nodes.Length;

    /// <summary>Deletes an edge of the base or of this delta (possibly added earlier in the same batch).</summary>
    private void Delete(GraphBase b, int edge, HashSet<int> touched, HashSet<int> deletedNow)
    {
        DeletedEdges.Add(edge);
        deletedNow.Add(edge);
        LiveEdges--;
        if (edge < b.Edges.Length)
        {
            touched.Add(b.Topology.EdgeSource(edge));
            touched.Add(b.Topology.EdgeTarget(edge));
            return;
        }

        var added = AddedEdges[edge - b.Edges.Length];
        AddedEdgeIds.Remove(added.Record.Id);
        touched.Add(added.Source);
        touched.Add(added.Target);
    }

    /// <summary>Rebuilds the adjacency of touched nodes: their current lists without deleted edges, plus new edges.</summary>
    private void Repatch(GraphSnapshot snapshot, GraphBase b, HashSet<int> touched, List<int> newEdges, HashSet<int> deletedNow)
    {
        if (touched.Count == 0)
        {
            return;
        }

        var bits = PatchedBits is { } old && old.Length >= (NodeCount + 63) >> 6 ? (ulong[])old.Clone() : Grow(PatchedBits, NodeCount);

        // The batch's new edges by end, once: scanning them per touched node made a large import quadratic
        // (14,000 new edges × 17,000 touched nodes took seconds).
        var newOut = new Dictionary<int, List<int>>();
        var newIn = new Dictionary<int, List<int>>();
        foreach (var e in newEdges)
        {
            if (!DeletedEdges.Contains(e))
            {
                var edge = AddedEdges[e - b.Edges.Length];
                Append(newOut, edge.Source, e);
                Append(newIn, edge.Target, e);
            }
        }

        foreach (var node in touched)
        {
            if (node < 0)
            {
                continue;
            }

            var outPacked = new List<int>();
            var outEdges = new List<int>();
            var inPacked = new List<int>();
            var inEdges = new List<int>();
            Keep(snapshot.Out(node), deletedNow, outPacked, outEdges);
            Keep(snapshot.In(node), deletedNow, inPacked, inEdges);
            if (newOut.TryGetValue(node, out var outgoing))
            {
                foreach (var e in outgoing)
                {
                    var edge = AddedEdges[e - b.Edges.Length];
                    outPacked.Add((edge.Type << Adjacency.TypeShift) | edge.Target);
                    outEdges.Add(e);
                }
            }

            if (newIn.TryGetValue(node, out var incoming))
            {
                foreach (var e in incoming)
                {
                    var edge = AddedEdges[e - b.Edges.Length];
                    inPacked.Add((edge.Type << Adjacency.TypeShift) | edge.Source);
                    inEdges.Add(e);
                }
            }

            Patches[node] = new Patch([.. outPacked], [.. outEdges], [.. inPacked], [.. inEdges]);
            bits[node >> 6] |= 1UL << node;
        }

        PatchedBits = bits;
    }

    private static void Append(Dictionary<int, List<int>> byNode, int node, int edge)
    {
        if (!byNode.TryGetValue(node, out var list))
        {
            byNode[node] = list = [];
        }

        list.Add(edge);
    }

    private static void Keep(Adjacency adjacency, HashSet<int> deleted, List<int> packed, List<int> edges)
    {
        for (var i = 0; i < adjacency.Count; i++)
        {
            var e = adjacency.EdgeId(i);
            if (!deleted.Contains(e))
            {
                packed.Add(adjacency.Packed[i]);
                edges.Add(e);
            }
        }
    }

    private static ulong[] Grow(ulong[]? bits, int nodeCount)
    {
        var grown = new ulong[((nodeCount + 63) >> 6) + 16];
        bits?.CopyTo(grown, 0);
        return grown;
    }
}
