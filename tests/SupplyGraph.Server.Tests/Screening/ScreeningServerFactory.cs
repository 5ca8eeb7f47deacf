using Microsoft.AspNetCore.Hosting;

namespace SupplyGraph.Server.Tests.Screening;

/// <summary>The real server on a loopback port, with named keys (audit records say who), a webhook secret and fast retries.</summary>
public sealed class ScreeningServerFactory : KestrelServerFactory
{
    public const string AnalystKey = "analyst-key-0001";
    public const string WebhookSecret = "webhook-secret-for-tests";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("SupplyGraph:ApiKeys:3", "alice=editor:" + AnalystKey);
        builder.UseSetting("SupplyGraph:Screening:WebhookSecret", WebhookSecret);
        builder.UseSetting("SupplyGraph:Screening:WebhookFirstRetryMilliseconds", "100");
        builder.UseSetting("SupplyGraph:Screening:WebhookAttempts", "4");
    }
}
