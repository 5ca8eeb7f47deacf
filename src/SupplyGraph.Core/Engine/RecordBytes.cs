namespace SupplyGraph.Core.Engine;

/// <summary>A record's id and stored JSON as UTF-8, in reusable buffers.</summary>
internal sealed class RecordBytes
{
    public System.Buffers.ArrayBufferWriter<byte> Id { get; } = new(256);

    public System.Buffers.ArrayBufferWriter<byte> Json { get; } = new(4096);

    public void Clear()
    {
        Id.ResetWrittenCount();
        Json.ResetWrittenCount();
    }
}
