using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using SupplyGraph.Core.Screening;

namespace SupplyGraph.Server.Extensions;

/// <summary>
/// Posts a screening's differences to its webhook: the JSON body signed with HMAC-SHA256 (<c>X-SupplyGraph-Signature:
/// sha256=HEX</c> over the exact bytes), retried with exponential back-off (Polly) on a failed connection or a non-2xx
/// answer, every attempt written to the delivery log.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, IOptions<ScreeningOptions> options, ILogger<WebhookSender> log)
{
    /// <summary>The header carrying the signature.</summary>
    public const string SignatureHeader = "X-SupplyGraph-Signature";

    /// <summary>The signature of <paramref name="body"/> under <paramref name="secret"/>, as the header carries it.</summary>
    public static string Sign(byte[] body, string secret) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>Delivers one payload, retrying; returns whether the receiver took it.</summary>
    public async Task<bool> DeliverAsync(ScreeningStore deliveries, string screeningId, string url, string payload, string diffIds, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var body = Encoding.UTF8.GetBytes(payload);
        var secret = settings.Secret();
        var attempt = 0;
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage?>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage?>
            {
                ShouldHandle = new PredicateBuilder<HttpResponseMessage?>().Handle<HttpRequestException>().Handle<TaskCanceledException>(_ => !cancellationToken.IsCancellationRequested)
                    .HandleResult(r => r is null || !r.IsSuccessStatusCode),
                MaxRetryAttempts = Math.Max(0, settings.WebhookAttempts - 1),
                Delay = TimeSpan.FromMilliseconds(settings.WebhookFirstRetryMilliseconds),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
            })
            .Build();
        try
        {
            using var final = await pipeline.ExecuteAsync(async token =>
            {
                attempt++;
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                request.Headers.Add("X-SupplyGraph-Delivery", $"{screeningId}/{diffIds}/{attempt}");
                if (secret is not null)
                {
                    request.Headers.Add(SignatureHeader, Sign(body, secret));
                }

                try
                {
                    var response = await clients.CreateClient("webhooks").SendAsync(request, token);
                    deliveries.AddDelivery(new WebhookDelivery(0, screeningId, url, attempt, DateTimeOffset.UtcNow, (int)response.StatusCode,
                        response.IsSuccessStatusCode ? null : response.ReasonPhrase, response.IsSuccessStatusCode, diffIds));
                    return response;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !token.IsCancellationRequested)
                {
                    deliveries.AddDelivery(new WebhookDelivery(0, screeningId, url, attempt, DateTimeOffset.UtcNow, 0, ex.Message, false, diffIds));
                    throw;
                }
            }, cancellationToken);
            return final is { IsSuccessStatusCode: true };
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            log.LogWarning("webhook {Url} for screening {Screening} gave up after {Attempts} attempts: {Message}", url, screeningId, attempt, ex.Message);
            return false;
        }
    }
}
