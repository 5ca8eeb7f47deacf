using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Review;

namespace SupplyGraph.Core.Storage;

/// <summary>
/// Writes validated changes into the store's tables and their change-log entry, inside the caller's transaction.
/// Each record is serialised once: the same UTF-8 JSON is the row's body and, as a raw value, its place in the log body
/// (before, every record was written twice, each time through a new stream and writer). The bodies are bound to
/// SQLite as UTF-8 straight from the serialiser's buffer, through SQLitePCLRaw's statements (prepared once per writer,
/// reused across a bulk write's chunks): an ADO.NET parameter takes a string, so each body was decoded to UTF-16 and
/// encoded back (two copies per row, 70 MB of garbage per 50,000-row chunk of a 1M-relationship import), and
/// <see cref="SqliteCommand.ExecuteNonQuery"/> builds a reader per row. Rows go to SQLite in id order within a call
/// (same-id changes keep their order), so the primary-key B-trees are filled page by page instead of at random.
/// </summary>
internal sealed class StoreRowWriter : IDisposable
{
    private static readonly JsonWriterOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private const int ProgressEvery = 5_000;

    private readonly sqlite3 _db;
    private readonly Statement _putEntity;
    private readonly Statement _deleteEntity;
    private readonly Statement _putRelationship;
    private readonly Statement _deleteRelationship;
    private readonly Statement _putReview;
    private readonly Statement _log;
    private readonly ArrayBufferWriter<byte> _record = new(4096);
    private readonly ArrayBufferWriter<byte> _body = new(1 << 20);
    private readonly Utf8JsonWriter _recordWriter;
    private readonly Utf8JsonWriter _bodyWriter;

    public StoreRowWriter(SqliteConnection connection)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
        _putEntity = Prepare("INSERT INTO entities(id, body) VALUES($id, $body) ON CONFLICT(id) DO UPDATE SET body = excluded.body", "$id", "$body");
        _deleteEntity = Prepare("DELETE FROM entities WHERE id = $id", "$id");
        _putRelationship = Prepare(
            "INSERT INTO relationships(id, type, src, dst, body) VALUES($id, $type, $src, $dst, $body) " +
            "ON CONFLICT(id) DO UPDATE SET type = excluded.type, src = excluded.src, dst = excluded.dst, body = excluded.body",
            "$id", "$type", "$src", "$dst", "$body");
        _deleteRelationship = Prepare("DELETE FROM relationships WHERE id = $id", "$id");
        _putReview = Prepare(
            "INSERT INTO reviews(id, status, queued_at, source_file, source_line, record_key, body) VALUES($id, $status, $queued, $file, $line, $key, $body) " +
            "ON CONFLICT(id) DO UPDATE SET status = excluded.status, queued_at = excluded.queued_at, source_file = excluded.source_file, " +
            "source_line = excluded.source_line, record_key = excluded.record_key, body = excluded.body",
            "$id", "$status", "$queued", "$file", "$line", "$key", "$body");
        _log = Prepare("INSERT INTO changes(committed_at, description, body) VALUES($at, $description, $body)", "$at", "$description", "$body");
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
        // The statements run on the transaction's connection; the transaction is the caller's, begun on it.
        ArgumentNullException.ThrowIfNull(tx);
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
            var body = _body.WrittenSpan.Slice(starts[i], lengths[i]);
            switch (changes[i])
            {
                case PutEntity p:
                    _putEntity.Text(1, p.Entity.Id).Text(2, body).Run();
                    break;
                case DeleteEntity d:
                    _deleteEntity.Text(1, d.Id).Run();
                    break;
                case PutRelationship p:
                    var r = p.Relationship;
                    _putRelationship.Text(1, r.Id).Text(2, r.Type).Text(3, r.From).Text(4, r.To).Text(5, body).Run();
                    break;
                case DeleteRelationship d:
                    _deleteRelationship.Text(1, d.Id).Run();
                    break;
                case PutReview p:
                    var v = p.Review;
                    _putReview.Text(1, v.Id).Text(2, ReviewJson.StatusName(v.Status)).Text(3, ReviewJson.QueueTime(v)).Text(4, v.At?.File ?? "")
                        .Text(5, (v.At?.Line ?? 0).ToString(CultureInfo.InvariantCulture)).Text(6, v.RecordKey).Text(7, body).Run();
                    break;
            }
        }

        _log.Text(1, committedAt.ToString("O", CultureInfo.InvariantCulture)).Text(2, description).Text(3, _body.WrittenSpan).Run();
        var sequence = raw.sqlite3_last_insert_rowid(_db);
        cancellationToken.ThrowIfCancellationRequested();
        return sequence;
    }

    public void Dispose()
    {
        _recordWriter.Dispose();
        _bodyWriter.Dispose();
        foreach (var statement in (ReadOnlySpan<Statement>)[_putEntity, _deleteEntity, _putRelationship, _deleteRelationship, _putReview, _log])
        {
            statement.Dispose();
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

    private Statement Prepare(string sql, params string[] parameters)
    {
        var rc = raw.sqlite3_prepare_v2(_db, sql, out var stmt);
        SqliteException.ThrowExceptionForRC(rc, _db);
        // The statement's parameters are bound by position: check that they are the ones named, in order.
        for (var i = 0; i < parameters.Length; i++)
        {
            if (raw.sqlite3_bind_parameter_index(stmt, parameters[i]) != i + 1)
            {
                stmt.Dispose();
                throw new InvalidOperationException($"parameter {parameters[i]} is not number {i + 1} of: {sql}");
            }
        }

        return new Statement(_db, stmt);
    }

    /// <summary>A prepared statement bound by position, run to completion and reset for the next row.</summary>
    private sealed class Statement(sqlite3 db, sqlite3_stmt stmt) : IDisposable
    {
        private byte[] _utf8 = new byte[256];

        /// <summary>
        /// Binds text (null binds NULL), encoded to UTF-8 here: SQLite's own UTF-16 conversion (bind_text16) took a
        /// fifth of the row writer's time in a profile of the 1M-relationship import.
        /// </summary>
        public Statement Text(int index, string? value)
        {
            if (value is null)
            {
                Check(raw.sqlite3_bind_null(stmt, index));
                return this;
            }

            var most = System.Text.Encoding.UTF8.GetMaxByteCount(value.Length);
            if (most > _utf8.Length)
            {
                _utf8 = new byte[Math.Max(most, _utf8.Length * 2)];
            }

            var length = System.Text.Encoding.UTF8.GetBytes(value, _utf8);
            return Text(index, _utf8.AsSpan(0, length));
        }

        /// <summary>Binds UTF-8 text; SQLite copies it, so the buffer may be reused at once.</summary>
        public Statement Text(int index, ReadOnlySpan<byte> utf8)
        {
            Check(raw.sqlite3_bind_text(stmt, index, utf8));
            return this;
        }

        public void Run()
        {
            var rc = raw.sqlite3_step(stmt);
            // Reset also when the step failed, so the statement holds no lock and its bindings go with the next row.
            raw.sqlite3_reset(stmt);
            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, db);
            }
        }

        public void Dispose() => stmt.Dispose();

        private void Check(int rc)
        {
            if (rc != raw.SQLITE_OK)
            {
                SqliteException.ThrowExceptionForRC(rc, db);
            }
        }
    }
}
