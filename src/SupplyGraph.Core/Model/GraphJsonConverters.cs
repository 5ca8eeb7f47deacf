using System.Text.Json;
using System.Text.Json.Serialization;

namespace SupplyGraph.Core.Model;

/// <summary>Lets <see cref="JsonSerializer"/> (and so ASP.NET Core) read and write a record in the project's JSON form.</summary>
/// <typeparam name="T">The record type.</typeparam>
/// <param name="read">Reads the record, adding problems to the list.</param>
/// <param name="write">Writes the record.</param>
public abstract class GraphJsonConverter<T>(
    Func<JsonElement, string, SourceLocation?, List<InputError>, T?> read,
    Action<Utf8JsonWriter, T> write) : JsonConverter<T>
    where T : class
{
    /// <inheritdoc/>
    public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var doc = JsonDocument.ParseValue(ref reader);
        var errors = new List<InputError>();
        return read(doc.RootElement, "", null, errors) ?? throw new InvalidInputException(errors);
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => write(writer, value);
}

/// <summary>Entities in the project's JSON form.</summary>
public sealed class EntityJsonConverter() : GraphJsonConverter<Entity>(GraphJson.ReadEntity, GraphJson.Write);

/// <summary>Relationships in the project's JSON form.</summary>
public sealed class RelationshipJsonConverter() : GraphJsonConverter<Relationship>(GraphJson.ReadRelationship, GraphJson.Write);

/// <summary>Changes in the project's JSON form (<c>{"op": ...}</c>).</summary>
public sealed class ChangeJsonConverter() : GraphJsonConverter<Change>(GraphJson.ReadChange, GraphJson.Write);
