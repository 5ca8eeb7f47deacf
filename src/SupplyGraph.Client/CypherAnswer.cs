using System.Text.Json;

namespace SupplyGraph.Client;

/// <summary>
/// A Cypher answer: rows of JSON values (a node is <c>{"node": id}</c>, a relationship <c>{"relationship": id}</c>),
/// the nodes and relationships they name, and what a write changed (docs/cypher.md).
/// </summary>
/// <param name="Columns">Column names.</param>
/// <param name="Rows">One array of values per row.</param>
/// <param name="Nodes">Nodes by id: <c>{labels, properties}</c>.</param>
/// <param name="Relationships">Relationships by id: <c>{type, start, end, properties}</c>.</param>
/// <param name="Stats">Counts of what a write changed.</param>
public sealed record CypherAnswer(
    IReadOnlyList<string> Columns,
    IReadOnlyList<IReadOnlyList<JsonElement>> Rows,
    IReadOnlyDictionary<string, JsonElement> Nodes,
    IReadOnlyDictionary<string, JsonElement> Relationships,
    IReadOnlyDictionary<string, JsonElement> Stats);
