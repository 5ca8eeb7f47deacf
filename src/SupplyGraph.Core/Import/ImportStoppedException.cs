namespace SupplyGraph.Core.Import;

/// <summary>Thrown between records when the store refused a chunk: reading stops, the problems are in the session.</summary>
internal sealed class ImportStoppedException : Exception
{
    public ImportStoppedException()
        : base("the store refused a chunk of the import")
    {
    }
}
