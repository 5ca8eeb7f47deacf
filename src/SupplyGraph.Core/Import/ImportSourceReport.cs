using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Import;

/// <summary>
/// One source file's part of an <see cref="ImportReport"/> (or the total over all files). Record counts cover the
/// parties of the published formats, each resolved once: <see cref="Records"/> = <see cref="Joined"/> +
/// <see cref="Created"/> + <see cref="QueuedForReview"/>. Entity and relationship counts cover every change
/// written, including list nodes and the project's own formats.
/// </summary>
public sealed record ImportSourceReport
{
    /// <summary>The file name as given to the import (<c>total</c> for the sum).</summary>
    public required string Source { get; init; }

    /// <summary>The format the file was read as (<c>csl</c>, <c>ftm</c>, <c>gleif</c>, <c>bods</c>, <c>delimited</c>, <c>project</c>); null for the total.</summary>
    public string? Format { get; init; }

    /// <summary>Party records resolved.</summary>
    public int Records { get; init; }

    /// <summary>Records that joined an existing entity (of the graph, or created earlier in this import).</summary>
    public int Joined { get; init; }

    /// <summary>
    /// <see cref="Joined"/> by the rule that made each join: <c>id</c>, <c>identifier:SCHEME</c>, <c>name</c>,
    /// <c>alias</c>, <c>parenthetical</c>, <c>suffix</c>, <c>compound</c>, <c>fuzzy</c> (scores collapsed).
    /// </summary>
    public IReadOnlyDictionary<string, int> JoinedBy { get; init; } = new Dictionary<string, int>();

    /// <summary>Records that became new entities with nothing close enough to propose.</summary>
    public int Created { get; init; }

    /// <summary>Records that may be an existing entity: each became a new entity and a review item for a person to decide.</summary>
    public int QueuedForReview { get; init; }

    /// <summary>Lines (or files) with problems; their records were not imported.</summary>
    public int Refused { get; init; }

    /// <summary>The problems, each naming file, line and field.</summary>
    public IReadOnlyList<InputError> Problems { get; init; } = [];

    /// <summary>Entities written that did not exist before the import (list nodes included).</summary>
    public int EntitiesCreated { get; init; }

    /// <summary>Existing entities changed (new aliases, identifiers, properties, sources).</summary>
    public int EntitiesUpdated { get; init; }

    /// <summary>Entities deleted (the project's change format only).</summary>
    public int EntitiesDeleted { get; init; }

    /// <summary>Relationships written that did not exist before the import.</summary>
    public int RelationshipsCreated { get; init; }

    /// <summary>Existing relationships replaced.</summary>
    public int RelationshipsUpdated { get; init; }

    /// <summary>Relationships deleted (the project's change format only).</summary>
    public int RelationshipsDeleted { get; init; }
}
