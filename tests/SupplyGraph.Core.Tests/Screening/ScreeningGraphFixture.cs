using SupplyGraph.Core.Import;
using SupplyGraph.Core.Storage;
using SupplyGraph.Core.Tests.Support;

namespace SupplyGraph.Core.Tests.Screening;

/// <summary>
/// A real store file holding the seed plus the published files the 50-name counterparty file draws from: the two
/// OpenSanctions FtM files (Zala Aero cluster, EU FSF sample) and GLEIF's LEI and relationship records.
/// </summary>
public sealed class ScreeningGraphFixture : IAsyncLifetime
{
    private readonly TempFolder _folder = new();

    public EmbeddedGraphStore Store { get; private set; } = null!;

    /// <summary>Screenings already run, by their parameters (a theory reads one row of the same screening 50 times).</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<Core.Screening.ScreeningRowResult>> Results { get; } = new();

    public static string Data(params string[] parts) => Path.Combine([RepoPaths.Shared, "data", .. parts]);

    public static string CounterpartyFile => Path.Combine(RepoPaths.Root, "tests", "data", "screening", "counterparties-50.csv");

    public async Task InitializeAsync()
    {
        Store = EmbeddedGraphStore.Open(_folder.Path);
        await GraphSeed.LoadAsync(Store, RepoPaths.Seed);
        var report = await Importer.RunAsync(Store,
            [
                Data("ftm", "opensanctions_zala_aero_cluster.ftm.json"),
                Data("ftm", "opensanctions_eu_fsf_sample.ftm.json"),
                Data("ownership", "gleif_rr_cdf_bodspipelines", "lei-data.json"),
                Data("ownership", "gleif_rr_cdf_bodspipelines", "rr-data.json"),
            ],
            new ImportOptions());
        Assert.Equal(ImportOutcome.Committed, report.Outcome);
    }

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        _folder.Dispose();
    }
}
