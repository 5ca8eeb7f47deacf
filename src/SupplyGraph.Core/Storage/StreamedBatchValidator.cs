using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Storage;

/// <summary>
/// Validates a <see cref="StreamedBatch"/> of entity and relationship puts as <see cref="BatchValidator"/> validates a
/// held batch — the same per-record checks and messages, duplicate ids within the batch, endpoints on the final state —
/// while keeping dense state instead of the records: the batch's entity ids (each with where it was put, as one
/// <see cref="long"/>), a 64-bit hash per relationship id, and the endpoints not yet known when their relationship was read.
/// At 10M entities and 40M relationships that is about 1 GB, where holding the records took some 24 GB.
/// </summary>
internal sealed class StreamedBatchValidator
{
    /// <summary>Problems kept in full; past this only their number is (a file of 40M bad rows would otherwise be 40M messages).</summary>
    internal const int MaxErrors = 10_000;

    private readonly GraphSnapshot _graph;
    private readonly List<InputError> _errors = [];
    private readonly List<InputError> _rowErrors = [];
    private int _moreErrors;
    private readonly Dictionary<string, long> _entityAt = new(StringComparer.Ordinal);
    private readonly List<string> _files = [];
    private readonly Dictionary<string, int> _fileIndex = new(StringComparer.Ordinal);
    private long[] _relationshipHashes = new long[1024];
    private readonly List<(string EntityId, string Field, string RelationshipId, long At)> _unknownEnds = [];
    private int _relationships;
    private bool _relationshipSeen;

    private StreamedBatchValidator(GraphSnapshot graph) => _graph = graph;

    /// <summary>What a valid batch holds, for the write.</summary>
    /// <param name="Count">Changes in the batch.</param>
    /// <param name="EntitiesFirst">Every entity put comes before the first relationship put (one pass writes it in order).</param>
    internal readonly record struct Plan(int Count, bool EntitiesFirst);

    /// <summary>Reads the batch once (twice when two relationship ids share a hash, to tell a duplicate from a collision).</summary>
    /// <param name="graph">The graph before the batch.</param>
    /// <param name="batch">The batch.</param>
    /// <param name="cancellationToken">Cancels between changes.</param>
    /// <returns>The plan of the write.</returns>
    /// <exception cref="InvalidInputException">The batch or its source has problems; nothing may be written.</exception>
    public static Plan Validate(GraphSnapshot graph, StreamedBatch batch, CancellationToken cancellationToken)
    {
        var validator = new StreamedBatchValidator(graph);
        var count = 0;
        var entitiesFirst = true;
        try
        {
            batch.Read(change =>
            {
                if ((++count & 0xFFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                entitiesFirst &= !(change is PutEntity && validator._relationshipSeen);
                validator.Add(change);
            });
        }
        catch (InvalidInputException ex)
        {
            // The source's own problems (rows it could not read) come first, as a held import reports them.
            validator._errors.InsertRange(0, ex.Errors);
        }

        validator.CheckUnknownEnds();
        validator.CheckDuplicateRelationships(batch, cancellationToken);
        if (validator._errors.Count > 0 || validator._moreErrors > 0)
        {
            if (validator._moreErrors > 0)
            {
                validator._errors.Add(new InputError(null, "", $"… and {validator._moreErrors:N0} more problem(s)"));
            }

            throw new InvalidInputException(validator._errors);
        }

        return new Plan(count, entitiesFirst);
    }

    private void Add(Change change)
    {
        var at = change.Origin;
        switch (change)
        {
            case PutEntity p:
                _rowErrors.Clear();
                BatchValidator.CheckEntity(p.Entity, at, _rowErrors);
                Report(_rowErrors);
                if (_entityAt.TryGetValue(p.Entity.Id, out var first))
                {
                    var firstAt = Location(first);
                    Report(new InputError(at, "id", $"duplicate entity id '{p.Entity.Id}'" + (firstAt is null ? "" : $" (first defined at {firstAt})")));
                }

                _entityAt[p.Entity.Id] = Pack(at);
                break;
            case PutRelationship p:
                _relationshipSeen = true;
                var r = p.Relationship;
                _rowErrors.Clear();
                BatchValidator.CheckRelationship(r, at, _rowErrors);
                Report(_rowErrors);
                if (_relationships == _relationshipHashes.Length)
                {
                    Array.Resize(ref _relationshipHashes, _relationships * 2);
                }

                _relationshipHashes[_relationships++] = Hash(r.Id);
                CheckEnd(r.From, "from", r.Id, at);
                CheckEnd(r.To, "to", r.Id, at);
                break;
            default:
                throw new ArgumentException($"a streamed batch holds entity and relationship puts, not {change.GetType().Name}", nameof(change));
        }
    }

    private void CheckEnd(string entityId, string field, string relationshipId, SourceLocation? at)
    {
        if (!_entityAt.ContainsKey(entityId) && !_graph.TryGetNode(entityId, out _))
        {
            // An entity put further on may still bring it: checked on the final state, as for a held batch.
            _unknownEnds.Add((entityId, field, relationshipId, Pack(at)));
        }
    }

    private void CheckUnknownEnds()
    {
        foreach (var (entityId, field, relationshipId, at) in _unknownEnds)
        {
            if (!_entityAt.ContainsKey(entityId))
            {
                Report(new InputError(Location(at), field, field == "from"
                    ? $"relationship '{relationshipId}' starts at missing entity '{entityId}'"
                    : $"relationship '{relationshipId}' ends at missing entity '{entityId}'"));
            }
        }
    }

    /// <summary>
    /// Ids whose hash came twice are read again, by id this time: a true duplicate is reported with where it was first
    /// put, a collision of two different ids is no problem.
    /// </summary>
    private void CheckDuplicateRelationships(StreamedBatch batch, CancellationToken cancellationToken)
    {
        var hashes = _relationshipHashes.AsSpan(0, _relationships);
        hashes.Sort();
        HashSet<long>? twice = null;
        for (var i = 1; i < hashes.Length; i++)
        {
            if (hashes[i] == hashes[i - 1])
            {
                (twice ??= []).Add(hashes[i]);
            }
        }

        _relationshipHashes = [];
        if (twice is null)
        {
            return;
        }

        var firstAt = new Dictionary<string, SourceLocation?>(StringComparer.Ordinal);
        var read = 0;
        try
        {
            batch.Read(change =>
            {
                if ((++read & 0xFFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                if (change is not PutRelationship p || !twice.Contains(Hash(p.Relationship.Id)))
                {
                    return;
                }

                if (firstAt.TryGetValue(p.Relationship.Id, out var first))
                {
                    Report(new InputError(p.Origin, "id", $"duplicate relationship id '{p.Relationship.Id}'" + (first is null ? "" : $" (first defined at {first}); give each relationship its own \"id\"")));
                }
                else
                {
                    firstAt.Add(p.Relationship.Id, p.Origin);
                }
            });
        }
        catch (InvalidInputException)
        {
            // Already reported by the first reading.
        }
    }

    private void Report(List<InputError> errors)
    {
        foreach (var error in errors)
        {
            Report(error);
        }
    }

    private void Report(InputError error)
    {
        if (_errors.Count < MaxErrors)
        {
            _errors.Add(error);
        }
        else
        {
            _moreErrors++;
        }
    }

    /// <summary>A location as one number: the file's index + 1 (0: none) above its line.</summary>
    private long Pack(SourceLocation? at)
    {
        if (at is null)
        {
            return 0;
        }

        if (!_fileIndex.TryGetValue(at.File, out var index))
        {
            index = _files.Count;
            _files.Add(at.File);
            _fileIndex.Add(at.File, index);
        }

        return ((long)(index + 1) << 32) | (uint)at.Line;
    }

    private SourceLocation? Location(long packed) =>
        packed == 0 ? null : new SourceLocation(_files[(int)(packed >> 32) - 1], (int)(uint)packed);

    /// <summary>FNV-1a over the id's UTF-16 units: stable, and a collision costs only a second reading.</summary>
    private static long Hash(string id)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in id)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return (long)hash;
    }
}
