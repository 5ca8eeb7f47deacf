using System.Buffers;
using System.Text;
using Microsoft.Data.Sqlite;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Storage;

/// <summary>
/// Rebuilds the snapshot file from the SQLite tables without holding a record as an object: each row is parsed for
/// the facts the arrays keep (ends, type, days, confidence, labels, country), its bytes appended to the file, and the
/// object dropped. What stays in memory while it runs is the arrays and an id → node index of the entities (about
/// 70 B per relationship and 90 B per entity), not the 600 B per record that building a graph of objects takes.
/// </summary>
internal static class SnapshotBuilder
{
    /// <summary>Writes the snapshot file of the store's tables at its last log entry, all read in one SQLite read transaction.</summary>
    /// <param name="connection">An open connection to the store.</param>
    /// <param name="path">The snapshot file; replaced once the new one is complete and on disk.</param>
    /// <param name="logStamp">Computes the stamp of a log entry (within the same read transaction).</param>
    /// <exception cref="InvalidOperationException">A relationship refers to a missing entity.</exception>
    public static void Build(SqliteConnection connection, string path, Func<SqliteTransaction, long, long> logStamp)
    {
        SnapshotFile.RemoveAbandoned(Path.GetDirectoryName(path)!);
        lock (SnapshotFile.WriterLock(path))
        {
            var temp = $"{path}.{Environment.ProcessId}.tmp";
            try
            {
                using (var tx = connection.BeginTransaction(deferred: true))
                {
                    var sequence = Scalar(connection, tx, "SELECT COALESCE(MAX(seq), 0) FROM changes");
                    var n = checked((int)Scalar(connection, tx, "SELECT COUNT(*) FROM entities"));
                    var m = checked((int)Scalar(connection, tx, "SELECT COUNT(*) FROM relationships"));
                    using var writer = new SnapshotWriter(temp, n, m);
                    var content = Write(connection, tx, writer, n, m, sequence, logStamp(tx, sequence));
                    writer.Finish(content);
                }

                File.Move(temp, path, overwrite: true);
            }
            catch
            {
                File.Delete(temp);
                throw;
            }
        }
    }

    private static SnapshotContent Write(SqliteConnection connection, SqliteTransaction tx, SnapshotWriter writer, int n, int m, long sequence, long stamp)
    {
        var labels = new LabelTable([]);
        var countries = new CountryTable([]);
        var nodeIndex = new Dictionary<string, int>(n, StringComparer.Ordinal);
        var labelBits = new ulong[n];
        var nodeCountry = new int[n];
        var nodeOffsets = new long[n];
        var nodeSlots = new int[MappedRecords<Entity>.SlotCount(n)];
        var json = new ArrayBufferWriter<byte>(4096);
        var id = new ArrayBufferWriter<byte>(256);
        var i = 0;
        foreach (var body in Bodies(connection, tx, "SELECT body FROM entities ORDER BY id", n, json))
        {
            var entity = GraphJson.ParseEntity(body.Span);
            labelBits[i] = labels.Bits(entity);
            nodeCountry[i] = countries.Id(entity.Country);
            nodeOffsets[i] = writer.Append(Utf8(entity.Id, id), body.Span);
            MappedRecords<Entity>.InsertSlot(nodeSlots, id.WrittenSpan, i);
            nodeIndex.Add(entity.Id, i);
            i++;
        }

        List<string> typeNames = [.. RelationshipTypes.All.Keys.Order(StringComparer.Ordinal)];
        var src = new int[m];
        var dst = new int[m];
        var types = new byte[m];
        var fromDay = new int[m];
        var toDay = new int[m];
        var confidence = new float[m];
        var inputOffsets = new long[m];
        var edgeSlotCount = MappedRecords<Relationship>.SlotCount(m);
        var home = new int[m];
        i = 0;
        foreach (var body in Bodies(connection, tx, "SELECT body FROM relationships ORDER BY id", m, json))
        {
            var r = GraphJson.ParseRelationship(body.Span);
            src[i] = NodeOf(nodeIndex, r.From, r.Id);
            dst[i] = NodeOf(nodeIndex, r.To, r.Id);
            types[i] = checked((byte)GraphBase.TypeIndex(typeNames, r.Type));
            fromDay[i] = r.Validity.From?.DayNumber ?? GraphBase.NoDay;
            toDay[i] = r.Validity.To?.DayNumber ?? int.MaxValue;
            confidence[i] = (float)r.Provenance.Confidence;
            inputOffsets[i] = writer.Append(Utf8(r.Id, id), body.Span);
            home[i] = MappedRecords<Relationship>.SlotOf(id.WrittenSpan, edgeSlotCount);
            i++;
        }

        nodeIndex = null;
        var edgeIdOfInput = new int[m];
        var topology = CompactGraph.Build(n, src, dst, types, typeNames, edgeIdOfInput);
        src = dst = null;
        var facts = new Facts(new int[m], new int[m], new float[m], labelBits, nodeCountry, [], [], []);
        var edgeOffsets = new long[m];
        var edgeSlots = new int[edgeSlotCount];
        var mask = edgeSlotCount - 1;
        for (var input = 0; input < m; input++)
        {
            var e = edgeIdOfInput[input];
            facts.ValidFromDay[e] = fromDay[input];
            facts.ValidToDay[e] = toDay[input];
            facts.Confidence[e] = confidence[input];
            edgeOffsets[e] = inputOffsets[input];
            var slot = home[input];
            while (edgeSlots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            edgeSlots[slot] = e + 1;
        }

        facts = ListingChains(facts, topology, typeNames, n);
        return new SnapshotContent(sequence, stamp, typeNames, labels.Names, countries.NamesById(), topology, facts, nodeOffsets, edgeOffsets, nodeSlots, edgeSlots);
    }

    /// <summary>Per node, its chain of LISTED_ON edges, as <see cref="GraphBase"/> builds it.</summary>
    private static Facts ListingChains(Facts facts, CompactGraph topology, List<string> typeNames, int n)
    {
        var head = new int[n];
        Array.Fill(head, -1);
        var edges = new List<int>();
        var next = new List<int>();
        var listedOn = typeNames.IndexOf(RelationshipTypes.ListedOn);
        for (var e = 0; e < topology.EdgeCount; e++)
        {
            if (topology.EdgeType(e) == listedOn)
            {
                var node = topology.EdgeSource(e);
                edges.Add(e);
                next.Add(head[node]);
                head[node] = edges.Count - 1;
            }
        }

        return facts with { ListingHead = head, ListingEdges = [.. edges], ListingNext = [.. next] };
    }

    /// <summary>The bodies of a query's rows as UTF-8, one at a time in a reused buffer.</summary>
    private static IEnumerable<ReadOnlyMemory<byte>> Bodies(SqliteConnection connection, SqliteTransaction tx, string sql, int expected, ArrayBufferWriter<byte> buffer)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        using var reader = cmd.ExecuteReader();
        var rows = 0;
        while (reader.Read())
        {
            if (++rows > expected)
            {
                throw new InvalidOperationException("the table grew while it was read");
            }

            buffer.ResetWrittenCount();
            Encoding.UTF8.GetBytes(reader.GetString(0).AsSpan(), buffer);
            yield return buffer.WrittenMemory;
        }
    }

    private static ReadOnlySpan<byte> Utf8(string value, ArrayBufferWriter<byte> buffer)
    {
        buffer.ResetWrittenCount();
        Encoding.UTF8.GetBytes(value.AsSpan(), buffer);
        return buffer.WrittenSpan;
    }

    private static int NodeOf(Dictionary<string, int> nodeIndex, string entityId, string relationshipId) =>
        nodeIndex.TryGetValue(entityId, out var n)
            ? n
            : throw new InvalidOperationException($"relationship '{relationshipId}' refers to missing entity '{entityId}'");

    private static long Scalar(SqliteConnection connection, SqliteTransaction tx, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return (long)cmd.ExecuteScalar()!;
    }
}
