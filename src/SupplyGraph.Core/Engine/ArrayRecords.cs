using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Engine;

/// <summary>Records held as objects, indexed by a dictionary.</summary>
internal sealed class ArrayRecords<T> : RecordTable<T>
    where T : class
{
    private readonly T[] _items;
    private readonly Dictionary<string, int> _index;
    private readonly Func<T, string> _idOf;
    private readonly Action<System.Text.Json.Utf8JsonWriter, T> _write;

    public ArrayRecords(T[] items, Func<T, string> idOf, Action<System.Text.Json.Utf8JsonWriter, T> write)
    {
        _items = items;
        _idOf = idOf;
        _write = write;
        _index = new Dictionary<string, int>(items.Length, StringComparer.Ordinal);
        for (var i = 0; i < items.Length; i++)
        {
            _index.Add(idOf(items[i]), i);
        }
    }

    public override int Length => _items.Length;

    public override T this[int index] => _items[index];

    public override bool TryGetIndex(string id, out int index) => _index.TryGetValue(id, out index);

    public override void CopyRecord(int index, RecordBytes into)
    {
        var item = _items[index];
        System.Text.EncodingExtensions.GetBytes(System.Text.Encoding.UTF8, _idOf(item).AsSpan(), into.Id);
        using var w = new System.Text.Json.Utf8JsonWriter(into.Json, new System.Text.Json.JsonWriterOptions
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
        _write(w, item);
    }
}

/// <summary>Records held as objects, for the two kinds of record.</summary>
internal static class Records
{
    public static ArrayRecords<Entity> Of(Entity[] entities) => new(entities, e => e.Id, GraphJson.Write);

    public static ArrayRecords<Relationship> Of(Relationship[] relationships) => new(relationships, r => r.Id, GraphJson.Write);
}
