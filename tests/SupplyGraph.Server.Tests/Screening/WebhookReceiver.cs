using System.Net;
using System.Threading.Channels;

namespace SupplyGraph.Server.Tests.Screening;

/// <summary>A webhook receiver on loopback: answers the first <c>failFirst</c> requests with 500, then 200, and keeps what it was sent.</summary>
public sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Channel<(string Body, string? Signature, string? Delivery)> _received = Channel.CreateUnbounded<(string, string?, string?)>();
    private int _failuresLeft;

    public WebhookReceiver(int failFirst)
    {
        _failuresLeft = failFirst;
        // The port range this suite's helpers may use for receivers (5730-5739); the first free one.
        for (var port = 5730; ; port++)
        {
            try
            {
                Url = $"http://127.0.0.1:{port}/hook/";
                _listener.Prefixes.Clear();
                _listener.Prefixes.Add(Url);
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (port < 5739)
            {
                _listener.Prefixes.Clear();
            }
        }

        _ = Task.Run(ServeAsync);
    }

    public string Url { get; private set; } = "";

    public ChannelReader<(string Body, string? Signature, string? Delivery)> Received => _received.Reader;

    public int Requests { get; private set; }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            Requests++;
            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            if (Interlocked.Decrement(ref _failuresLeft) >= 0)
            {
                context.Response.StatusCode = 500;
            }
            else
            {
                context.Response.StatusCode = 200;
                _received.Writer.TryWrite((body, context.Request.Headers["X-SupplyGraph-Signature"], context.Request.Headers["X-SupplyGraph-Delivery"]));
            }

            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
    }
}
