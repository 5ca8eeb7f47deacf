namespace SupplyGraph.Server.Extensions;

/// <summary>Marks an endpoint whose work runs through the <see cref="QueryGate"/> (so it may answer 422 or 503).</summary>
public sealed class BudgetedEndpoint
{
    public static readonly BudgetedEndpoint Instance = new();

    private BudgetedEndpoint()
    {
    }
}
