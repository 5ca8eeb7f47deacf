using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace SupplyGraph.Server.Extensions;

/// <summary>
/// The small pieces the hand-filled schemas (<see cref="GraphSchemas"/>, <see cref="ScreeningSchemas"/>) are built from.
/// Every piece is marked as made here: the generator walks a filled schema's properties again with the C# type they
/// replaced (a chain step's <c>owner</c> is an Entity in C#, an id in the JSON), and the transformers leave a marked piece alone.
/// </summary>
internal static class SchemaParts
{
    private const string ByHand = "supplygraph:by-hand";

    /// <summary>Whether the schema is one of ours, to be left as it is.</summary>
    public static bool IsByHand(OpenApiSchema schema) => schema.Metadata?.ContainsKey(ByHand) == true;

    /// <summary>Copies a filled schema onto the one the generator made for a type (keeping the generator's component id).</summary>
    public static void Fill(OpenApiSchema schema, OpenApiSchema filled)
    {
        schema.Type = filled.Type;
        schema.Properties = filled.Properties;
        schema.Required = filled.Required;
        schema.Items = filled.Items;
        schema.Description = filled.Description ?? schema.Description;
        schema.AdditionalProperties = filled.AdditionalProperties;
        schema.AdditionalPropertiesAllowed = filled.AdditionalPropertiesAllowed;
    }

    public static OpenApiSchema Object(string[] required, params (string Name, OpenApiSchema Schema)[] properties) => Mark(new()
    {
        Type = JsonSchemaType.Object,
        Required = new HashSet<string>(required, StringComparer.Ordinal),
        Properties = properties.ToDictionary(p => p.Name, p => (IOpenApiSchema)p.Schema, StringComparer.Ordinal),
    });

    public static OpenApiSchema Described(this OpenApiSchema schema, string description)
    {
        schema.Description = description;
        return schema;
    }

    /// <summary>
    /// A name for an inline object: generators name its class after it (NSwag would otherwise number classes after the
    /// property, Rules, Chain, Sources5). Inline because a reference set in a transformer is refused by the generator.
    /// </summary>
    public static OpenApiSchema Titled(this OpenApiSchema schema, string title)
    {
        schema.Title = title;
        return schema;
    }

    public static OpenApiSchema Text(string description) => Mark(new() { Type = JsonSchemaType.String, Description = description });

    public static OpenApiSchema Enum(IEnumerable<string> values, string description) =>
        Mark(new() { Type = JsonSchemaType.String, Enum = [.. values.Select(v => (JsonNode)v)], Description = description });

    public static OpenApiSchema Date(string description, bool nullable = false) =>
        Mark(new() { Type = JsonSchemaType.String | (nullable ? JsonSchemaType.Null : 0), Format = "date", Description = description });

    public static OpenApiSchema DateTime(string description, bool nullable = false) =>
        Mark(new() { Type = JsonSchemaType.String | (nullable ? JsonSchemaType.Null : 0), Format = "date-time", Description = description });

    public static OpenApiSchema Int32(string description) => Mark(new() { Type = JsonSchemaType.Integer, Format = "int32", Description = description });

    public static OpenApiSchema Int64(string description) => Mark(new() { Type = JsonSchemaType.Integer, Format = "int64", Description = description });

    public static OpenApiSchema Double(string description) => Mark(new() { Type = JsonSchemaType.Number, Format = "double", Description = description });

    public static OpenApiSchema Boolean(string description) => Mark(new() { Type = JsonSchemaType.Boolean, Description = description });

    public static OpenApiSchema Array(OpenApiSchema items, string description) => Mark(new() { Type = JsonSchemaType.Array, Items = items, Description = description });

    public static OpenApiSchema Texts(string description) => Array(Mark(new() { Type = JsonSchemaType.String }), description);

    public static OpenApiSchema Map(string description) =>
        Mark(new() { Type = JsonSchemaType.Object, AdditionalProperties = Mark(new() { Type = JsonSchemaType.String }), Description = description });

    public static OpenApiSchema AnyMap(string description) => Mark(new() { Type = JsonSchemaType.Object, Description = description });

    /// <summary>A value of no fixed type (a number or a text, say): only its description.</summary>
    public static OpenApiSchema Any(string description) => Mark(new() { Description = description });

    private static OpenApiSchema Mark(OpenApiSchema schema)
    {
        schema.Metadata ??= new Dictionary<string, object>(StringComparer.Ordinal);
        schema.Metadata[ByHand] = true;
        return schema;
    }
}
