using System.Net;
using System.Net.Sockets;

namespace SupplyGraph.Server.Tests;

/// <summary>
/// A loopback TCP relay in front of a server, whose open connections a test can cut at once, as a dropped network
/// does, while the server stays up: the client then reconnects to the same server.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Uri _target;
    private readonly List<TcpClient> _open = [];
    private readonly CancellationTokenSource _stop = new();

    public TcpProxy(string target)
    {
        _target = new Uri(target);
        _listener.Start();
        _ = Task.Run(AcceptAsync);
    }

    /// <summary>While true, new connections are closed at once: the server looks unreachable through the relay.</summary>
    public bool Down { get; set; }

    public string BaseUrl => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Closes every relayed connection (new ones are still accepted).</summary>
    public void CutAll()
    {
        lock (_open)
        {
            foreach (var c in _open)
            {
                try
                {
                    c.Client?.LingerState = new LingerOption(true, 0); // a reset, not a polite close
                }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
                {
                    // Already closed by its other end.
                }

                c.Dispose();
            }

            _open.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        CutAll();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            if (Down)
            {
                inbound.Dispose();
                continue;
            }

            var outbound = new TcpClient();
            await outbound.ConnectAsync(_target.Host, _target.Port);
            lock (_open)
            {
                _open.Add(inbound);
                _open.Add(outbound);
            }

            _ = PumpAsync(inbound, outbound);
            _ = PumpAsync(outbound, inbound);
        }
    }

    private static async Task PumpAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream());
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
