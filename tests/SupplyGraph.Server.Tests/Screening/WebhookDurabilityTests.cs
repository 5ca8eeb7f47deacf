using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SupplyGraph.Core.Import;
using SupplyGraph.Core.Storage;
using SupplyGraph.Core.Tests.Support;
using SupplyGraph.Server.Tests.Attacks;

namespace SupplyGraph.Server.Tests.Screening;

/// <summary>
/// A webhook difference survives the server: recorded, refused by the receiver, the server killed (SIGKILL) while it
/// retries, then started again on the same store — the difference is posted by the new process.
/// </summary>
public sealed class WebhookDurabilityTests
{
    private const string EditorKey = "webhook-editor-key";

    [Fact]
    public async Task Webhook_ServerKilledWhileTheReceiverRefuses_TheDifferenceIsPostedAfterRestart()
    {
        using var folder = new TempFolder();
        var data = Path.Combine(folder.Path, "data");
        using var receiver = new WebhookReceiver(failFirst: int.MaxValue);
        var settings = new Dictionary<string, string>
        {
            ["SUPPLYGRAPH_API_KEYS"] = $"editor:{EditorKey}",
            ["SupplyGraph__AnonymousLoopbackRole"] = "",
            // Retries far apart: the server is killed between two of them.
            ["SupplyGraph__Screening__WebhookAttempts"] = "10",
            ["SupplyGraph__Screening__WebhookFirstRetryMilliseconds"] = "2000",
        };

        string id;
        await using (var first = await ServerProcess.StartAsync(ServerProcess.StartInfo(data, settings)))
        {
            using var http = first.Client(EditorKey);
            // SME Bank: not in the seed, listed by the CSL sample imported below.
            var start = await http.PostAsJsonAsync("/api/screenings", new { input = "bank.csv", csv = "id,name,country,type\nC1,SME BANK,Russia,Company\n", k = 1, rules = new[] { "ofac", "bis", "eu", "uk" }, webhook = receiver.Url });
            Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
            id = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            await WaitAsync(async () => (await http.GetFromJsonAsync<JsonElement>($"/api/screenings/{id}")).GetProperty("status").GetString() == "done", "the screening's first run");

            // Another writer (as the CLI would) lists SME Bank: the server records the difference and posts it, refused.
            await using (var cli = EmbeddedGraphStore.Open(data))
            {
                var report = await Importer.RunAsync(cli, [Path.Combine(RepoPaths.Shared, "data", "csl", "consolidated_sample_2025.csv")], new ImportOptions());
                Assert.Equal(ImportOutcome.Committed, report.Outcome);
            }

            await WaitAsync(async () => (await http.GetFromJsonAsync<JsonElement>($"/api/screenings/{id}/deliveries")).GetArrayLength() > 0, "a first (refused) delivery attempt");
            first.Kill();
            Assert.True(await first.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        }

        Assert.Empty(DrainReceived(receiver));
        receiver.Heal();
        await using var second = await ServerProcess.StartAsync(ServerProcess.StartInfo(data, settings));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var (body, _, delivery) = await receiver.Received.ReadAsync(timeout.Token);
        using var change = JsonDocument.Parse(body);
        Assert.Equal(id, change.RootElement.GetProperty("screening").GetString());
        var diff = Assert.Single(change.RootElement.GetProperty("diffs").EnumerateArray());
        Assert.Equal(("no-match", "listed"), (diff.GetProperty("before").GetString(), diff.GetProperty("after").GetString()));
        Assert.StartsWith($"{id}/{diff.GetProperty("id").GetInt64()}/", delivery, StringComparison.Ordinal);

        // Posted once: the cursor moved past it, so nothing more comes.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Empty(DrainReceived(receiver));
    }

    private static List<string> DrainReceived(WebhookReceiver receiver)
    {
        var bodies = new List<string>();
        while (receiver.Received.TryRead(out var item))
        {
            bodies.Add(item.Body);
        }

        return bodies;
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, "timed out waiting for " + what);
            await Task.Delay(100);
        }
    }
}
