using SupplyGraph.Core.Model;

namespace SupplyGraph.Core.Engine;

/// <summary>
/// The name table of a base: built once, on the first search or in the background (<see cref="StartBuilding"/>), and
/// shared by every snapshot on the base, so a write no longer costs the next search a build over the whole graph.
/// </summary>
internal sealed class BaseNameIndex
{
    private readonly Lock _lock = new();
    private RecordTable<Entity>? _records;
    private NameTable? _table;
    private int _started;
    private int _builds;

    public BaseNameIndex(RecordTable<Entity> records) => _records = records;

    /// <summary>How many times the table was built (once at most; a test's witness that writes do not rebuild it).</summary>
    public int Builds => Volatile.Read(ref _builds);

    /// <summary>Whether the table is built.</summary>
    public bool IsBuilt => Volatile.Read(ref _table) is not null;

    /// <summary>The table; a caller that comes while it is being built waits for it.</summary>
    public NameTable Table => Volatile.Read(ref _table) ?? BuildOnce();

    /// <summary>
    /// This index, to be read from <paramref name="records"/> (the same records, numbered the same) if it is not built
    /// yet: a base whose records moved to its snapshot file must not keep the objects alive for a build to come.
    /// </summary>
    public BaseNameIndex Sharing(RecordTable<Entity> records)
    {
        if (!IsBuilt)
        {
            Volatile.Write(ref _records, records);
        }

        return this;
    }

    /// <summary>Starts building the table on the thread pool unless it is built or being built.</summary>
    public void StartBuilding()
    {
        if (IsBuilt || Interlocked.Exchange(ref _started, 1) == 1)
        {
            return;
        }

        ThreadPool.QueueUserWorkItem(static index =>
        {
            try
            {
                _ = index.Table;
            }
#pragma warning disable CA1031 // Any failure: an exception escaping a thread-pool item would end the process.
            catch (Exception)
#pragma warning restore CA1031
            {
                // A record that cannot be read (a store closed meanwhile, a corrupt file) or anything else: nothing is
                // kept, so the first search builds again and reports it to its caller.
            }
        }, this, preferLocal: false);
    }

    private NameTable BuildOnce()
    {
        lock (_lock)
        {
            if (_table is null)
            {
                var records = Volatile.Read(ref _records)!;
                var builder = new NameTable.Builder();
                if (records is MappedRecords<Entity> mapped)
                {
                    mapped.Scan(builder.Add);
                }
                else
                {
                    for (var n = 0; n < records.Length; n++)
                    {
                        builder.Add(n, records[n]);
                    }
                }

                var table = builder.Finish();
                Interlocked.Increment(ref _builds);
                Volatile.Write(ref _table, table);
                Volatile.Write(ref _records, null);
            }

            return _table;
        }
    }
}
