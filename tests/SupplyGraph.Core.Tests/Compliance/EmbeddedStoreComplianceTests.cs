using SupplyGraph.Core.Storage;
using SupplyGraph.Core.Tests.Support;

namespace SupplyGraph.Core.Tests.Compliance;

public sealed class EmbeddedStoreComplianceTests : GraphStoreCompliance, IDisposable
{
    private readonly TempFolder _folder = new();

    protected override Task<IGraphStore?> CreateEmptyStoreAsync() => Task.FromResult<IGraphStore?>(EmbeddedGraphStore.Open(_folder.Path));

    public void Dispose() => _folder.Dispose();
}
