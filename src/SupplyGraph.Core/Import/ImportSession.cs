// Over 600 lines: the session is the one holder of an import's state (pending changes, ids by name, tallies, chunk
// commits), which every format reader and the resolver write through; split, that state would have to be shared.
using System.Text;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Storage;
using SupplyGraph.Core.Text;

namespace SupplyGraph.Core.Import;

/// <summary>
/// Turns import files into one atomic <see cref="ChangeBatch"/>. Formats are recognised by content:
/// the project's JSON (<c>{"entities": [...], "relationships": [...]}</c>), its CSV (entities or relationships,
/// by header), and published list files (<c>{"list_id": ..., "entities": [...]}</c>). Problems from every file are
/// collected, each naming file, line and field; <see cref="ToBatch"/> refuses to build a batch while any exist.
/// </summary>
/// <remarks>
/// Hosts that want a report, a dry run or chunked commits use <see cref="Importer"/>, which drives the session:
/// every file is read (<see cref="AddFile"/>), links are resolved (<see cref="Complete"/>), and the changes are
/// committed through <see cref="Commit"/> — or, on a dry run, validated against the graph without writing.
/// With <see cref="CommitEvery"/> set the session commits whenever that many changes have gathered, between two
/// records, so that memory stays bounded by one chunk plus the graph, whatever the size of the files; each chunk
/// is one batch in the change log. <see cref="Report"/> tells what happened per file.
/// </remarks>
public sealed class ImportSession
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private GraphSnapshot _graph;
    private readonly List<Change> _changes = [];
    private readonly List<InputError> _errors = [];
    private readonly Dictionary<string, int> _pendingEntityAt = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _pendingEntityIds;
    private Dictionary<string, List<string>>? _idsByNameKey;
    private Formats.RecordJoiner? _joiner;
    private Resolution.EntityResolver? _resolver;
    private readonly List<Resolution.ReviewItem> _reviews = [];
    private int _reviewItemsWritten;
    private readonly Dictionary<string, Resolution.ResolutionDecision> _resolutions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SourceTally> _tallies = new(StringComparer.Ordinal);
    private readonly List<SourceTally> _sources = [];
    private readonly HashSet<string> _entitiesCreatedByChunks = new(StringComparer.Ordinal);
    private readonly HashSet<string> _relationshipsCreatedByChunks = new(StringComparer.Ordinal);
    private readonly List<long> _sequences = [];
    private int _flushAt;
    private bool _flushing;
    private bool _stopped;

    /// <summary>Starts an import against the current graph (used to resolve list entries to existing entities).</summary>
    /// <param name="graph">The graph the batch will be applied to.</param>
    public ImportSession(GraphSnapshot graph)
    {
        _graph = graph;
        _pendingEntityIds = _pendingEntityAt.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>
    /// A published format to read every file as (one of <see cref="Formats.ImportFormats.Names"/>); null to
    /// recognise each file by its content.
    /// </summary>
    public string? Format { get; set; }

    /// <summary>Columns of delimited node and edge lists; when set, <c>.csv</c>/<c>.tsv</c>/<c>.txt</c> files are read with it.</summary>
    public Formats.DelimitedMapping? Mapping { get; set; }

    /// <summary>
    /// What people decided in the review queue (<see cref="Resolution.DecisionStage.LoadAsync"/>): records they
    /// accepted join their candidate again, rejected pairs never join and are not queued again. Set before the first file.
    /// </summary>
    public Resolution.DecisionStage Decisions { get; set; } = Resolution.DecisionStage.None;

    /// <summary>Problems found so far.</summary>
    public IReadOnlyList<InputError> Errors => _errors;

    /// <summary>Receives progress while files are read (bytes per file) and while links are resolved.</summary>
    public IProgress<ImportProgress>? Progress { get; set; }

    /// <summary>Validate everything, commit nothing: <see cref="Commit"/> is never called.</summary>
    public bool DryRun { get; set; }

    /// <summary>
    /// Commit whenever at least this many changes (and pending links) have gathered, between two records; null (the
    /// default) gathers the whole import into one atomic batch. A chunked import is not atomic: see <see cref="Importer"/>.
    /// </summary>
    public int? CommitEvery { get; set; }

    /// <summary>
    /// Commits a batch to the store and returns the graph after it (with the batch's sequence number). Called with
    /// every chunk of a chunked import and with the rest after <see cref="Complete"/>; never on a dry run or once a
    /// problem has been found. Throws <see cref="InvalidInputException"/> when the store refuses the batch.
    /// </summary>
    public Func<ChangeBatch, GraphSnapshot>? Commit { get; set; }

    /// <summary>Description of the batches in the change log (a chunked import appends the part number).</summary>
    public string? Description { get; set; }

    /// <summary>Cancels reading between records (a committed chunk stays committed).</summary>
    public CancellationToken CancellationToken { get; set; }

    /// <summary>Sequence numbers of the batches committed so far.</summary>
    public IReadOnlyList<long> Sequences => _sequences;

    /// <summary>
    /// Records that may be an existing entity but were not joined automatically (each became a new entity); a person
    /// decides. Plain values, so a review queue can store them.
    /// </summary>
    public IReadOnlyList<Resolution.ReviewItem> Reviews => _reviews;

    /// <summary>How each record of the published formats was resolved, by record key: the rule of every join.</summary>
    public IReadOnlyDictionary<string, Resolution.ResolutionDecision> Resolutions => _resolutions;

    /// <summary>Changes gathered so far.</summary>
    public IReadOnlyList<Change> Changes => _changes;

    /// <summary>Reads every <c>.json</c> and <c>.csv</c> file of a folder, in name order.</summary>
    /// <param name="directory">The folder.</param>
    public void AddDirectory(string directory)
    {
        var files = Directory.EnumerateFiles(directory)
            .Where(f => f.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            AddFile(file);
        }
    }

    /// <summary>Reads one file.</summary>
    /// <param name="path">The file.</param>
    public void AddFile(string path)
    {
        var name = Path.GetFileName(path);
        if (_stopped)
        {
            return;
        }

        if (!File.Exists(path))
        {
            _errors.Add(new InputError(new SourceLocation(path, 0), "", "file not found"));
            return;
        }

        var tally = Tally(name);
        try
        {
            // Published formats (Formats/) stream their files and join records in one place.
            if (Formats.ImportFormats.TryRead(path, name, this))
            {
                ReportRead(path, tally);
                return;
            }

            tally.Format ??= Formats.ImportFormats.Project;
            var bytes = File.ReadAllBytes(path);
            if (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase))
            {
                AddCsv(bytes, name, path.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : ',');
            }
            else
            {
                AddJson(bytes, name);
            }

            ReportRead(path, tally);
        }
        catch (InvalidInputException ex)
        {
            _errors.AddRange(ex.Errors);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _errors.Add(new InputError(new SourceLocation(path, 0), "", "cannot read the file: " + ex.Message));
        }
        catch (ImportStoppedException)
        {
            // The store refused a chunk: later records would only repeat its problems.
        }
    }

    private void ReportRead(string path, SourceTally tally)
    {
        if (Progress is not null)
        {
            var length = new FileInfo(path).Length;
            Progress.Report(new ImportProgress("read", tally.Source, length, length, tally.Records));
        }
    }

    /// <summary>Reads JSON text in any supported shape.</summary>
    /// <param name="bytes">UTF-8 JSON.</param>
    /// <param name="name">Name for messages.</param>
    public void AddJson(byte[] bytes, string name)
    {
        var items = JsonScanner.ScanTopLevel(bytes, name);
        if (items.Any(i => i.Property == "list_id"))
        {
            EntityListReader.Read(items, name, this);
            return;
        }

        foreach (var item in items)
        {
            var at = new SourceLocation(name, item.Line);
            var path = item.Index >= 0 ? $"{item.Property}[{item.Index}]" : item.Property;
            switch (item.Property)
            {
                case "entities" when item.Index >= 0:
                    if (GraphJson.ReadEntity(item.Value, path, at, _errors) is { } e)
                    {
                        Add(new PutEntity(e) { Origin = at });
                    }

                    break;
                case "relationships" when item.Index >= 0:
                    if (GraphJson.ReadRelationship(item.Value, path, at, _errors) is { } r)
                    {
                        Add(new PutRelationship(r) { Origin = at });
                    }

                    break;
                case "changes" when item.Index >= 0:
                    var change = GraphJson.ReadChange(item.Value, path, at, _errors);
                    if (change is PutReview)
                    {
                        // Review items change only through import and the review commands, which check each decision's state.
                        _errors.Add(new InputError(at, path + ".op", "review items are written by import and the review commands (supplygraph review, /api/reviews), not in a batch"));
                    }
                    else if (change is not null)
                    {
                        Add(change);
                    }

                    break;
                case "entities" or "relationships" or "changes":
                    _errors.Add(new InputError(at, path, $"expected a list, found {(item.Value.ValueKind == System.Text.Json.JsonValueKind.Object ? "an object" : item.Value.ValueKind.ToString().ToLowerInvariant())}"));
                    break;
                case "description" or "source" or "comment" or "$schema":
                    break;
                default:
                    _errors.Add(new InputError(at, path, $"unknown top-level field '{item.Property}'; expected entities, relationships or changes (lists)"));
                    break;
            }
        }
    }

    private void AddCsv(byte[] bytes, string name, char separator)
    {
        // Strictly UTF-8: a lenient decoder would turn bad bytes into U+FFFD inside names and ids.
        var body = StrictJson.WithoutBom(bytes).Span;
        if (StrictJson.FirstInvalidUtf8(body) is { } bad)
        {
            _errors.Add(new InputError(new SourceLocation(name, StrictJson.LineAt(body, bad)), "", $"invalid UTF-8 (byte 0x{body[bad]:X2} at offset {bad}); the file must be UTF-8"));
            return;
        }

        using var text = new StringReader(Strict.GetString(body));
        CsvGraphReader.Read(CsvReader.Read(text, separator, name), name, this);
    }

    /// <summary>Builds the batch.</summary>
    /// <param name="description">Description for the change log.</param>
    /// <returns>The batch.</returns>
    /// <exception cref="InvalidInputException">Any file had problems.</exception>
    public ChangeBatch ToBatch(string description)
    {
        _joiner?.Complete();
        return _errors.Count > 0
            ? throw new InvalidInputException(_errors)
            : new ChangeBatch([.. _changes, .. Review.ReviewQueue.Changes(_reviews, Current, Decisions, DateTimeOffset.UtcNow)], description);
    }

    /// <summary>
    /// Resolves the links and facts that wait for every file (an unresolvable reference becomes a problem naming
    /// file and line). Call once, after the last file.
    /// </summary>
    public void Complete()
    {
        if (_joiner is null || _stopped)
        {
            return;
        }

        Progress?.Report(new ImportProgress("resolving", null, 0, 0, _sources.Sum(t => t.Records)));
        _flushing = true;
        try
        {
            _joiner.Complete();
        }
        finally
        {
            _flushing = false;
        }
    }

    /// <summary>
    /// Commits what <see cref="Complete"/> left (the whole import unless chunked) through <see cref="Commit"/>; on a
    /// dry run, or once a problem has been found, validates it against the graph instead, so that store-side problems
    /// are reported in the same run.
    /// </summary>
    public void CommitRest()
    {
        // Nothing is resolved any more: let the indexes go before the store's write, the import's peak of memory.
        _resolver = null;
        _idsByNameKey = null;
        _joiner = null;
        if (_changes.Count >= 10_000)
        {
            // They are tens of megabytes in the oldest generation, which a workstation GC would keep through the
            // write: one full collection here took the 14,160-row CSL import's peak from 291 to 247 MB.
            GC.Collect();
        }

        CommitPending(final: true);
    }

    /// <summary>What the import did so far, per source file and in total.</summary>
    /// <returns>The report.</returns>
    public ImportReport Report()
    {
        var byFile = _errors.GroupBy(e => e.Location?.File ?? "").ToDictionary(g => g.Key, g => (IReadOnlyList<InputError>)[.. g], StringComparer.Ordinal);
        var sources = new List<ImportSourceReport>();
        foreach (var tally in _sources)
        {
            sources.Add(tally.ToReport(byFile.GetValueOrDefault(tally.Source) ?? []));
        }

        // Problems of files that were never read (not found) are sources of their own.
        foreach (var (file, problems) in byFile)
        {
            if (!_tallies.ContainsKey(file))
            {
                sources.Add(new SourceTally(file).ToReport(problems));
            }
        }

        var outcome = _errors.Count > 0 ? (_sequences.Count > 0 ? ImportOutcome.PartlyCommitted : ImportOutcome.Refused)
            : DryRun ? ImportOutcome.DryRun : ImportOutcome.Committed;
        return new ImportReport(outcome, sources, SourceTally.Sum(sources)) { Sequences = [.. _sequences], ReviewItemsWritten = _reviewItemsWritten };
    }

    /// <summary>Where the published formats' records are joined to the graph (see <see cref="Formats.RecordJoiner"/>).</summary>
    internal Formats.RecordJoiner Joiner => _joiner ??= new Formats.RecordJoiner(this);

    internal void Error(InputError error) => _errors.Add(error);

    /// <summary>Records a sequence the store committed for the batch being committed, before its last one (a chunked write).</summary>
    internal void NoteCommitted(long sequence) => _sequences.Add(sequence);

    /// <summary>The resolver over the graph and this import, indexed on first use and kept current by <see cref="Add"/>.</summary>
    internal Resolution.EntityResolver Resolver
    {
        get
        {
            if (_resolver is null)
            {
                _resolver = new Resolution.EntityResolver(_graph.Entities) { Decisions = Decisions };
                foreach (var c in _changes)
                {
                    if (c is PutEntity p)
                    {
                        _resolver.Index(p.Entity);
                    }
                }
            }

            return _resolver;
        }
    }

    internal void AddResolution(string recordKey, Resolution.ResolutionDecision decision, SourceLocation at)
    {
        _resolutions[recordKey] = decision;
        Tally(at.File).Add(decision);
    }

    /// <summary>The running counts of a source, registered in reading order on first use.</summary>
    internal SourceTally Tally(string source)
    {
        if (!_tallies.TryGetValue(source, out var tally))
        {
            _tallies[source] = tally = new SourceTally(source);
            _sources.Add(tally);
        }

        return tally;
    }

    /// <summary>Wraps a file's stream so that reading it reports progress.</summary>
    internal Stream Track(Stream stream, string source, string format)
    {
        var tally = Tally(source);
        tally.Format = format;
        if (Progress is null)
        {
            return stream;
        }

        var length = stream.Length;
        return new ProgressStream(stream, read => Progress.Report(new ImportProgress("reading", source, read, length, tally.Records)));
    }

    /// <summary>
    /// Called by the readers' joiner before each record: where a chunked import may commit, since no record is half
    /// read. Links whose ends are known become relationships first; links waiting for a later record stay pending.
    /// </summary>
    internal void AtRecordBoundary()
    {
        CancellationToken.ThrowIfCancellationRequested();
        if (_flushing || CommitEvery is not { } every || _joiner is null || _changes.Count + _joiner.Pending < Math.Max(every, _flushAt))
        {
            return;
        }

        _flushing = true;
        try
        {
            _joiner.Flush();
            CommitPending(final: false);
            // Links still waiting (for a record further on) do not trigger the next chunk by themselves.
            _flushAt = _joiner.Pending + every;
        }
        finally
        {
            _flushing = false;
        }

        if (_stopped)
        {
            throw new ImportStoppedException();
        }
    }

    /// <summary>
    /// Commits the gathered changes, or validates them (and applies them to the in-memory graph, for the next chunk)
    /// on a dry run or once problems have been found; counts them per source either way.
    /// </summary>
    private void CommitPending(bool final)
    {
        if (_changes.Count == 0 || _stopped)
        {
            return;
        }

        var part = CommitEvery is null ? "" : $" (part {_sequences.Count + 1})";
        // Review items go with the chunk that created their record's node, so a decision can be made as soon as it lands.
        var batch = new ChangeBatch([.. _changes, .. Review.ReviewQueue.Changes(_reviews, Current, Decisions, DateTimeOffset.UtcNow)], (Description ?? "import") + part);
        var before = _graph;
        try
        {
            if (_errors.Count == 0 && !DryRun && Commit is not null)
            {
                _graph = Commit(batch);
                _sequences.Add(_graph.Sequence);
            }
            else
            {
                var changes = BatchValidator.Validate(_graph, batch);
                if (!final)
                {
                    _graph = _graph.Apply(_graph.Sequence + 1, changes);
                }
            }
        }
        catch (InvalidInputException ex)
        {
            _errors.AddRange(ex.Errors);
            _stopped = true;
            return;
        }

        CountChanges(batch.Changes, before, final);
        _changes.Clear();
        _reviews.Clear();
        _pendingEntityAt.Clear();
    }

    private void CountChanges(IReadOnlyList<Change> changes, GraphSnapshot before, bool final)
    {
        // Ids created by a chunk are remembered for the chunks after it; the last one has none after it (the ids of a
        // 1M-relationship file were the import's last 66 MB allocated, at its peak of memory).
        var chunked = CommitEvery is not null;
        var remember = chunked && !final;
        foreach (var change in changes)
        {
            var tally = Tally(change.Origin?.File ?? _sources.LastOrDefault()?.Source ?? "");
            switch (change)
            {
                case PutEntity p when before.FindEntity(p.Entity.Id) is null:
                    tally.EntitiesCreated++;
                    if (remember)
                    {
                        _entitiesCreatedByChunks.Add(p.Entity.Id);
                    }

                    break;
                case PutEntity p:
                    // An entity created by an earlier chunk of this import is counted once, as created.
                    tally.EntitiesUpdated += chunked && _entitiesCreatedByChunks.Contains(p.Entity.Id) ? 0 : 1;
                    break;
                case PutRelationship p when before.FindRelationship(p.Relationship.Id) is null:
                    tally.RelationshipsCreated++;
                    if (remember)
                    {
                        _relationshipsCreatedByChunks.Add(p.Relationship.Id);
                    }

                    break;
                case PutRelationship p:
                    tally.RelationshipsUpdated += chunked && _relationshipsCreatedByChunks.Contains(p.Relationship.Id) ? 0 : 1;
                    break;
                case DeleteEntity:
                    tally.EntitiesDeleted++;
                    break;
                case DeleteRelationship:
                    tally.RelationshipsDeleted++;
                    break;
                case PutReview:
                    _reviewItemsWritten++;
                    break;
            }
        }
    }

    internal void AddReview(Resolution.ReviewItem item) => _reviews.Add(item);

    internal void Add(Change change)
    {
        if (change is PutEntity p)
        {
            _pendingEntityAt.TryAdd(p.Entity.Id, _changes.Count);
            IndexNames(p.Entity);
            _resolver?.Index(p.Entity);
        }

        _changes.Add(change);
    }

    /// <summary>The string this import or the graph already holds for an entity id, or <paramref name="id"/> itself.</summary>
    internal string SameEntityId(string id) =>
        _pendingEntityIds.TryGetValue(id, out var held, out _) ? held : _graph.FindEntity(id)?.Id ?? id;

    /// <summary>The entity as it will be after the changes so far (pending version first), or null.</summary>
    internal Entity? Current(string id) =>
        _pendingEntityAt.TryGetValue(id, out var at) ? ((PutEntity)_changes[at]).Entity : _graph.FindEntity(id);

    /// <summary>Replaces an entity: in place when this session defined it, else as a new change.</summary>
    internal void Replace(Entity entity, SourceLocation? origin)
    {
        if (_pendingEntityAt.TryGetValue(entity.Id, out var at))
        {
            _changes[at] = new PutEntity(entity) { Origin = _changes[at].Origin };
            IndexNames(entity);
            _resolver?.Index(entity);
        }
        else
        {
            Add(new PutEntity(entity) { Origin = origin });
        }
    }

    /// <summary>Ids of entities whose name or an alias normalizes to the same key as <paramref name="name"/>.</summary>
    internal IReadOnlyList<string> IdsWithName(string name)
    {
        EnsureNameIndex();
        return _idsByNameKey!.TryGetValue(NameNormalizer.Key(name), out var ids) ? ids : [];
    }

    /// <summary>A fresh id derived from <paramref name="name"/>, unused in the graph and this session.</summary>
    internal string NewId(string name)
    {
        var baseId = Slug.From(name);
        var id = baseId;
        for (var n = 2; Current(id) is not null; n++)
        {
            id = $"{baseId}-{n}";
        }

        return id;
    }

    private void EnsureNameIndex()
    {
        if (_idsByNameKey is not null)
        {
            return;
        }

        _idsByNameKey = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var e in _graph.Entities)
        {
            IndexNames(e);
        }

        foreach (var c in _changes)
        {
            if (c is PutEntity p)
            {
                IndexNames(p.Entity);
            }
        }
    }

    private void IndexNames(Entity e)
    {
        if (_idsByNameKey is null)
        {
            return;
        }

        foreach (var name in e.Aliases.Prepend(e.Name))
        {
            var key = NameNormalizer.Key(name);
            if (!_idsByNameKey.TryGetValue(key, out var ids))
            {
                _idsByNameKey[key] = ids = [];
            }

            if (!ids.Contains(e.Id))
            {
                ids.Add(e.Id);
            }
        }
    }
}
