using System.Text.Json;
using System.Text.Json.Serialization;
using SupplyGraph.Core.Model;
using SupplyGraph.Core.Review;

namespace SupplyGraph.Client;

/// <summary>
/// The JSON the server speaks: web defaults (camelCase), enums as camelCase strings, and Core's converters for
/// entities, relationships, changes and review items (the project's own JSON form).
/// </summary>
public static class ClientJson
{
    /// <summary>Options for reading the server's answers and writing request bodies.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>Adds the converters the server uses to a list (for the hub's JSON protocol).</summary>
    /// <param name="converters">The list to add to.</param>
    public static void AddConverters(IList<JsonConverter> converters)
    {
        converters.Add(new EntityJsonConverter());
        converters.Add(new RelationshipJsonConverter());
        converters.Add(new ChangeJsonConverter());
        converters.Add(new ReviewJsonConverter());
        converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        AddConverters(options.Converters);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
