using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Review;

namespace SupplyGraph.Core.Storage;

/// <summary>
/// Writes validated changes into the store's tables and their change-log entry, inside the caller's transaction.
/// Each record is serialised once: the same JSON is the row's body and, as a raw value, its place in the log body
/// (before, every record was written twice, each time through a new stream and writer). Statements are prepared once
/// per writer and reused across transactions (a bulk write's chunks). Rows go to SQLite in id order within a call
/// (same-id changes keep their order), so the primary-key B-trees are filled page by page instead of at random.
/// </summary>
internal sealed class StoreRowWriter : IDisposable
{
    private static readonly JsonWriterOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private const int ProgressEvery = 5_000;

    private readonly SqliteCommand _putEntity;
    private readonly SqliteCommand _deleteEntity;
    private readonly SqliteCommand _putRelationship;
    private readonly SqliteCommand _deleteRelationship;
    private readonly SqliteCommand _putReview;
    private readonly SqliteCommand _log;
    private readonly ArrayBufferWriter<byte> _record = new(4096);
    private readonly ArrayBufferWriter<byte> _body = new(1 << 20);
    private readonly Utf8JsonWriter _recordWriter;
    private readonly Utf8JsonWriter _bodyWriter;

    public StoreRowWriter(SqliteConnection connection)
    {
        _putEntity = Command(connection, "INSERT INTO entities(id, body) VALUES($id, $body) ON CONFLICT(id) DO UPDATE SET body = excluded.body", "$id", "$body");
        _deleteEntity = Command(connection, "DELETE FROM entities WHERE id = $id", "$id");
        _putRelationship = Command(connection,
            "INSERT INTO relationships(id, type, src, dst, body) VALUES($id, $type, $src, $dst, $body) " +
            "ON CONFLICT(id) DO UPDATE SET type = excluded.type, src = excluded.src, dst = excluded.dst, body = excluded.body",
            "$id", "$type", "$src", "$dst", "$body");
        _deleteRelationship = Command(connection, "DELETE FROM relationships WHERE id = $id", "$id");
        _putReview = Command(connection,
            "INSERT INTO reviews(id, status, queued_at, source_file, source_line, record_key, body) VALUES($id, $status, $queued, $file, $line, $key, $body) " +
            "ON CONFLICT(id) DO UPDATE SET status = excluded.status, queued_at = excluded.queued_at, source_file = excluded.source_file, " +
            "source_line = excluded.source_line, record_key = excluded.record_key, body = excluded.body",
            "$id", "$status", "$queued", "$file", "$line", "$key", "$body");
        _log = Command(connection, "INSERT INTO changes(committed_at, description, body) VALUES($at, $description, $body); SELECT last_insert_rowid();",
            "$at", "$description", "$body");
        _recordWriter = new Utf8JsonWriter(_record, Options);
        _bodyWriter = new Utf8JsonWriter(_body, Options);
    }

    /// <summary>Writes the changes and their log entry in <paramref name="tx"/>; returns the entry's sequence.</summary>
    /// <param name="tx">The open write transaction.</param>
    /// <param name="changes">Validated changes, in log order.</param>
    /// <param name="description">The entry's description.</param>
    /// <param name="committedAt">The entry's time.</param>
    /// <param name="progress">Receives "writing" progress, counted from <paramref name="doneBefore"/> of <paramref name="total"/>.</param>
    /// <param name="doneBefore">Changes of the same write already written (earlier chunks).</param>
    /// <param name="total">Changes of the whole write.</param>
    /// <param name="cancellationToken">Checked every few thousand rows and before the log entry.</param>
    /// <returns>The log sequence.</returns>
    public long Write(SqliteTransaction tx, IReadOnlyList<Change> changes, string? description, DateTimeOffset committedAt,
        IProgress<ApplyProgress>? progress, int doneBefore, int total, CancellationToken cancellationToken)
    {
        foreach (var cmd in (ReadOnlySpan<SqliteCommand>)[_putEntity, _deleteEntity, _putRelationship, _deleteRelationship, _putReview, _log])
        {
            cmd.Transaction = tx;
        }

        // The log body in change order; each record's JSON is found again in it (start, length) for its row.
        var starts = new int[changes.Count];
        var lengths = new int[changes.Count];
        _body.ResetWrittenCount();
        _bodyWriter.Reset(_body);
        _bodyWriter.WriteStartArray();
        for (var i = 0; i < changes.Count; i++)
        {
            var change = changes[i];
            if (change is PutEntity or PutRelationship or PutReview)
            {
                _record.ResetWrittenCount();
                _recordWriter.Reset(_record);
                switch (change)
                {
                    case PutEntity p: GraphJson.Write(_recordWriter, p.Entity); break;
                    case PutRelationship p: GraphJson.Write(_recordWriter, p.Relationship); break;
                    case PutReview p: ReviewJson.Write(_recordWriter, p.Review); break;
                }

                _recordWriter.Flush();
                _bodyWriter.WriteStartObject();
                _bodyWriter.WriteString("op", change switch { PutEntity => "putEntity", PutRelationship => "putRelationship", _ => "putReview" });
                _bodyWriter.WritePropertyName(change switch { PutEntity => "entity", PutRelationship => "relationship", _ => "review" });
                _bodyWriter.Flush();
                starts[i] = _body.WrittenCount;
                lengths[i] = _record.WrittenCount;
                _bodyWriter.WriteRawValue(_record.WrittenSpan, skipInputValidation: true);
                _bodyWriter.WriteEndObject();
            }
            else
            {
                GraphJson.Write(_bodyWriter, change);
            }
        }

        _bodyWriter.WriteEndArray();
        _bodyWriter.Flush();

        var order = RowOrder(changes);
        for (var k = 0; k < order.Length; k++)
        {
            if (k % ProgressEvery == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(new ApplyProgress("writing", doneBefore + k, total));
            }

            var i = order[k];
            var body = lengths[i] > 0 ? Encoding.UTF8.GetString(_body.WrittenSpan.Slice(starts[i], lengths[i])) : "";
            switch (changes[i])
            {
                case PutEntity p:
                    Run(_putEntity, p.Entity.Id, body);
                    break;
                case DeleteEntity d:
                    Run(_deleteEntity, d.Id);
                    break;
                case PutRelationship p:
                    var r = p.Relationship;
                    Run(_putRelationship, r.Id, r.Type, r.From, r.To, body);
                    break;
                case DeleteRelationship d:
                    Run(_deleteRelationship, d.Id);
                    break;
                case PutReview p:
                    var v = p.Review;
                    Run(_putReview, v.Id, ReviewJson.StatusName(v.Status), ReviewJson.QueueTime(v), v.At?.File ?? "",
                        (v.At?.Line ?? 0).ToString(CultureInfo.InvariantCulture), v.RecordKey, body);
                    break;
            }
        }

        _log.Parameters["$at"].Value = committedAt.ToString("O", CultureInfo.InvariantCulture);
        _log.Parameters["$description"].Value = (object?)description ?? DBNull.Value;
        _log.Parameters["$body"].Value = Encoding.UTF8.GetString(_body.WrittenSpan);
        var sequence = (long)_log.ExecuteScalar()!;
        _log.Parameters["$body"].Value = null;
        cancellationToken.ThrowIfCancellationRequested();
        return sequence;
    }

    public void Dispose()
    {
        _recordWriter.Dispose();
        _bodyWriter.Dispose();
        foreach (var cmd in (ReadOnlySpan<SqliteCommand>)[_putEntity, _deleteEntity, _putRelationship, _deleteRelationship, _putReview, _log])
        {
            cmd.Dispose();
        }
    }

    /// <summary>Positions of the changes by table, then id, then position (a stable order: same-id changes keep theirs).</summary>
    private static int[] RowOrder(IReadOnlyList<Change> changes)
    {
        var order = new int[changes.Count];
        var table = new byte[changes.Count];
        var ids = new string[changes.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
            (table[i], ids[i]) = changes[i] switch
            {
                PutEntity p => ((byte)0, p.Entity.Id),
                DeleteEntity d => ((byte)0, d.Id),
                PutRelationship p => ((byte)1, p.Relationship.Id),
                DeleteRelationship d => ((byte)1, d.Id),
                PutReview p => ((byte)2, p.Review.Id),
                _ => ((byte)3, ""),
            };
        }

        Array.Sort(order, (a, b) =>
        {
            var c = table[a].CompareTo(table[b]);
            if (c == 0)
            {
                c = string.CompareOrdinal(ids[a], ids[b]);
            }

            return c != 0 ? c : a.CompareTo(b);
        });
        return order;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, params string[] parameters)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        foreach (var p in parameters)
        {
            cmd.Parameters.Add(new SqliteParameter(p, null));
        }

        return cmd;
    }

    private static void Run(SqliteCommand cmd, params string[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            cmd.Parameters[i].Value = values[i];
        }

        cmd.ExecuteNonQuery();
    }
}
