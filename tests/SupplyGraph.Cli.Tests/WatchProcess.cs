using System.Diagnostics;

namespace SupplyGraph.Cli.Tests;

/// <summary>A running <c>supplygraph watch</c>: started, waited for until it watches, then read to its end.</summary>
public sealed class WatchProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly Task<string> _error;
    private readonly Task _output;

    private WatchProcess(Process process)
    {
        _process = process;
        _error = process.StandardError.ReadToEndAsync();
        _output = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                lock (_lines)
                {
                    _lines.Add(line);
                }
            }
        });
    }

    /// <summary>Starts the CLI and waits for its first line (the full answer): from then on it follows the log.</summary>
    public static async Task<WatchProcess> StartAsync(string data, params string[] args)
    {
        var watch = new WatchProcess(Process.Start(CliRunner.StartInfo(data, args))!);
        for (var clock = Stopwatch.StartNew(); ; await Task.Delay(20))
        {
            lock (watch._lines)
            {
                if (watch._lines.Count > 0)
                {
                    return watch;
                }
            }

            if (watch._process.HasExited || clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new InvalidOperationException("the watch did not start: " + (watch._process.HasExited ? await watch._error : "no first line within 60 s"));
            }
        }
    }

    /// <summary>Waits for the watch to stop by itself (<c>--count</c>) and returns its exit code and lines.</summary>
    public async Task<(int ExitCode, List<string> Lines)> ExitAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the watch did not stop; it printed: {string.Join(" | ", _lines)}; stderr: {(_process.HasExited ? await _error : "")}");
        }

        await _output;
        return (_process.ExitCode, _lines);
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
