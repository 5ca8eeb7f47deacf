using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SupplyGraph.Core.Tests.Support;

namespace SupplyGraph.Server.Tests.Attacks;

/// <summary>
/// The server as users run it: its own process (<c>dotnet SupplyGraph.Server.dll</c>) on a real port, a real SQLite
/// file, its memory read from <c>/proc</c>. Attacks need this, not the in-process test host: only a process shows
/// what the server's memory does, whether SIGTERM stops it and which addresses it really binds.
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly TaskCompletionSource<string> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Read(e.Data);
        _process.ErrorDataReceived += (_, e) => Read(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string BaseUrl { get; private set; } = "";

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>The start info for the server with a data folder and settings (<c>SupplyGraph__X</c> variables).</summary>
    public static ProcessStartInfo StartInfo(string dataDirectory, IReadOnlyDictionary<string, string> settings, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "SupplyGraph.Server.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Remove("SUPPLYGRAPH_API_KEYS");
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["SupplyGraph__DataDirectory"] = dataDirectory;
        info.Environment["SupplyGraph__SeedDirectory"] = RepoPaths.Seed;
        foreach (var (key, value) in settings)
        {
            info.Environment[key] = value;
        }

        return info;
    }

    /// <summary>Starts the server on a free loopback port and waits until it answers <c>/health</c>.</summary>
    public static async Task<ServerProcess> StartAsync(ProcessStartInfo info, TimeSpan? timeout = null)
    {
        if (!info.ArgumentList.Contains("--urls"))
        {
            info.ArgumentList.Add("--urls");
            info.ArgumentList.Add("http://127.0.0.1:0");
        }

        var server = new ServerProcess(Process.Start(info)!);
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(120));
        var exited = server._process.WaitForExitAsync(cts.Token);
        var first = await Task.WhenAny(server._listening.Task, exited);
        if (first != server._listening.Task)
        {
            throw new InvalidOperationException("the server did not start:\n" + server.Log);
        }

        server.BaseUrl = (await server._listening.Task).TrimEnd('/');
        using var http = server.Client(null);
        (await http.GetAsync(new Uri("/health", UriKind.Relative), cts.Token)).EnsureSuccessStatusCode();
        return server;
    }

    /// <summary>Runs the server until it exits by itself; returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(ProcessStartInfo info, TimeSpan timeout)
    {
        var server = new ServerProcess(Process.Start(info)!);
        await using (server)
        {
            using var cts = new CancellationTokenSource(timeout);
            await server._process.WaitForExitAsync(cts.Token);
            return (server._process.ExitCode, server.Log);
        }
    }

    public HttpClient Client(string? key, TimeSpan? timeout = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl == "" ? "http://127.0.0.1" : BaseUrl), Timeout = timeout ?? TimeSpan.FromSeconds(60) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        return client;
    }

    public async Task<JsonElement> HealthAsync()
    {
        using var http = Client(null);
        return await http.GetFromJsonAsync<JsonElement>("/health");
    }

    /// <summary>Forgets the peak resident size so far (Linux <c>clear_refs</c> 5), so that <see cref="PeakRssBytes"/> measures from now.</summary>
    public void ResetPeakRss() => File.WriteAllText($"/proc/{Pid}/clear_refs", "5");

    /// <summary>The largest resident set size since start or the last <see cref="ResetPeakRss"/> (VmHWM).</summary>
    public long PeakRssBytes() => StatusKilobytes("VmHWM") * 1024;

    public long RssBytes() => StatusKilobytes("VmRSS") * 1024;

    /// <summary>Sends SIGTERM, as a service manager or <c>docker stop</c> does.</summary>
    public void Terminate() => Process.Start("kill", ["-TERM", Pid.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();

    /// <summary>Sends SIGKILL: the process dies at once, as in a crash, with no chance to close its connections cleanly.</summary>
    public void Kill() => _process.Kill();

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
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

    private long StatusKilobytes(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"no {field} in /proc/{Pid}/status");
    }

    private void Read(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }

        if (ListeningLine().Match(line) is { Success: true } m)
        {
            _listening.TrySetResult(m.Groups[1].Value);
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();
}
