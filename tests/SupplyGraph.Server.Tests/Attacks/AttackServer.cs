using SupplyGraph.Core.Tests.Support;

namespace SupplyGraph.Server.Tests.Attacks;

/// <summary>
/// One seeded server process for the attack suite, with small budgets so that attacks hit them quickly: readers
/// 5 s and 128 MiB a query, 2 queries at once, batches and Cypher writes of at most 1,000 changes.
/// </summary>
public sealed class AttackServer : IAsyncLifetime
{
    public const string ReaderKey = "attack-reader-key";
    public const string EditorKey = "attack-editor-key";
    public const int TimeBudgetSeconds = 5;
    public const int MemoryBudgetMegabytes = 128;
    public const int Slots = 2;
    public const int MaxChanges = 1_000;

    private readonly TempFolder _folder = new();

    public ServerProcess Server { get; private set; } = null!;

    /// <summary>What the issue allows the whole server to hold: every slot's budget, plus 512 MB for the server itself.</summary>
    public static long RssCeilingBytes => ((long)Slots * MemoryBudgetMegabytes + 512) << 20;

    public static TimeSpan TimeCeiling => TimeSpan.FromSeconds(TimeBudgetSeconds * 1.1);

    public static Dictionary<string, string> Settings() => new()
    {
        ["SUPPLYGRAPH_API_KEYS"] = $"reader:{ReaderKey},editor:{EditorKey}",
        ["SupplyGraph__ReaderBudget__TimeSeconds"] = TimeBudgetSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["SupplyGraph__ReaderBudget__MemoryMegabytes"] = MemoryBudgetMegabytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["SupplyGraph__EditorBudget__TimeSeconds"] = TimeBudgetSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["SupplyGraph__EditorBudget__MemoryMegabytes"] = MemoryBudgetMegabytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["SupplyGraph__MaxConcurrentQueries"] = Slots.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["SupplyGraph__MaxBatchChanges"] = MaxChanges.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["SupplyGraph__AnonymousLoopbackRole"] = "",
    };

    public async Task InitializeAsync() =>
        Server = await ServerProcess.StartAsync(ServerProcess.StartInfo(Path.Combine(_folder.Path, "data"), Settings()));

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _folder.Dispose();
    }
}
