using System.Text.Json;

namespace SupplyGraph.Server.Apis;

/// <summary>The answer of <c>POST /api/cypher</c> as the OpenAPI document describes it (written by <c>CypherJson</c>).</summary>
/// <param name="Columns">The column names, in order.</param>
/// <param name="Rows">One array of values per row; a node or relationship is its id, described in nodes or relationships.</param>
/// <param name="Nodes">Nodes by id: labels and properties.</param>
/// <param name="Relationships">Relationships by id: type, start, end and properties.</param>
/// <param name="Stats">What a writing query changed: nodesCreated, relationshipsDeleted, propertiesSet ….</param>
/// <param name="Plan">With EXPLAIN or PROFILE: the plan's steps.</param>
public sealed record CypherResult(
    IReadOnlyList<string> Columns,
    IReadOnlyList<IReadOnlyList<JsonElement>> Rows,
    IReadOnlyDictionary<string, JsonElement> Nodes,
    IReadOnlyDictionary<string, JsonElement> Relationships,
    IReadOnlyDictionary<string, int> Stats,
    IReadOnlyList<JsonElement>? Plan);
