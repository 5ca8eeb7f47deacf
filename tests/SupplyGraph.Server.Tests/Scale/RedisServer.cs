using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace SupplyGraph.Server.Tests.Scale;

/// <summary>
/// A real <c>redis-server</c> (Debian's package, which scripts/test.sh installs) on a free loopback port, without
/// persistence; killed when disposed. Missing, the test fails: a backplane test that skips proves nothing.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    public const string Binary = "/usr/bin/redis-server";
    private readonly Process _process;

    private RedisServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The StackExchange.Redis connection string.</summary>
    public string Connection => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        Assert.True(File.Exists(Binary), $"{Binary} is missing: apt-get install redis-server (scripts/test.sh installs it)");
        var port = FreePort();
        var info = new ProcessStartInfo(Binary, ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var server = new RedisServer(Process.Start(info)!, port);
        _ = server._process.StandardOutput.ReadToEndAsync();
        _ = server._process.StandardError.ReadToEndAsync();
        for (var clock = Stopwatch.StartNew(); clock.Elapsed < TimeSpan.FromSeconds(20); await Task.Delay(50))
        {
            if ((await server.CliAsync("PING")).Trim() == "PONG")
            {
                return server;
            }
        }

        await server.DisposeAsync();
        throw new InvalidOperationException($"redis-server did not answer on port {port}");
    }

    /// <summary>Runs <c>redis-cli</c> against this server; returns what it printed.</summary>
    public async Task<string> CliAsync(params string[] command)
    {
        var info = new ProcessStartInfo("redis-cli", ["-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), .. command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var cli = Process.Start(info)!;
        var output = await cli.StandardOutput.ReadToEndAsync();
        await cli.WaitForExitAsync();
        return output;
    }

    /// <summary>A loopback port nothing listens on (now).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
