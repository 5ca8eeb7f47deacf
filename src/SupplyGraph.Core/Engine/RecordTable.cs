namespace SupplyGraph.Core.Engine;

/// <summary>
/// The records of a base by dense id, and the id → dense id index. Built bases hold objects
/// (<see cref="ArrayRecords{T}"/>); bases opened from a snapshot file hold the records' bytes in the file and
/// materialise a record when asked (<see cref="MappedRecords{T}"/>), so no managed object per record stays on the heap.
/// </summary>
internal abstract class RecordTable<T>
    where T : class
{
    /// <summary>Number of records (dense ids are 0 .. Length-1).</summary>
    public abstract int Length { get; }

    /// <summary>The record with dense id <paramref name="index"/>; a new object each call for mapped records.</summary>
    public abstract T this[int index] { get; }

    /// <summary>The dense id of the record with id <paramref name="id"/>.</summary>
    public abstract bool TryGetIndex(string id, out int index);

    /// <summary>Appends the record's id and its stored JSON, as UTF-8, to the buffers (for a snapshot file).</summary>
    public abstract void CopyRecord(int index, RecordBytes into);
}
