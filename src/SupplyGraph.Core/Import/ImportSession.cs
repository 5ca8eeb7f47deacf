using System.Text;
using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Text;

namespace SupplyGraph.Core.Import;

/// <summary>
/// Turns import files into one atomic <see cref="ChangeBatch"/>. Formats are recognised by content:
/// the project's JSON (<c>{"entities": [...], "relationships": [...]}</c>), its CSV (entities or relationships,
/// by header), and published list files (<c>{"list_id": ..., "entities": [...]}</c>). Problems from every file are
/// collected, each naming file, line and field; <see cref="ToBatch"/> refuses to build a batch while any exist.
/// </summary>
public sealed class ImportSession
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly GraphSnapshot _graph;
    private readonly List<Change> _changes = [];
    private readonly List<InputError> _errors = [];
    private readonly Dictionary<string, int> _pendingEntityAt = new(StringComparer.Ordinal);
    private Dictionary<string, List<string>>? _idsByNameKey;
    private Formats.RecordJoiner? _joiner;
    private Resolution.EntityResolver? _resolver;
    private readonly List<Resolution.ReviewItem> _reviews = [];
    private readonly Dictionary<string, Resolution.ResolutionDecision> _resolutions = new(StringComparer.Ordinal);

    /// <summary>Starts an import against the current graph (used to resolve list entries to existing entities).</summary>
    /// <param name="graph">The graph the batch will be applied to.</param>
    public ImportSession(GraphSnapshot graph) => _graph = graph;

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
        if (!File.Exists(path))
        {
            _errors.Add(new InputError(new SourceLocation(path, 0), "", "file not found"));
            return;
        }

        try
        {
            // Published formats (Formats/) stream their files and join records in one place.
            if (Formats.ImportFormats.TryRead(path, name, this))
            {
                return;
            }

            var bytes = File.ReadAllBytes(path);
            if (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase))
            {
                AddCsv(bytes, name, path.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : ',');
            }
            else
            {
                AddJson(bytes, name);
            }
        }
        catch (InvalidInputException ex)
        {
            _errors.AddRange(ex.Errors);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _errors.Add(new InputError(new SourceLocation(path, 0), "", "cannot read the file: " + ex.Message));
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

    /// <summary>Where the published formats' records are joined to the graph (see <see cref="Formats.RecordJoiner"/>).</summary>
    internal Formats.RecordJoiner Joiner => _joiner ??= new Formats.RecordJoiner(this);

    internal void Error(InputError error) => _errors.Add(error);

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

    internal void AddResolution(string recordKey, Resolution.ResolutionDecision decision) => _resolutions[recordKey] = decision;

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
