using SupplyGraph.Core.Model;

namespace SupplyGraph.Server.Apis;

/// <summary>
/// A batch in the import JSON format (docs/import-formats.md), as the OpenAPI document describes it; the body is read
/// strictly by <see cref="Core.Import.ImportSession"/>, so that every problem names its field and line.
/// </summary>
/// <param name="Entities">Entities to add or replace.</param>
/// <param name="Relationships">Relationships to add or replace.</param>
/// <param name="Changes">Explicit changes, deletions included.</param>
public sealed record BatchRequest(IReadOnlyList<Entity>? Entities, IReadOnlyList<Relationship>? Relationships, IReadOnlyList<Change>? Changes);
