using System.Text.Json;
using System.Text.Json.Serialization;

namespace SupplyGraph.Server.Hubs;

/// <summary>A change-log entry as the hub protocol writes it (see <see cref="ChangeFeed"/>): the same JSON, made once.</summary>
[JsonConverter(typeof(Converter))]
public sealed class SerializedEntry(long sequence, byte[] json)
{
    /// <summary>The entry's sequence number.</summary>
    public long Sequence { get; } = sequence;

    private byte[] Json { get; } = json;

    private sealed class Converter : JsonConverter<SerializedEntry>
    {
        public override SerializedEntry Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("a serialized entry is written, never read");

        public override void Write(Utf8JsonWriter writer, SerializedEntry value, JsonSerializerOptions options) =>
            writer.WriteRawValue(value.Json, skipInputValidation: true);
    }
}
