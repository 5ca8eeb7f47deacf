using SupplyGraph.Core.Engine;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Review;
using SupplyGraph.Core.Text;

namespace SupplyGraph.Core.Storage;

/// <summary>
/// Checks a whole batch against the graph it will be applied to, collecting every problem rather than stopping
/// at the first, and makes implicit effects explicit (a detached delete lists the relationships it removes).
/// </summary>
public static class BatchValidator
{
    /// <summary>Validates <paramref name="batch"/> against <paramref name="graph"/>.</summary>
    /// <param name="graph">The graph before the batch.</param>
    /// <param name="batch">The batch.</param>
    /// <returns>The changes to apply, in order.</returns>
    /// <exception cref="InvalidInputException">The batch has problems; nothing may be applied.</exception>
    public static IReadOnlyList<Change> Validate(GraphSnapshot graph, ChangeBatch batch)
    {
        var errors = new List<InputError>();
        var entities = new Dictionary<string, Entity?>(StringComparer.Ordinal);
        // One map per id for relationships (its state at the end of the batch and where it was last put), sized once:
        // a 1M-relationship import held three maps of 1M entries each, grown by doubling, at its peak of memory.
        var relationships = new Dictionary<string, RelationshipState>(CountRelationshipChanges(batch), StringComparer.Ordinal);
        var putEntityAt = new Dictionary<string, SourceLocation?>(StringComparer.Ordinal);
        var detached = new List<DeleteEntity>();
        var putReviewAt = new HashSet<string>(StringComparer.Ordinal);
        var openReviews = new List<PutReview>();

        bool EntityExists(string id) => entities.TryGetValue(id, out var e) ? e is not null : graph.TryGetNode(id, out _);
        bool RelationshipExists(string id) => relationships.TryGetValue(id, out var r) ? r.Current is not null : graph.TryGetEdge(id, out _);

        for (var i = 0; i < batch.Changes.Count; i++)
        {
            var change = batch.Changes[i];
            var at = change.Origin;
            switch (change)
            {
                case PutEntity p:
                    CheckEntity(p.Entity, at, errors);
                    if (putEntityAt.TryGetValue(p.Entity.Id, out var first))
                    {
                        errors.Add(new InputError(at, "id", $"duplicate entity id '{p.Entity.Id}'" + (first is null ? "" : $" (first defined at {first})")));
                    }

                    putEntityAt[p.Entity.Id] = at;
                    entities[p.Entity.Id] = p.Entity;
                    break;
                case DeleteEntity d:
                    if (!EntityExists(d.Id))
                    {
                        errors.Add(new InputError(at, "id", $"no entity '{d.Id}' to delete"));
                    }

                    entities[d.Id] = null;
                    if (d.Detach)
                    {
                        detached.Add(d);
                    }

                    break;
                case PutRelationship p:
                    CheckRelationship(p.Relationship, at, errors);
                    if (relationships.TryGetValue(p.Relationship.Id, out var firstRel) && firstRel.Put)
                    {
                        errors.Add(new InputError(at, "id", $"duplicate relationship id '{p.Relationship.Id}'" + (firstRel.PutAt is null ? "" : $" (first defined at {firstRel.PutAt}); give each relationship its own \"id\"")));
                    }

                    relationships[p.Relationship.Id] = new RelationshipState(p.Relationship, at, Put: true);
                    break;
                case DeleteRelationship d:
                    if (!RelationshipExists(d.Id))
                    {
                        errors.Add(new InputError(at, "id", $"no relationship '{d.Id}' to delete"));
                    }

                    relationships[d.Id] = relationships.TryGetValue(d.Id, out var put) ? put with { Current = null } : default;
                    break;
                case PutReview p:
                    CheckReview(p.Review, at, errors);
                    if (!putReviewAt.Add(p.Review.Id))
                    {
                        errors.Add(new InputError(at, "review.id", $"duplicate review item '{p.Review.Id}'"));
                    }

                    if (p.Review.Status == ReviewStatus.Open)
                    {
                        openReviews.Add(p);
                    }

                    break;
            }
        }

        // An open item compares two entities that must both be there when the batch is done (a decided one is history).
        foreach (var p in openReviews)
        {
            foreach (var (field, id) in (ReadOnlySpan<(string, string)>)[("review.record.entityId", p.Review.Record.EntityId), ("review.candidate.entityId", p.Review.Candidate.EntityId)])
            {
                if (!EntityExists(id))
                {
                    errors.Add(new InputError(p.Origin, field, $"open review item '{p.Review.Id}' refers to missing entity '{id}'"));
                }
            }
        }

        var effective = new List<Change>(batch.Changes);
        foreach (var d in detached)
        {
            foreach (var relId in RelationshipsAt(graph, relationships, d.Id))
            {
                relationships[relId] = relationships.TryGetValue(relId, out var put) ? put with { Current = null } : default;
                effective.Add(new DeleteRelationship(relId) { Origin = d.Origin });
            }
        }

        // Endpoints are checked on the final state, so a file may list relationships before their entities.
        foreach (var (id, state) in relationships)
        {
            if (state.Current is not { } r)
            {
                continue;
            }

            var at = state.PutAt;
            if (!EntityExists(r.From))
            {
                errors.Add(new InputError(at, "from", $"relationship '{id}' starts at missing entity '{r.From}'"));
            }

            if (!EntityExists(r.To))
            {
                errors.Add(new InputError(at, "to", $"relationship '{id}' ends at missing entity '{r.To}'"));
            }
        }

        foreach (var change in batch.Changes)
        {
            if (change is DeleteEntity { Detach: false } d && entities[d.Id] is null)
            {
                var remaining = RelationshipsAt(graph, relationships, d.Id).Count;
                if (remaining > 0)
                {
                    errors.Add(new InputError(d.Origin, "id", $"entity '{d.Id}' still has {remaining} relationship(s); delete them first or delete with detach"));
                }
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }

        return effective;
    }

    private static List<string> RelationshipsAt(GraphSnapshot graph, Dictionary<string, RelationshipState> overlay, string entityId)
    {
        var ids = new List<string>();
        if (graph.TryGetNode(entityId, out var node))
        {
            foreach (var e in graph.EdgesAt(node, Direction.Both))
            {
                var id = graph.Relationship(e).Id;
                if (!overlay.ContainsKey(id))
                {
                    ids.Add(id);
                }
            }
        }

        foreach (var (id, state) in overlay)
        {
            if (state.Current is { } r && (r.From == entityId || r.To == entityId))
            {
                ids.Add(id);
            }
        }

        return ids;
    }

    private static int CountRelationshipChanges(ChangeBatch batch)
    {
        var count = 0;
        foreach (var change in batch.Changes)
        {
            if (change is PutRelationship or DeleteRelationship)
            {
                count++;
            }
        }

        return count;
    }

    internal static void CheckEntity(Entity e, SourceLocation? at, List<InputError> errors)
    {
        if (!Slug.IsValidId(e.Id))
        {
            errors.Add(new InputError(at, "id", $"'{e.Id}' is not a valid id (letters, digits and - _ . : /, up to 200 characters)"));
        }

        if (string.IsNullOrWhiteSpace(e.Name))
        {
            errors.Add(new InputError(at, "name", "must not be empty"));
        }

        if (e.Labels.Count == 0)
        {
            errors.Add(new InputError(at, "labels", "at least one label is required"));
        }

        foreach (var label in e.Labels)
        {
            if (!NodeLabels.IsValid(label))
            {
                errors.Add(new InputError(at, "labels", $"'{label}' is not a valid label"));
            }
            else if (NodeLabels.TypoOf(label) is { } suggestion)
            {
                errors.Add(new InputError(at, "labels", $"unknown label '{label}'; did you mean '{suggestion}'? known labels: {string.Join(", ", NodeLabels.Known)} (other PascalCase roles are allowed)"));
            }
        }

        CheckProperties(e.Properties, at, errors);
    }

    internal static void CheckRelationship(Relationship r, SourceLocation? at, List<InputError> errors)
    {
        if (!Slug.IsValidId(r.Id))
        {
            errors.Add(new InputError(at, "id", $"'{r.Id}' is not a valid relationship id"));
        }

        if (!RelationshipTypes.IsKnown(r.Type))
        {
            errors.Add(new InputError(at, "type", $"unknown relationship type '{r.Type}'"));
        }

        if (r.From == r.To)
        {
            errors.Add(new InputError(at, "to", $"relationship '{r.Id}' starts and ends at '{r.From}'"));
        }

        if (!r.Share.IsUnknown)
        {
            if (r.Type is not (RelationshipTypes.Owns or RelationshipTypes.Controls))
            {
                errors.Add(new InputError(at, "share", $"a share belongs on OWNS or CONTROLS, not {r.Type}"));
            }

            if (r.Share.Low is not { } low || r.Share.High is not { } high || low < 0 || high > 1 || low > high)
            {
                errors.Add(new InputError(at, "share", $"share {r.Share} is outside 0–100 %"));
            }
        }

        if (string.IsNullOrWhiteSpace(r.Provenance.Source))
        {
            errors.Add(new InputError(at, "provenance.source", "every relationship needs its source"));
        }

        if (r.Provenance.Confidence is < 0 or > 1 || double.IsNaN(r.Provenance.Confidence))
        {
            errors.Add(new InputError(at, "provenance.confidence", "must be from 0 to 1"));
        }

        if (r.Validity is { From: { } from, To: { } to } && from > to)
        {
            errors.Add(new InputError(at, "validTo", "is before validFrom"));
        }

        CheckProperties(r.Properties, at, errors);
    }

    private static void CheckReview(ReviewRecord review, SourceLocation? at, List<InputError> errors)
    {
        if (review.RecordKey.Length == 0 || review.Record.EntityId.Length == 0 || review.Candidate.EntityId.Length == 0)
        {
            errors.Add(new InputError(at, "review", "a review item needs its record key and both entity ids"));
        }
        else if (review.Id != ReviewRecord.IdFor(review.RecordKey, review.Candidate.EntityId))
        {
            // The id is what lets the same source row meet the same decision on the next import.
            errors.Add(new InputError(at, "review.id", $"'{review.Id}' is not the id of record '{review.RecordKey}' and candidate '{review.Candidate.EntityId}' ({ReviewRecord.IdFor(review.RecordKey, review.Candidate.EntityId)})"));
        }

        if (review.Record.EntityId == review.Candidate.EntityId && review.Record.EntityId.Length > 0)
        {
            errors.Add(new InputError(at, "review.candidate.entityId", $"review item '{review.Id}' compares '{review.Record.EntityId}' with itself"));
        }

        if (review.Score is < 0 or > 1 || double.IsNaN(review.Score))
        {
            errors.Add(new InputError(at, "review.score", "must be from 0 to 1"));
        }

        if (review.Status == ReviewStatus.Open ? review.Decisions.Count > 0 : review.Decision?.Status != review.Status)
        {
            errors.Add(new InputError(at, "review.status", review.Status == ReviewStatus.Open
                ? $"review item '{review.Id}' is open but has decisions"
                : $"review item '{review.Id}' is {ReviewJson.StatusName(review.Status)} but its latest decision says otherwise"));
        }
    }

    private static void CheckProperties(IReadOnlyDictionary<string, object?> properties, SourceLocation? at, List<InputError> errors)
    {
        foreach (var (key, value) in properties)
        {
            if (!PropertyValues.IsAllowed(value))
            {
                errors.Add(new InputError(at, "properties." + key, $"value of type {value!.GetType().Name} is not allowed"));
            }
        }
    }

    /// <summary>A relationship id in the batch: the record at the end of it (null: deleted) and where it was last put.</summary>
    private readonly record struct RelationshipState(Relationship? Current, SourceLocation? PutAt, bool Put);
}
