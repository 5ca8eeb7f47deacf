// Saved screenings, their differences, decisions, the audit trail and webhook deliveries, as side tables in the
// embedded store's SQLite file. Why side tables and not the change log: the log holds graph facts that every follower
// (live queries, the hub, replicas) replays; a screening's re-evaluation is itself driven by the log, so writing it
// back as a log entry would wake every follower, and the screening monitor itself, for a fact that is not the graph's.
// Each table records the change sequence it is current to instead. Embedded-only for now: a Neo4j-backed server keeps
// no screenings (the API says so with a 501).
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using nietras.SeparatedValues;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Screening;

/// <summary>One row of a saved screening as stored: its verdict, evidence and the result as JSON.</summary>
/// <param name="Row">The row.</param>
/// <param name="Verdict">Its verdict.</param>
/// <param name="EvidenceHash">The hash of its evidence.</param>
/// <param name="Evidence">The evidence lines (<see cref="ScreeningRowResult.Evidence"/>).</param>
/// <param name="Json">The whole result (<see cref="ScreeningReportWriter.WriteRow"/>).</param>
public sealed record StoredRow(int Row, ScreeningVerdict Verdict, string EvidenceHash, string Evidence, string Json)
{
    /// <summary>Whether the row needs a person's attention.</summary>
    public bool Flagged => Verdict is not (ScreeningVerdict.Clear or ScreeningVerdict.NoMatch);
}

/// <summary>Saved screenings and everything kept about them, in side tables of the embedded store's file.</summary>
public sealed class ScreeningStore : IDisposable
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);
    private readonly SqliteConnection _db;
    private readonly Lock _gate = new();

    private ScreeningStore(SqliteConnection db) => _db = db;

    /// <summary>Opens (creating the tables on first use) the screening tables of the store file <paramref name="storeFile"/>.</summary>
    /// <param name="storeFile">The embedded store's SQLite file (<c>EmbeddedGraphStore.FilePath</c>).</param>
    /// <returns>The store.</returns>
    public static ScreeningStore Open(string storeFile)
    {
        var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = storeFile, Pooling = false, DefaultTimeout = 60 }.ToString());
        db.Open();
        Execute(db, """
            PRAGMA busy_timeout=60000;
            CREATE TABLE IF NOT EXISTS screenings(id TEXT PRIMARY KEY, input TEXT NOT NULL, rows TEXT NOT NULL, parameters TEXT NOT NULL, webhook TEXT,
                created_by TEXT NOT NULL, created_at TEXT NOT NULL, seq INTEGER NOT NULL, status TEXT NOT NULL, done INTEGER NOT NULL, error TEXT);
            CREATE TABLE IF NOT EXISTS screening_rows(screening TEXT NOT NULL, row INTEGER NOT NULL, verdict TEXT NOT NULL, hash TEXT NOT NULL,
                evidence TEXT NOT NULL, result TEXT NOT NULL, PRIMARY KEY(screening, row)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS screening_diffs(id INTEGER PRIMARY KEY AUTOINCREMENT, screening TEXT NOT NULL, seq INTEGER NOT NULL, at TEXT NOT NULL,
                row INTEGER NOT NULL, before TEXT NOT NULL, after TEXT NOT NULL, before_hash TEXT NOT NULL, after_hash TEXT NOT NULL, why TEXT NOT NULL, reopened TEXT);
            CREATE TABLE IF NOT EXISTS screening_decisions(screening TEXT NOT NULL, row INTEGER NOT NULL, status TEXT NOT NULL, reason TEXT NOT NULL,
                by TEXT NOT NULL, at TEXT NOT NULL, hash TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY(screening, row)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS screening_audit(id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, who TEXT NOT NULL, action TEXT NOT NULL,
                screening TEXT NOT NULL, row INTEGER, data TEXT NOT NULL, detail TEXT NOT NULL);
            CREATE TRIGGER IF NOT EXISTS screening_audit_no_update BEFORE UPDATE ON screening_audit BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
            CREATE TRIGGER IF NOT EXISTS screening_audit_no_delete BEFORE DELETE ON screening_audit BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
            CREATE TABLE IF NOT EXISTS webhook_deliveries(id INTEGER PRIMARY KEY AUTOINCREMENT, screening TEXT NOT NULL, url TEXT NOT NULL, attempt INTEGER NOT NULL,
                at TEXT NOT NULL, status INTEGER NOT NULL, error TEXT, delivered INTEGER NOT NULL, payload TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS webhook_cursor(screening TEXT PRIMARY KEY, diff INTEGER NOT NULL) WITHOUT ROWID;
            INSERT OR IGNORE INTO webhook_cursor SELECT s.id, coalesce((SELECT max(d.id) FROM screening_diffs d WHERE d.screening = s.id), 0) FROM screenings s;
            """);
        return new ScreeningStore(db);
    }

    /// <inheritdoc/>
    public void Dispose() => _db.Dispose();

    /// <summary>Saves a new screening.</summary>
    /// <param name="s">The screening.</param>
    public void Create(SavedScreening s)
    {
        lock (_gate)
        {
            // With its webhook cursor in one transaction: a screening without one is from before cursors existed, and
            // Open sets those past the differences they already have.
            using var tx = _db.BeginTransaction();
            Run("INSERT INTO screenings VALUES($id,$input,$rows,$parameters,$webhook,$by,$at,$seq,$status,$done,$error)",
                ("$id", s.Id), ("$input", s.Input), ("$rows", JsonSerializer.Serialize(s.Rows, s_json)), ("$parameters", JsonSerializer.Serialize(s.Parameters, s_json)),
                ("$webhook", s.Webhook), ("$by", s.CreatedBy), ("$at", Time(s.CreatedAt)), ("$seq", s.Sequence), ("$status", s.Status), ("$done", s.Done), ("$error", s.Error));
            Run("INSERT INTO webhook_cursor VALUES($id, 0)", ("$id", s.Id));
            tx.Commit();
        }
    }

    /// <summary>Records progress or failure of a run.</summary>
    /// <param name="id">The screening.</param>
    /// <param name="status">Its status.</param>
    /// <param name="done">Rows screened.</param>
    /// <param name="error">Why it failed, if it did.</param>
    public void SetStatus(string id, string status, int done, string? error = null)
    {
        lock (_gate)
        {
            Run("UPDATE screenings SET status=$status, done=$done, error=$error WHERE id=$id", ("$id", id), ("$status", status), ("$done", done), ("$error", error));
        }
    }

    /// <summary>A screening by id, or null.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The screening.</returns>
    public SavedScreening? Get(string id)
    {
        lock (_gate)
        {
            return Query("SELECT * FROM screenings WHERE id=$id", ReadScreening, ("$id", id)).FirstOrDefault();
        }
    }

    /// <summary>Every screening, oldest first.</summary>
    /// <returns>The screenings.</returns>
    public IReadOnlyList<SavedScreening> List()
    {
        lock (_gate)
        {
            return Query("SELECT * FROM screenings ORDER BY created_at, id", ReadScreening);
        }
    }

    /// <summary>Stores a completed run's results, current to <paramref name="sequence"/>, with its audit record, in one transaction.</summary>
    /// <param name="id">The screening.</param>
    /// <param name="sequence">The change sequence the results hold for.</param>
    /// <param name="results">Every row's result.</param>
    /// <param name="who">Who ran it.</param>
    /// <param name="data">The data version it ran on.</param>
    public void Complete(string id, long sequence, IReadOnlyList<ScreeningRowResult> results, string who, DataVersion data)
    {
        lock (_gate)
        {
            using var tx = _db.BeginTransaction();
            foreach (var r in results)
            {
                PutRow(id, r);
            }

            Run("UPDATE screenings SET seq=$seq, status=$status, done=$done, error=NULL WHERE id=$id", ("$id", id), ("$seq", sequence), ("$status", SavedScreening.Completed), ("$done", results.Count));
            var summary = ScreeningSummary.Of(results);
            Audit(who, "screening-run", id, null, data, GraphJson.ToJson(j => ScreeningReportWriter.WriteSummary(j, summary)));
            tx.Commit();
        }
    }

    /// <summary>
    /// Records a re-evaluation after the batch <paramref name="sequence"/>: the changed rows' new results and differences,
    /// each decision whose evidence changed re-opened, and the audit records, in one transaction.
    /// </summary>
    /// <param name="id">The screening.</param>
    /// <param name="sequence">The batch followed.</param>
    /// <param name="changed">The rows whose evidence changed, with their new results and the differences.</param>
    /// <param name="reevaluated">How many rows were re-evaluated (affected by the batch).</param>
    /// <param name="description">The batch's description.</param>
    /// <param name="data">The data version after the batch.</param>
    /// <param name="now">When.</param>
    /// <returns>The recorded differences; none when the screening is already at <paramref name="sequence"/> (another
    /// server on the same store recorded it).</returns>
    public IReadOnlyList<ScreeningDiff> Reevaluated(string id, long sequence, IReadOnlyList<(ScreeningRowResult Result, StoredRow Before, IReadOnlyList<string> Why)> changed,
        int reevaluated, string? description, DataVersion data, DateTimeOffset now)
    {
        lock (_gate)
        {
            // Every server on one store follows the same log: the first to record this batch for the screening does, the
            // others find the screening already at it and record nothing (no second set of differences, re-opened
            // decisions or webhook posts). IMMEDIATE: the transaction holds the file's write lock from its first read.
            using var tx = _db.BeginTransaction(deferred: false);
            if (Query("SELECT seq FROM screenings WHERE id=$id", r => r.GetInt64(0), ("$id", id)).FirstOrDefault() >= sequence)
            {
                return [];
            }

            var diffs = new List<ScreeningDiff>();
            foreach (var (result, before, why) in changed)
            {
                PutRow(id, result);
                var decision = Query("SELECT * FROM screening_decisions WHERE screening=$s AND row=$r", ReadDecision, ("$s", id), ("$r", result.Input.Row)).FirstOrDefault();
                string? reopened = null;
                if (decision is not null && decision.Status != ScreeningDecision.Reopened && decision.EvidenceHash != result.EvidenceHash)
                {
                    reopened = decision.Status;
                    var reason = $"evidence changed at change #{sequence} ({description}): {string.Join("; ", why)}";
                    PutDecision(new ScreeningDecision(id, result.Input.Row, ScreeningDecision.Reopened, reason, "system", now, result.EvidenceHash, sequence));
                    Audit("system", "decision-reopened", id, result.Input.Row, data, GraphJson.ToJson(j =>
                    {
                        j.WriteStartObject();
                        j.WriteString("previous", decision.Status);
                        j.WriteString("previousBy", decision.By);
                        j.WriteString("previousHash", decision.EvidenceHash);
                        j.WriteString("hash", result.EvidenceHash);
                        j.WriteString("reason", reason);
                        j.WriteEndObject();
                    }), now);
                }

                Run("INSERT INTO screening_diffs(screening, seq, at, row, before, after, before_hash, after_hash, why, reopened) VALUES($s,$seq,$at,$row,$b,$a,$bh,$ah,$why,$re)",
                    ("$s", id), ("$seq", sequence), ("$at", Time(now)), ("$row", result.Input.Row), ("$b", ScreeningReportWriter.Name(before.Verdict)),
                    ("$a", ScreeningReportWriter.Name(result.Verdict)), ("$bh", before.EvidenceHash), ("$ah", result.EvidenceHash), ("$why", JsonSerializer.Serialize(why, s_json)), ("$re", reopened));
                diffs.Add(new ScreeningDiff(LastId(), id, sequence, now, result.Input.Row, ScreeningReportWriter.Name(before.Verdict), ScreeningReportWriter.Name(result.Verdict), before.EvidenceHash, result.EvidenceHash, why, reopened));
            }

            Run("UPDATE screenings SET seq=$seq WHERE id=$id", ("$id", id), ("$seq", sequence));
            if (reevaluated > 0)
            {
                Audit("system", "screening-reevaluated", id, null, data, GraphJson.ToJson(j =>
                {
                    j.WriteStartObject();
                    j.WriteNumber("sequence", sequence);
                    j.WriteString("batch", description);
                    j.WriteNumber("reevaluated", reevaluated);
                    j.WriteNumber("changed", changed.Count);
                    j.WriteEndObject();
                }), now);
            }

            tx.Commit();
            return diffs;
        }
    }

    /// <summary>A page of a screening's rows, in row order.</summary>
    /// <param name="id">The screening.</param>
    /// <param name="offset">Rows to skip.</param>
    /// <param name="limit">Most rows.</param>
    /// <param name="flaggedOnly">Only rows that need attention.</param>
    /// <returns>The rows.</returns>
    public IReadOnlyList<StoredRow> Rows(string id, int offset = 0, int limit = int.MaxValue, bool flaggedOnly = false)
    {
        lock (_gate)
        {
            var flagged = flaggedOnly ? " AND verdict NOT IN ('clear','no-match')" : "";
            return Query($"SELECT row, verdict, hash, evidence, result FROM screening_rows WHERE screening=$s{flagged} ORDER BY row LIMIT $limit OFFSET $offset",
                r => new StoredRow(r.GetInt32(0), Verdict(r.GetString(1)), r.GetString(2), r.GetString(3), r.GetString(4)),
                ("$s", id), ("$limit", (long)Math.Min(limit, int.MaxValue)), ("$offset", offset));
        }
    }

    /// <summary>A screening's differences after <paramref name="afterId"/>, oldest first.</summary>
    /// <param name="id">The screening.</param>
    /// <param name="afterId">Last difference already seen (0 for all).</param>
    /// <returns>The differences.</returns>
    public IReadOnlyList<ScreeningDiff> Diffs(string id, long afterId = 0)
    {
        lock (_gate)
        {
            return Query("SELECT * FROM screening_diffs WHERE screening=$s AND id>$after ORDER BY id", r => new ScreeningDiff(
                r.GetInt64(0), r.GetString(1), r.GetInt64(2), DateTimeOffset.Parse(r.GetString(3), CultureInfo.InvariantCulture), r.GetInt32(4),
                r.GetString(5), r.GetString(6), r.GetString(7), r.GetString(8),
                JsonSerializer.Deserialize<List<string>>(r.GetString(9), s_json) ?? [], r.IsDBNull(10) ? null : r.GetString(10)), ("$s", id), ("$after", afterId));
        }
    }

    /// <summary>Records a reviewer's decision on a row, bound to the row's current evidence, with its audit record.</summary>
    /// <param name="id">The screening.</param>
    /// <param name="row">The row.</param>
    /// <param name="status">true-match, false-positive or needs-review.</param>
    /// <param name="reason">Why.</param>
    /// <param name="by">Who.</param>
    /// <param name="data">The data version it is made on.</param>
    /// <param name="now">When.</param>
    /// <returns>The decision.</returns>
    /// <exception cref="InvalidInputException">An unknown status, an empty reason, or a row the screening does not have.</exception>
    public ScreeningDecision Decide(string id, int row, string status, string reason, string by, DataVersion data, DateTimeOffset now)
    {
        if (!ScreeningDecision.Statuses.Contains(status))
        {
            throw new InvalidInputException(new InputError(null, "status", $"status must be one of {string.Join(", ", ScreeningDecision.Statuses)}"));
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new InvalidInputException(new InputError(null, "reason", "a decision needs a reason"));
        }

        lock (_gate)
        {
            var stored = Query("SELECT row, verdict, hash, evidence, result FROM screening_rows WHERE screening=$s AND row=$r",
                r => new StoredRow(r.GetInt32(0), Verdict(r.GetString(1)), r.GetString(2), r.GetString(3), r.GetString(4)), ("$s", id), ("$r", row)).FirstOrDefault()
                ?? throw new InvalidInputException(new InputError(null, "row", $"screening {id} has no row {row} (or has not run yet)"));
            using var tx = _db.BeginTransaction();
            var decision = new ScreeningDecision(id, row, status, reason.Trim(), by, now, stored.EvidenceHash, data.Sequence);
            PutDecision(decision);
            Audit(by, "decision", id, row, data, GraphJson.ToJson(j =>
            {
                j.WriteStartObject();
                j.WriteString("status", status);
                j.WriteString("reason", decision.Reason);
                j.WriteString("verdict", ScreeningReportWriter.Name(stored.Verdict));
                j.WriteString("evidenceHash", stored.EvidenceHash);
                j.WriteEndObject();
            }), now);
            tx.Commit();
            return decision;
        }
    }

    /// <summary>The current decision on each decided row of a screening.</summary>
    /// <param name="id">The screening.</param>
    /// <returns>The decisions, by row.</returns>
    public IReadOnlyList<ScreeningDecision> Decisions(string id)
    {
        lock (_gate)
        {
            return Query("SELECT * FROM screening_decisions WHERE screening=$s ORDER BY row", ReadDecision, ("$s", id));
        }
    }

    /// <summary>Audit records, oldest first; of one screening, or all.</summary>
    /// <param name="screeningId">The screening, or null for every one.</param>
    /// <returns>The records.</returns>
    public IReadOnlyList<AuditRecord> Audit(string? screeningId = null)
    {
        lock (_gate)
        {
            return Query("SELECT * FROM screening_audit WHERE $s IS NULL OR screening=$s ORDER BY id", r => new AuditRecord(
                r.GetInt64(0), DateTimeOffset.Parse(r.GetString(1), CultureInfo.InvariantCulture), r.GetString(2), r.GetString(3), r.GetString(4),
                r.IsDBNull(5) ? null : r.GetInt32(5), ReadDataVersion(r.GetString(6)), r.GetString(7)), ("$s", screeningId));
        }
    }

    /// <summary>Records one webhook delivery attempt.</summary>
    /// <param name="d">The attempt (its id is assigned).</param>
    public void AddDelivery(WebhookDelivery d)
    {
        lock (_gate)
        {
            Run("INSERT INTO webhook_deliveries(screening, url, attempt, at, status, error, delivered, payload) VALUES($s,$u,$a,$at,$st,$e,$d,$p)",
                ("$s", d.ScreeningId), ("$u", d.Url), ("$a", d.Attempt), ("$at", Time(d.At)), ("$st", d.StatusCode), ("$e", d.Error), ("$d", d.Delivered ? 1 : 0), ("$p", d.Payload));
        }
    }

    /// <summary>
    /// The last difference of a screening its webhook is done with (delivered, or given up on after every retry): the
    /// differences after it are still to be posted, also after a restart or a crash.
    /// </summary>
    /// <param name="id">The screening.</param>
    /// <returns>The difference id, 0 before the first.</returns>
    public long WebhookCursor(string id)
    {
        lock (_gate)
        {
            return Query("SELECT diff FROM webhook_cursor WHERE screening=$s", r => r.GetInt64(0), ("$s", id)).FirstOrDefault();
        }
    }

    /// <summary>Moves a screening's webhook cursor forward to <paramref name="diffId"/> (never back).</summary>
    /// <param name="id">The screening.</param>
    /// <param name="diffId">The last difference posted or given up on.</param>
    public void AdvanceWebhookCursor(string id, long diffId)
    {
        lock (_gate)
        {
            Run("INSERT INTO webhook_cursor VALUES($s, $d) ON CONFLICT(screening) DO UPDATE SET diff = max(diff, excluded.diff)", ("$s", id), ("$d", diffId));
        }
    }

    /// <summary>A screening's webhook delivery log, oldest first.</summary>
    /// <param name="id">The screening.</param>
    /// <returns>The attempts.</returns>
    public IReadOnlyList<WebhookDelivery> Deliveries(string id)
    {
        lock (_gate)
        {
            return Query("SELECT * FROM webhook_deliveries WHERE screening=$s ORDER BY id", r => new WebhookDelivery(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetInt32(3),
                DateTimeOffset.Parse(r.GetString(4), CultureInfo.InvariantCulture), r.GetInt32(5), r.IsDBNull(6) ? null : r.GetString(6), r.GetInt32(7) == 1, r.GetString(8)), ("$s", id));
        }
    }

    /// <summary>Audit records as JSON lines, one object each, the data version in full.</summary>
    /// <param name="records">The records.</param>
    /// <param name="w">Where to write.</param>
    public static void WriteAuditJsonLines(IEnumerable<AuditRecord> records, TextWriter w)
    {
        foreach (var a in records)
        {
            w.Write(GraphJson.ToJson(j =>
            {
                j.WriteStartObject();
                j.WriteNumber("id", a.Id);
                j.WriteString("at", a.At.ToString("O", CultureInfo.InvariantCulture));
                j.WriteString("who", a.Who);
                j.WriteString("action", a.Action);
                j.WriteString("screening", a.ScreeningId);
                if (a.Row is { } row)
                {
                    j.WriteNumber("row", row);
                }

                j.WritePropertyName("data");
                ScreeningReportWriter.WriteDataVersion(j, a.Data);
                j.WritePropertyName("detail");
                using (var detail = JsonDocument.Parse(a.Detail))
                {
                    detail.WriteTo(j);
                }

                j.WriteEndObject();
            }));
            w.Write('\n');
        }
    }

    /// <summary>Audit records as CSV: one line each, the data version as its sequence and each source's <c>list@published/lastImported</c>.</summary>
    /// <param name="records">The records.</param>
    /// <param name="w">Where to write.</param>
    public static void WriteAuditCsv(IEnumerable<AuditRecord> records, TextWriter w)
    {
        using var writer = Sep.New(',').Writer(o => o with { Escape = true }).To(w, leaveOpen: true);
        foreach (var a in records)
        {
            using var row = writer.NewRow();
            row["id"].Format(a.Id);
            row["at"].Set(a.At.ToString("O", CultureInfo.InvariantCulture));
            row["who"].Set(a.Who);
            row["action"].Set(a.Action);
            row["screening"].Set(a.ScreeningId);
            row["row"].Set(a.Row?.ToString(CultureInfo.InvariantCulture) ?? "");
            row["sequence"].Format(a.Data.Sequence);
            row["sources"].Set(string.Join("; ", a.Data.Sources.Select(s =>
                $"{s.ListId}@{(s.Published is { } p ? p.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "undated")}/{s.LastImported?.ToString("O", CultureInfo.InvariantCulture) ?? "not-in-log"}")));
            row["detail"].Set(a.Detail);
        }
    }

    private void PutRow(string id, ScreeningRowResult r) =>
        Run("INSERT OR REPLACE INTO screening_rows VALUES($s,$row,$v,$h,$e,$json)", ("$s", id), ("$row", r.Input.Row), ("$v", ScreeningReportWriter.Name(r.Verdict)),
            ("$h", r.EvidenceHash), ("$e", r.Evidence), ("$json", GraphJson.ToJson(j => ScreeningReportWriter.WriteRow(j, r))));

    private void PutDecision(ScreeningDecision d) =>
        Run("INSERT OR REPLACE INTO screening_decisions VALUES($s,$row,$st,$re,$by,$at,$h,$seq)", ("$s", d.ScreeningId), ("$row", d.Row), ("$st", d.Status),
            ("$re", d.Reason), ("$by", d.By), ("$at", Time(d.At)), ("$h", d.EvidenceHash), ("$seq", d.Sequence));

    private void Audit(string who, string action, string id, int? row, DataVersion data, string detail, DateTimeOffset? at = null) =>
        Run("INSERT INTO screening_audit(at, who, action, screening, row, data, detail) VALUES($at,$who,$action,$s,$row,$data,$detail)",
            ("$at", Time(at ?? DateTimeOffset.UtcNow)), ("$who", who), ("$action", action), ("$s", id), ("$row", row),
            ("$data", GraphJson.ToJson(j => ScreeningReportWriter.WriteDataVersion(j, data))), ("$detail", detail));

    private static ScreeningDecision ReadDecision(SqliteDataReader r) => new(r.GetString(0), r.GetInt32(1), r.GetString(2), r.GetString(3), r.GetString(4),
        DateTimeOffset.Parse(r.GetString(5), CultureInfo.InvariantCulture), r.GetString(6), r.GetInt64(7));

    private static SavedScreening ReadScreening(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1),
        JsonSerializer.Deserialize<List<Counterparty>>(r.GetString(2), s_json) ?? [],
        JsonSerializer.Deserialize<ScreeningParameters>(r.GetString(3), s_json)!,
        r.IsDBNull(4) ? null : r.GetString(4), r.GetString(5), DateTimeOffset.Parse(r.GetString(6), CultureInfo.InvariantCulture),
        r.GetInt64(7), r.GetString(8), r.GetInt32(9), r.IsDBNull(10) ? null : r.GetString(10));

    private static DataVersion ReadDataVersion(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var sources = new List<SourceFreshness>();
        foreach (var s in root.GetProperty("sources").EnumerateArray())
        {
            sources.Add(new SourceFreshness(s.GetProperty("list").GetString()!, s.GetProperty("name").GetString()!, s.GetProperty("entries").GetInt32(),
                s.GetProperty("published").ValueKind == JsonValueKind.String ? DateOnly.ParseExact(s.GetProperty("published").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
                s.GetProperty("lastImported").ValueKind == JsonValueKind.String ? DateTimeOffset.Parse(s.GetProperty("lastImported").GetString()!, CultureInfo.InvariantCulture) : null,
                s.GetProperty("stale").GetBoolean()));
        }

        return new DataVersion(root.GetProperty("sequence").GetInt64(), sources);
    }

    /// <summary>A verdict from its written name.</summary>
    /// <param name="name">The name (<c>possibly-covered</c>).</param>
    /// <returns>The verdict.</returns>
    public static ScreeningVerdict Verdict(string name) =>
        Enum.GetValues<ScreeningVerdict>().First(v => ScreeningReportWriter.Name(v) == name);

    private static string Time(DateTimeOffset t) => t.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private long LastId()
    {
        using var cmd = _db.CreateCommand();
        cmd.CommandText = "SELECT last_insert_rowid()";
        return (long)cmd.ExecuteScalar()!;
    }

    private void Run(string sql, params (string Name, object? Value)[] args)
    {
        using var cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in args)
        {
            cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        cmd.ExecuteNonQuery();
    }

    private List<T> Query<T>(string sql, Func<SqliteDataReader, T> read, params (string Name, object? Value)[] args)
    {
        using var cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in args)
        {
            cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        using var reader = cmd.ExecuteReader();
        var list = new List<T>();
        while (reader.Read())
        {
            list.Add(read(reader));
        }

        return list;
    }

    private static void Execute(SqliteConnection db, string sql)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
