using System.Text.Json.Nodes;
using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Tests.Support;

/// <summary>Compares records by their JSON form with object keys sorted, so stores may order properties freely.</summary>
public static class Canonical
{
    public static string Of(Entity e) => Sort(GraphJson.ToJson(w => GraphJson.Write(w, e)));

    public static string Of(Relationship r) => Sort(GraphJson.ToJson(w => GraphJson.Write(w, r)));

    private static string Sort(string json) => Sorted(JsonNode.Parse(json))!.ToJsonString();

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Sorted)]),
        _ => node?.DeepClone(),
    };
}
