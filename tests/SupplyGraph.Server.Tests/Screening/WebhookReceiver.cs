using System.Net;
using System.Threading.Channels;

namespace SupplyGraph.Server.Tests.Screening;

/// <summary>A webhook receiver on loopback: answers the first <c>failFirst</c> requests with 500, then 200, and keeps what it was sent.</summary>
public sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener;
    private readonly Channel<(string Body, string? Signature, string? Delivery)> _received = Channel.CreateUnbounded<(string, string?, string?)>();
    private int _failuresLeft;

    public WebhookReceiver(int failFirst)
    {
        _failuresLeft = failFirst;
        // The port range this suite's helpers may use for receivers (5730-5739); the first free one.
        // A listener whose Start failed is disposed: a new one for each port tried (two receivers at once took 5730 and
        // the second failed on the disposed listener).
        for (var port = 5730; ; port++)
        {
            var listener = new HttpListener();
            try
            {
                Url = $"http://127.0.0.1:{port}/hook/";
                listener.Prefixes.Add(Url);
                listener.Start();
                _listener = listener;
                break;
            }
            catch (HttpListenerException) when (port < 5739)
            {
                listener.Close();
            }
        }

        _ = Task.Run(ServeAsync);
    }

    public string Url { get; private set; } = "";

    public ChannelReader<(string Body, string? Signature, string? Delivery)> Received => _received.Reader;

    public int Requests { get; private set; }

    /// <summary>From now on every request is answered 200.</summary>
    public void Heal() => Interlocked.Exchange(ref _failuresLeft, 0);

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
