using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;

namespace SupplyGraph.Server.Tests;

/// <summary>A server whose query time budget is already spent when a query starts.</summary>
public sealed class NoTimeFactory : ServerFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("SupplyGraph:ReaderBudget:TimeSeconds", "0");
    }
}

public sealed class BudgetTests(NoTimeFactory factory) : IClassFixture<NoTimeFactory>
{
    [Fact]
    public async Task Query_OverItsTimeBudget_Is422NamingTheBudgetAndWhatToNarrow()
    {
        var response = await factory.Client(ServerFactory.ReaderKey).GetAsync(new Uri("/api/paths?from=sugon&to=baai&all=true&maxHops=6", UriKind.Relative));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("maxHops", problem.GetProperty("field").GetString());
        Assert.Equal("time", problem.GetProperty("budget").GetString());
        Assert.Contains("budget", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
