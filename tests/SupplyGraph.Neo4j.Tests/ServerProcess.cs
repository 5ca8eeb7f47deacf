using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SupplyGraph.Neo4j.Tests;

/// <summary>
/// A real server process in Neo4j mode (<c>dotnet SupplyGraph.Server.dll</c>) on a free loopback port, started and
/// waited for until <c>/health</c> answers; its output is kept for the failure messages, and it is killed on dispose.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private ServerProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Url { get; }

    /// <summary>Starts a server on <paramref name="settings"/>' Neo4j with these API keys and further settings, and waits until it is healthy.</summary>
    public static async Task<ServerProcess> StartAsync(Neo4jSettings settings, string keys, IReadOnlyDictionary<string, string>? environment = null)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "SupplyGraph.Server.dll"));
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        info.Environment["SupplyGraph__Neo4jUrl"] = settings.Url.ToString();
        info.Environment["SupplyGraph__Neo4jUser"] = settings.User;
        info.Environment["SUPPLYGRAPH_NEO4J_PASSWORD"] = settings.Password;
        info.Environment["SUPPLYGRAPH_API_KEYS"] = keys;
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var server = new ServerProcess(Process.Start(info)!, new Uri($"http://127.0.0.1:{port}"));
        try
        {
            await server.WaitHealthyAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>What the server printed so far.</summary>
    public string Log()
    {
        lock (_log)
        {
            return _log.ToString();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private async Task WaitHealthyAsync()
    {
        using var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(30) };
        // A server that seeds an empty Neo4j first takes longer than one that finds its graph there.
        for (var clock = Stopwatch.StartNew(); clock.Elapsed < TimeSpan.FromSeconds(180); await Task.Delay(300))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException("the server exited:\n" + Log());
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/health", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
        }

        throw new TimeoutException("the server did not answer /health:\n" + Log());
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}
