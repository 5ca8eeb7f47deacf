using System.Text.Json;
using System.Text.Json.Serialization;

namespace SupplyGraph.Core.Model;

/// <summary>Lets <see cref="JsonSerializer"/> (and so ASP.NET Core) read and write entities in the project's JSON form.</summary>
public sealed class EntityJsonConverter : JsonConverter<Entity>
{
    /// <inheritdoc/>
    public override Entity? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var doc = JsonDocument.ParseValue(ref reader);
        var errors = new List<InputError>();
        return GraphJson.ReadEntity(doc.RootElement, "", null, errors) ?? throw new InvalidInputException(errors);
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, Entity value, JsonSerializerOptions options) => GraphJson.Write(writer, value);
}

/// <summary>Lets <see cref="JsonSerializer"/> read and write relationships in the project's JSON form.</summary>
public sealed class RelationshipJsonConverter : JsonConverter<Relationship>
{
    /// <inheritdoc/>
    public override Relationship? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var doc = JsonDocument.ParseValue(ref reader);
        var errors = new List<InputError>();
        return GraphJson.ReadRelationship(doc.RootElement, "", null, errors) ?? throw new InvalidInputException(errors);
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, Relationship value, JsonSerializerOptions options) => GraphJson.Write(writer, value);
}
